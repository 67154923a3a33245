"""Page flow of a Word form, as a designer would set it: what must not be parted by a page break.

Read from the finished body (its paragraphs' styles and its tables), so every block kind gets the
same rules, whoever draws it:

- a heading keeps with what follows (its style says keepNext; `wml.paragraph` writes it too);
- an introduction (a paragraph directly before a list, a table or a repeat) keeps with it;
- a short list (up to SHORT_LIST items) keeps together, and its last item keeps with the box it
  introduces (a table or a repeat straight after it);
- a short table keeps together (every paragraph of every row but the last keeps with the next):
  a table with a header row (a repeat's, a static table) of up to SHORT_TABLE rows whose blank
  rows take at most half a page, or a run of up to SHORT_TABLE one- or two-line questions (the
  session's details, the signature block). Questions with several lines of writing may go on
  the next page one by one, each whole. Rows never split (cantSplit) and a repeat's header row
  repeats on every page (tblHeader): `wml.row` writes both.

- a document's closing lines (its source lines) keep with the block before them (`keep_with_end`);
- a static table's header row keeps with the row under it (render/docx/tables.py).

Longer lists and tables may break between items or rows (a page can hold only so much). Once
filled (`loosen`), a kept table whose answers no longer fit in half a page may break between rows
again: kept whole, it would leave the page before it empty.
"""

from __future__ import annotations

import math

from lxml import etree

from ...formats.docx import oxml

SHORT_LIST = 8  # items: a list up to this long is never parted
SHORT_TABLE = 8  # rows: a table up to this long (header row included) may be kept on one page
PAGE_BODY = 16838 - 2 * 1134  # twentieths of a point: A4 less its margins (document.py's PAGE_H, MARGIN)
SHORT_ROW = 2 * 20 * 20  # a question row of up to two writing lines (twentieths of a point)
ONE_LINE_ROW = 400  # a row that does not say its height: one line of text and the cell's margins
LISTS = frozenset({"ListBullet", "ListNumber"})
QUIET = frozenset({"Spacer"})  # paragraphs that only make room: never kept with anything
_P, _TBL, _TR = oxml.PARAGRAPH, oxml.TABLE, oxml.TABLE_ROW


def keep(body: etree._Element) -> None:
    """Set the keeps of every paragraph and table of `body` (a w:body, before its section properties)."""
    children = list(body)
    for i, node in enumerate(children):
        following = children[i + 1] if i + 1 < len(children) else None
        if node.tag != _P:  # a table, or a repeat drawn as blocks (a content control holding tables)
            for tbl in [node] if node.tag == _TBL else node.iter(_TBL):
                short_table(tbl)
                if node.tag != _TBL:  # an item of a repeat drawn as blocks: its first question opens it
                    first_row_with_next(tbl)
            continue
        style = oxml.style_of(node)
        if style in QUIET or not len(node):
            continue
        if style in LISTS:
            list_item(node, children, i)
        elif following is not None and (introduces(following) or lead_in(node)):
            oxml.keep_with_next(node)


def keep_with_end(body: etree._Element, count: int) -> None:
    """The last block before the closing `count` paragraphs (the source lines) keeps with them: a
    page never holds only the source line. A table keeps its last row with them."""
    children = list(body)
    if not count or len(children) <= count:
        return
    for node in reversed(children[: len(children) - count]):
        if node.tag == _P:
            oxml.keep_with_next(node)
            if oxml.style_of(node) in QUIET or not len(node):
                continue  # the gap after a table: the table's last row keeps with it too
            return
        rows = list(node.iter(_TR))
        for p in rows[-1].iter(_P) if rows else ():
            oxml.keep_with_next(p)
        return


def first_row_with_next(tbl: etree._Element) -> None:
    """The first row of a table keeps with the second (an item's first question, "Child/ren or
    family", never ends a page with the rest of its item on the next)."""
    rows = list(tbl.iter(_TR))
    if len(rows) > 1:
        for p in rows[0].iter(_P):
            oxml.keep_with_next(p)


def is_list(node) -> bool:
    return node.tag == _P and oxml.style_of(node) in LISTS


def lead_in(p: etree._Element) -> bool:
    """A paragraph ending in a colon introduces what follows it ("The four elements are:" before
    the first element's heading) and keeps with it."""
    return "".join(p.itertext()).rstrip().endswith(":")


def introduces(following: etree._Element) -> bool:
    """Is a paragraph before `following` an introduction to it (a list, a table, a repeat)?"""
    return following.tag != _P or oxml.style_of(following) in LISTS


def list_item(p: etree._Element, children: list, i: int) -> None:
    start, end = i, i
    while start > 0 and is_list(children[start - 1]):
        start -= 1
    while end + 1 < len(children) and is_list(children[end + 1]):
        end += 1
    if i < end:  # a short list keeps together; a long one at least its last two items
        if end - start + 1 <= SHORT_LIST or end - i == 1:
            oxml.keep_with_next(p)
    elif end + 1 < len(children) and children[end + 1].tag != _P:
        oxml.keep_with_next(p)  # the list introduces the box after it


def short_table(tbl: etree._Element) -> None:
    rows = list(tbl.iter(_TR))
    shown = sum(filled_height(tr) for tr in rows)  # least heights, or more for the text rows show (options)
    if any(oxml.is_header_row(tr) for tr in rows):
        short = shown <= PAGE_BODY // 2
    else:  # questions of one or two writing lines (a tick-box choice's options are not writing lines)
        short = all((oxml.row_height(tr) or ONE_LINE_ROW) <= SHORT_ROW for tr in rows) and shown <= PAGE_BODY // 2
    if len(rows) <= SHORT_TABLE and short:
        oxml.keep_rows_together(tbl)


# --- once filled ---------------------------------------------------------------------------------

CHAR_W = 5.5 * 20  # the average width of a character of 11 pt text (twentieths of a point)
LINE_H = 13 * 20  # a line of 11 pt text
CELL_MARGINS = 2 * 108, 200  # a cell's left and right margins; its top and bottom margins and spacing


def loosen(root: etree._Element) -> None:
    """A filled form: a table kept on one page whose answers now need more than half a page may
    break between its rows (its rows still never split; a repeat's header row still repeats)."""
    for tbl in root.iter(_TBL):
        rows = list(tbl.iter(_TR))
        if len(rows) < 2 or not any(oxml.keeps_with_next(p) for p in rows[0].iter(_P)):
            continue
        if sum(filled_height(tr) for tr in rows) > PAGE_BODY // 2:
            for tr in rows:
                if not oxml.is_header_row(tr):
                    for p in tr.iter(_P):
                        oxml.keep_with_next(p, keep=False)


def filled_height(tr: etree._Element) -> int:
    """An estimate of a row's height with its text: the tallest cell's lines of text, or its least height."""
    tallest = 0
    for width, text in oxml.cell_texts(tr):
        per_line = max(1, int((width - CELL_MARGINS[0]) / CHAR_W))
        lines = sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))
        tallest = max(tallest, lines * LINE_H + CELL_MARGINS[1])
    return max(tallest, oxml.row_height(tr) or ONE_LINE_ROW)
