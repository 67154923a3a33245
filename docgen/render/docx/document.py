"""Document tree -> word/document.xml (the body), built with the oxml layer.

Layout: title (Heading 1), subtitle (agency, form id and version), intro; each section a
Heading 2, headings under it Heading 3 (levels never skip: `heading`); runs of fields as a
two-column layout table (label and help | control); repeats as a data table with a repeating
header row, a caption and a description, and one repeating-section item per row (or, for
`layout: block`, one bordered layout table per item); notes as paragraphs, lists numbered or
bulleted by Word (numbering.xml); a figure's alt text on the picture, a short caption under it.

Room to write: every answer row is at least its field's least height on paper
(FieldType.min_height, as w:trHeight "atLeast": the box grows with its text on screen). Page
flow (headings, introductions, lists and short tables kept with what follows) is `flow.keep`'s.
"""

from __future__ import annotations

from lxml import etree

from ...formats.docx import PROMPT_BLANK, PROMPT_BLANK_SHORT, drawing, oxml
from ...formats.docx.oxml import ControlIds, paragraph, run
from ...formats.docx.parts import FIRST_LIST
from ...forms.fields import FIELD_TYPES, column_weights
from ...forms.names import FieldNames, names_for
from ...forms.tree import (
    Diagram,
    FieldBlock,
    FieldSpec,
    FormSpec,
    GridBlock,
    Heading,
    Link,
    ListBlock,
    Mirror,
    Panel,
    Paragraph,
    RepeatBlock,
    RepeatSpec,
    Table,
)
from . import flow, panels, sameas, tables, ticks

PAGE_W, PAGE_H, MARGIN = 11906, 16838, 1134  # A4, 2 cm margins (twentieths of a point)
TEXT_W = PAGE_W - 2 * MARGIN
LABEL_W = 3500
SHADE = "E7EEF7"


# a field type's control -> the kind of content control drawn for it (a typed name is a text control)
CONTROL_KINDS = {
    "text": "text",
    "date": "date",
    "dropdown": "dropdown",
    "ticks": "ticks",  # its options with a checkbox each: ticks.py
    "checkbox": "checkbox",
    "signature": "text",
}


def min_height(f: FieldSpec, in_row: bool = False) -> int:
    """The least height of a field's answer row, in twentieths of a point."""
    return round(FIELD_TYPES[f.type].min_height(f, in_row) * 20)


def spacer() -> etree._Element:
    """The small gap after a table (and the paragraph Word needs between two tables)."""
    return paragraph(style="Spacer")


def make_control(
    f: FieldSpec, ids: ControlIds, names: FieldNames, row: int | None = None, placeholder: str = ""
) -> etree._Element:
    """The field's content control, titled with its name in context (forms/names.py; `row`: a repeat's row)."""
    ftype = FIELD_TYPES[f.type]
    kind = CONTROL_KINDS[ftype.control_for(f)]
    if kind == "ticks":
        return ticks.choice(f, ids, names, row)
    return oxml.control(
        kind=kind,
        tag=f.id,
        alias=names(f.id, row),
        placeholder=placeholder or ftype.prompt_for(f),
        ids=ids,
        options=[(o.key, o.label) for o in f.options],
        multiline=ftype.multiline,
    )


