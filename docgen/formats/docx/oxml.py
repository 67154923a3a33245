"""The WordprocessingML layer: the only module that knows `w:` element names.

Builders for paragraphs, runs, tables and content controls (`w:sdt`), and the readers and
writers of a control's value, so rendering (docgen/render/docx) and parsing
(docgen/parse/docx.py) share one description of each control. Schema order matters to Word:
children of `w:sdtPr` go alias, tag, id, lock, placeholder, showingPlcHdr, then the type.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Sequence

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

def run(text: str, *, bold=False, italic=False, size: int | None = None, style: str | None = None,
        color: str | None = None, font: str | None = None) -> etree._Element:
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
        sub(rpr, "w:sz", {"w:val": size * 2})
    return rpr


def paragraph(*children, style: str | None = None, keep_next=False) -> etree._Element:
    p = el("w:p")
    if style or keep_next:
        ppr = sub(p, "w:pPr")
        if style:
            sub(ppr, "w:pStyle", {"w:val": style})
        if keep_next:
            sub(ppr, "w:keepNext")
    for child in children:
        p.append(child)
    return p


def field_code(instruction: str, shown: str) -> list[etree._Element]:
    """A simple field (PAGE, NUMPAGES) as runs."""
    return [el("w:r", None, el("w:fldChar", {"w:fldCharType": "begin"})),
            el("w:r", None, _instr(instruction)),
            el("w:r", None, el("w:fldChar", {"w:fldCharType": "separate"})),
            run(shown),
            el("w:r", None, el("w:fldChar", {"w:fldCharType": "end"}))]


def _instr(text: str):
    node = el("w:instrText", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
    node.text = f" {text} "
    return node


# --- tables -------------------------------------------------------------------------------------

def table(widths: list[int], *, caption: str = "", style: str = "DocgenTable") -> etree._Element:
    """An empty table with fixed column widths (twentieths of a point) and alt text."""
    tbl = el("w:tbl")
    tblpr = sub(tbl, "w:tblPr")
    sub(tblpr, "w:tblStyle", {"w:val": style})
    sub(tblpr, "w:tblW", {"w:w": sum(widths), "w:type": "dxa"})
    sub(tblpr, "w:tblLayout", {"w:type": "fixed"})
    sub(tblpr, "w:tblLook", {"w:val": "04A0", "w:firstRow": "1", "w:lastRow": "0", "w:firstColumn": "0",
                             "w:lastColumn": "0", "w:noHBand": "0", "w:noVBand": "1"})
    if caption:
        sub(tblpr, "w:tblCaption", {"w:val": caption[:250]})
    grid = sub(tbl, "w:tblGrid")
    for width in widths:
        sub(grid, "w:gridCol", {"w:w": width})
    return tbl


def row(cells: list[list[etree._Element]], widths: list[int], *, header=False, shade: str | None = None):
    tr = el("w:tr")
    trpr = sub(tr, "w:trPr")
    sub(trpr, "w:cantSplit")
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


# --- content controls ------------------------------------------------------------------------

class ControlIds:
    """Word wants a distinct integer w:id on every content control of a document."""

    def __init__(self, start: int = 1000):
        self._next = itertools.count(start)

    def __call__(self) -> int:
        return next(self._next)


def control(*, kind: str, tag: str, alias: str, placeholder: str, ids: ControlIds,
            options: Sequence[tuple[str, str]] = (), multiline=False) -> etree._Element:
    """An inline content control, empty (showing its placeholder), locked against deletion.

    kind: text | date | dropdown | checkbox."""
    sdt = el("w:sdt")
    pr = sub(sdt, "w:sdtPr")
    sub(pr, "w:alias", {"w:val": alias[:255]})
    sub(pr, "w:tag", {"w:val": tag})
    sub(pr, "w:id", {"w:val": ids()})
    sub(pr, "w:lock", {"w:val": "sdtLocked"})
    if kind != "checkbox":
        sub(pr, "w:showingPlcHdr")
    if kind == "text":
        sub(pr, "w:text", {"w:multiLine": "1"} if multiline else None)
    elif kind == "date":
        date = sub(pr, "w:date")
        sub(date, "w:dateFormat", {"w:val": "dd/MM/yyyy"})
        sub(date, "w:lid", {"w:val": "en-GB"})
        sub(date, "w:storeMappedDataAs", {"w:val": "dateTime"})
        sub(date, "w:calendar", {"w:val": "gregorian"})
    elif kind == "dropdown":
        lst = sub(pr, "w:dropDownList")
        for key, label in options:
            sub(lst, "w:listItem", {"w:displayText": label, "w:value": key})
    elif kind == "checkbox":
        box = sub(pr, "w14:checkbox")
        sub(box, "w14:checked", {"w14:val": "0"})
        sub(box, "w14:checkedState", {"w14:val": "2612", "w14:font": "MS Gothic"})
        sub(box, "w14:uncheckedState", {"w14:val": "2610", "w14:font": "MS Gothic"})
    content = sub(sdt, "w:sdtContent")
    if kind == "checkbox":
        content.append(run(UNCHECKED, font="MS Gothic"))
    else:
        content.append(run(placeholder, style="PlaceholderText"))
    return sdt


def repeating_section(tag: str, alias: str, ids: ControlIds, items: list[list[etree._Element]]) -> etree._Element:
    """w15:repeatingSection holding one w15:repeatingSectionItem per item (rows or blocks)."""
    sdt = el("w:sdt")
    pr = sub(sdt, "w:sdtPr")
    sub(pr, "w:alias", {"w:val": alias[:255]})
    sub(pr, "w:tag", {"w:val": tag})
    sub(pr, "w:id", {"w:val": ids()})
    sub(pr, "w15:repeatingSection")
    content = sub(sdt, "w:sdtContent")
    for parts in items:
        item = sub(content, "w:sdt")
        ipr = sub(item, "w:sdtPr")
        sub(ipr, "w:id", {"w:val": ids()})
        sub(ipr, "w15:repeatingSectionItem")
        icontent = sub(item, "w:sdtContent")
        for part in parts:
            icontent.append(part)
    return sdt


def set_value(sdt: etree._Element, value) -> None:
    """Put a value into a control, as Word would: text, a date, a dropdown choice or a tick."""
    pr = sdt.find(qn("w:sdtPr"))
    content = sdt.find(qn("w:sdtContent"))
    box = pr.find(qn("w14:checkbox"))
    if box is not None:
        box.find(qn("w14:checked")).set(qn("w14:val"), "1" if value else "0")
        _replace_content(content, run(CHECKED if value else UNCHECKED, font="MS Gothic"))
        return
    plc = pr.find(qn("w:showingPlcHdr"))
    if value in (None, ""):
        return
    if plc is not None:
        pr.remove(plc)
    date = pr.find(qn("w:date"))
    drop = pr.find(qn("w:dropDownList"))
    if date is not None:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        date.set(qn("w:fullDate"), f"{day.isoformat()}T00:00:00Z")
        text = day.strftime("%d/%m/%Y")
    elif drop is not None:
        labels = {i.get(qn("w:value")): i.get(qn("w:displayText")) for i in drop.findall(qn("w:listItem"))}
        text = labels.get(str(value), str(value))
    else:
        text = str(value)
    _replace_content(content, run(text))


def clear_value(sdt, prompt: str = "Enter text") -> None:
    """Empty a control again (a cloned repeat row starts blank): unticked, or showing a prompt."""
    pr = sdt.find(qn("w:sdtPr"))
    if pr.find(qn("w14:checkbox")) is not None:
        set_value(sdt, False)
        return
    kinds = (qn("w:text"), qn("w:date"), qn("w:dropDownList"))
    if pr.find(qn("w:showingPlcHdr")) is not None or not any(pr.find(k) is not None for k in kinds):
        return
    anchor = pr.find(qn("w:lock"))
    if anchor is None:
        anchor = pr.find(qn("w:id"))
    anchor.addnext(el("w:showingPlcHdr"))
    _replace_content(sdt.find(qn("w:sdtContent")), run(prompt, style="PlaceholderText"))


def _replace_content(content, new_run) -> None:
    for child in list(content):
        content.remove(child)
    content.append(new_run)


# --- reading controls back --------------------------------------------------------------------

_SDT, _SDT_PR, _SDT_CONTENT, _TAG = qn("w:sdt"), qn("w:sdtPr"), qn("w:sdtContent"), qn("w:tag")
_VAL, _W14_VAL = qn("w:val"), qn("w14:val")
_REPEAT, _REPEAT_ITEM = qn("w15:repeatingSection"), qn("w15:repeatingSectionItem")
_PLC, _DATE, _DROP, _COMBO, _BOX = (qn("w:showingPlcHdr"), qn("w:date"), qn("w:dropDownList"), qn("w:comboBox"),
                                    qn("w14:checkbox"))
_MARKERS = {_TAG, _REPEAT, _REPEAT_ITEM, _PLC, _DATE, _DROP, _COMBO, _BOX}


def first_child(node, tag: str):
    """`node.find(tag)` for a plain tag (the first child with it) without ElementPath's cost."""
    for child in node:
        if child.tag == tag:
            return child
    return None


