"""Page flow in WordprocessingML: the keeps of paragraphs and table rows (w:keepNext, w:keepLines,
a row's least height and header flag) and what a flow rule reads of a paragraph or a row (its
style, its least height, its cells' text). `wml.row` writes w:cantSplit, w:trHeight and w:tblHeader."""

from __future__ import annotations

from lxml import etree

from .wml import PARAGRAPH, TABLE_ROW, first_child, properties, qn, text_of

_W_P, _W_PPR, _W_PSTYLE, _W_VAL = PARAGRAPH, qn("w:pPr"), qn("w:pStyle"), qn("w:val")
_W_KEEP_NEXT, _W_KEEP_LINES = qn("w:keepNext"), qn("w:keepLines")
_W_TRPR, _W_TR_HEIGHT, _W_TBL_HEADER = qn("w:trPr"), qn("w:trHeight"), qn("w:tblHeader")
_W_TC, _W_TCPR, _W_TCW, _W_W = qn("w:tc"), qn("w:tcPr"), qn("w:tcW"), qn("w:w")


def keep_with_next(p: etree._Element, *, lines=False, keep=True) -> etree._Element:
    """Keep a paragraph on the same page as the next one (w:keepNext; with `lines`, also its own
    lines together, w:keepLines), in schema order: after w:pStyle, before everything else.
    `keep=False` takes w:keepNext away (a heading's style still keeps it)."""
    ppr = first_child(p, _W_PPR)
    if not keep:
        found = first_child(ppr, _W_KEEP_NEXT) if ppr is not None else None
        if found is not None:
            ppr.remove(found)
        return p
    ppr = properties(p, "w:pPr")
    at = 1 if len(ppr) and ppr[0].tag == _W_PSTYLE else 0
    for tag, wanted in ((_W_KEEP_LINES, lines), (_W_KEEP_NEXT, True)):  # inserted in reverse: keepNext first
        if wanted and first_child(ppr, tag) is None:
            ppr.insert(at, etree.Element(tag))
    return p


def keeps_with_next(p: etree._Element) -> bool:
    ppr = first_child(p, _W_PPR)
    return ppr is not None and first_child(ppr, _W_KEEP_NEXT) is not None


def style_of(p: etree._Element) -> str:
    """A paragraph's style id ("" for Normal)."""
    ppr = first_child(p, _W_PPR)
    pstyle = first_child(ppr, _W_PSTYLE) if ppr is not None else None
    return pstyle.get(_W_VAL, "") if pstyle is not None else ""


def row_height(tr: etree._Element) -> int | None:
    """A row's least height (w:trHeight, twentieths of a point), None when it does not say."""
    trpr = first_child(tr, _W_TRPR)
    height = first_child(trpr, _W_TR_HEIGHT) if trpr is not None else None
    return int(height.get(_W_VAL, 0)) if height is not None else None


def is_header_row(tr: etree._Element) -> bool:
    """Does the row repeat at the top of every page (w:tblHeader)?"""
    trpr = first_child(tr, _W_TRPR)
    return trpr is not None and first_child(trpr, _W_TBL_HEADER) is not None


def cell_texts(tr: etree._Element) -> list[tuple[int, str]]:
    """Each cell of a row (within content controls too) as (its width in twentieths of a point, its text)."""
    out = []
    for tc in tr.iter(_W_TC):
        tcpr = first_child(tc, _W_TCPR)
        width = first_child(tcpr, _W_TCW) if tcpr is not None else None
        out.append((int(width.get(_W_W, 0)) if width is not None else 0, text_of(tc)))
    return out


def keep_rows_together(tbl: etree._Element) -> etree._Element:
    """Keep a table on one page: every paragraph of every row but the last keeps with the next
    (a row is a unit already, w:cantSplit). Rows inside content controls (a repeat's items) count."""
    rows = list(tbl.iter(TABLE_ROW))
    for tr in rows[:-1]:
        for p in tr.iter(_W_P):
            keep_with_next(p)
    return tbl
