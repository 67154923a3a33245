"""A read-only document's sections and blocks as HTML with real semantics, walking the same tree
as the PDF's layout.Flow and the DOCX's BodyBuilder.

Sections are h2 (with their number, "5. Functions of supervision"), headings inside them h3 (never
a skipped level: a heading with no section heading above it is an h2); paragraphs p (a note as
inset text), lists ol/ul; a table has a caption (the heading it sits under), thead, th
scope="col", th scope="row" when its first column names the row, and sits in a focusable,
labelled region that scrolls on its own when a phone is too narrow for it; a diagram is a figure
whose SVG is an image named by its short title, with a caption that says "Figure: " and the title
and, once, the full text alternative; a briefing's panels are a grid of sections. A quoted
title of one of the document's own headings (the policy's "as outlined in “Elements of
supervision”") links to that heading.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from lxml import etree

from ...forms.tree import Diagram, FormSpec, Heading, Link, ListBlock, Panel, Paragraph, Section, Table
from ..diagram import cycle_drawing, drawing_for, svg_bytes

SVG_NS = "http://www.w3.org/2000/svg"
NARROW = (320.0, 400.0)  # a cycle drawn for a phone: taller than wide, so its words are not shrunk to nothing
QUOTED = re.compile(r"“([^”]{2,120})”")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "section"


class Body:
    """The sections of `spec` as HTML (`sections()`), with ids unique within the page."""

    def __init__(self, spec: FormSpec):
        self.spec = spec
        self.ids: set[str] = {"main-content"}
        self.figures = 0
        self.tables = 0
        self.targets: dict[str, str] = {}  # a heading's words (casefolded) -> its id
        self.heading_ids: dict[int, str] = {}  # id() of a Section / Heading / Panel -> its id
        for section in spec.sections:
            if section.heading:
                self._target(section, section.heading)
            for block in section.blocks:
                if isinstance(block, (Heading, Panel)):
                    self._target(block, block.text if isinstance(block, Heading) else block.heading)

    def _target(self, node, text: str) -> None:
        ident = self.unique(slug(text))
        self.heading_ids[id(node)] = ident
        self.targets.setdefault(text.casefold().strip(), ident)

    def unique(self, base: str) -> str:
        ident, n = base, 2
        while ident in self.ids:
            ident, n = f"{base}-{n}", n + 1
        self.ids.add(ident)
        return ident

    # --- text ------------------------------------------------------------------------------------
    def text(self, text: str) -> str:
        """Escaped text; a quoted title of one of the document's headings links to it."""
        out, last = [], 0
        for m in QUOTED.finditer(text):
            target = self.targets.get(m.group(1).casefold().strip())
            if target is None:
                continue
            out += [esc(text[last : m.start()]), f'<a href="#{target}">{esc(m.group(0))}</a>']
            last = m.end()
        return "".join(out) + esc(text[last:])

    def inline(self, block: Paragraph) -> str:
        parts = []
        for part in block.parts:
            if isinstance(part, Link):
                parts.append(f'<a href="{esc(part.url)}">{esc(part.text)}</a>')
            elif isinstance(part, str):
                parts.append(self.text(part))
        return "".join(parts)

    # --- the document ----------------------------------------------------------------------------
    def sections(self) -> str:
        return "\n".join(self.section(s) for s in self.spec.sections)

    def section(self, section: Section) -> str:
        if section.grid:
            return self.panels(section)
        if not section.heading:
            return self.blocks(section.blocks, level=2)
        ident = self.heading_ids[id(section)]
        return (
            f'<section aria-labelledby="{ident}">\n'
            f'<h2 class="govuk-heading-l" id="{ident}">{esc(section.title)}</h2>\n'
            f"{self.blocks(section.blocks, level=3, caption=section.heading)}\n</section>"
        )

    def blocks(self, blocks: Iterable, level: int, caption: str = "") -> str:
        """`level`: the level of a heading among the blocks; `caption`: the heading above them."""
        out = []
        for block in blocks:
            if isinstance(block, Heading):
                out.append(self.heading(block, level))
                caption = block.text
            else:
                out.append(self.block(block, level, caption))
        return "\n".join(x for x in out if x)

    def heading(self, block: Heading, level: int) -> str:
        ident = self.heading_ids.get(id(block)) or self.unique(slug(block.text))
        size = "govuk-heading-l" if level == 2 else "govuk-heading-m"
        return f'<h{level} class="{size}" id="{ident}">{esc(block.text)}</h{level}>'

    def block(self, block, level: int, caption: str) -> str:
        if isinstance(block, Paragraph):
            body = self.inline(block)
            if not body.strip():
                return ""
            if block.style == "note":
                return f'<div class="govuk-inset-text"><p class="govuk-body">{body}</p></div>'
            return f'<p class="govuk-body{" govuk-hint" if block.style == "help" else ""}">{body}</p>'
        if isinstance(block, ListBlock):
            tag, kind = ("ol", "number") if block.numbered else ("ul", "bullet")
            items = "".join(f"<li>{self.text(item)}</li>" for item in block.items)
            return f'<{tag} class="govuk-list govuk-list--{kind}">{items}</{tag}>'
        if isinstance(block, Table):
            return self.table(block, caption)
        if isinstance(block, Diagram):
            return self.figure(block)
        if isinstance(block, Panel):
            return self.panel(block, level)
        return ""

    # --- tables ----------------------------------------------------------------------------------
    def table(self, block: Table, caption: str) -> str:
        self.tables += 1
        ident = self.unique(f"table-{self.tables}")
        names_rows = row_headers(block)
        head = "".join(f'<th scope="col">{self.text(h)}</th>' for h in block.header)
        rows = []
        for row in block.rows:
            cells = list(row) + [""] * (len(block.header) - len(row))
            tds = [
                f'<th scope="row">{self.text(c)}</th>' if i == 0 and names_rows else f"<td>{self.text(c)}</td>"
                for i, c in enumerate(cells)
            ]
            rows.append(f"<tr>{''.join(tds)}</tr>")
        wide = " app-table--wide" if len(block.header) >= 3 else ""
        title = caption or (block.header[0] if block.header else "Table")
        # the caption names the table for a screen reader; on the page, the heading above says it
        hidden = " govuk-visually-hidden" if caption else ""
        return (
            f'<div class="app-table-region" role="region" aria-labelledby="{ident}" tabindex="0">\n'
            f'<table class="govuk-table{wide}">\n'
            f'<caption class="govuk-table__caption{hidden}" id="{ident}">{esc(title)}</caption>\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</div>"
        )

    # --- figures ---------------------------------------------------------------------------------
    def figure(self, d: Diagram) -> str:
        """The drawing (on a phone, a narrower drawing of it whose words stay legible), named by its
        short title; the caption says "Figure: " and the title, then the full text alternative."""
        self.figures += 1
        ident = self.unique(f"figure-{self.figures}")
        title = d.title or (d.labels[0] if d.labels else "Diagram")
        drawings = [("wide", drawing_for(d.kind, d.labels))]
        if d.kind == "cycle":
            drawings.append(("narrow", cycle_drawing(d.labels, *NARROW)))
        svgs = "\n".join(
            inline_svg(drawing, f"{ident}-{name}-title", title, prefix=f"{ident}-{name}", css=f"app-figure__{name}")
            for name, drawing in drawings
        )
        return (
            f'<figure class="app-figure">\n{svgs}\n<figcaption>'
            f'<span class="app-figure__title">Figure: {esc(title)}</span>'
            f'<span class="app-figure__alt">{esc(d.alt)}</span></figcaption>\n</figure>'
        )

    # --- panels ----------------------------------------------------------------------------------
    def panels(self, section: Section) -> str:
        level = 3 if section.heading else 2
        inner = "\n".join(self.block(b, level, "") for b in section.blocks)
        grid = f'<div class="app-panels app-panels--{max(1, min(section.grid, 3))}">\n{inner}\n</div>'
        if not section.heading:
            return grid
        ident = self.heading_ids[id(section)]
        return (
            f'<section aria-labelledby="{ident}">\n<h2 class="govuk-heading-l" id="{ident}">{esc(section.title)}</h2>'
            f"\n{grid}\n</section>"
        )

    def panel(self, panel: Panel, level: int) -> str:
        ident = self.heading_ids.get(id(panel)) or self.unique(slug(panel.heading))
        size = "govuk-heading-l" if level == 2 else "govuk-heading-m"
        number = f'<span class="app-panel__number">{esc(panel.number)}</span> ' if panel.number else ""
        body = self.blocks(panel.blocks, level=min(level + 1, 6), caption=panel.heading)
        return (
            f'<section class="app-panel" aria-labelledby="{ident}">\n'
            f'<h{level} class="{size}" id="{ident}">{number}<span>{esc(panel.heading)}</span></h{level}>\n'
            f"{body}\n</section>"
        )