def properties(sdt) -> dict:
    """The parts of w:sdtPr a reader needs, in one pass: {qualified tag: element}."""
    pr = sdt[0] if len(sdt) and sdt[0].tag == _SDT_PR else first_child(sdt, _SDT_PR)
    if pr is None:
        return {}
    return {child.tag: child for child in pr if child.tag in _MARKERS}


def controls(root) -> list[tuple]:
    """Every content control under `root` (any depth, document order) with its `properties`, from
    one walk of the tree: a w:sdtPr that comes first in its control (as Word and LibreOffice write
    it) is read from the same walk; a control laid out otherwise is read by `properties`."""
    found: list[tuple] = []
    pr = props = None
    for node in root.iter(_SDT, *_MARKERS):
        if node.tag == _SDT:
            first = node[0] if len(node) else None
            if first is not None and first.tag == _SDT_PR:
                pr, props = first, {}
            else:
                pr, props = None, properties(node)
            found.append((node, props))
        elif pr is not None and node.getparent() is pr:  # a marker of this control's own w:sdtPr
            props[node.tag] = node
    return found


def control_tag(sdt, props: dict | None = None) -> str | None:
    tag = (props if props is not None else properties(sdt)).get(_TAG)
    return tag.get(_VAL) if tag is not None else None


def is_repeating_section(sdt, props: dict | None = None) -> bool:
    return _REPEAT in (props if props is not None else properties(sdt))


