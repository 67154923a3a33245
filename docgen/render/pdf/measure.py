"""How tall each block of a PDF form is drawn, and what must stay together on one page.

Flow (layout.py) draws with these measures, so a keep (`Measure.keep`) asks for exactly the room
the blocks then take: a heading with what follows it, an introduction with its list, table or
box, a list with the box it prompts, the signature fields together, and then the last
of them whole when it is short (a box, a list, grid or table of up to SHORT_TABLE rows), else its
first lines. Room to write comes from the field types (`FieldType.min_height`), never from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit

from ...forms.fieldlist import pdf_name
from ...forms.fields import FIELD_TYPES, column_weights
from ...forms.tree import (
    Diagram,
    FieldBlock,
    FieldSpec,
    GridBlock,
    Heading,
    ListBlock,
    Paragraph,
    RepeatBlock,
    RepeatSpec,
    Table,
)
from .. import tablefit
from ..fonts import BOLD, SANS
from ..wrap import plain
from . import inline, ticks
from .widgets import fit_choices

PAGE_W, PAGE_H = A4
MARGIN = 56.7  # 2 cm
TEXT_W = PAGE_W - 2 * MARGIN
LABEL_W = 190
LABEL_SIZE, LABEL_LEAD = 10.0, 12.5  # a field's label (bold) and its lines
HELP_SIZE, HELP_LEAD = 9.0, 11.0  # a hint under a label, or over a box
SIGNATURE_ROOM = 10.0  # above a signature box: its "Digital signature (optional)" line
ROW_GAP = 8.0  # between field rows (tightened with the other gaps, see lay_out)
SHORT_TABLE = 8  # a table of up to this many rows is not split across pages
SHADE = Color(0.91, 0.93, 0.97)
HINT = Color(0.35, 0.35, 0.35)
CELL_PAD = 8.0  # a static table's cell: its text 4 pt in from each border (tables.py)
FIELD_H, LINE_H = 16, 13  # the one-line box and text line of the layout before room to write (kept for callers)


@dataclass(frozen=True)
class Point:
    """A place between blocks where a page may break: its number, page, height and whether a
    break there keeps what must stay together (not after a heading, not inside a kept run)."""

    number: int
    page: int
    y: float
    breakable: bool


class Measure:
    """The heights Flow draws with. A Flow sets these attributes (see layout.Flow.__init__)."""

    readonly: bool  # a document to read (no fields): the flow rules of forms do not apply
    squeeze: float  # the share of the usual gaps between blocks drawn (lay_out tightens them)
    rows: dict[str, int]  # repeat id -> rows drawn, when more than the form's
    grow: dict[str, float]  # pdf name -> a taller answer box, for the answer it is drawn for (see _box)
    sized: set[str]  # the pdf names of the boxes _box sizes (not a blank inside a sentence)
    small: float  # table and note text size
    top: float
    bottom: float
    y: float

    def gap(self, points: float) -> float:
        """A gap between blocks, tightened when the form is drawn again to save a near-empty page."""
        return points * self.squeeze

    def lead(self, size: float) -> float:
        return size * (1.2 if self.readonly else 1.25)

    def text_height(self, text: str, *, font=SANS, size=11.0, indent=0.0, gap=4.0, **_) -> float:
        return len(split_lines(text, font, size, TEXT_W - indent)) * self.lead(size) + self.gap(gap)

    @staticmethod
    def heading_size(level: int, readonly: bool) -> float:
        return {1: 20, 2: 14 if readonly else 15, 3: 12.5}.get(level, 11.5)

    def heading_height(self, text: str, level: int) -> float:
        size = self.heading_size(level, self.readonly)
        return self.gap(size * (0.4 if self.readonly else 0.5)) + self.text_height(
            text, font=BOLD, size=size, gap=size * 0.3
        )

    def _box(self, f: FieldSpec, show_label: bool = True, name: str | None = None) -> tuple[float, float]:
        """The answer box's height (room to write; a tick-box choice's rows of options, ticks.py;
        or the room its answer needs: `grow`, by the box's pdf name) and the room above it (a
        signature's caption)."""
        ftype = FIELD_TYPES[f.type]
        control = ftype.control_for(f)
        self.sized.add(name or pdf_name(f.id))  # a box this measure sizes: `grow` can make it taller
        box = max(ftype.min_height(f), self.grow.get(name or pdf_name(f.id), 0.0))
        if control == "ticks":
            box = max(box, ticks.height(f, TEXT_W - (LABEL_W if show_label else 0)))
        return box, SIGNATURE_ROOM if control == "signature" else 0.0

    @staticmethod
    def _label_lines(f: FieldSpec) -> tuple[list[str], list[str]]:
        label = simpleSplit(f.label + (" *" if f.required else ""), BOLD, LABEL_SIZE, LABEL_W - 8)
        return label, simpleSplit(f.help, SANS, HELP_SIZE, LABEL_W - 8) if f.help else []

    def row_height(self, f: FieldSpec, show_label: bool = True, name: str | None = None) -> float:
        """The height a field's row takes (see field_row); `name`: a repeat item's field."""
        box_h, room = self._box(f, show_label, name)
        if not show_label:
            over = self.text_height(f.help, size=HELP_SIZE, gap=2) if f.help else 0.0
            return over + room + box_h + 2 + self.gap(ROW_GAP)
        label, hint = self._label_lines(f)
        return room + max(box_h + 2, len(label) * LABEL_LEAD + len(hint) * HELP_LEAD + 2) + self.gap(ROW_GAP)

    def row_box(self, r: RepeatSpec, row: int = 0) -> float:
        """The height of a repeat table's answer boxes in a row: room for ROW_LINES lines
        (FieldType.min_height), for a tick-box choice's options stacked or in a row in its cell
        (ticks.py), or what its tallest answer needs (`grow`)."""
        widths = self.column_widths(r)
        ticked = [
            float(ticks.cell_height(f, w - 2) + 2)
            for f, w in zip(r.fields, widths, strict=True)
            if FIELD_TYPES[f.type].control_for(f) == "ticks"
        ]
        grown = [self.grow.get(pdf_name(f.id, row), 0.0) for f in r.fields]
        self.sized.update(pdf_name(f.id, row) for f in r.fields)
        return max([FIELD_TYPES[f.type].min_height(f, True) for f in r.fields] + ticked + grown)

    def repeat_height(self, r: RepeatSpec, caption: bool = True, rows: int | None = None) -> float:
        """The height of a repeat's caption, help and first `rows` rows (all of them by default); of
        a repeat drawn as blocks, `rows=1` is its first item's title and first field (an item may
        run over a page)."""
        count = self.rows.get(r.id, r.rows) if rows is None else rows
        height = (self.heading_height(r.label, 3) if caption else 0.0) + (
            self.text_height(r.help, size=HELP_SIZE) if r.help else 0.0
        )
        if r.layout == "block":
            item = self.text_height(f"{r.label}: 1", font=BOLD, size=10)
            if rows == 1:
                return height + item + self.row_height(r.fields[0], name=pdf_name(r.fields[0].id, 0))
            return height + sum(
                item + sum(self.row_height(f, name=pdf_name(f.id, i)) for f in r.fields) + self.gap(6)
                for i in range(count)
            )
        widths = self.column_widths(r)
        boxes = sum(self.row_box(r, i) + 2 for i in range(count))
        return height + self.cell_height([f.label for f in r.fields], widths, BOLD) + boxes

    def cell_lines(self, texts, widths: list[float], font=SANS) -> list[list[str]]:
        # a static table's row may have fewer cells than the header
        return [simpleSplit(t, font, self.small, w - 8) for t, w in zip(texts, widths, strict=False)]

    def cell_height(self, texts, widths: list[float], font=SANS) -> float:
        return max((len(x) for x in self.cell_lines(texts, widths, font)), default=1) * self.small * 1.22 + 6

    @staticmethod
    def column_widths(r: RepeatSpec) -> list[float]:
        weights = column_weights(r.fields)
        return fit_choices([TEXT_W * w / sum(weights) for w in weights], r.fields, TEXT_W)

    def table_plan(self, block: Table) -> tablefit.Plan:
        """How a static table is drawn: side by side or stacked, its widths and text size (tablefit)."""
        return tablefit.plan(block, TEXT_W, self.small)

    def table_widths(self, block: Table) -> list[float]:
        plan = self.table_plan(block)
        return list(plan.widths) or [TEXT_W / len(block.header)] * len(block.header)

    def table_height(self, block: Table) -> float:
        """The height a static table is drawn (tables.py), as planned."""
        plan = self.table_plan(block)
        if plan.kind == "stacked":
            return tablefit.stacked_height(plan, TEXT_W, CELL_PAD) + self.gap(8)
        return tablefit.columns_height(block, plan.size, list(plan.widths), CELL_PAD) + self.gap(8)

    def opening(self, blocks, i: int) -> float:
        """The height that must fit with what comes before blocks[i]: its first lines, or a whole
        lead-in ("...include:") with the first lines of what it introduces."""
        if i >= len(blocks):
            return 0.0
        block = blocks[i]
        if self.readonly and isinstance(block, Paragraph) and i + 1 < len(blocks) and leads_in(block):
            return self.height(block) + self.first_lines(blocks[i + 1])
        return self.first_lines(block)

    def keep(self, blocks: Sequence, i: int) -> tuple[float, int]:
        """The height that must fit before blocks[i] is drawn, and the index of the last block kept
        with it: a heading with what follows, an introduction with its list, table or box, a list
        with the box it prompts, signature fields together; then the last block whole
        when it is short (a box, a short list or table), else its first lines."""
        if i >= len(blocks):
            return 0.0, i - 1
        total, j = 0.0, i
        while j + 1 < len(blocks) and _leads_to(blocks[j], blocks[j + 1]):
            total += self.height(blocks[j])
            j += 1
        last = blocks[j]
        total += self.height(last) if self.short(last) else self.first_lines(last)
        return min(total, (self.top - self.bottom) * 0.9), j

    def height(self, block) -> float:
        """The height a block takes when drawn (as `block` draws it)."""
        if isinstance(block, Heading):
            return self.heading_height(block.text, 3)
        if isinstance(block, Paragraph):
            style = dict(size=max(9.5, self.small)) if block.style == "note" else {}
            if inline.has_blanks(block):  # its blanks are boxes in its lines (inline.py)
                return inline.height(self, block, TEXT_W, **style)
            return self.text_height(plain(block), **style)
        if isinstance(block, ListBlock):
            lines = sum(len(split_lines(item, SANS, 11, TEXT_W - 28)) for item in block.items)
            return lines * self.lead(11) + len(block.items) * self.gap(2) + self.gap(4)
        if isinstance(block, GridBlock):
            return ticks.grid_height(block, TEXT_W)
        if isinstance(block, FieldBlock):
            return self.row_height(block.field, block.show_label)
        if isinstance(block, RepeatBlock):
            return self.repeat_height(block.repeat, block.show_caption) + self.gap(8)
        if isinstance(block, Table):
            return self.table_height(block)
        return 60.0

    def first_lines(self, block) -> float:
        """The height of what must stay with a heading: a short paragraph whole (it is not split),
        else its first two lines; a list's first item; a table's header and a row."""
        lead = 11 * 1.2
        if isinstance(block, Paragraph):
            words = plain(block)
            n = len(simpleSplit(words, SANS, 11, TEXT_W))
            return lead * (n if n <= 6 else 2) + 4
        if isinstance(block, ListBlock) and block.items:
            return lead * min(6, len(simpleSplit(block.items[0], SANS, 11, TEXT_W - 28))) + 4
        if isinstance(block, GridBlock):  # the whole grid (it is not split)
            return ticks.grid_height(block, TEXT_W)
        if isinstance(block, FieldBlock):  # its box (and its label's first lines) whole
            return self.row_height(block.field, block.show_label)
        if isinstance(block, RepeatBlock):  # its caption, header and first row
            if self.readonly:
                return (40 if block.show_caption else 0) + 60
            return self.repeat_height(block.repeat, block.show_caption, 1)
        if isinstance(block, Table) and block.rows and not self.readonly:
            widths = self.table_widths(block)
            return self.cell_height(block.header, widths, BOLD) + self.cell_height(block.rows[0], widths)
        return 60 if isinstance(block, (Table, Diagram)) else 2 * lead

    def short(self, block) -> bool:
        """Whether a block is kept whole on one page: a box, a heading, a short list, grid or table."""
        if isinstance(block, (FieldBlock, Heading)):
            return True
        if isinstance(block, RepeatBlock):
            r = block.repeat
            return r.layout != "block" and self.rows.get(r.id, r.rows) <= SHORT_TABLE
        size = {GridBlock: lambda b: len(b.fields), ListBlock: lambda b: len(b.items), Table: lambda b: len(b.rows)}
        return type(block) in size and size[type(block)](block) <= SHORT_TABLE

    def last_used(self) -> float:
        """The share of the last page's printable height used so far."""
        return (self.top - self.y) / (self.top - self.bottom)


