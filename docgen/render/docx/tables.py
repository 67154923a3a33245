"""A read-only document's tables in Word (Table blocks), as render/tablefit.py plans them.

Side by side: the full text width, fixed layout, the table's and every column's width set (the
columns as wide as their words need), the cells' text at the planned size. Stacked: a table of
two columns (or one) a row of blocks, each block its heading in a shaded header cell over a cell
holding its list. Page flow: the header row repeats on every page (w:tblHeader), no row
splits (w:cantSplit) and the header row's paragraphs keep with the next row (w:keepNext), so a
header row never ends a page; a stacked block's heading keeps with its list the same way.
"""

from __future__ import annotations

from lxml import etree

from ...formats.docx import oxml
from ...formats.docx.oxml import paragraph, run
from ...forms.tree import Table
from .. import tablefit

TWIPS = 20  # twentieths of a point
BODY_SIZE = 11.0  # Normal text (styles.xml)


def static_table(block: Table, text_w: int, shade: str, title: str = "") -> list[etree._Element]:
    """The table, or the tables of a stacked one (text_w: the text width in twentieths of a point).
    Its caption is `title` (the heading it sits under) or its column headings; its description
    says what its rows and columns hold."""
    plan = tablefit.plan(block, text_w / TWIPS, BODY_SIZE)
    if plan.kind == "stacked":
        return _stacked(plan, text_w, shade, title)
    widths = [int(w * TWIPS) for w in plan.widths]
    widths[-1] += text_w - sum(widths)
    rows = f"{len(block.rows)} row{'s' if len(block.rows) != 1 else ''}"
    about = f"{rows}, in columns: {', '.join(block.header)}."
    tbl = oxml.table(widths, caption=title or " | ".join(block.header), description=about)
    head = oxml.row([[_cell(h, plan.size, bold=True)] for h in block.header], widths, header=True, shade=shade)
    _keep(head)
    tbl.append(head)
    for cells in block.rows:
        tbl.append(oxml.row([[_cell(c, plan.size)] for c in cells], widths))
    return [tbl]


def _stacked(plan: tablefit.Plan, text_w: int, shade: str, title: str) -> list[etree._Element]:
    """A small table a row of blocks: their headings (its header row) over their lists."""
    out: list[etree._Element] = []
    for group in plan.groups():
        widths = [text_w // len(group)] * len(group)
        widths[-1] += text_w - sum(widths)
        about = "; ".join(f"{b.heading}: a list of {len(b.items)}" for b in group)
        tbl = oxml.table(widths, caption=title or " | ".join(b.heading for b in group), description=f"{about}.")
        head = oxml.row([[_cell(b.heading, plan.size, bold=True)] for b in group], widths, header=True, shade=shade)
        _keep(head)
        tbl.extend([head, oxml.row([[_item(t, plan.size) for t in b.items] for b in group], widths)])
        if out:
            out.append(paragraph(style="Spacer"))  # Word joins two tables with nothing between them
        out.append(tbl)
    return out


def _cell(text: str, size: float, bold: bool = False) -> etree._Element:
    return paragraph(run(text, bold=bold, size=_size(size)))


def _item(text: str, size: float) -> etree._Element:
    """A list item in a cell: a bullet, its text indented as tablefit.BULLET plans."""
    p = paragraph(run(text, size=_size(size)), style="ListBullet")
    return oxml.decorate(p, indent=int(tablefit.BULLET * TWIPS))


def _size(size: float) -> float | None:
    """The cells' text size, when not the body size (Normal's)."""
    return None if abs(size - BODY_SIZE) < 0.01 else size


def _keep(tr: etree._Element) -> None:
    """A row that never ends a page: its paragraphs keep with the next row."""
    for p in tr.iter(oxml.PARAGRAPH):
        oxml.keep_with_next(p)


__all__ = ["static_table"]
