"""A choice drawn as tick boxes, in WordprocessingML: a group control (w:group) tagged with the field
id, holding one checkbox control per option tagged "<field id>=<option key>" (a field id never holds
"=": docgen.forms.resolve.ID_PART), so the options are read back as one answer even where an editor
drops the group (LibreOffice writes it back untagged). Builders here; `controls` reads them.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from .controls import GROUP_NAME, ControlIds, control
from .wml import el, run, sub

OPTION_SEP = "="


def option_tag(field_id: str, key: str) -> str:
    """The tag of one option's checkbox: `rag` + `red` -> `rag=red`."""
    return f"{field_id}{OPTION_SEP}{key}"


def split_option_tag(tag: str) -> tuple[str, str | None]:
    """(field id, option key) of an option's checkbox tag; (tag, None) for any other tag."""
    field_id, sep, key = tag.partition(OPTION_SEP)
    return (field_id, key) if sep else (tag, None)


def option_box(field_id: str, key: str, alias: str, ids: ControlIds, size: int | None = None) -> etree._Element:
    """One option's checkbox control (unticked), tagged `option_tag(field_id, key)`; `size`: its box
    in points (large enough to tick with a pen; ticking keeps it)."""
    return control(kind="checkbox", tag=option_tag(field_id, key), alias=alias, placeholder="", ids=ids, size=size)


def swatch(fill: str) -> etree._Element:
    """A small block of colour beside an option's word (a RAG rating): a run of spaces, shaded."""
    r = run("\u2002\u2002")
    r.insert(0, el("w:rPr", None, el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})))
    return r


def tick_group(tag: str, alias: str, ids: ControlIds, parts: Sequence[etree._Element]) -> etree._Element:
    """A group control (w:group: its text is fixed, the controls in it can be used) tagged with a
    field id, around that field's option checkboxes and their labels: runs (an inline group) or a
    table row (a grid's question)."""
    sdt = el("w:sdt")
    pr = sub(sdt, "w:sdtPr")
    sub(pr, "w:alias", {"w:val": alias[:255]})
    sub(pr, "w:tag", {"w:val": tag})
    sub(pr, "w:id", {"w:val": ids()})
    sub(pr, "w:lock", {"w:val": "sdtLocked"})
    sub(pr, GROUP_NAME)
    content = sub(sdt, "w:sdtContent")
    for part in parts:
        content.append(part)
    return sdt