def split_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Text broken into lines that fit `width`, its own line breaks kept."""
    lines: list[str] = []
    for part in text.split("\n"):
        lines.extend(simpleSplit(part, font, size, width) or [""])
    return lines


def _signing(f: FieldSpec) -> bool:
    return bool(f.role and f.role.startswith("signature")) or FIELD_TYPES[f.type].control_for(f) == "signature"


def leads_in(block: Paragraph) -> bool:
    """A paragraph ending in a colon introduces what follows it and stays on its page."""
    return "".join(p for p in block.parts if isinstance(p, str)).rstrip().endswith(":")


def _leads_to(block, following) -> bool:
    """Whether `block` stays on the page of the block after it."""
    if isinstance(block, Heading):
        return True
    if isinstance(block, Paragraph):  # an introduction, with its list, table or box
        inline = any(isinstance(p, FieldSpec) for p in block.parts)
        return not inline and isinstance(following, (ListBlock, Table, FieldBlock, RepeatBlock, GridBlock))
    if isinstance(block, ListBlock):  # the prompts of the box after them (as the DOCX keeps them too)
        return isinstance(following, FieldBlock)
    if isinstance(block, FieldBlock) and isinstance(following, FieldBlock):  # the signatures together
        return _signing(block.field) and _signing(following.field)
    return False


__all__ = ["Measure", "Point", "split_lines"]
