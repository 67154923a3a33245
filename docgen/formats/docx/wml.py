"""WordprocessingML elements: the namespaces, `qn`, and the builders and readers of runs,
paragraphs, tables and the section, for rendering (docgen/render/docx) and parsing
(docgen/parse/docx.py) alike. Content controls are in `controls`; `oxml` gathers both.

Children are written in the schema's order (Word refuses some documents otherwise): in w:pPr
pStyle, keepNext, keepLines, numPr, pBdr, shd, spacing, ind, jc; in w:rPr rStyle, rFonts, b, i,
color, sz; in w:trPr cantSplit, trHeight, tblHeader. Page-flow keeps are in `keeps`.
"""

from __future__ import annotations

import functools
import re

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NSMAP = {"w": W, "w14": W14, "w15": W15, "r": R, "mc": MC}

CHECKED, UNCHECKED = "\u2612", "\u2610"  # ☒ ☐
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@functools.cache
def qn(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{NSMAP[prefix]}}}{local}"


def _attr(key: str) -> str:
    return qn(key) if ":" in key and not key.startswith("{") else key


def root_element(tag: str) -> etree._Element:
    """A part's root element, declaring the usual prefixes (w:, r:, w14:, ...)."""
    return etree.Element(qn(tag), nsmap=NSMAP)


def el(tag: str, attrs: dict | None = None, *children) -> etree._Element:
    node = etree.Element(qn(tag))
    for key, value in (attrs or {}).items():
        node.set(_attr(key), str(value))
    for child in children:
        if child is not None:
            node.append(child)
    return node


def sub(parent, tag: str, attrs: dict | None = None) -> etree._Element:
    node = etree.SubElement(parent, qn(tag))
    for key, value in (attrs or {}).items():
        node.set(_attr(key), str(value))
    return node


def clean_text(text: str) -> tuple[str, list[str]]:
    """Make text safe for XML. Vertical tabs and form feeds (Excel line breaks) become new lines;
    other control characters are removed. Returns the text and what was changed, in words."""
    notes = []
    if "\x0b" in text or "\x0c" in text:
        text = text.replace("\x0b", "\n").replace("\x0c", "\n")
        notes.append("a line break pasted from a spreadsheet was turned into a new line")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _XML_ILLEGAL.search(text):
        text = _XML_ILLEGAL.sub("", text)
        notes.append("control characters that a document cannot hold were removed")
    return text, notes


# --- runs and paragraphs ----------------------------------------------------------------------


def run(
    text: str,
    *,
    bold=False,
    italic=False,
    size: float | None = None,
    style: str | None = None,
    color: str | None = None,
    font: str | None = None,
) -> etree._Element:
    """A run; new lines become w:br and tabs w:tab."""
    r = el("w:r")
    rpr = _rpr(bold=bold, italic=italic, size=size, style=style, color=color, font=font)
    if rpr is not None:
        r.append(rpr)
    for i, line in enumerate(text.split("\n")):
        if i:
            sub(r, "w:br")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                sub(r, "w:tab")
            if chunk:
                t = sub(r, "w:t")
                t.text = chunk
                if chunk != chunk.strip():
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def _rpr(*, bold=False, italic=False, size=None, style=None, color=None, font=None):
    if not (bold or italic or size or style or color or font):
        return None
    rpr = el("w:rPr")
    if style:
        sub(rpr, "w:rStyle", {"w:val": style})
    if font:
        sub(rpr, "w:rFonts", {"w:ascii": font, "w:hAnsi": font, "w:eastAsia": font, "w:cs": font})
    if bold:
        sub(rpr, "w:b")
    if italic:
        sub(rpr, "w:i")
    if color:
        sub(rpr, "w:color", {"w:val": color})
    if size:
        sub(rpr, "w:sz", {"w:val": round(size * 2)})  # half-points: 8.5 pt is 17
    return rpr


def paragraph(*children, style: str | None = None, keep_next=False, align: str | None = None) -> etree._Element:
    """A paragraph of runs (or controls, drawings); `align` is w:jc's value (left, center, ...)."""
    p = el("w:p")
    keep_next = keep_next or (style or "").startswith(("Heading", "Title"))  # a heading never ends a page
    if style or keep_next or align:
        ppr = sub(p, "w:pPr")
        if style:
            sub(ppr, "w:pStyle", {"w:val": style})
        if keep_next:
            sub(ppr, "w:keepNext")
        if align:
            sub(ppr, "w:jc", {"w:val": align})
    for child in children:
        p.append(child)
    return p


