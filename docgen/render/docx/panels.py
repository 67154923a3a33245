"""A briefing's numbered panels in Word: one after another (a shaded heading, its blocks, a rule
down the left), or, for a section with `grid` columns, boxed panels in columns on one page: a
borderless table of one row, a cell per column, each panel a bordered, tinted table in it, at the
size and in the columns render/panelfit.py finds for the PDF (Word's Arial is narrower than the
PDF's DejaVu Sans, so what fits there fits here). Links are Word hyperlinks."""

from __future__ import annotations

from lxml import etree

from ...formats.docx import oxml, spacing
from ...formats.docx.oxml import paragraph, run
from ...forms.tree import Heading, Link, ListBlock, Panel, Paragraph, Section
from ..panelfit import fit_panels

SHADE = "E7EEF7"
TINT = "F5F7FF"
EDGE = "8EA9DB"
LINK = "0563C1"
GAP = 160  # twips: the gutter between columns
# The room a column has (points): A4 less its 2 cm margins, the title and agency lines, the sources under the panels.
ROOM = (16838 - 2 * 1134) / 20 - 150


def linear(builder, body, panel: Panel) -> None:
    """A numbered briefing panel: a shaded heading, its blocks, a rule down the left edge."""
    head = builder.heading(panel.heading, 2, "Heading2", run(f"{panel.number}  ", color="1F3864"), run(panel.heading))
    body.append(oxml.decorate(head, shade=SHADE))
    start = len(body)
    builder.blocks(body, panel.blocks)
    for p in body[start:]:
        if oxml.is_unnumbered_paragraph(p):
            oxml.decorate(p, rule=EDGE)


def grid(builder, body, section: Section, text_w: int) -> None:
    panels = tuple(b for b in section.blocks if isinstance(b, Panel))
    fit = fit_panels(builder.spec, panels, section.grid, text_w / 20, ROOM)
    half = int(fit.size * 2) if fit.size < 11 else None  # half-points; the default 11 pt otherwise
    cols = section.grid
    col_w = (text_w - GAP * (cols - 1)) // cols
    widths = []
    for n in range(cols):
        widths += [col_w] if n == cols - 1 else [col_w, GAP]
    names = ", ".join(f"{p.number} {p.heading}" for p in panels)
    about = f"{len(panels)} panels in {cols} columns, read down each column: {names}."
    caption = section.title or f"{len(panels)} panels"
    outer = oxml.table(widths, caption=caption, description=about, style="TableNormal")
    cells: list[list] = []
    for n in range(cols):
        content: list = []
        for i in fit.columns[n] if n < len(fit.columns) else ():
            content += [boxed(builder, panels[i], col_w, half), _gap()]
        cells.append(content or [paragraph()])
        if n < cols - 1:
            cells.append([paragraph()])
    outer.append(oxml.row(cells, widths, header=True))  # its one row: the panels, side by side
    body.append(outer)
    body.append(paragraph(style="Spacer"))


def boxed(builder, panel: Panel, width: int, half: int | None) -> etree._Element:
    about = f"Panel {panel.number} of the briefing: {panel.heading}."
    tbl = oxml.table([width], caption=f"{panel.number} {panel.heading}", description=about)
    head = builder.heading(panel.heading, 2, "Heading2", run(f"{panel.number}  ", color="1F3864"), run(panel.heading))
    spacing.set_spacing(head, before=0, after=60)
    content: list = [head]
    for block in panel.blocks:
        content += _blocks(builder, block)
    for p in content[1:]:
        spacing.set_spacing(p, before=0, after=50)
        if half:
            spacing.set_size(p, half)
    tbl.append(oxml.row([content], [width], header=True, shade=TINT))  # the panel box: one row, a header
    return tbl


def _blocks(builder, block) -> list:
    if isinstance(block, Paragraph):
        return [builder.paragraph(block)]
    if isinstance(block, Heading):
        return [paragraph(run(block.text, bold=True))]
    if isinstance(block, ListBlock):
        if block.numbered:
            return builder.numbered_list(block.items)
        return [paragraph(run(item), style="ListBullet") for item in block.items]
    return []


def hyperlink(builder, link: Link) -> etree._Element:
    """A Word hyperlink (an external relationship of the document part) in link colour, underlined."""
    rid = f"rIdLink{len(builder.links) + 1}"
    builder.links.append((rid, link.url))
    return spacing.hyperlink(rid, link.text, LINK)


def tighten(body) -> None:
    """A one-page genre (the one-minute guide) set closer, as its printed original: less space
    around headings, paragraphs and list items (the text stays 11 pt)."""
    closer = {"Heading2": (150, 50), "Heading3": (100, 40), "ListBullet": (0, 20), "ListNumber": (0, 20)}
    for p in body.iter(oxml.PARAGRAPH):
        style = oxml.style_of(p)
        if style in closer:
            spacing.set_spacing(p, before=closer[style][0], after=closer[style][1])
        elif not style:
            spacing.set_spacing(p, before=0, after=70)


def _gap() -> etree._Element:
    p = paragraph(style="Spacer")
    return p


__all__ = ["boxed", "grid", "hyperlink", "linear", "tighten"]
