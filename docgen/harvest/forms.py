"""What the harvest store and its read-back need of a form: table names, the shape of a form's
fields (worked out once per form), and a record as JSON."""

from __future__ import annotations

import json
import re

from .identity import OWN_COLUMNS, OWN_TABLES

_TABLE = re.compile(r"[a-z][a-z0-9_]*(:[a-z][a-z0-9_]*)?(__[a-z][a-z0-9_]*)?")
_COLUMN = re.compile(r"[a-z][a-z0-9_]*")

_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode  # = json.dumps(..., same options)


def safe_table(name: str) -> str:
    """A table name the store may write form rows to: never one of its own tables or SQLite's
    (a defence in depth: names come from identity.table_name, which allows docgen's own kinds only)."""
    if name.partition("__")[0] in OWN_TABLES or name.lower().startswith("sqlite_") or not _TABLE.fullmatch(name):
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


def record_text(record: dict, roles: dict) -> str:
    """A record as `documents.record` and `history.record` hold it: JSON of {"document", "values",
    "issues", "roles"}."""
    return _JSON({**record, "roles": roles})


def describe_form(fields: list[dict], repeats: list[dict]) -> dict:
    """Field types, the top-level fields, each repeat's columns (short id -> type), the number
    fields, and roles (field id, repeat id and `repeat.child` -> role)."""
    repeat_ids = [r["id"] for r in repeats]
    types = {f["id"]: f["type"] for f in fields}
    child_types = {rid: {fid.rpartition(".")[2]: t for fid, t in types.items() if fid.startswith(rid + ".")}
                   for rid in repeat_ids}
    children = {f"{rid}.{short}" for rid, shorts in child_types.items() for short in shorts}
    top = [fid for fid in types if fid not in children]
    return {"fields": fields, "repeats": repeats, "types": types, "repeat_ids": repeat_ids, "child_types": child_types,
            "top": top, "numbers": [fid for fid in top if types[fid] == "number"],
            "child_numbers": {rid: [c for c, t in ct.items() if t == "number"] for rid, ct in child_types.items()},
            "roles": {e["id"]: e["role"] for e in (*fields, *repeats) if e.get("role")}}


def numbers_are_numbers(form: dict, values: dict) -> bool:
    """False when a number field holds text (an answer that is not a number): SQLite turns some such
    text into a number in a NUMERIC column ("1e999" into infinity), so that record is kept whole."""
    for fid in form["numbers"]:
        if values.get(fid).__class__ is str:
            return False
    for rid, shorts in form["child_numbers"].items():
        if shorts:
            for row in values.get(rid) or ():
                if any(row.get(short).__class__ is str for short in shorts):
                    return False
    return True
