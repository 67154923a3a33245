"""Document tree -> PDF pages with reportlab: a simple top-down flow over A4 pages.

Text is set in DejaVu Sans (shipped in fonts/, embedded and subset by reportlab), which covers
Welsh and the rest of Latin. Fields are AcroForm widgets created in reading order, named with
`pdf_name`, with the label as tooltip (/TU). Each page carries the agency in the header and
the title, the policy's version and "Page n of N" in the footer (footer.py).
"""

from __future__ import annotations

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from ...forms.fieldlist import pdf_name
from ...forms.fields import FIELD_TYPES, column_weights
from ...forms.tree import (
    Diagram,
    FieldBlock,
    FieldSpec,
    FormSpec,
    GridBlock,
    Heading,
    ListBlock,
    Panel,
    Paragraph,
    RepeatBlock,
    RepeatSpec,
    Table,
)
from ..diagram import drawing_for
from ..fonts import BOLD, SANS, register_fonts
from . import inline
from .footer import finish, furniture, header_room
from .widgets import BORDER, BORDER_WIDTH, FILL, WIDGETS, fit_choices

PAGE_W, PAGE_H = A4
MARGIN = 56.7  # 2 cm
TEXT_W = PAGE_W - 2 * MARGIN
LABEL_W = 190
FIELD_H, LINE_H = 16, 13
SHADE = Color(0.91, 0.93, 0.97)