def page_break() -> etree._Element:
    """A paragraph that only breaks the page."""
    return el("w:p", None, el("w:r", None, el("w:br", {"w:type": "page"})))


def decorate(
    p: etree._Element,
    *,
    shade: str | None = None,
    rule: str | None = None,
    before: int | None = None,
    indent: int | None = None,
) -> etree._Element:
    """Paragraph shading, a left rule (a panel's edge), space before or a hanging indent (twentieths
    of a point: a list item's text in a table cell), in schema order."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)
    if rule:
        bdr = sub(ppr, "w:pBdr")
        sub(bdr, "w:left", {"w:val": "single", "w:sz": 24, "w:space": 8, "w:color": rule})
    if shade:
        sub(ppr, "w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": shade})
    if before is not None:
        sub(ppr, "w:spacing", {"w:before": before})
    if indent is not None:
        sub(ppr, "w:ind", {"w:left": indent, "w:hanging": indent})
    return p


def is_unnumbered_paragraph(node) -> bool:
    """Is this a paragraph (not a table, control or list item with w:numPr)?"""
    return node.tag == _W_P and node.find(f"{_W_PPR}/{_W_NUMPR}") is None


def field_code(instruction: str, shown: str) -> list[etree._Element]:
    """A simple field (PAGE, NUMPAGES) as runs."""
    return [
        el("w:r", None, el("w:fldChar", {"w:fldCharType": "begin"})),
        el("w:r", None, _instr(instruction)),
        el("w:r", None, el("w:fldChar", {"w:fldCharType": "separate"})),
        run(shown),
        el("w:r", None, el("w:fldChar", {"w:fldCharType": "end"})),
    ]


def _instr(text: str):
    node = el("w:instrText", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
    node.text = f" {text} "
    return node


# --- tables -------------------------------------------------------------------------------------


def table(
    widths: list[int], *, caption: str = "", description: str = "", style: str = "DocgenTable", layout: bool = False
) -> etree._Element:
    """An empty table with fixed column widths (twentieths of a point). A data table (its first
    row a header row) says what it holds in `caption` and `description` (Word's Alt Text pane);
    a layout table (`layout`: label | answer rows, boxes) has no header look and no caption, so
    Word's accessibility checker and screen readers do not read it as a data table."""
    tbl = el("w:tbl")
    tblpr = sub(tbl, "w:tblPr")
    sub(tblpr, "w:tblStyle", {"w:val": style})
    sub(tblpr, "w:tblW", {"w:w": sum(widths), "w:type": "dxa"})
    sub(tblpr, "w:tblLayout", {"w:type": "fixed"})
    sub(
        tblpr,
        "w:tblLook",
        {
            "w:val": "0600" if layout else "0420",
            "w:firstRow": "0" if layout else "1",
            "w:lastRow": "0",
            "w:firstColumn": "0",
            "w:lastColumn": "0",
            "w:noHBand": "1" if layout else "0",
            "w:noVBand": "1",
        },
    )
    if caption and not layout:
        sub(tblpr, "w:tblCaption", {"w:val": caption[:250]})
    if description and not layout:
        sub(tblpr, "w:tblDescription", {"w:val": description[:1000]})
    grid = sub(tbl, "w:tblGrid")
    for width in widths:
        sub(grid, "w:gridCol", {"w:w": width})
    return tbl


def row(
    cells: list[list[etree._Element]],
    widths: list[int],
    *,
    header=False,
    shade: str | None = None,
    height: int | None = None,
):
    """A table row that never splits across pages (w:cantSplit); `header` repeats it at the top of
    every page the table runs onto (w:tblHeader); `height` (twentieths of a point) is its least
    height (w:trHeight hRule="atLeast": the row grows with its text on screen, keeps its room on paper)."""
    tr = el("w:tr")
    trpr = sub(tr, "w:trPr")
    sub(trpr, "w:cantSplit")
    if height:
        sub(trpr, "w:trHeight", {"w:val": int(height), "w:hRule": "atLeast"})
    if header:
        sub(trpr, "w:tblHeader")
    for content, width in zip(cells, widths, strict=False):  # a static table's row may be short
        tc = sub(tr, "w:tc")
        tcpr = sub(tc, "w:tcPr")
        sub(tcpr, "w:tcW", {"w:w": width, "w:type": "dxa"})
        if shade:
            sub(tcpr, "w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": shade})
        for block in content or [paragraph()]:
            tc.append(block)
    return tr


