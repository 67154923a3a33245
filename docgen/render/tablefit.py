"""How a static table (a read-only document's table) is laid out, the same in every format.

Widths come from the content: each column at least as wide as its longest unbreakable word (the
header's in bold) at the size drawn, and a column of sentences at least LINE_CHARS letters wide;
the room left is shared by how much more each column would use. When the columns do not fit the
text width at the body size, the cells' text shrinks, half a point at a time, to FLOOR; when they
still do not fit, the table is drawn stacked: each column (a table `by_column`, as the functions
sheet: a function and its prompts) or each row a block of its own, a heading and its items as a
list, two blocks side by side when their words fit half the width, else one a row. A table
`by_column` is also stacked when, side by side, it would not fit a page and stacked it would.

Measured with DejaVu Sans, the font of docgen's PDF; Word's Arial (Liberation Sans in LibreOffice)
is narrower, so what fits here fits there too. Sizes and widths are in points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..forms.tree import Table
from .fonts import BOLD, SANS, register_fonts

FLOOR = 8.5  # the smallest text a table's cells are set in
STEP = 0.5
LEAD = 1.22  # a cell's line height, times its text size
BULLET = 14.0  # a stacked block's list: the indent of an item's text after its bullet
LINE_CHARS = 16  # a column of sentences is at least this many letters wide (a few words a line)
ALPHABET = "abcdefghijklmnopqrstuvwxyz"
PAD = 11.0  # a cell's padding planned for: Word's cell margins (2 x 108 twips) and a little
PAGE_BODY = 841.89 - 2 * 56.7  # A4 less 2 cm margins, both formats
ONE_PAGE = 0.75  # the share of a page's body a table may take and still count as fitting one page


@dataclass(frozen=True)
class Block:
    """A column (or row) of a stacked table: its heading and its items."""

    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """How to draw a table: `columns` (side by side, `widths` at `size`) or `stacked` (`blocks`,
    `per_row` of them side by side)."""

    kind: str  # "columns" | "stacked"
    size: float
    widths: tuple[float, ...] = ()
    blocks: tuple[Block, ...] = ()
    per_row: int = 1

    def groups(self) -> list[tuple[Block, ...]]:
        """The blocks a row at a time (the last row may hold fewer, spanning the width)."""
        return [self.blocks[i : i + self.per_row] for i in range(0, len(self.blocks), self.per_row)]


def words_width(text: str, font: str, size: float) -> float:
    """The width of the text's longest unbreakable word (lines break only at spaces)."""
    return max((stringWidth(w, font, size) for w in text.split()), default=0.0)


def _cells(table: Table, i: int) -> list[str]:
    return [row[i] for row in table.rows if i < len(row) and row[i]]


def least_widths(table: Table, size: float, pad: float) -> list[float]:
    """Each column's least width: its longest word (the header's bold) and the cell's padding."""
    register_fonts()
    out: list[float] = []
    for i, head in enumerate(table.header):
        cells = _cells(table, i)
        longest = max([words_width(head, BOLD, size)] + [words_width(c, SANS, size) for c in cells])
        widest = max([stringWidth(head, BOLD, size)] + [stringWidth(c, SANS, size) for c in cells])
        line = min(widest, stringWidth(ALPHABET, SANS, size) * LINE_CHARS / len(ALPHABET))  # a readable line
        out.append(math.ceil(max(longest, line) + pad + 1))
    return out


def most_widths(table: Table, size: float, pad: float) -> list[float]:
    """Each column's width with every cell on one line (the most it could use)."""
    out: list[float] = []
    for i, head in enumerate(table.header):
        widest = max([stringWidth(head, BOLD, size)] + [stringWidth(c, SANS, size) for c in _cells(table, i)])
        out.append(widest + pad + 1)
    return out