class BodyBuilder:
    def __init__(self, spec: FormSpec):
        self.spec = spec
        self.ids = ControlIds()
        self.names = names_for(spec)  # every control's title (w:alias): the field's name in context
        self.controls: dict[str, etree._Element] = {}  # top-level field id -> sdt
        self.repeats: dict[str, tuple[RepeatSpec, etree._Element, list[list]]] = {}
        self.media: list[tuple[str, str, bytes]] = []  # (relationship id, file name, bytes) of pictures
        self.mirrors = 0  # blanks said again in a sentence so far (each a bookmarked writing line)
        self.links: list[tuple[str, str]] = []  # (relationship id, address) of hyperlinks
        self.lists = 0  # numbered lists so far (each its own numbering instance, restarting at 1)
        self.level = 0  # the outline level of the last heading (1: the title)
        self.last_heading = ""  # its text: what a table under it holds

    def build(self) -> etree._Element:
        root, body = oxml.document_root()
        spec = self.spec
        if spec.title_page:
            self.title_page(body)
        elif spec.masthead:  # a handout's masthead: its genre, the subject, the issue
            first, *rest = spec.masthead
            body.append(self.heading(first, 1, "Heading1"))
            for i, line in enumerate(rest):
                body.append(paragraph(run(line, bold=i == 0, size=16 if i == 0 else None), style="Subtitle"))
        else:
            body.append(self.heading(spec.title, 1, "Heading1"))
            subtitle = f"{spec.agency}" + (f" · {spec.status}" if spec.status else "")
            body.append(paragraph(run(subtitle), style="Subtitle"))
        for text in spec.intro:
            body.append(paragraph(run(text)))
        for section in spec.sections:
            if section.grid:  # boxed panels in columns (panels.py)
                panels.grid(self, body, section, TEXT_W)
                continue
            if section.heading:
                body.append(self.heading(section.title, 2, "Heading2"))
            self.blocks(body, section.blocks)
        for text in spec.footer:
            body.append(paragraph(run(text), style="Note"))
        flow.keep(body)
        flow.keep_with_end(body, len(spec.footer))
        if spec.one_page and not any(s.grid for s in spec.sections):
            panels.tighten(body)
        if len(body) and oxml.style_of(body[-1]) == "Spacer":
            # the paragraph Word needs after a last table: a point high, so it never makes a page of its own
            body[-1] = paragraph(style="EndMark")
        body.append(self.section_properties())
        return root

    def title_page(self, body) -> None:
        """Title, agency and the status lines on a page of their own."""
        spec = self.spec
        body.append(oxml.decorate(self.heading(spec.title, 1, "Heading1"), before=2400))
        body.append(paragraph(run(spec.agency), style="Subtitle"))
        for line in spec.title_page:
            body.append(paragraph(run(line, size=12)))
        body.append(oxml.page_break())

    def heading(self, text: str, level: int, style: str, *runs) -> etree._Element:
        """A heading at outline level `level` (1 the title, 2 a section, 3 below), never more than one
        below the last heading's: a heading whose level would skip one (a repeat's caption straight
        under the title) keeps its style's look and says its level itself (w:outlineLvl)."""
        fitted = min(level, self.level + 1)
        p = paragraph(*(runs or [run(text)]), style=style, keep_next=True)
        if fitted != level:
            oxml.outline(p, fitted)
        self.level, self.last_heading = fitted, text
        return p

    def numbered_list(self, items) -> list[etree._Element]:
        """A numbered list: Word numbers its items (w:numPr, a numbering instance of its own that
        starts at 1), so a screen reader announces a list and its numbers."""
        self.lists += 1
        num_id = FIRST_LIST + self.lists - 1
        return [oxml.numbered(paragraph(run(item), style="ListNumber"), num_id) for item in items]

    def diagram(self, body, d: Diagram) -> None:
        from ..diagram import drawing_for, png_bytes, svg_bytes

        figure = drawing_for(d.kind, d.labels)
        n = len(self.media) // 2 + 1
        png = (f"rIdImg{n}", f"figure{n}.png", png_bytes(figure))
        svg = (f"rIdSvg{n}", f"figure{n}.svg", svg_bytes(figure))
        self.media += [png, svg]
        body.append(
            drawing.picture(
                png_rel=png[0],
                svg_rel=svg[0],
                width_pt=figure.width,
                height_pt=figure.height,
                alt=d.alt,
                title=d.title,
                shape_id=n,
            )
        )
        # the caption names the figure; its text alternative (d.alt) is the picture's alt text alone
        body.append(paragraph(run(f"Figure: {d.title}" if d.title else "Figure"), style="Note"))

    def blocks(self, body, blocks) -> None:
        pending: list[FieldSpec] = []
        for block in blocks:
            if isinstance(block, FieldBlock) and not block.show_label:  # the heading above says it
                if pending:
                    body.append(self.field_table(pending))
                    pending = []
                body.append(self.field_table([block.field], label=False))
                body.append(spacer())
                continue
            if isinstance(block, FieldBlock):
                pending.append(block.field)
                continue
            if pending:
                body.append(self.field_table(pending))
                body.append(spacer())
                pending = []
            if isinstance(block, Heading):
                body.append(self.heading(block.text, 3, "Heading3" if block.level <= 3 else "Subheading"))
            elif isinstance(block, Paragraph):
                body.append(self.paragraph(block))
            elif isinstance(block, ListBlock):
                if block.numbered:
                    body.extend(self.numbered_list(block.items))
                else:
                    body.extend(paragraph(run(item), style="ListBullet") for item in block.items)
            elif isinstance(block, Table):
                body.extend(self.static_table(block))
                body.append(spacer())
            elif isinstance(block, RepeatBlock):
                self.repeat(body, block.repeat, block.show_caption)
            elif isinstance(block, Panel):
                panels.linear(self, body, block)
            elif isinstance(block, Diagram):
                self.diagram(body, block)
            elif isinstance(block, GridBlock):
                body.append(ticks.grid(block, self.ids, TEXT_W, self.names, self.last_heading))
                body.append(paragraph())
        if pending:
            body.append(self.field_table(pending))
            body.append(spacer())

    def paragraph(self, block: Paragraph) -> etree._Element:
        style = {"note": "Note", "help": "FieldHelp"}.get(block.style)
        p = paragraph(style=style)
        for part in block.parts:
            if isinstance(part, FieldSpec):  # a blank in the sentence: a text box prompts with a writing line
                texty = FIELD_TYPES[part.type].control_for(part) == "text"
                blank = (PROMPT_BLANK_SHORT if part.type == "number" else PROMPT_BLANK) if texty else ""
                sdt = make_control(part, self.ids, self.names, placeholder=blank)
                self.controls[part.id] = sdt
                p.append(sdt)
            elif isinstance(part, Link):  # a Word hyperlink (panels.py)
                p.append(panels.hyperlink(self, part))
            elif isinstance(part, Mirror):  # the earlier answer again: a writing line (sameas.py)
                self.mirrors += 1
                p.extend(sameas.mirror_runs(part.field_id, self.mirrors))
            else:
                p.append(run(part))
        return p

    def label_cell(self, f: FieldSpec) -> list:
        label = paragraph(run(f.label + (" *" if f.required else ""), bold=True))
        cells = [label]
        if f.help:
            cells.append(paragraph(run(f.help), style="FieldHelp"))
        return cells

    def field_table(self, fields: list[FieldSpec], label: bool = True) -> etree._Element:
        """Label and help | control, a row each; without the label (`label=False`, the heading
        above says it; the control's alias still names it) one row, help above the control."""
        widths = [LABEL_W, TEXT_W - LABEL_W] if label else [TEXT_W]
        tbl = oxml.table(widths, layout=True)  # a layout table: a label beside its box, no header row
        for f in fields:
            sdt = make_control(f, self.ids, self.names)
            self.controls[f.id] = sdt
            if label:
                tbl.append(oxml.row([self.label_cell(f), [paragraph(sdt)]], widths, height=min_height(f)))
            else:  # the help sits above the box: the row is that much taller
                helps = [paragraph(run(f.help), style="FieldHelp")] if f.help else []
                tbl.append(oxml.row([[*helps, paragraph(sdt)]], widths, height=min_height(f) + 300 * len(helps)))
        return tbl

    def static_table(self, block: Table) -> list[etree._Element]:
        """Side by side or stacked, as tablefit plans it; its header row never ends a page (tables.py)."""
        return tables.static_table(block, TEXT_W, SHADE, self.last_heading)

    def repeat(self, body, r: RepeatSpec, caption: bool = True) -> None:
        if caption:
            body.append(self.heading(r.label, 3, "Subheading"))
        if r.help:
            body.append(paragraph(run(r.help), style="FieldHelp"))
        items = [self.repeat_item(r, row) for row in range(r.rows)]
        section = oxml.repeating_section(r.id, self.names.table(r.id), self.ids, items)
        if r.layout == "table":
            widths = self.column_widths(r)
            columns = ", ".join(f.label for f in r.fields)
            about = f"{r.label}: a row for each one ({r.rows} rows), in columns: {columns}."
            tbl = oxml.table(widths, caption=r.label, description=about)
            tbl.append(
                oxml.row([[paragraph(run(f.label, bold=True))] for f in r.fields], widths, header=True, shade=SHADE)
            )
            tbl.append(section)
            body.append(tbl)
        else:
            body.append(section)
        body.append(spacer())
        self.repeats[r.id] = (r, section, items)

    def repeat_item(self, r: RepeatSpec, row: int) -> list:
        if r.layout == "table":
            widths = self.column_widths(r)
            height = max(min_height(f, in_row=True) for f in r.fields)
            cells = [[paragraph(make_control(f, self.ids, self.names, row))] for f in r.fields]
            return [oxml.row(cells, widths, height=height)]
        widths = [LABEL_W, TEXT_W - LABEL_W]
        tbl = oxml.table(widths, layout=True)  # an item's questions, a label beside each box
        for f in r.fields:
            tbl.append(
                oxml.row(
                    [self.label_cell(f), [paragraph(make_control(f, self.ids, self.names, row))]],
                    widths,
                    height=min_height(f),
                )
            )
        return [tbl, spacer()]

    @staticmethod
    def column_widths(r: RepeatSpec) -> list[int]:
        weights = column_weights(r.fields)
        total = sum(weights)
        widths = [int(TEXT_W * w / total) for w in weights]
        widths[-1] += TEXT_W - sum(widths)
        return widths

    @staticmethod
    def section_properties() -> etree._Element:
        """A4 with 2 cm margins; the header and footer are the package's rId4 and rId5."""
        return oxml.section_properties(
            width=PAGE_W,
            height=PAGE_H,
            margin=MARGIN,
            header_rel="rId4",
            footer_rel="rId5",
            header_distance=567,
            footer_distance=567,
        )
