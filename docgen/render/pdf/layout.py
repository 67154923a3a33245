"""Document tree -> PDF pages with reportlab: a simple top-down flow over A4 pages.

Text is set in DejaVu Sans (shipped in fonts/, embedded and subset by reportlab), which covers
Welsh and the rest of Latin. Fields are AcroForm widgets created in reading order, named with
`pdf_name`, with the label as tooltip (/TU). Each page carries the agency in the header and
the title, the policy's version and "Page n of N" in the footer (footer.py).

Room to write: every answer box is at least its field type's `min_height` (forms/fields.py), a
repeat table's row at least ROW_LINES lines. Page flow: what must stay together is measured
before it is drawn (measure.py, `keep`): a heading with what follows, an introduction with its
list, table or box, a list with the box it prompts, a short table (<= SHORT_TABLE
rows) whole, the signature fields together. A repeat table's header row repeats on each page and
a row is never split. paging.py draws a form again, tighter or with an earlier page break, when
its last page would be nearly empty; `point` marks where such a break may go.
"""

from __future__ import annotations

from reportlab.lib.colors import Color, black
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from ...forms.fieldlist import pdf_name
from ...forms.fields import FIELD_TYPES
from ...forms.names import names_for
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
from ..fonts import BOLD, SANS, register_fonts
from ..wrap import has_links
from . import inline, links, panels, readonly, repeats, tables, ticks
from .footer import finish, furniture, header_room
from .measure import (
    FIELD_H,
    HELP_LEAD,
    HELP_SIZE,
    HINT,
    LABEL_LEAD,
    LABEL_SIZE,
    LABEL_W,
    LINE_H,
    MARGIN,
    PAGE_H,
    PAGE_W,
    ROW_GAP,
    TEXT_W,
    Measure,
    Point,
    leads_in,
    split_lines,
)
from .tags import Tagger
from .widgets import BORDER, BORDER_WIDTH, FILL, SELF_TAGGED, WIDGETS

ENDING = 4  # the items of a document's last list kept with each other and its source lines