def row_headers(block: Table) -> bool:
    """Whether the first column names each row ("Type of supervision", "Staff group", "Rating"): a
    table of rows (not of columns) with two or more columns whose first cells are short, filled
    and all different."""
    if block.by_column or len(block.header) < 2 or not block.rows:
        return False
    firsts = [r[0].strip() if r else "" for r in block.rows]
    return all(firsts) and len(set(firsts)) == len(firsts) and all(len(f) <= 60 for f in firsts)


def inline_svg(drawing, title_id: str, title: str, prefix: str, css: str = "") -> str:
    """A drawing as SVG for an HTML page: scalable (viewBox, no fixed size), an image named by its
    title (role="img", aria-labelledby its <title>), its own ids made unique with `prefix`."""
    root = etree.fromstring(svg_bytes(drawing), etree.XMLParser(resolve_entities=False))
    width, height = root.get("width", "440"), root.get("height", "300")
    for key in ("width", "height", "version"):
        root.attrib.pop(key, None)
    root.set("viewBox", root.get("viewBox") or f"0 0 {float(width):g} {float(height):g}")
    root.set("role", "img")
    root.set("aria-labelledby", title_id)
    root.set("focusable", "false")
    if css:
        root.set("class", css)
    for node in list(root):
        if isinstance(node.tag, str) and etree.QName(node).localname in ("title", "desc"):
            root.remove(node)
    title_el = etree.Element(f"{{{SVG_NS}}}title", id=title_id)
    title_el.text = title
    root.insert(0, title_el)
    renamed = {}
    for node in root.iter():
        if isinstance(node.tag, str) and node.get("id") and node is not title_el:
            renamed[node.get("id")] = f"{prefix}-{node.get('id')}"
            node.set("id", renamed[node.get("id")])
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        for key, value in node.attrib.items():
            for old, new in renamed.items():
                if f"url(#{old})" in value or value == f"#{old}":
                    value = value.replace(f"url(#{old})", f"url(#{new})").replace(f"#{old}", f"#{new}")
            node.set(key, value)
    return etree.tostring(root, encoding="unicode")


__all__ = ["Body", "inline_svg", "row_headers", "slug"]
