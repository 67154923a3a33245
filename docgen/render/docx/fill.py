"""Put values into the controls of a generated form (prefilling, and filling in tests)."""

from __future__ import annotations

import copy
import datetime as dt

from lxml import etree

from ...formats.docx import oxml
from ...formats.docx.oxml import qn


def fill_tree(root: etree._Element, values: dict) -> list[tuple[str, str]]:
    """Set values by field id; a repeat id takes a list of row dicts (rows are added as needed).
    Returns (field id, note) for every value that had to be changed to fit in a document."""
    notes: list[tuple[str, str]] = []
    sections: dict[str, etree._Element] = {}
    by_tag: dict[str, list] = {}
    for sdt in root.iter(qn("w:sdt")):
        tag = oxml.control_tag(sdt)
        if not tag:
            continue
        if oxml.is_repeating_section(sdt):
            sections[tag] = sdt
        elif "." not in tag:
            by_tag.setdefault(tag, []).append(sdt)
    next_id = _max_id(root) + 1
    for key, value in values.items():
        if key in sections:
            next_id = _fill_repeat(sections[key], key, value or [], notes, next_id)
            continue
        for sdt in by_tag.get(key, []):
            oxml.set_value(sdt, _clean(key, value, notes))
    return notes


def _fill_repeat(section, rid: str, rows: list[dict], notes, next_id: int) -> int:
    content = section.find(qn("w:sdtContent"))
    items = [c for c in content if c.tag == qn("w:sdt") and oxml.is_repeating_item(c)]
    while len(items) < len(rows):
        clone = copy.deepcopy(items[-1])
        for node in clone.iter(qn("w:id")):
            node.set(qn("w:val"), str(next_id))
            next_id += 1
        for sdt in clone.iter(qn("w:sdt")):
            oxml.clear_value(sdt)
        items[-1].addnext(clone)
        items.append(clone)
    for item, row_values in zip(items, rows, strict=False):  # items may outnumber rows
        controls = {oxml.control_tag(s): s for s in item.iter(qn("w:sdt")) if oxml.control_tag(s)}
        for child, value in row_values.items():
            sdt = controls.get(f"{rid}.{child}")
            if sdt is not None:
                oxml.set_value(sdt, _clean(f"{rid}.{child}", value, notes))
    return next_id


def _clean(field_id: str, value, notes):
    if isinstance(value, str):
        text, changes = oxml.clean_text(value)
        notes.extend((field_id, c) for c in changes)
        return text
    if isinstance(value, (bool, dt.date)) or value is None:
        return value
    return str(value)


def _max_id(root) -> int:
    best = 0
    for node in root.iter(qn("w:id")):
        try:
            best = max(best, int(node.get(qn("w:val"), "0")))
        except ValueError:
            continue
    return best
