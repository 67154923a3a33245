"""Labelled views in the harvest database: the exports' sheets, for SQLite and Datasette users.

The typed tables keep field ids (the report and SQL read them). After each harvest the store
remakes one view per record and repeat sheet, plus "Files" and "Issues" (layout.py), named and
headed as the XLSX sheets are: `SELECT * FROM "Session records"` shows "Record", "Supervisee",
"Next session date" ..., choices as their labels with "<header> (key)" beside them. "Record" is
the exports' short key, kept in the table `record_keys` (sha256 -> key) so that both agree.

Every name comes from a template (labels, repeat labels), so every identifier is quoted and every
literal escaped; the views docgen made carry a marker comment, and only those are dropped and made
again (in one transaction: a view of a column a newer form brought appears at the next harvest).
A view whose name a table holds already (SQLite names ignore case: the table `issues`) is
"<name> (labelled)"; one whose both names are taken is left out.
"""

from __future__ import annotations

from ..forms.fields import sql_text, type_of
from .backend import q
from .layout import Column, Sheet, build

MARK = "/* docgen labelled view */"
KEYS = "record_keys"
COPIES = "record_copies"  # files whose record is a copy of an earlier file's (layout.py): left out of the views
_DOCS = (  # each content's first path (the window works in SQLite and PostgreSQL alike)
    "(SELECT sha256, path, form_id, form_version, policy_id, status, form_hash FROM (SELECT *, "
    "row_number() OVER (PARTITION BY sha256 ORDER BY path) AS n FROM documents) AS f WHERE n = 1)"
)
_META = {
    "meta:record": "k.key",
    "meta:form": "d.form_id",
    "meta:version": "d.form_version",
    "meta:policy": "d.policy_id",
    "meta:status": "d.status",
    "meta:file": "d.path",
}


def refresh(store) -> int:
    """Make the labelled views (and `record_keys`) again; returns how many views there are now."""
    db = store.db
    made = 0
    with store.transaction():  # (the layout read inside it: another harvest of a shared store may have just written)
        layout = build(store, True)
        db.execute(f"CREATE TABLE IF NOT EXISTS {KEYS} (sha256 TEXT PRIMARY KEY, key TEXT NOT NULL)")
        db.execute(f"DELETE FROM {KEYS}")
        if layout.keys:
            db.bulk(KEYS, ("sha256", "key"), layout.keys.items())
        db.execute(f"CREATE TABLE IF NOT EXISTS {COPIES} (sha256 TEXT PRIMARY KEY)")
        db.execute(f"DELETE FROM {COPIES}")
        if layout.copies:
            db.bulk(COPIES, ("sha256",), [(sha,) for sha in sorted(layout.copies)])
        for name in db.labelled_views(MARK):
            db.execute(f"DROP VIEW {_name(name)}")
        taken = {str(n).casefold() for n in db.all_names()}
        for sheet in layout.sheets:
            name = sheet.title if sheet.title.casefold() not in taken else f"{sheet.title} (labelled)"
            sql = _view(sheet)
            if sql and name.casefold() not in taken:
                db.create_view(name.replace("\0", ""), sql, MARK)
                taken.add(name.casefold())
                made += 1
    return made


def _name(name: str) -> str:
    return q(name.replace("\0", ""))


def _view(sheet: Sheet) -> str | None:
    if sheet.kind in ("record", "child"):
        columns = [f"{_expr(c)} AS {_name(c.header)}" for c in sheet.columns]
        source = (
            f"{q(sheet.table)} AS t LEFT JOIN {KEYS} AS k ON k.sha256 = t._sha256 "
            f"LEFT JOIN {_DOCS} AS d ON d.sha256 = t._sha256 WHERE t._sha256 NOT IN (SELECT sha256 FROM {COPIES}) "
            f"ORDER BY 1{', 2' if sheet.kind == 'child' else ''}"
        )
    elif sheet.kind in ("documents", "issues"):
        sha = "t.sha256" if sheet.kind == "documents" else "t._sha256"
        columns = [
            f"{'k.key' if c.source == 'meta:record' else 't.' + q(c.source[4:])} AS {_name(c.header)}"
            for c in sheet.columns
            if c.source == "meta:record" or c.source.startswith("sql:")
        ]
        source = f"{q(sheet.table)} AS t LEFT JOIN {KEYS} AS k ON k.sha256 = {sha}"
    else:
        return None
    return f"SELECT {', '.join(columns)} FROM {source}"


def _expr(c: Column) -> str:
    if c.source == "meta:row":
        return "t._row + 1"
    if c.source in _META:
        return _META[c.source]
    whens = []
    mixed = len({c.types[h] for h in c.sources}) > 1  # versions disagree on the field's type: show text
    for form_hash, sql in c.sources.items():
        column = f"t.{q(sql)}"
        value = column if c.is_key else type_of(c.types[form_hash]).export_sql(column, c.options.get(form_hash, {}))
        whens.append(f"WHEN {sql_text(form_hash)} THEN {f'CAST({value} AS TEXT)' if mixed else value}")
    return f"CASE d.form_hash {' '.join(whens)} END" if whens else "NULL"