class Flow(Measure):
    def __init__(
        self,
        canvas: Canvas,
        spec: FormSpec,
        rows: dict[str, int],
        *,
        squeeze: float = 1.0,
        breaks: frozenset[int] = frozenset(),
        grow: dict[str, float] | None = None,
    ):
        self.c, self.spec, self.rows = canvas, spec, rows
        self.tags = Tagger(canvas)  # the structure tree, as the document is drawn (tags.py)
        self.panel_level = 2
        self.grow, self.sized = grow or {}, set()  # pdf name -> the height its answer needs (see Measure._box)
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
        self.small = 11.0 if self.readonly else 10.0  # table and note text
        self.squeeze = 1.0 if self.readonly else squeeze  # the share of the usual gaps between blocks drawn
        self.breaks = breaks  # the points (numbers) where a page break is made (see lay_out)
        self.points: list[Point] = []
        self.ends: dict[int, float] = {}  # page -> the height where its content ended
        self.kept_to = 0  # the last point of a run kept together: no break there
        self.section_pages: list[tuple[str, int]] = []  # each section's heading and the page it ends on
        # the document's last block keeps its last lines with the source lines under it
        self.last = next((s.blocks[-1] for s in reversed(spec.sections) if s.blocks and not s.grid), None)
        self.tail = sum(self.text_height(t, size=max(9.5, self.small)) for t in spec.footer) if self.readonly else 0.0
        self._furniture()

    # --- pages ------------------------------------------------------------------------------
    def _furniture(self) -> None:
        with self.tags.pagination():  # the running header and footer are artifacts
            furniture(self.c, self.spec, self.page, page_w=PAGE_W, page_h=PAGE_H, margin=MARGIN)

    def new_page(self) -> None:
        self.ends[self.page] = self.y
        self.tags.end_page()
        self.c.showPage()
        self.page += 1
        self.y = self.top
        self._furniture()

    def need(self, height: float) -> None:
        """A new page unless `height` fits below (never a new page after an empty one)."""
        if self.y - height < self.bottom and self.y < self.top - 0.5:
            self.new_page()

    def point(self, breakable: bool = True) -> int:
        """A place between blocks; a page break is made here when lay_out asks for it."""
        number = len(self.points) + 1
        if number in self.breaks:
            self.need(self.top)
        self.points.append(Point(number, self.page, self.y, breakable and number > self.kept_to))
        return number

    # --- text ---------------------------------------------------------------------------------
    def text(
        self, text: str, *, font=SANS, size=11.0, indent=0.0, gap=4.0, color=black, width=None, tag: str | None = "P"
    ) -> None:
        """Wrapped text, a `tag` element (none: it belongs to the element open, an LBody say)."""
        if tag is not None:
            with self.tags.content(tag):
                self.text(text, font=font, size=size, indent=indent, gap=gap, color=color, width=width, tag=None)
            return
        width = (width or TEXT_W) - indent
        lines = split_lines(text, font, size, width)
        lead = self.lead(size)
        if len(lines) <= 6:  # a short paragraph or list item stays on one page
            self.need(lead * len(lines))
        for line in lines:
            self.need(lead)
            self.c.setFont(font, size)
            self.c.setFillColor(color)
            self.y -= lead
            self.c.drawString(MARGIN + indent, self.y + size * 0.25, line)
        self.c.setFillColor(black)
        self.y -= self.gap(gap)

    def heading(self, text: str, level: int, keep: float = 0.0) -> None:
        """A heading, moved to the next page with `keep` points of what follows it if they do not fit."""
        size = self.heading_size(level, self.readonly)
        self.need(size * 2 + keep if self.readonly else self.heading_height(text, level) + max(keep, size * 0.8))
        self.y -= self.gap(size * (0.4 if self.readonly else 0.5))
        tag = self.tags.heading(level)
        self.text(text, font=BOLD, size=size, color=Color(0.12, 0.22, 0.39), gap=size * 0.3, tag=tag)

    # --- fields -------------------------------------------------------------------------------
    def widget(self, f: FieldSpec, name: str, x: float, y: float, w: float, h: float) -> None:
        """The field's widget, drawn as its type's control says (see WIDGETS)."""
        tip = names_for(self.spec).by_pdf_name(name)  # its name in context (forms/names.py)
        common = dict(name=name, tooltip=tip, x=x, y=y, borderColor=BORDER, fillColor=FILL, borderWidth=BORDER_WIDTH)
        control = FIELD_TYPES[f.type].control_for(f)
        if control in SELF_TAGGED:  # a Form element for each of its widgets
            WIDGETS[control](self, f, w, h, common)
        else:
            with self.tags.content("Form"):
                WIDGETS[control](self, f, w, h, common)
                self.tags.annot(name)
        self.widgets.append((name, f, self.page))

    def field_row(self, f: FieldSpec, name: str | None = None, show_label: bool = True) -> None:
        """A label (and help) on the left, the field on the right; `name` for a repeat's row.
        Without its label (the heading above says it) the help sits above a box the full width."""
        box_h, room = self._box(f, show_label, name)
        if not show_label:
            if f.help:
                self.text(f.help, size=HELP_SIZE, color=HINT, gap=2)
            self.need(room + box_h + 2 + self.gap(ROW_GAP))
            self.widget(f, name or pdf_name(f.id), MARGIN, self.y - room - 2 - box_h, TEXT_W, box_h)
            self.y -= room + box_h + 2 + self.gap(ROW_GAP)
            return
        label_lines, help_lines = self._label_lines(f)
        height = self.row_height(f, name=name)
        self.need(height)
        top = self.y
        y = top - room - LABEL_SIZE - 1  # level with the box's top
        with self.tags.content("P"):  # the label (and help), then the field's Form element
            for line in label_lines:
                self.c.setFont(BOLD, LABEL_SIZE)
                self.c.drawString(MARGIN, y, line)
                y -= LABEL_LEAD
            self.c.setFillColor(HINT)
            y += LABEL_LEAD - HELP_LEAD
            for line in help_lines:
                self.c.setFont(SANS, HELP_SIZE)
                self.c.drawString(MARGIN, y, line)
                y -= HELP_LEAD
            self.c.setFillColor(black)
        x = MARGIN + LABEL_W
        self.widget(f, name or pdf_name(f.id), x, top - room - 2 - box_h, TEXT_W - LABEL_W, box_h)
        self.y = top - height

    def repeat(self, r: RepeatSpec, caption: bool = True) -> None:
        repeats.repeat(self, r, caption)

    # --- the document -----------------------------------------------------------------------
    def document(self) -> None:
        spec = self.spec
        if spec.title_page:
            readonly.title_page(self)
        elif spec.masthead:
            readonly.masthead(self)
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
            number = self.point()
            if section.grid:  # boxed panels in columns on this page (panels.py)
                panels.grid(self, section, sum(self.text_height(t, size=max(9.5, self.small)) for t in spec.footer))
                continue
            if section.heading and self.readonly:
                first = list(section.blocks[:2]) + [None, None]
                keep = (
                    30 + self.opening(section.blocks, 1)
                    if isinstance(first[0], Heading)
                    else self.opening(section.blocks, 0)
                )
                self.heading(section.title, 2, keep=keep)
            elif section.heading:
                # the heading with what must follow it; a section of signatures whole
                signing = "signature" in section.heading.casefold()
                keep, last = (
                    (sum(self.height(b) for b in section.blocks), len(section.blocks) - 1)
                    if signing
                    else self.keep(section.blocks, 0)
                )
                self.heading(section.heading, 2, keep=min(keep, (self.top - self.bottom) * 0.85))
                self.kept_to = number + 1 + last
            self.panel_level = 3 if section.heading else 2  # a panel's heading: one below the section's
            self.blocks(section.blocks, after_heading=bool(section.heading))
            self.section_pages.append((section.heading, self.page))
        for text in spec.footer:
            self.point()
            self.text(text, size=max(9.5, self.small), color=Color(0.25, 0.25, 0.25))
        self.ends[self.page] = self.y
        panels.one_page(self)  # a one-page genre that runs over says what to shorten
        self.tags.end_page()
        finish(self.c, self.page)

    def blocks(self, blocks, after_heading: bool = False) -> None:
        for i, block in enumerate(blocks):
            number = self.point(breakable=not after_heading)
            if not self.readonly and number > self.kept_to:  # what must stay together goes on one page
                height, last = self.keep(blocks, i)
                self.need(height)
                self.kept_to = number + last - i
            elif self.readonly and isinstance(block, Paragraph) and i + 1 < len(blocks) and leads_in(block):
                self.need(self.opening(blocks, i))  # a lead-in with its list
            if isinstance(block, Heading):
                self.heading(block.text, 3, keep=self.opening(blocks, i + 1))
            else:
                self.block(block)
            after_heading = isinstance(block, Heading)

    def block(self, block) -> None:
        if isinstance(block, GridBlock):  # a table of tick boxes (ticks.py)
            ticks.grid(self, block, MARGIN, TEXT_W)
        elif isinstance(block, FieldBlock):
            self.field_row(block.field, show_label=block.show_label)
        elif isinstance(block, Heading):
            self.heading(block.text, 3)
        elif isinstance(block, Paragraph):  # blanks in a sentence are boxes in its lines (inline.py)
            if block is self.last and self.tail:
                self.need(min(self.height(block), 80.0) + self.tail)  # its last lines with the sources
            style = dict(size=max(9.5, self.small), color=Color(0.25, 0.25, 0.25)) if block.style == "note" else {}
            if inline.has_blanks(block):  # a P holding its words and blanks' Form elements in reading order
                with self.tags.content("P"):
                    inline.paragraph(self, block, MARGIN, TEXT_W, **style)
            elif has_links(block):
                with self.tags.content("P"):
                    links.paragraph(self, block, MARGIN, TEXT_W)
            else:
                self.text("".join(p for p in block.parts if isinstance(p, str)), **style)
        elif isinstance(block, ListBlock):
            self.list_block(block)
        elif isinstance(block, Table):  # side by side or stacked, as tablefit plans it (tables.py)
            tables.static_table(self, block)
        elif isinstance(block, RepeatBlock):
            self.repeat(block.repeat, block.show_caption)
        elif isinstance(block, Panel):
            panels.panel(self, block)
        elif isinstance(block, Diagram):
            readonly.diagram(self, block)

    def list_block(self, block: ListBlock) -> None:
        """An L element: an LI per item, its marker the Lbl, its text the LBody."""
        with self.tags.element("L"):
            for i, item in enumerate(block.items, 1):
                marker = f"{i}." if block.numbered else "•"
                lead = 11 * (1.2 if self.readonly else 1.25)
                # the bullet goes with its item's text (a short item is not split); the document's last
                # ENDING items go with each other and the source lines under them, so a last page never
                # holds a lone short block
                ending = block is self.last and i == max(1, len(block.items) - ENDING + 1)
                rest = block.items[i - 1 :] if ending else block.items[i - 1 : i]
                lines = [min(6, len(simpleSplit(x, SANS, 11, TEXT_W - 28)) or 1) for x in rest]
                self.need(lead * sum(lines) + (self.tail if ending else 0))
                with self.tags.element("LI"):
                    with self.tags.content("Lbl"):
                        self.c.setFont(SANS, 11)
                        self.c.drawString(MARGIN + 8, self.y - lead + 11 * 0.25, marker)
                    with self.tags.content("LBody"):
                        self.text(item, indent=28, gap=1.5 if self.readonly else 2, tag=None)
            self.y -= 3 if self.readonly else self.gap(4)


__all__ = ["FIELD_H", "LINE_H", "MARGIN", "PAGE_H", "PAGE_W", "TEXT_W", "Flow", "WIDGETS", "register_fonts"]
