"""Content controls (`w:sdt`), in both directions: building them empty, putting a value in
(as Word would) or taking it out, and reading every control's tag, kind and value back.

A control's properties (`w:sdtPr`) are declared once, here: its children go alias, tag, id,
lock, showingPlcHdr, then the one element that says its kind (w:text, w:date, w:dropDownList,
w14:checkbox; w15:repeatingSection and w15:repeatingSectionItem for repeats). Legacy form fields
(FORMTEXT, FORMCHECKBOX, FORMDROPDOWN) that older editors leave are read here too.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from collections.abc import Callable, Iterator, Sequence

from lxml import etree

from .wml import el, first_child, qn, run, sub, text_of

CHECKED, UNCHECKED = "\u2612", "\u2610"  # ☒ ☐
_BOX_FONT = "MS Gothic"

# A control's names, declared once for its builder, its value writers and its readers.
# w:sdtPr's children go in this order (Word wants it), the kind's element last:
_ALIAS, _TAG_NAME, _ID_NAME, _LOCK, _PLC_NAME = "w:alias", "w:tag", "w:id", "w:lock", "w:showingPlcHdr"
KINDS = {"text": "w:text", "date": "w:date", "dropdown": "w:dropDownList", "checkbox": "w14:checkbox"}
_SECTION_NAME, _ITEM_NAME = "w15:repeatingSection", "w15:repeatingSectionItem"
GROUP_NAME = "w:group"  # a choice drawn as tick boxes holds one checkbox control per option: tickboxes.py

_SDT, _SDT_PR, _SDT_CONTENT, _TAG = qn("w:sdt"), qn("w:sdtPr"), qn("w:sdtContent"), qn(_TAG_NAME)
_VAL, _W14_VAL, _ID = qn("w:val"), qn("w14:val"), qn(_ID_NAME)
_RUN, _RPR = qn("w:r"), qn("w:rPr")
_REPEAT, _REPEAT_ITEM, _GROUP = qn(_SECTION_NAME), qn(_ITEM_NAME), qn(GROUP_NAME)
_PLC, _DATE, _DROP, _COMBO, _BOX = (
    qn(_PLC_NAME),
    qn(KINDS["date"]),
    qn(KINDS["dropdown"]),
    qn("w:comboBox"),
    qn(KINDS["checkbox"]),
)
_WITH_PROMPT = tuple(qn(name) for kind, name in KINDS.items() if kind != "checkbox")  # kinds that show a prompt
_MARKERS = {_TAG, _REPEAT, _REPEAT_ITEM, _GROUP, _PLC, _DATE, _DROP, _COMBO, _BOX}  # what readers look for in w:sdtPr
_W14_CHECKED, _FULL_DATE, _DISPLAY_TEXT, _ITEM_VALUE = (
    qn("w14:checked"),
    qn("w:fullDate"),
    qn("w:displayText"),
    qn("w:value"),
)


class ControlIds:
    """Word wants a distinct integer w:id on every content control of a document."""

    def __init__(self, start: int = 1000):
        self._next = itertools.count(start)

    def __call__(self) -> int:
        return next(self._next)


# --- building controls ------------------------------------------------------------------------


def control(
    *,
    kind: str,
    tag: str,
    alias: str,
    placeholder: str,
    ids: ControlIds,
    options: Sequence[tuple[str, str]] = (),
    multiline=False,
    size: int | None = None,
) -> etree._Element:
    """An inline content control, empty (showing its placeholder), locked against deletion.

    kind: text | date | dropdown | checkbox (the keys of KINDS); `size`: a checkbox's box in points
    (ticking it keeps the size)."""
    sdt = el("w:sdt")
    pr = sub(sdt, "w:sdtPr")
    sub(pr, _ALIAS, {"w:val": alias[:255]})
    sub(pr, _TAG_NAME, {"w:val": tag})
    sub(pr, _ID_NAME, {"w:val": ids()})
    sub(pr, _LOCK, {"w:val": "sdtLocked"})
    if kind != "checkbox":
        sub(pr, _PLC_NAME)
    what = sub(pr, KINDS[kind])
    if kind == "text" and multiline:
        what.set(qn("w:multiLine"), "1")
    elif kind == "date":
        sub(what, "w:dateFormat", {"w:val": "dd/MM/yyyy"})
        sub(what, "w:lid", {"w:val": "en-GB"})
        sub(what, "w:storeMappedDataAs", {"w:val": "dateTime"})
        sub(what, "w:calendar", {"w:val": "gregorian"})
    elif kind == "dropdown":
        for key, label in options:
            sub(what, "w:listItem", {"w:displayText": label, "w:value": key})
    elif kind == "checkbox":
        sub(what, "w14:checked", {"w14:val": "0"})
        sub(what, "w14:checkedState", {"w14:val": "2612", "w14:font": _BOX_FONT})
        sub(what, "w14:uncheckedState", {"w14:val": "2610", "w14:font": _BOX_FONT})
    content = sub(sdt, "w:sdtContent")
    if kind == "checkbox":
        content.append(run(UNCHECKED, font=_BOX_FONT, size=size))
    else:
        content.append(run(placeholder, style="PlaceholderText"))
    return sdt


def repeating_section(tag: str, alias: str, ids: ControlIds, items: list[list[etree._Element]]) -> etree._Element:
    """w15:repeatingSection holding one w15:repeatingSectionItem per item (rows or blocks)."""
    sdt = el("w:sdt")
    pr = sub(sdt, "w:sdtPr")
    sub(pr, _ALIAS, {"w:val": alias[:255]})
    sub(pr, _TAG_NAME, {"w:val": tag})
    sub(pr, _ID_NAME, {"w:val": ids()})
    sub(pr, _SECTION_NAME)
    content = sub(sdt, "w:sdtContent")
    for parts in items:
        item = sub(content, "w:sdt")
        ipr = sub(item, "w:sdtPr")
        sub(ipr, _ID_NAME, {"w:val": ids()})
        sub(ipr, _ITEM_NAME)
        icontent = sub(item, "w:sdtContent")
        for part in parts:
            icontent.append(part)
    return sdt


# --- putting a value in, taking it out -----------------------------------------------------------


def set_value(sdt: etree._Element, value) -> None:
    """Put a value into a control, as Word would: text, a date, a dropdown choice or a tick."""
    pr = sdt.find(_SDT_PR)
    content = sdt.find(_SDT_CONTENT)
    box = pr.find(_BOX)
    if box is not None:
        box.find(_W14_CHECKED).set(_W14_VAL, "1" if value else "0")
        glyph = run(CHECKED if value else UNCHECKED, font=_BOX_FONT)
        shown = content.find(f"{_RUN}/{_RPR}")  # keep the box's size, as Word does
        if shown is not None:
            glyph.replace(glyph[0], copy.deepcopy(shown))
        _replace_content(content, glyph)
        return
    plc = pr.find(_PLC)
    if value in (None, ""):
        return
    if plc is not None:
        pr.remove(plc)
    date = pr.find(_DATE)
    drop = pr.find(_DROP)
    if date is not None:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        date.set(_FULL_DATE, f"{day.isoformat()}T00:00:00Z")
        text = day.strftime("%d/%m/%Y")
    elif drop is not None:
        labels = {i.get(_ITEM_VALUE): i.get(_DISPLAY_TEXT) for i in drop.findall(qn("w:listItem"))}
        text = labels.get(str(value), str(value))
    else:
        text = str(value)
    _replace_content(content, run(text))


def clear_value(sdt, prompt: str = "Enter text") -> None:
    """Empty a control again (a cloned repeat row starts blank): unticked, or showing a prompt."""
    pr = sdt.find(_SDT_PR)
    if pr.find(_BOX) is not None:
        set_value(sdt, False)
        return
    if pr.find(_PLC) is not None or not any(pr.find(k) is not None for k in _WITH_PROMPT):
        return
    anchor = pr.find(qn(_LOCK))
    if anchor is None:
        anchor = pr.find(_ID)
    anchor.addnext(el(_PLC_NAME))
    _replace_content(sdt.find(_SDT_CONTENT), run(prompt, style="PlaceholderText"))


def _replace_content(content, new_run) -> None:
    for child in list(content):
        content.remove(child)
    content.append(new_run)


# --- reading controls back --------------------------------------------------------------------


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


def is_group(sdt, props: dict | None = None) -> bool:
    """Is this a group control (a tick-box choice's options)?"""
    return _GROUP in (props if props is not None else properties(sdt))


def is_repeating_item(sdt, props: dict | None = None) -> bool:
    return _REPEAT_ITEM in (props if props is not None else properties(sdt))


ITEM, SECTION, GROUP, FIELD = "item", "section", "group", "field"  # what `tagged_controls` says a control is


def tagged_controls(root) -> Iterator[tuple[etree._Element, str, str | None, dict]]:
    """(control, role, tag, properties) for every content control under `root`, in document order:
    role ITEM for a repeating-section item (no tag of its own), SECTION for a repeating section,
    GROUP for a group (a tick-box choice's options), FIELD for any other control (its tag is None
    when it has none)."""
    for sdt, props in controls(root):
        if _REPEAT_ITEM in props:
            yield sdt, ITEM, None, props
            continue
        tag = props.get(_TAG)
        role = SECTION if _REPEAT in props else GROUP if _GROUP in props else FIELD
        yield sdt, role, tag.get(_VAL) if tag is not None else None, props


def section_items(section) -> list[etree._Element]:
    """The repeating-section items of a repeating section, in order."""
    content = first_child(section, _SDT_CONTENT)
    return [c for c in content if c.tag == _SDT and is_repeating_item(c)] if content is not None else []


def item_controls(item) -> dict[str, etree._Element]:
    """{tag: control} for the tagged controls inside one repeating-section item."""
    return {tag: sdt for sdt in item.iter(_SDT) if (tag := control_tag(sdt))}


def clone_item(item, next_id: int) -> tuple[etree._Element, int]:
    """A copy of a repeating-section item with fresh w:id values from `next_id` and every control
    emptied (a new row starts blank); returns it and the next free id."""
    clone = copy.deepcopy(item)
    for node in clone.iter(_ID):
        node.set(_VAL, str(next_id))
        next_id += 1
    for sdt in clone.iter(_SDT):
        clear_value(sdt)
    return clone, next_id


def retitle(root, rename: Callable[[str], str]) -> None:
    """Every control's title (w:alias) under `root` renamed: a copied repeat row takes its own row's."""
    for node in root.iter(qn(_ALIAS)):
        node.set(_VAL, rename(node.get(_VAL, ""))[:255])


def max_control_id(root) -> int:
    """The largest integer w:id under `root` (0 if none): new controls take ids above it."""
    best = 0
    for node in root.iter(_ID):
        try:
            best = max(best, int(node.get(_VAL, "0")))
        except ValueError:
            continue
    return best


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


# --- legacy form fields ---------------------------------------------------------------------------

_FLD_CHAR, _FLD_CHAR_TYPE, _FF_DATA, _W_T = qn("w:fldChar"), qn("w:fldCharType"), qn("w:ffData"), qn("w:t")
_DELETED = (qn("w:del"), qn("w:moveFrom"))
LEGACY_MARK = b"ffData"  # present in a document's bytes only if it has a legacy form field


class LegacyField:
    """One legacy form field: its name (w:ffData's w:name) and, read on request, its value."""

    __slots__ = ("_ff", "_text", "name")

    def __init__(self, ff, text: str):
        name_node = ff.find(qn("w:name"))
        self.name: str = name_node.get(_VAL) if name_node is not None else ""
        self._ff, self._text = ff, text

    def value(self):
        """True/False for a checkbox, the chosen entry of a dropdown (None if out of range),
        otherwise the shown text (None if empty)."""
        ff = self._ff
        box = ff.find(qn("w:checkBox"))
        drop = ff.find(qn("w:ddList"))
        if box is not None:
            checked = box.find(qn("w:checked"))
            default = box.find(qn("w:default"))
            node = checked if checked is not None else default
            return node is not None and node.get(_VAL, "1") not in ("0", "false")
        if drop is not None:
            entries = [e.get(_VAL) for e in drop.findall(qn("w:listEntry"))]
            result = drop.find(qn("w:result"))
            index = int(result.get(_VAL, "0")) if result is not None else 0
            return entries[index] if 0 <= index < len(entries) else None
        return self._text or None


def legacy_fields(root) -> Iterator[LegacyField]:
    """Each legacy form field (FORMTEXT, FORMCHECKBOX, FORMDROPDOWN) under `root`, in document
    order, with the text shown between its separate and end marks (deleted text is not read)."""
    begin = None
    collecting = None
    text: list[str] = []
    for node in root.iter(_FLD_CHAR, _W_T):
        if node.tag == _W_T:
            if collecting is not None and not _inside_deleted(node):
                text.append(node.text or "")
            continue
        kind = node.get(_FLD_CHAR_TYPE)
        if kind == "begin":
            begin = node.find(_FF_DATA)
            collecting = None
        elif kind == "separate" and begin is not None:
            collecting, text = begin, []
        elif kind == "end" and begin is not None:
            yield LegacyField(begin, "".join(text))
            begin, collecting = None, None


def _inside_deleted(node) -> bool:
    parent = node.getparent()
    while parent is not None:
        if parent.tag in _DELETED:
            return True
        parent = parent.getparent()
    return False
