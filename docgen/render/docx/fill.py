"""Put values into the controls of a generated form (prefilling, and filling in tests)."""

from __future__ import annotations

import datetime as dt

from lxml import etree

from ...formats.docx import oxml
from ...formats.docx.controls import retitle
from ...forms.names import renumbered
from . import flow, sameas


def fill_tree(root: etree._Element, values: dict) -> list[tuple[str, str]]:
    """Set values by field id; a repeat id takes a list of row dicts (rows are added as needed).
    Returns (field id, note) for every value that had to be changed to fit in a document."""
    notes: list[tuple[str, str]] = []
    sections: dict[str, etree._Element] = {}
    by_tag: dict[str, list] = {}
    for sdt, role, tag, _ in oxml.tagged_controls(root):
        if not tag or role == oxml.GROUP:  # a tick-box choice is filled through its options' boxes
            continue
        if role == oxml.SECTION:
            sections[tag] = sdt
        elif "." not in tag:
            by_tag.setdefault(tag, []).append(sdt)
    next_id = oxml.max_control_id(root) + 1
    for key, value in values.items():
        if key in sections:
            next_id = _fill_repeat(sections[key], key, value or [], notes, next_id)
            continue
        for sdt in by_tag.get(key, []):
            oxml.set_value(sdt, _clean(key, value, notes))
        _tick(by_tag, key, value, notes)
    sameas.fill_mirrors(root, values)  # a blank said again in a sentence shows the answer too
    flow.loosen(root)
    return notes


def _tick(controls: dict, field_id: str, value, notes: list) -> None:
    """A tick-box choice: tick the box of the chosen option (by key), clear the others; a value that
    is no option's key ticks nothing, and says so."""
    prefix = f"{field_id}{oxml.OPTION_SEP}"
    chosen = None if value in (None, "") else str(value)
    options = 0
    for tag, found in controls.items():
        if tag.startswith(prefix):
            options += 1
            for sdt in found if isinstance(found, list) else [found]:
                oxml.set_value(sdt, tag[len(prefix) :] == chosen)
    if options and chosen is not None and f"{prefix}{chosen}" not in controls:
        notes.append((field_id, f'"{chosen}" is not one of the options, so nothing is ticked'))


def _fill_repeat(section, rid: str, rows: list[dict], notes, next_id: int) -> int:
    items = oxml.section_items(section)
    while len(items) < len(rows):
        clone, next_id = oxml.clone_item(items[-1], next_id)
        row = len(items)
        retitle(clone, lambda title: renumbered(title, row))  # noqa: B023 - used at once: its own row's names
        items[-1].addnext(clone)
        items.append(clone)
    for item, row_values in zip(items, rows, strict=False):  # items may outnumber rows
        controls = oxml.item_controls(item)
        for child, value in row_values.items():
            sdt = controls.get(f"{rid}.{child}")
            if sdt is not None and not oxml.is_group(sdt):
                oxml.set_value(sdt, _clean(f"{rid}.{child}", value, notes))
            _tick(controls, f"{rid}.{child}", value, notes)
    return next_id


def _clean(field_id: str, value, notes):
    if isinstance(value, str):
        text, changes = oxml.clean_text(value)
        notes.extend((field_id, c) for c in changes)
        return text
    if isinstance(value, (bool, dt.date)) or value is None:
        return value
    return str(value)
