"""A read-only document's tables in the PDF (Table blocks), as render/tablefit.py plans them.

Side by side: the full text width, columns as wide as their words need, text shrunk to no less
than tablefit.FLOOR. A form's short table (up to SHORT_TABLE rows) is not split; a document's may
be, so that it stays with the paragraph that introduces it. The header row is never the last thing
on a page: it is drawn only with the first row under it, and again at the top of every page the
table runs onto; a row is never split.
Stacked: each block (a heading cell over its list) is kept whole. The table's last row keeps
with what little follows it to the end of the document (the balance sentence, the source line),
so a page never holds only those.
"""

from __future__ import annotations

from reportlab.lib.colors import black
from reportlab.lib.utils import simpleSplit

from ...forms.tree import Heading, Table
from .. import tablefit
from ..fonts import BOLD, SANS
from .measure import CELL_PAD as PAD
from .measure import MARGIN, SHADE, SHORT_TABLE, TEXT_W

TAIL = 0.25  # what follows a table to the end of the document, up to this share of a page, goes with its last row


def static_table(flow, block: Table) -> None:
    plan = flow.table_plan(block)
    tail = _tail(flow, block)
    if not flow.readonly and len(block.rows) <= SHORT_TABLE:  # a form's short table is not split
        flow.need(flow.table_height(block) - flow.gap(8))
    with flow.tags.element("Table"):
        if plan.kind == "stacked":
            _stacked(flow, plan, tail)
        else:
            _columns(flow, block, plan, tail)
    flow.y -= flow.gap(8)


def _columns(flow, block: Table, plan: tablefit.Plan, tail: float) -> None:
    widths, size = list(plan.widths), plan.size
    header = list(block.header)
    head_h = row_height(header, widths, size, BOLD)
    rows = [list(r) for r in block.rows]
    first = row_height(rows[0], widths, size, SANS) if rows else 0.0
    flow.need(head_h + first + (tail if len(rows) == 1 else 0.0))  # the header with the first row under it
    with flow.tags.element("THead"):
        _row(flow, header, widths, size, BOLD, shade=True)
    with flow.tags.element("TBody"):
        for i, cells in enumerate(rows):
            height = row_height(cells, widths, size, SANS)
            last = i == len(rows) - 1
            if flow.y - height - (tail if last else 0.0) < flow.bottom and flow.y < flow.top - head_h - 0.5:
                flow.new_page()  # the row goes on a new page, under the header again (an artifact)
                with flow.tags.artifact():
                    _row(flow, header, widths, size, BOLD, shade=True)
            _row(flow, cells, widths, size, SANS)


def _stacked(flow, plan: tablefit.Plan, tail: float) -> None:
    groups = plan.groups()
    for n, group in enumerate(groups):
        widths = [TEXT_W / len(group)] * len(group)
        heads = [b.heading for b in group]
        head_h = row_height(heads, widths, plan.size, BOLD)
        body_h = max(tablefit.block_height(b, plan.size, w, PAD)[1] for b, w in zip(group, widths, strict=True))
        flow.need(head_h + body_h + (tail if n == len(groups) - 1 else 0.0))  # a block is never parted
        _row(flow, heads, widths, plan.size, BOLD, shade=True)  # a row of TH, a row of TD each holding an L
        top, x = flow.y, MARGIN
        with flow.tags.element("TR"):
            for b, w in zip(group, widths, strict=True):
                flow.c.rect(x, top - body_h, w, body_h, stroke=1, fill=0)
                with flow.tags.element("TD"), flow.tags.element("L"):
                    _items(flow, b.items, x, top - 3, w, plan.size)
                x += w
        flow.y = top - body_h


def _items(flow, items, x: float, y: float, w: float, size: float) -> None:
    """A stacked block's list, in its cell: an LI per item (the bullet its Lbl)."""
    lead = size * tablefit.LEAD
    for item in items:
        with flow.tags.element("LI"):
            with flow.tags.content("Lbl"):
                flow.c.setFont(SANS, size)
                flow.c.drawString(x + 5, y - lead + size * 0.22, "•")
            with flow.tags.content("LBody"):
                for line in simpleSplit(item, SANS, size, w - PAD - tablefit.BULLET):
                    y -= lead
                    flow.c.drawString(x + 4 + tablefit.BULLET, y + size * 0.22, line)
        y -= 2


def row_height(texts, widths: list[float], size: float, font: str) -> float:
    lines = [simpleSplit(t, font, size, w - PAD) for t, w in zip(texts, widths, strict=False)]
    return max((len(x) for x in lines), default=1) * size * tablefit.LEAD + 6


def _row(flow, texts, widths: list[float], size: float, font: str, shade: bool = False) -> None:
    """One row of bordered cells (a header row shaded and bold); a short row's cells drawn empty."""
    height = row_height(texts, widths, size, font)
    lead = size * tablefit.LEAD
    x = MARGIN
    texts = list(texts) + [""] * (len(widths) - len(texts))
    with flow.tags.element("TR"):
        for text, w in zip(texts, widths, strict=True):
            flow.c.setFillColor(SHADE if shade else black)
            flow.c.rect(x, flow.y - height, w, height, stroke=1, fill=1 if shade else 0)
            flow.c.setFillColor(black)
            y = flow.y - lead
            with flow.tags.content("TH" if shade else "TD", Scope="Column" if shade else None):
                for line in simpleSplit(text, font, size, w - PAD):
                    flow.c.setFont(font, size)
                    flow.c.drawString(x + 4, y + size * 0.22 - 1, line)
                    y -= lead
            x += w
    flow.y -= height


def _tail(flow, block: Table) -> float:
    """The height of what follows the table to the end of the document (the sections after it, the
    source lines), when it is short: that much must fit under the table's last row."""
    after: list = []
    found = False
    for section in flow.spec.sections:
        if found and section.heading:
            after.append(Heading(section.heading, 2))
        for b in section.blocks:
            if found:
                after.append(b)
            found = found or b is block
    if not found:
        return 0.0
    size = max(9.5, flow.small)
    height = sum(
        flow.heading_height(b.text, b.level) if isinstance(b, Heading) else flow.height(b) for b in after
    ) + sum(flow.text_height(t, size=size) for t in flow.spec.footer)
    return height if height <= TAIL * (flow.top - flow.bottom) else 0.0


__all__ = ["row_height", "static_table"]
