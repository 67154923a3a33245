"""Records read back from a harvest database, rebuilt from what the store wrote.

A record is {"document", "values", "issues", "roles"}: the manifest as read (documents.manifest),
the answers from the form kind's typed table and its repeats' child tables (only the fields of the
file's own form, in its types: a checkbox's 0/1 is true/false again), the issues in the order
they were found, and the form's roles (forms, by documents.form_hash). A row whose
documents.record holds JSON (a record the typed columns could not hold exactly, or one stored
before schema 2) is read from that instead.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from .forms import describe_form, record_text
from .identity import OWN_COLUMNS, is_kind, table_name


def read_records(db_path: str | Path) -> list[dict]:
    """The current record of every form harvested into a database, one per distinct content, in path
    order: {"path", "status", "document", "values", "roles", "issues"} (the compliance report reads these)."""
    from .readonly import NeedsUpgrade
    from .store import Store  # (here: store.py imports this module)
    try:
        store = Store(Path(db_path), read_only=True)  # a report only reads: it works on read-only storage
    except NeedsUpgrade:
        store = Store(Path(db_path))  # an older layout is upgraded first, as a harvest would
    try:
        return [{"path": path, "status": status, **record} for path, status, _, record in records(store)]
    finally:
        store.close()


def records(store) -> list[tuple[str, str, str, dict]]:
    """(path, status, sha256, record) for every distinct content that was read as a form, in path
    order (a copy of the same bytes at a later path is the same record, given once)."""
    rows = store.db.execute("SELECT path, status, sha256, form_hash, manifest, record FROM documents "
                            "WHERE form_hash IS NOT NULL OR record IS NOT NULL ORDER BY path").fetchall()
    seen: set[str] = set()
    rebuild = _Rebuild(store.db, bulk=True)
    out = []
    for path, status, sha, form_hash, manifest, text in rows:
        if sha in seen:
            continue
        seen.add(sha)
        record = json.loads(text) if text is not None else rebuild(sha, form_hash, manifest)
        if is_kind((record.get("document") or {}).get("kind")):  # a file stored before its kind was checked
            out.append((path, status, sha, record))
    return out


def record_json(store, sha256: str, form_hash: str, manifest: str) -> str:
    """One record, rebuilt and written as JSON (for the history table)."""
    record = _Rebuild(store.db, bulk=False)(sha256, form_hash, manifest)
    roles = record.pop("roles")
    return record_text(record, roles)


class _Rebuild:
    """Rebuilds records. `bulk` reads each table whole, once (for every record of a database);
    otherwise each record's rows are read on their own."""

    def __init__(self, db: sqlite3.Connection, bulk: bool):
        self.db, self.bulk = db, bulk
        self.forms: dict[str, dict] = {}
        self.tables: dict[str, dict[str, list[dict]]] = {}
        self.existing = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        self.issues: dict[str, list[dict]] | None = None

    def __call__(self, sha: str, form_hash: str, manifest: str) -> dict:
        document = json.loads(manifest)
        form = self._form(form_hash)
        if not is_kind(document.get("kind")):  # stored before kinds were checked: no table is its own
            return {"document": document, "values": {}, "issues": self._issues(sha), "roles": form["roles"]}
        table = table_name(document["kind"])
        types = form["types"]
        top = (self._rows(table, sha) or [{}])[0]
        # a field id the store keeps for itself (_sha256...) is not an answer: stored before ids were checked
        values = {fid: None if fid in OWN_COLUMNS else _typed(top.get(fid), types[fid]) for fid in form["top"]}
        for rid, child_types in form["child_types"].items():
            values[rid] = [{short: None if short in OWN_COLUMNS else _typed(row.get(short), t)
                            for short, t in child_types.items()}
                           for row in self._rows(f"{table}__{rid}", sha)]
        return {"document": document, "values": values, "issues": self._issues(sha), "roles": form["roles"]}

    def _form(self, form_hash: str) -> dict:
        form = self.forms.get(form_hash)
        if form is None:
            fields, repeats = self.db.execute("SELECT fields, repeats FROM forms WHERE fields_hash = ?",
                                              (form_hash,)).fetchone()
            form = self.forms[form_hash] = describe_form(json.loads(fields), json.loads(repeats))
        return form

    def _rows(self, table: str, sha: str) -> list[dict]:
        if table not in self.existing:
            return []  # a repeat no file has filled a row of yet
        order = " ORDER BY _row" if "__" in table else ""
        if not self.bulk:
            cursor = self.db.execute(f'SELECT * FROM "{table}" WHERE _sha256 = ?{order}', (sha,))
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor]
        by_sha = self.tables.get(table)
        if by_sha is None:
            cursor = self.db.execute(f'SELECT * FROM "{table}"{order}')
            names = [d[0] for d in cursor.description]
            by_sha = self.tables[table] = {}
            for row in cursor:
                entry = dict(zip(names, row, strict=True))
                by_sha.setdefault(entry["_sha256"], []).append(entry)
        return by_sha.get(sha, [])

    def _issues(self, sha: str) -> list[dict]:
        query = "SELECT _sha256, field, code, message FROM issues{} ORDER BY rowid"
        if not self.bulk:
            rows = self.db.execute(query.format(" WHERE _sha256 = ?"), (sha,))
            return [{"field": f, "code": c, "message": m} for _, f, c, m in rows]
        if self.issues is None:
            self.issues = {}
            for s, f, c, m in self.db.execute(query.format("")):
                self.issues.setdefault(s, []).append({"field": f, "code": c, "message": m})
        return [dict(issue) for issue in self.issues.get(sha, [])]


def _typed(value, field_type: str):
    """A stored value as the record had it: SQLite keeps a checkbox as 0/1."""
    if field_type == "checkbox" and value is not None:
        return bool(value)
    return value