# --- the document and its section -----------------------------------------------------------


def document_root() -> tuple[etree._Element, etree._Element]:
    """w:document (declaring the usual prefixes; w14/w15 ignorable by older readers) and its w:body."""
    root = root_element("w:document")
    root.set(qn("mc:Ignorable"), "w14 w15")
    return root, sub(root, "w:body")


def section_properties(
    *,
    width: int,
    height: int,
    margin: int,
    header_rel: str,
    footer_rel: str,
    header_distance: int,
    footer_distance: int,
) -> etree._Element:
    """w:sectPr: the default header and footer (by relationship id), page size and margins, all in
    twentieths of a point."""
    sect = el("w:sectPr")
    sub(sect, "w:headerReference", {"w:type": "default", "r:id": header_rel})
    sub(sect, "w:footerReference", {"w:type": "default", "r:id": footer_rel})
    sub(sect, "w:pgSz", {"w:w": width, "w:h": height})
    sub(
        sect,
        "w:pgMar",
        {
            "w:top": margin,
            "w:right": margin,
            "w:bottom": margin,
            "w:left": margin,
            "w:header": header_distance,
            "w:footer": footer_distance,
            "w:gutter": 0,
        },
    )
    return sect


# --- reading text back --------------------------------------------------------------------------

_W_T, _W_BR, _W_CR, _W_TAB, _W_P, _W_NBH = (
    qn("w:t"),
    qn("w:br"),
    qn("w:cr"),
    qn("w:tab"),
    qn("w:p"),
    qn("w:noBreakHyphen"),
)
_W_MOVE_FROM, _W_TABS, _W_R, _W_RPR = qn("w:moveFrom"), qn("w:tabs"), qn("w:r"), qn("w:rPr")
_W_PPR, _W_NUMPR = qn("w:pPr"), qn("w:numPr")
_TEXT_TAGS = frozenset({_W_T, _W_BR, _W_CR, _W_TAB, _W_P, _W_NBH})
TABLE, TABLE_ROW = qn("w:tbl"), qn("w:tr")  # what a reader regroups a repeat's controls by
PARAGRAPH = _W_P


def properties(node, name: str) -> etree._Element:
    """The properties element `name` ("w:pPr", "w:rPr") of a paragraph or run: its first child,
    made there when it has none."""
    props = first_child(node, qn(name))
    if props is None:
        props = el(name)
        node.insert(0, props)
    return props


def first_child(node, tag: str):
    """`node.find(tag)` for a plain tag (the first child with it) without ElementPath's cost."""
    for child in node:
        if child.tag == tag:
            return child
    return None


def text_of(node) -> str:
    """Visible text: w:t joined across runs, w:br/w:cr as new lines, w:tab as tabs; paragraphs
    joined by new lines. Deleted text (w:delText) and field instructions (w:instrText) are other
    elements, so they are never read; text moved away (w:moveFrom) is skipped."""
    if len(node) == 1:  # most answers are one run holding one w:t (after its w:rPr, if any): read it directly
        run = node[0]
        if run.tag == _W_R and 0 < len(run) < 3:
            t = run[-1]
            if t.tag == _W_T and (len(run) == 1 or run[0].tag == _W_RPR):
                return t.text or ""
    out: list[str] = []
    paragraphs = 0
    for child in node.iter():  # filtered here: lxml's multi-tag iter() costs more for small controls
        tag = child.tag
        if tag not in _TEXT_TAGS:
            continue
        if tag == _W_T:
            if not _moved_away(child):
                out.append(child.text or "")
        elif tag == _W_P:
            if paragraphs:
                out.append("\n")
            paragraphs += 1
        elif tag == _W_TAB:
            if child.getparent().tag != _W_TABS:  # a tab stop in paragraph properties is not text
                out.append("\t")
        elif tag == _W_NBH:
            out.append("-")
        else:
            out.append("\n")
    return "".join(out)


def _moved_away(t) -> bool:
    run = t.getparent()
    parent = run.getparent() if run is not None else None
    return parent is not None and parent.tag == _W_MOVE_FROM
