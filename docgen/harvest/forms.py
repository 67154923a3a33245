"""What the harvest store and its read-back need of a form: table names, the shape of a form's
fields (worked out once per form from its own field list, docgen/forms/fieldlist.py), and a record
as JSON."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ..forms.fieldlist import FieldList, cell_id, split_id
from ..forms.fields import type_of
from .identity import OWN_COLUMNS, OWN_TABLES

_TABLE = re.compile(r"[a-z][a-z0-9_]*(:[a-z][a-z0-9_]*)?(__[a-z][a-z0-9_]*)?")
_COLUMN = re.compile(r"[a-z][a-z0-9_]*")
CHILD_SEP = "__"  # form table, then repeat id: a repeat's own table

_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode  # = json.dumps(..., same options)


def safe_table(name: str) -> str:
    """A table name the store may write form rows to: never one of its own tables or SQLite's
    (a defence in depth: names come from identity.table_name, which allows docgen's own kinds only)."""
    if name.partition(CHILD_SEP)[0] in OWN_TABLES or name.lower().startswith("sqlite_") or not _TABLE.fullmatch(name):
        raise ValueError("not a table a form's rows may go in")
    return name


def safe_columns(names) -> None:
    """Refuse a field id the store keeps for itself (_sha256, _row...), or one docgen would never make."""
    for name in names:
        if name in OWN_COLUMNS or not isinstance(name, str) or not _COLUMN.fullmatch(name):
            raise ValueError("not a column a form's answers may go in")


def manifest_text(manifest: dict) -> str:
    """A manifest as `documents.manifest` holds it."""
    return _JSON(manifest)


def record_text(record: dict, form: FormShape | None = None) -> str:
    """A record as `documents.record` and `history.record` hold it: JSON of {"document", "values",
    "issues", "roles"} and, when its form's list says them, "functions" (`with_form`: added here
    from `form` when given)."""
    return _JSON(record if form is None else with_form(record, form))


def with_form(record: dict, form: FormShape) -> dict:
    """A record with what its own form says of its fields: "roles" (field id -> role) and, unless
    the form's list predates them, "functions" (field or repeat id -> function of supervision)."""
    out = {**record, "roles": form.roles}
    if form.functions is not None:
        out["functions"] = form.functions
    return out


def child_table(table: str, repeat_id: str) -> str:
    """The table of a repeat's rows: `session_record__actions`."""
    return f"{table}{CHILD_SEP}{repeat_id}"


def is_child_table(table: str) -> bool:
    return CHILD_SEP in table


@dataclass(frozen=True)
class FormShape:
    """What the store and its read-back need of a form, worked out once per form from its own list:
    field types, the top-level fields, each repeat's columns (short id -> type), the number fields,
    roles (field id, repeat id and `repeat.child` -> role) and functions (None: not in the list)."""

    field_list: FieldList
    types: dict[str, str]
    child_types: dict[str, dict[str, str]]
    top: list[str]
    numbers: list[str]
    child_numbers: dict[str, list[str]]
    roles: dict[str, str]
    functions: dict[str, str] | None


def describe_form(form: FieldList) -> FormShape:
    types = {f.id: f.type for f in form.fields}
    repeat_ids = [r.id for r in form.repeats]
    child_types: dict[str, dict[str, str]] = {rid: {} for rid in repeat_ids}
    for fid, t in types.items():
        rid, short = split_id(fid)
        if rid in child_types:
            child_types[rid][short] = t
    children = {cell_id(rid, short) for rid, shorts in child_types.items() for short in shorts}
    top = [fid for fid in types if fid not in children]
    return FormShape(
        form,
        types,
        child_types,
        top,
        [fid for fid in top if _numeric(types[fid])],
        {rid: [c for c, t in ct.items() if _numeric(t)] for rid, ct in child_types.items()},
        form.roles(),
        form.functions(),
    )


def _numeric(field_type: str) -> bool:
    """Does this type's column hold numbers (so an answer SQLite would change is kept as text)?"""
    return type_of(field_type).sql_type == "NUMERIC"


def form_of_data(fields: list, repeats: list) -> FormShape:
    """The shape of a field list as a worker sent it or the `forms` table holds it (JSON-ready lists)."""
    return describe_form(FieldList.from_data(fields, repeats))


def numbers_are_numbers(form: FormShape, values: dict) -> bool:
    """False when a number field holds text (an answer that is not a number): SQLite turns some such
    text into a number in a NUMERIC column ("1e999" into infinity), so that record is kept whole."""
    for fid in form.numbers:
        if values.get(fid).__class__ is str:
            return False
    for rid, shorts in form.child_numbers.items():
        if shorts:
            for row in values.get(rid) or ():
                if any(row.get(short).__class__ is str for short in shorts):
                    return False
    return True