def share(least: list[float], most: list[float], width: float) -> list[float]:
    """`width` shared out as a browser sets a table: every column its least width, and the room
    left shared by how much more each would use (every column its most, when that all fits)."""
    spare = width - sum(least)
    more = [max(0.0, m - n) for m, n in zip(most, least, strict=True)]
    if sum(most) <= width:  # everything fits on one line: the room left shared by the widths
        return [m + (width - sum(most)) * m / sum(most) for m in most]
    return [n + spare * x / (sum(more) or 1.0) for n, x in zip(least, more, strict=True)]


def fit_columns(table: Table, width: float, size: float, pad: float) -> tuple[float, list[float]] | None:
    """The largest text size, from `size` down to FLOOR, at which every column's words fit, and the
    widths then; None when they do not fit even at FLOOR."""
    s = size
    while s >= FLOOR - 1e-6:
        least = least_widths(table, s, pad)
        if sum(least) <= width:
            return s, share(least, most_widths(table, s, pad), width)
        s -= STEP
    return None


def lines(text: str, font: str, size: float, width: float) -> int:
    return max(1, len(simpleSplit(text, font, size, width)))


def columns_height(table: Table, size: float, widths: list[float], pad: float) -> float:
    def row(texts, font) -> float:
        return max(lines(t, font, size, w - pad) for t, w in zip(texts, widths, strict=False)) * size * LEAD + 6

    return row(table.header, BOLD) + sum(row(r, SANS) for r in table.rows)


def blocks_of(table: Table) -> tuple[Block, ...]:
    """The table's blocks when stacked: a column each (its header, its cells), or a row each
    ("header: cell", its first cell the block's heading, the rest its items)."""
    if table.by_column:
        return tuple(Block(h, tuple(_cells(table, i))) for i, h in enumerate(table.header))
    first = table.header[0] if table.header else ""
    return tuple(
        Block(
            f"{first}: {r[0]}" if first and r and r[0] else (r[0] if r else ""),
            tuple(f"{h}: {c}" for h, c in zip(table.header[1:], r[1:], strict=False) if c),
        )
        for r in table.rows
    )


def block_height(block: Block, size: float, width: float, pad: float) -> tuple[float, float]:
    """A stacked block's heading row and list heights at `width`."""
    head = lines(block.heading, BOLD, size, width - pad) * size * LEAD + 6
    body = sum(lines(t, SANS, size, width - pad - BULLET) * size * LEAD + 2 for t in block.items) + 6
    return head, body


def stacked(table: Table, width: float, size: float, pad: float) -> Plan:
    """The blocks two a row when every word fits half the width at `size`, else one a row."""
    register_fonts()
    blocks = blocks_of(table)
    half = width / 2 - pad - BULLET
    two = len(blocks) > 1 and all(
        words_width(b.heading, BOLD, size) <= half and all(words_width(t, SANS, size) <= half for t in b.items)
        for b in blocks
    )
    s = size
    if not two and not all(words_width(t, SANS, size) <= width - pad - BULLET for b in blocks for t in b.items):
        s = FLOOR  # a word wider than the page at the body size: the least size (lines break at spaces only)
    return Plan("stacked", s, blocks=blocks, per_row=2 if two else 1)


def stacked_height(plan: Plan, width: float, pad: float) -> float:
    total = 0.0
    for group in plan.groups():
        w = width / len(group)
        sizes = [block_height(b, plan.size, w, pad) for b in group]
        total += max(h for h, _ in sizes) + max(b for _, b in sizes)
    return total


def plan(table: Table, width: float, size: float) -> Plan:
    """How to draw `table` in `width` at body `size`: the same plan in every format."""
    fit = fit_columns(table, width, size, PAD)
    if fit is None:
        return stacked(table, width, size, PAD)
    columns = Plan("columns", fit[0], widths=tuple(fit[1]))
    room = PAGE_BODY * ONE_PAGE
    if table.by_column and columns_height(table, fit[0], fit[1], PAD) > room:
        other = stacked(table, width, size, PAD)
        if stacked_height(other, width, PAD) <= room:
            return other
    return columns


__all__ = ["BULLET", "FLOOR", "LEAD", "PAD", "Block", "Plan", "plan", "block_height", "columns_height"]
