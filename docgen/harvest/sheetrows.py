"""The rows of each export sheet (layout.py says which columns), and the data dictionary.

Values are shown as their own form says (`FieldType.export_value`, docgen/forms/fields.py): a
choice as its option's label, a checkbox as Yes or No, a date as a real date in XLSX (`as_date`)
and as ISO text (YYYY-MM-DD) in CSV; numbers stay numbers. Records are in the order of their keys,
a repeat's rows in their order within each record. With pseudonyms, fields whose role is private
(a child's name or date of birth) are replaced before anything else is done with them, and an
issue about one says what kind of issue it is instead of its message (a message may quote the answer).
"""

from __future__ import annotations

import datetime as dt
import re

from ..forms.fields import type_of
from ..forms.roles import ROLES
from ..parse.record import ISSUE_CODES
from .layout import Column, Layout, Sheet

PRIVATE_ROLES = ("child_identifier", "child_dob")
DICTIONARY = "Data dictionary"
DICTIONARY_FILE = "data_dictionary"
_META = {"meta:file": 0, "meta:form": 2, "meta:version": 3, "meta:policy": 4, "meta:status": 5}
_INDEX = re.compile(r"\[\d+\]")


def sheet_rows(store, layout: Layout, sheet: Sheet, pseudonyms, as_date: bool) -> tuple[list[str], list[list]]:
    if sheet.kind == "raw":
        return store.rows(sheet.table)
    if sheet.kind in ("record", "child"):
        return [c.header for c in sheet.columns], _record_rows(store, layout, sheet, pseudonyms, as_date)
    header, rows = store.rows(sheet.table)
    at = {name: i for i, name in enumerate(header)}
    private = _private_fields(layout, sheet) if pseudonyms and sheet.kind == "issues" else set()
    out = []
    for row in rows:
        sha = row[at["sha256" if "sha256" in at else "_sha256"]] if ("sha256" in at or "_sha256" in at) else None
        doc = layout.docs.get(sha) if sha else None
        line = []
        for c in sheet.columns:
            if c.source == "meta:record":
                line.append(layout.keys.get(sha, "") if sha else "")
            elif c.source == "meta:question":
                field = _INDEX.sub("", row[at["field"]] or "")
                line.append(layout.labels.get((doc[6], field), "") if doc else "")
            else:
                value = row[at[c.source[4:]]]
                if c.type == "timestamp" and as_date and isinstance(value, str):
                    value = _timestamp(value)
                line.append(value)
        if private and row[at["field"]] and _INDEX.sub("", row[at["field"]]).rpartition(".")[2] in private:
            line[[c.source for c in sheet.columns].index("sql:message")] = ISSUE_CODES.get(
                row[at["code"]], row[at["code"]]
            )
        out.append(line)
    by = {"documents": lambda r: str(r[1] or ""), "forms": lambda r: (str(r[1] or ""), str(r[2] or ""))}
    out.sort(key=by.get(sheet.kind, lambda r: str(r[0] or "")))
    return [c.header for c in sheet.columns], out


def _timestamp(value: str):
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def _record_rows(store, layout: Layout, sheet: Sheet, pseudonyms, as_date: bool) -> list[list]:
    header, rows = store.rows(sheet.table)
    at = {name: i for i, name in enumerate(header)}
    i_sha, i_row = at["_sha256"], at.get("_row")
    plans: dict = {}

    def plan(form_hash):
        """What each column takes from a row of this form: (what, index, type, options, role)."""
        steps = []
        for c in sheet.columns:
            if c.source == "meta:record":
                steps.append(("key", None, None, None, None))
            elif c.source == "meta:row":
                steps.append(("row", i_row, None, None, None))
            elif c.source in _META:
                steps.append(("doc", _META[c.source], None, None, None))
            else:
                sql = c.sources.get(form_hash) if form_hash in c.sources else _fallback(c, at)
                role = c.roles.get(form_hash, c.role)
                steps.append(
                    (
                        "keyed" if c.is_key else "field",
                        at.get(sql) if sql else None,
                        type_of(c.types.get(form_hash, c.type)),
                        c.options.get(form_hash) or c.all_options(),
                        role if pseudonyms and role in PRIVATE_ROLES else None,
                    )
                )
        return steps

    out = []
    empty: tuple = (None,) * 8
    for row in rows:
        sha = row[i_sha]
        if sha in layout.copies:  # a copy of an earlier file's record: given once (layout.py)
            continue
        doc = layout.docs.get(sha, empty)
        steps = plans.get(doc[6])
        if steps is None:
            steps = plans[doc[6]] = plan(doc[6])
        line = []
        for what, index, ftype, options, private in steps:
            if what == "key":
                line.append(layout.keys.get(sha) or sha[:8])
            elif what == "row":
                line.append(row[index] + 1 if index is not None and isinstance(row[index], int) else None)
            elif what == "doc":
                line.append(doc[index])
            else:
                value = row[index] if index is not None else None
                if private:
                    value = pseudonyms(private, value)
                line.append(value if what == "keyed" else ftype.export_value(value, options, as_date))
        out.append(line)
    if i_row is not None:
        out.sort(key=lambda r: (str(r[0]), r[1] if isinstance(r[1], int) else 0))
    else:
        out.sort(key=lambda r: str(r[0]))
    return out


def _fallback(column: Column, at: dict) -> str | None:
    """A row whose form is not in the database's list (stored before it kept them): the column's first
    SQL column this table has."""
    return next((s for s in column.sources.values() if s in at), None)


def _private_fields(layout: Layout, sheet: Sheet) -> set[str]:
    """Short ids of every field whose role makes it private (an issue's message may quote the answer)."""
    return {
        i.rpartition(".")[2]
        for s in layout.sheets
        for c in s.columns
        for i in c.ids
        if any(r in PRIVATE_ROLES for r in c.roles.values())
    }


DICTIONARY_HEADER = [
    "Sheet",
    "CSV file",
    "Column",
    "Field id(s)",
    "Label",
    "Type",
    "Role",
    "Role means",
    "Options (key = label)",
    "Forms (id and version)",
]


def dictionary(layout: Layout) -> tuple[list[str], list[list]]:
    """One row per column of each sheet: where it is, its header, the field ids it holds, their full
    labels, type, role, options and the forms (and versions) that have it."""
    rows = []
    for sheet in layout.sheets:
        if sheet.kind == "raw":
            continue
        for c in sheet.columns:
            ids = "; ".join(c.ids) if c.source == "field" else (c.source[4:] if c.source.startswith("sql:") else "")
            options = "; ".join(f"{k} = {v}" for k, v in c.all_options().items())
            role = c.role or ""
            rows.append(
                [
                    sheet.title,
                    f"{sheet.file}.csv",
                    c.header,
                    ids,
                    c.label,
                    c.type if c.source == "field" else ("key" if c.source == "meta:record" else c.type),
                    role,
                    ROLES.get(role, ""),
                    options,
                    "; ".join(c.forms),
                ]
            )
    return list(DICTIONARY_HEADER), rows
