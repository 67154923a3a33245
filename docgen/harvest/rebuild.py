"""A harvested record rebuilt from the rows the store wrote: the manifest as read, the answers from
the form kind's typed table and its repeats' child tables (in the form's own types: a checkbox's
0/1 is true/false again), the issues in the order found, and the form's roles and functions
(from its own field list, as the `forms` table keeps it). Used by readback.py
(every record of a database) and store.py (the version a path held before, kept as history)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import NamedTuple

from ..forms.fields import FieldType, type_of
from .forms import CHILD_SEP, FormShape, child_table, form_of_data, is_child_table, record_text, with_form
from .identity import OWN_COLUMNS, is_kind, table_name


def answers_key(record: dict) -> str:
    """A record's answers as one text, to tell a copy (the same answers) from an edited version."""
    return json.dumps(record.get("values") or {}, sort_keys=True, ensure_ascii=False, default=str)


def record_json(db, sha256: str, form_hash: str, manifest: str) -> str:
    """One record, rebuilt and written as JSON (for the history table)."""
    return record_text(Rebuild(db, bulk=False)(sha256, form_hash, manifest))


class Only(NamedTuple):
    """Which policies' records to read (None: all): a condition on a policy id column, in SQL. A row
    that names no policy is kept (the report judges it by its kind, docgen.harvest.identity.belongs)."""

    policy_ids: Sequence[str] | None

    @property
    def params(self) -> tuple:
        return tuple(self.policy_ids or ())

    def where(self, column: str, join: str = " AND ") -> str:
        """`join` + `(<column> IS NULL OR <column> IN (?, ...))`, or nothing when every policy is read."""
        if self.policy_ids is None:
            return ""
        return f"{join}({column} IS NULL OR {column} IN ({', '.join('?' * len(self.policy_ids)) or 'NULL'}))"


EVERY = Only(None)


class Rebuild:
    """Rebuilds records. `bulk` reads each table whole, once (for every record of a database; `only`
    those of some policies); otherwise each record's rows are read on their own."""

    def __init__(self, db, bulk: bool, only: Only = EVERY):
        self.db, self.bulk, self.only = db, bulk, only
        self.forms: dict[str, FormShape] = {}
        self.tables: dict[str, dict[str, list[dict]]] = {}
        self.existing = set(db.table_names())
        self.issues: dict[str, list[dict]] | None = None
        self.readers: dict[str, tuple] = {}  # form hash -> each field and its reader (_readers)

    def __call__(self, sha: str, form_hash: str, manifest: str) -> dict:
        document = json.loads(manifest)
        form = self._form(form_hash)
        if not is_kind(document.get("kind")):  # stored before kinds were checked: no table is its own
            return with_form({"document": document, "values": {}, "issues": self._issues(sha)}, form)
        table = table_name(document["kind"])
        top_fields, children = self._readers(form_hash, form)
        top = (self._rows(table, sha) or [{}])[0]
        values = {fid: _read(top.get(fid), read) for fid, read in top_fields}
        for rid, fields in children:
            values[rid] = [
                {short: _read(row.get(short), read) for short, read in fields}
                for row in self._rows(child_table(table, rid), sha)
            ]
        return with_form({"document": document, "values": values, "issues": self._issues(sha)}, form)

    def _readers(self, form_hash: str, form: FormShape) -> tuple:
        """Each field of a form with how its stored value is read back (worked out once per form)."""
        hit = self.readers.get(form_hash)
        if hit is None:
            top = [(fid, _reader(fid, form.types[fid])) for fid in form.top]
            children = [(rid, [(s, _reader(s, t)) for s, t in ct.items()]) for rid, ct in form.child_types.items()]
            hit = self.readers[form_hash] = (top, children)
        return hit

    def _form(self, form_hash: str) -> FormShape:
        form = self.forms.get(form_hash)
        if form is None:
            fields, repeats = self.db.execute(
                "SELECT fields, repeats FROM forms WHERE fields_hash = ?", (form_hash,)
            ).fetchone()
            form = self.forms[form_hash] = form_of_data(json.loads(fields), json.loads(repeats))
        return form

    def _rows(self, table: str, sha: str) -> list[dict]:
        if table not in self.existing:
            return []  # a repeat no file has filled a row of yet
        order = " ORDER BY _row" if is_child_table(table) else ""
        if not self.bulk:
            cursor = self.db.execute(f'SELECT * FROM "{table}" WHERE _sha256 = ?{order}', (sha,))
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor]
        by_sha = self.tables.get(table)
        if by_sha is None:
            cursor = self.db.execute(f'SELECT * FROM "{table}"{self._only(table)}{order}', self.only.params)
            names = [d[0] for d in cursor.description]
            by_sha = self.tables[table] = {}
            for row in cursor:
                entry = dict(zip(names, row, strict=True))
                by_sha.setdefault(entry["_sha256"], []).append(entry)
        return by_sha.get(sha, [])

    def _only(self, table: str) -> str:
        """The condition that picks out the rows of `only`'s policies (by the form table's _policy_id)."""
        if self.only.policy_ids is None:
            return ""
        if is_child_table(table):
            parent = table.partition(CHILD_SEP)[0]
            return f' WHERE _sha256 IN (SELECT _sha256 FROM "{parent}"{self.only.where("_policy_id", " WHERE ")})'
        return self.only.where("_policy_id", " WHERE ")

    def _issues(self, sha: str) -> list[dict]:
        query = "SELECT _sha256, field, code, message FROM issues{} ORDER BY _sha256, _row"
        if not self.bulk:
            rows = self.db.execute(query.format(" WHERE _sha256 = ?"), (sha,))
            return [{"field": f, "code": c, "message": m} for _, f, c, m in rows]
        if self.issues is None:
            self.issues = {}
            only = self.only.where("d.policy_id")  # looked up by documents' index on sha256, row by row:
            # most records have no issues, and the issues table may be empty (an IN would scan documents)
            where = f" WHERE EXISTS (SELECT 1 FROM documents d WHERE d.sha256 = issues._sha256{only})" if only else ""
            for s, f, c, m in self.db.execute(query.format(where), self.only.params):
                self.issues.setdefault(s, []).append({"field": f, "code": c, "message": m})
        return [dict(issue) for issue in self.issues.get(sha, [])]


_NONE = object()  # the reader of a field id the store keeps for itself (_sha256...): not an answer


def _reader(fid: str, field_type: str):
    """How a field's stored value is read back: None as it is, _NONE (a field id the store keeps for
    itself, stored before ids were checked: no answer), or its type's from_sql."""
    if fid in OWN_COLUMNS:
        return _NONE
    kind = type_of(field_type)
    return None if type(kind).from_sql is FieldType.from_sql else kind.from_sql


def _read(value, read):
    if value is None or read is None:
        return value
    return None if read is _NONE else read(value)