class Flow:
    def __init__(self, canvas: Canvas, spec: FormSpec, rows: dict[str, int]):
        self.c, self.spec, self.rows = canvas, spec, rows
        self.page = 1
        self.readonly = next(spec.walk(), None) is None  # a document to read: body text 11 pt throughout
        self.top: float
        self.bottom: float
        self.top, self.bottom = (PAGE_H - 48, 46) if self.readonly else (PAGE_H - MARGIN, MARGIN)
        self.top -= header_room(spec)  # room for the logo header, when the policy gives a logo
        self.y = self.top
        self.widgets: list[tuple[str, FieldSpec, int]] = []  # (pdf name, field, page) in reading order
        self.signatures: list[tuple[str, str, int, tuple]] = []  # (name, label, page, rect) of /Sig fields
        self.in_cell = False  # drawing a repeat table's row: text boxes there wrap (see textfield)
        self.wrapped: set[str] = set()  # text boxes made multi-line because they sit in a table cell
        self.small = 11.0 if self.readonly else 9.0  # table and note text
        self._furniture()

    # --- pages ------------------------------------------------------------------------------
    def _furniture(self) -> None:
        furniture(self.c, self.spec, self.page, page_w=PAGE_W, page_h=PAGE_H, margin=MARGIN)

    def need(self, height: float) -> None:
        if self.y - height < self.bottom:
            self.c.showPage()
            self.page += 1
            self.y = self.top
            self._furniture()

    # --- text ---------------------------------------------------------------------------------
    def text(self, text: str, *, font=SANS, size=11.0, indent=0.0, gap=4.0, color=black, width=None) -> None:
        width = (width or TEXT_W) - indent
        lines: list[str] = []
        for part in text.split("\n"):
            lines.extend(simpleSplit(part, font, size, width) or [""])
        lead = size * (1.2 if self.readonly else 1.25)
        if len(lines) <= 6:  # a short paragraph or list item stays on one page
            self.need(lead * len(lines))
        for line in lines:
            self.need(lead)
            self.c.setFont(font, size)
            self.c.setFillColor(color)
            self.y -= lead
            self.c.drawString(MARGIN + indent, self.y + size * 0.25, line)
        self.c.setFillColor(black)
        self.y -= gap

    def heading(self, text: str, level: int, keep: float = 0.0) -> None:
        """A heading, moved to the next page with `keep` points of what follows it if they do not fit."""
        size = {1: 20, 2: 14 if self.readonly else 15, 3: 12.5}.get(level, 11.5)
        self.need(size * 2 + keep if self.readonly else size * 2.2 + max(keep, size * 0.8))
        self.y -= size * (0.4 if self.readonly else 0.5)
        self.text(text, font=BOLD, size=size, color=Color(0.12, 0.22, 0.39), gap=size * 0.3)

    # --- fields -------------------------------------------------------------------------------
    def widget(self, f: FieldSpec, name: str, x: float, y: float, w: float, h: float) -> None:
        """The field's widget, drawn as its type's control says (see WIDGETS)."""
        common = dict(
            name=name, tooltip=f.label, x=x, y=y, borderColor=BORDER, fillColor=FILL, borderWidth=BORDER_WIDTH
        )
        WIDGETS[FIELD_TYPES[f.type].control_for(f)](self, f, w, h, common)
        self.widgets.append((name, f, self.page))

    def field_row(self, f: FieldSpec, name: str | None = None, show_label: bool = True) -> None:
        """A label (and help) on the left, the field on the right; `name` for a repeat's row.
        Without its label (the heading above says it) the help sits above a box the full width."""
        box_h = max(FIELD_H, f.lines * 12 + 6) if FIELD_TYPES[f.type].multiline else FIELD_H
        if not show_label:
            if f.help:
                self.text(f.help, size=8, color=Color(0.35, 0.35, 0.35), gap=2)
            self.need(box_h + 8)
            self.widget(f, name or pdf_name(f.id), MARGIN, self.y - 2 - box_h, TEXT_W, box_h)
            self.y -= box_h + 8
            return
        label_lines = simpleSplit(f.label + (" *" if f.required else ""), BOLD, 9.5, LABEL_W - 6)
        help_lines = simpleSplit(f.help, SANS, 8, LABEL_W - 6) if f.help else []
        height = max(box_h, len(label_lines) * 12 + len(help_lines) * 10) + 8
        self.need(height)
        top = self.y
        y = top - 11
        for line in label_lines:
            self.c.setFont(BOLD, 9.5)
            self.c.drawString(MARGIN, y, line)
            y -= 12
        self.c.setFillColor(Color(0.35, 0.35, 0.35))
        for line in help_lines:
            self.c.setFont(SANS, 8)
            self.c.drawString(MARGIN, y, line)
            y -= 10
        self.c.setFillColor(black)
        self.widget(f, name or pdf_name(f.id), MARGIN + LABEL_W, top - 2 - box_h, TEXT_W - LABEL_W, box_h)
        self.y = top - height

    def repeat(self, r: RepeatSpec, caption: bool = True) -> None:
        if caption:
            self.heading(r.label, 3, keep=60)
        if r.help:
            self.text(r.help, size=8.5, color=Color(0.35, 0.35, 0.35))
        rows = self.rows.get(r.id, r.rows)
        if r.layout == "block":
            for i in range(rows):
                self.need(40)
                self.text(f"{r.label}: {i + 1}", font=BOLD, size=10)
                for f in r.fields:
                    self.field_row(f, pdf_name(f.id, i))
                self.y -= 6
            return
        widths = self.column_widths(r)
        self.table_header([f.label for f in r.fields], widths)
        for i in range(rows):
            box_h = 30 if any(FIELD_TYPES[f.type].multiline for f in r.fields) else FIELD_H + 2
            if self.y - box_h < MARGIN:
                self.need(box_h + 30)
                self.table_header([f.label for f in r.fields], widths)
            x = MARGIN
            self.in_cell = True
            for f, w in zip(r.fields, widths, strict=True):
                self.widget(f, pdf_name(f.id, i), x + 1, self.y - box_h, w - 2, box_h - 2)
                x += w
            self.in_cell = False
            self.y -= box_h
        self.y -= 8

    def table_header(self, labels: list[str], widths: list[float]) -> None:
        self.cell_row(labels, widths, font=BOLD, shade=True, keep_with=FIELD_H + 4 if not self.readonly else 40)

    def cell_row(self, texts, widths: list[float], *, font=SANS, shade=False, keep_with: float = 0) -> None:
        """One row of bordered cells with wrapped text (a header row is shaded and bold)."""
        size = self.small
        lead = size * 1.22
        # a static table's row may have fewer cells than the header
        lines = [simpleSplit(t, font, size, w - 8) for t, w in zip(texts, widths, strict=False)]
        height = max((len(x) for x in lines), default=1) * lead + 6
        self.need(height + keep_with)
        x = MARGIN
        for cell, w in zip(lines, widths, strict=False):
            if shade:
                self.c.setFillColor(SHADE)
            self.c.rect(x, self.y - height, w, height, stroke=1, fill=1 if shade else 0)
            self.c.setFillColor(black)
            y = self.y - lead
            for line in cell:
                self.c.setFont(font, size)
                self.c.drawString(x + 4, y, line)
                y -= lead
            x += w
        self.y -= height

    @staticmethod
    def column_widths(r: RepeatSpec) -> list[float]:
        weights = column_weights(r.fields)
        return fit_choices([TEXT_W * w / sum(weights) for w in weights], r.fields, TEXT_W)

    def static_table(self, block: Table) -> None:
        weights = block.column_weights()
        widths = [TEXT_W * w / sum(weights) for w in weights]
        self.table_header(list(block.header), widths)
        for cells in block.rows:
            height = (
                max(len(simpleSplit(t, SANS, self.small, w - 8)) for t, w in zip(cells, widths, strict=False))
                * self.small
                * 1.22
            )
            if self.y - height - 6 < self.bottom:  # the row goes on a new page, under the header again
                self.need(height + 6)
                self.table_header(list(block.header), widths)
            self.cell_row(cells, widths)
        self.y -= 8

    # --- the document -----------------------------------------------------------------------
    def document(self) -> None:
        spec = self.spec
        if spec.title_page:
            self.title_page()
        else:
            self.heading(spec.title, 1)
            self.text(
                spec.agency + (f" · {spec.status}" if spec.status else ""),
                size=self.small + 1,
                color=Color(0.25, 0.25, 0.25),
            )
        for text in spec.intro:
            self.text(text)
        for section in spec.sections:
            if section.heading:
                first = list(section.blocks[:2]) + [None, None]
                keep = 30 + self.first_lines(first[1]) if isinstance(first[0], Heading) else self.first_lines(first[0])
                self.heading(section.heading, 2, keep=keep)
            self.blocks(section.blocks)
        for text in spec.footer:
            self.text(text, size=max(9.5, self.small), color=Color(0.25, 0.25, 0.25))
        finish(self.c, self.page)

    def blocks(self, blocks) -> None:
        for i, block in enumerate(blocks):
            if isinstance(block, Heading):
                self.heading(block.text, 3, keep=self.first_lines(blocks[i + 1] if i + 1 < len(blocks) else None))
            else:
                self.block(block)

    def first_lines(self, block) -> float:
        """The height of what must stay with a heading: a short paragraph whole (it is not split),
        else its first two lines; a list's first item; a table's header and a row."""
        lead = 11 * 1.2
        if isinstance(block, Paragraph):
            words = "".join(p if isinstance(p, str) else "" for p in block.parts)
            n = len(simpleSplit(words, SANS, 11, TEXT_W))
            return lead * (n if n <= 6 else 2) + 4
        if isinstance(block, ListBlock) and block.items:
            return lead * min(6, len(simpleSplit(block.items[0], SANS, 11, TEXT_W - 28))) + 4
        if isinstance(block, GridBlock):
            block = FieldBlock(block.fields[0])
        if isinstance(block, FieldBlock):  # its box (and its label's first lines) whole
            f = block.field
            box_h = max(FIELD_H, f.lines * 12 + 6) if FIELD_TYPES[f.type].multiline else FIELD_H
            return box_h + 12 + (0 if block.show_label or not f.help else 12)
        if isinstance(block, RepeatBlock):  # its caption, header and first row
            return (40 if block.show_caption else 0) + 60
        return 60 if isinstance(block, (Table, Diagram)) else 2 * lead

    def block(self, block) -> None:
        if isinstance(block, GridBlock):  # for now: its questions as field rows (the grid lands with tick boxes)
            for f in block.fields:
                self.field_row(f)
        elif isinstance(block, FieldBlock):
            self.field_row(block.field, show_label=block.show_label)
        elif isinstance(block, Heading):
            self.heading(block.text, 3)
        elif isinstance(block, Paragraph):  # blanks in a sentence are boxes in its lines (inline.py)
            style = dict(size=max(9.5, self.small), color=Color(0.25, 0.25, 0.25)) if block.style == "note" else {}
            if inline.has_blanks(block):
                inline.paragraph(self, block, MARGIN, TEXT_W, **style)
            else:
                self.text("".join(p for p in block.parts if isinstance(p, str)), **style)
        elif isinstance(block, ListBlock):
            for i, item in enumerate(block.items, 1):
                marker = f"{i}." if block.numbered else "•"
                lead = 11 * (1.2 if self.readonly else 1.25)
                # the bullet goes with its item's text (a short item is not split)
                self.need(lead * min(6, len(simpleSplit(item, SANS, 11, TEXT_W - 28)) or 1))
                self.c.setFont(SANS, 11)
                self.c.drawString(MARGIN + 8, self.y - lead + 11 * 0.25, marker)
                self.text(item, indent=28, gap=1.5 if self.readonly else 2)
            self.y -= 3 if self.readonly else 4
        elif isinstance(block, Table):
            self.static_table(block)
        elif isinstance(block, RepeatBlock):
            self.repeat(block.repeat, block.show_caption)
        elif isinstance(block, Panel):
            self.panel(block)
        elif isinstance(block, Diagram):
            self.diagram(block)

    # --- read-only documents ------------------------------------------------------------------
    def title_page(self) -> None:
        """Title, agency and status lines a third of the way down a page of their own."""
        spec = self.spec
        self.y = PAGE_H * 0.68
        self.heading(spec.title, 1)
        self.text(spec.agency, size=14, color=Color(0.25, 0.25, 0.25), gap=14)
        for line in spec.title_page:
            self.text(line, size=12, gap=6)
        self.c.showPage()
        self.page += 1
        self.y = self.top
        self._furniture()

    def panel(self, panel: Panel) -> None:
        """A numbered panel: a badge with the number, the heading, its blocks, a rule down the left."""
        self.need(90)
        top, page = self.y, self.page
        self.y -= 8
        badge = 15
        cy = self.y - badge
        self.c.setFillColor(Color(0.12, 0.22, 0.39))
        self.c.circle(MARGIN + badge, cy, badge, stroke=0, fill=1)
        self.c.setFillColor(Color(1, 1, 1))
        self.c.setFont(BOLD, 12)
        self.c.drawCentredString(MARGIN + badge, cy - 4.3, panel.number)
        self.c.setFillColor(black)
        self.y = cy + 9
        self.text(panel.heading, font=BOLD, size=15, indent=2 * badge + 10, color=Color(0.12, 0.22, 0.39), gap=10)
        self.y = min(self.y, cy - badge - 6)
        self.blocks(panel.blocks)
        if self.page == page:
            self.c.setStrokeColor(Color(0.56, 0.66, 0.86))
            self.c.setLineWidth(3)
            self.c.line(MARGIN - 10, top - 8, MARGIN - 10, self.y + 2)
            self.c.setStrokeColor(black)
            self.c.setLineWidth(1)
        self.y -= 10

    def diagram(self, d: Diagram) -> None:
        """The drawing as vectors (paths and real text), its text alternative as a caption under it."""
        from reportlab.graphics import renderPDF

        figure = drawing_for(d.kind, d.labels)
        scale = min(1.0, TEXT_W / figure.width)
        self.need(figure.height * scale + 40)
        self.y -= figure.height * scale + 6
        self.c.saveState()
        self.c.translate(MARGIN + (TEXT_W - figure.width * scale) / 2, self.y)
        self.c.scale(scale, scale)
        renderPDF.draw(figure, self.c, 0, 0)
        self.c.restoreState()
        self.y -= 8
        self.text(d.alt, size=11, color=Color(0.25, 0.25, 0.25))


__all__ = ["Flow", "WIDGETS", "register_fonts"]