def is_repeating_item(sdt, props: dict | None = None) -> bool:
    return _REPEAT_ITEM in (props if props is not None else properties(sdt))


_W_T, _W_BR, _W_CR, _W_TAB, _W_P, _W_NBH = (qn("w:t"), qn("w:br"), qn("w:cr"), qn("w:tab"), qn("w:p"),
                                           qn("w:noBreakHyphen"))
_W_MOVE_FROM, _W_TABS, _W_R, _W_RPR = qn("w:moveFrom"), qn("w:tabs"), qn("w:r"), qn("w:rPr")
_TEXT_TAGS = frozenset({_W_T, _W_BR, _W_CR, _W_TAB, _W_P, _W_NBH})
_W14_CHECKED, _FULL_DATE, _DISPLAY_TEXT, _ITEM_VALUE = (qn("w14:checked"), qn("w:fullDate"), qn("w:displayText"),
                                                       qn("w:value"))


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


def read_value(sdt, props: dict | None = None):
    """The raw value of one control: None when it still shows its placeholder; True/False for
    a checkbox; a date as ISO text; a dropdown as its key (value); otherwise the text."""
    props = props if props is not None else properties(sdt)
    content = sdt[1] if len(sdt) > 1 and sdt[0].tag == _SDT_PR else None  # as Word and LibreOffice write it
    if content is None or content.tag != _SDT_CONTENT:
        content = first_child(sdt, _SDT_CONTENT)
    box = props.get(_BOX)
    if box is not None:
        checked = first_child(box, _W14_CHECKED)
        if checked is not None:
            return checked.get(_W14_VAL) in ("1", "true", "on")
        return CHECKED in text_of(content) if content is not None else False
    if _PLC in props:
        return None
    text = text_of(content) if content is not None else ""
    date = props.get(_DATE)
    if date is not None:
        full = date.get(_FULL_DATE)
        if full and text.strip():
            return full[:10]
        return text or None
    drop = props.get(_DROP)
    if drop is None:
        drop = props.get(_COMBO)
    if drop is not None:
        shown = text.strip()
        for item in drop:
            if item.get(_DISPLAY_TEXT) == shown and item.get(_ITEM_VALUE):
                return item.get(_ITEM_VALUE)
    return text if text != "" else None
