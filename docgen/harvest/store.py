"""The harvest database (the system of record): the Store, which writes one transaction per file.

A store is an SQLite file (one agency on one machine) or a PostgreSQL database (a partnership's,
written by several harvests at once, which take turns transaction by transaction): backend.py
gives both one connection API. Its layout and upgrades are in schema.py, the writer of the typed
tables in tables.py, the roles that keep agencies apart in PostgreSQL in pgsecurity.py.

Tables (created and migrated by schema.py; `meta.schema_version` says which layout a file has):
- `documents`: one row per file path: size, sha256, document id, form id and version, policy id,
  version and digest, status (`ok`, `ok_with_issues`, `failed`), failure code and message, when it
  was harvested, the hash of its form (`forms`) and its manifest as read (JSON);
- one table per form kind (`session_record`, `agreement`, ...) with a typed column per field id,
  keyed by the content hash `_sha256` (the same bytes at two paths are one record, not two);
- one child table per repeat (`session_record__actions`), keyed by (`_sha256`, `_row`);
- `issues` (`_sha256`, field, code, message); `forms`: every field list met, by its hash, so the
  database describes its own columns whatever policy version a file came from (the list as the form
  embedded it, docgen/forms/fieldlist.py: with each field's role and function of supervision; a
  list stored from a form made before docgen embedded functions has no `function` key, and its
  records carry no "functions": the report knows them only from the very policy and form they were
  made from, docgen/report/records.py);
- `history`: the previous version of a file whose content changed at the same path (as JSON).

A record is read back (readback.py) from its typed rows, its issues and its form. The typed
columns hold every answer exactly (text as text, numbers as integers or reals, checkboxes as 0/1);
when they cannot (a field whose type changed between policy versions, so its column has another
type; a number field holding text that is not a number), `documents.record` keeps that file's
record as JSON as well, and it is read from there. (Databases made before schema 2 kept every
record there; those rows are still read from it.)

Everything a file contributes is written in one transaction, so a harvest killed at any moment
leaves the database as it was after the last whole file; the next run carries on from there.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from typing import NamedTuple

from .backend import Target, db_errors, label, q
from .forms import FormShape, child_table, form_of_data, manifest_text, numbers_are_numbers, record_text
from .identity import table_name
from .pgsecurity import OWN_TABLES, current_agencies
from .rebuild import record_json
from .schema import INSERT_DOCUMENT, OLD, SCHEMA_VERSION, STATUSES, Atomic, StoreError, open_store
from .tables import TypedTables

__all__ = ["SCHEMA_VERSION", "STATUSES", "Outcome", "Store", "StoreError"]


# a path's row (OLD's columns) and whether its bytes' record is stored already, at any path (see _stored)
_OLD_AND_STORED = (
    "SELECT d.sha256, d.document_id, d.status, d.code, d.harvested_at, d.form_hash, d.manifest, d.record, "
    "d.agency, (SELECT s.record IS NULL FROM documents AS s WHERE s.sha256 = ? AND (s.form_hash IS NOT NULL "
    "OR s.record IS NOT NULL) LIMIT 1) FROM (SELECT 1 AS one) AS one LEFT JOIN documents AS d ON d.path = ?"
)


class Outcome(NamedTuple):
    """What a worker found in one file, ready to store (a named tuple: it crosses from worker to
    parent for every file, and a tuple pickles at two thirds the cost of a dataclass)."""

    path: str
    size: int
    sha256: str
    status: str
    code: str | None = None
    message: str | None = None
    record: dict | None = None  # {"document", "values", "issues"} for a form that was read
    form: dict | None = None  # {"hash", "fields", "repeats"}: the field list (None if this worker sent it before)


class Store:
    def __init__(self, target: Target, read_only: bool = False):
        """`target`: an SQLite file's path, or a PostgreSQL URL (backend.py). `read_only`: for reading
        commands (a report): nothing is written, read-only storage works."""
        self.target, self.read_only = target, read_only
        self.label = label(target)
        self._batch_open, self._batch_until = False, 0.0
        self._batch_done: list[tuple[Callable[..., object], tuple]] = []  # the open batch's writes, to redo
        self.db = open_store(target, self.label, read_only)
        # several harvests may write a PostgreSQL store at once: what another wrote since is asked for, not cached
        self.shared = self.db.kind != "sqlite"
        self._forms: set[str] = {row[0] for row in self.db.execute("SELECT fields_hash FROM forms")}
        self._form_cache: dict[str, FormShape] = {}
        self.typed = TypedTables(self.db)  # the tables of form kinds and repeats
        # (a reader writes nothing: it needs no list of every path, a million rows in a partnership's store)
        known = [] if self.shared or read_only else self.db.execute("SELECT path, sha256 FROM documents").fetchall()
        self._paths = {p for p, _ in known}  # what a put() may replace: no query for a path never seen
        self._shas = {s for _, s in known}
        self.agency = self._own_agency()

    def _own_agency(self) -> str | None:
        """The agency (policy id) whose role this is, in a store with agencies' roles (pgsecurity.py):
        a file it could not read is that agency's. None for the owner, the partnership, and SQLite."""
        if not self.shared:
            return None
        agencies = current_agencies(self.db.conn)  # those whose role this user acts as (USAGE, as the policies)
        return agencies[0] if agencies else None

    def close(self) -> None:
        if not self.read_only and not self.shared:  # at rest one file: no -wal or -shm beside it
            with contextlib.suppress(*db_errors()):  # another connection open: left in WAL mode, as before
                self.db.execute("PRAGMA journal_mode=DELETE")
        self.db.close()

    def transaction(self):
        """A write on its own (outside a batch): one transaction."""
        return Atomic(self.db)

    def batch(self, seconds: float = 0.25) -> None:
        """Group the next files' writes into one commit; `flush()` commits. Each file stays atomic:
        a write that fails rolls the batch back and writes again the files before it, so the batch
        holds whole files only. A harvest killed mid-batch loses that batch, which the next run redoes."""
        if not self._batch_open:
            self.db.begin()
            self._batch_open, self._batch_until = True, time.monotonic() + seconds
            self._batch_done = []

    def due(self) -> bool:
        return self._batch_open and time.monotonic() >= self._batch_until

    def flush(self) -> None:
        if self._batch_open:
            self.db.execute("COMMIT")
            self._batch_open, self._batch_done = False, []

    def _write(self, write, *args):
        """Run one file's write, all or nothing: in the open batch (which a failure rolls back and
        writes again without it), or in a transaction of its own."""
        if not self._batch_open:
            try:
                with self.transaction():
                    return write(*args)
            except BaseException:
                self._forget()
                raise
        try:
            result = write(*args)
        except BaseException:
            done = self._batch_done
            self.db.execute("ROLLBACK")
            self._batch_open = False
            self._forget()
            self.batch()
            for again, again_args in done:  # they were written once: they write again
                again(*again_args)
            self._batch_done = done
            raise
        self._batch_done.append((write, args))
        return result

    def _forget(self) -> None:
        """After a rollback: forget the tables, columns and forms that the rollback undid."""
        self.typed.forget()
        self._forms = {row[0] for row in self.db.execute("SELECT fields_hash FROM forms")}

    # what is there already

    def known(self) -> dict[str, str]:
        """path -> sha256 of every file harvested before."""
        return dict(self.db.execute("SELECT path, sha256 FROM documents"))

    def copy_of(self, sha256: str) -> tuple | None:
        """What a file with these bytes was found to be: a path where they were read, if any."""
        return self.db.execute(
            "SELECT document_id, form_id, form_version, kind, policy_id, policy_version, "
            "policy_digest, status, code, message, issue_count, form_hash, manifest, record, agency "
            "FROM documents WHERE sha256 = ? ORDER BY form_hash IS NULL AND record IS NULL, path "
            "LIMIT 1",
            (sha256,),
        ).fetchone()

    # writing one file

    def put(self, outcome: Outcome, now: str) -> None:
        """Store one file's outcome, all or nothing (replacing what its path held before)."""
        self._write(self._put, outcome, now)

    def _put(self, outcome: Outcome, now: str) -> None:
        stored: bool | None = None
        if self.shared:  # what the path and these bytes hold now, asked in one round trip
            row = self.db.execute(_OLD_AND_STORED, (outcome.sha256, outcome.path)).fetchone()
            old, stored = (row[:9] if row[0] is not None else None), (None if row[9] is None else bool(row[9]))
        elif outcome.path in self._paths:
            old = self.db.execute(OLD, (outcome.path,)).fetchone()
        else:
            old = None
        if old and old[0] == outcome.sha256 and (old[2], old[3]) == (outcome.status, outcome.code):
            return
        if old:
            self._vacate(outcome.path, old, outcome.sha256, now)
        if outcome.record is None:
            self._put_document(outcome, now, True)
        else:  # the document first: an agency's role may add a record's rows only to its own document
            if not self.shared or (old and old[0] == outcome.sha256):  # (vacated: these bytes' row went)
                stored = self._stored(outcome.sha256)
            with self.db.pipeline():  # PostgreSQL: the file's rows sent together, not one round trip each
                self._put_document(outcome, now, True if stored is None else stored)
                if stored is None and not self._put_record(outcome):  # the typed columns cannot hold it exactly
                    self.db.execute(
                        "UPDATE documents SET record = ? WHERE path = ?",
                        (record_text(outcome.record, self._form_of(outcome)), outcome.path),
                    )
        self._paths.add(outcome.path)
        self._shas.add(outcome.sha256)

    def _stored(self, sha256: str) -> bool | None:
        """Whether these bytes' record is in the database already (read at another path): None if not,
        else whether its typed rows hold it exactly."""
        if not self.shared and sha256 not in self._shas:
            return None
        row = self.db.execute(
            "SELECT record IS NULL FROM documents WHERE sha256 = ? AND (form_hash IS NOT NULL "
            "OR record IS NOT NULL) LIMIT 1",
            (sha256,),
        ).fetchone()
        return bool(row[0]) if row else None

    def put_copy(self, path: str, size: int, sha256: str, now: str) -> str | None:
        """A file whose exact bytes were harvested at another path: the same record, one more path.
        Returns the status it shares; None when those bytes are no longer in the database (the other
        file changed meanwhile)."""
        row = self.copy_of(sha256)
        if row is None:
            return None
        self._write(self._put_copy, path, size, sha256, row, now)
        return row[7]

    def _put_copy(self, path: str, size: int, sha256: str, row: tuple, now: str) -> None:
        old = self.db.execute(OLD, (path,)).fetchone()
        if old:
            self._vacate(path, old, sha256, now)
        self.db.execute(INSERT_DOCUMENT, (path, size, sha256, *row[:11], now, *row[11:]))
        self._paths.add(path)

    def _vacate(self, path: str, old: tuple, sha256: str, now: str) -> None:
        """Free a path for its new row: a version with other bytes goes to history (the same bytes
        again are a retry of a file that failed: no new version); rows no path needs any more go."""
        if old[0] != sha256:
            self._to_history(path, old, now)
        self.db.execute("DELETE FROM documents WHERE path = ?", (path,))
        self.typed.drop_record_if_unused(old[0])

    def _to_history(self, path: str, old: tuple, now: str) -> None:
        """Keep the version a path held before, as JSON (read back now, while its rows are there)."""
        sha256, document_id, status, code, harvested_at, form_hash, manifest, record, agency = old
        if record is None and form_hash is not None:
            record = record_json(self.db, sha256, form_hash, manifest)
        self.db.execute(
            "INSERT INTO history (path, sha256, document_id, status, code, harvested_at, record, "
            "replaced_at, agency) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (path, sha256, document_id, status, code, harvested_at, record, now, agency),
        )

    def _put_document(self, o: Outcome, now: str, exact: bool) -> None:
        record = o.record
        doc = record["document"] if record else {}
        manifest = text = form_hash = None
        if record is not None:
            manifest = manifest_text(doc)
            if not exact:  # the typed columns cannot hold this record exactly: keep it whole as well
                text = record_text(record, self._form_of(o))
        if record:
            assert o.form is not None  # a record comes with its form
            form_hash = o.form["hash"]
        self.db.execute(
            INSERT_DOCUMENT,
            (
                o.path,
                o.size,
                o.sha256,
                doc.get("document_id"),
                doc.get("form_id"),
                doc.get("form_version"),
                doc.get("kind"),
                doc.get("policy_id"),
                doc.get("policy_version"),
                doc.get("policy_digest"),
                o.status,
                o.code,
                o.message,
                len(record["issues"]) if record else 0,
                now,
                form_hash,
                manifest,
                text,
                doc.get("policy_id") or self.agency,
            ),
        )

    def _form_of(self, o: Outcome) -> FormShape:
        """What the store needs of a form, worked out once per form: types, repeats, roles, table names."""
        assert o.form is not None  # only a file read as a form is asked for its form
        key = o.form["hash"]
        form = self._form_cache.get(key)
        if form is None:
            fields, repeats = o.form["fields"], o.form["repeats"]
            if fields is None:  # this worker sent the list before (to an earlier store): read it back
                row = self.db.execute("SELECT fields, repeats FROM forms WHERE fields_hash = ?", (key,)).fetchone()
                fields, repeats = json.loads(row[0]), json.loads(row[1])
            form = self._form_cache[key] = form_of_data(fields, repeats)
        return form

    def _put_record(self, o: Outcome) -> bool:
        """Insert the record's typed rows and issues; True when the typed columns hold it exactly."""
        record, form_hash = o.record, o.form["hash"] if o.form else None
        assert record is not None and form_hash is not None  # put only a record (with its form)
        form, doc = self._form_of(o), record["document"]
        if form_hash not in self._forms:
            fields, repeats = form.field_list.to_data()
            self.db.execute(
                self.db.insert_new("forms", 9),
                (
                    form_hash,
                    doc.get("form_id"),
                    doc.get("form_version"),
                    doc.get("kind"),
                    doc.get("policy_id"),
                    doc.get("policy_version"),
                    doc.get("policy_digest"),
                    json.dumps(fields, ensure_ascii=False),
                    json.dumps(repeats, ensure_ascii=False),
                ),
            )
            self._forms.add(form_hash)
        table = table_name(doc.get("kind"))  # docgen's own kinds only (identity.py checked the file)
        values = record["values"]
        meta = (o.sha256, doc.get("document_id"), doc.get("form_id"), doc.get("policy_id"))
        top = {k: v for k, v in values.items() if k not in form.child_types}
        exact = self.typed.insert(
            table,
            ("_sha256", "_document_id", "_form_id", "_policy_id"),
            [meta],
            top,
            [top.values()],
            form.types,
            "_sha256",
            form_hash,
        )
        for rid, child_types in form.child_types.items():
            rows = values.get(rid) or []
            if rows:
                exact &= self.typed.insert(
                    child_table(table, rid),
                    ("_sha256", "_row"),
                    [(o.sha256, i) for i in range(len(rows))],
                    rows[0],
                    [r.values() for r in rows],
                    child_types,
                    "_sha256, _row",
                    form_hash,
                )
        if record["issues"]:
            self.db.executemany(
                "INSERT INTO issues (_sha256, field, code, message, _row) VALUES (?, ?, ?, ?, ?)",
                [(o.sha256, i["field"], i["code"], i["message"], n) for n, i in enumerate(record["issues"])],
            )
        return exact and numbers_are_numbers(form, values)

    def record_run(self, started: str, finished: str, folders: list[str], counts: dict) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO runs (started_at, finished_at, folders, files, ok, with_issues, failed, unchanged) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    started,
                    finished,
                    json.dumps(folders),
                    sum(counts.values()),
                    counts.get("ok", 0),
                    counts.get("ok_with_issues", 0),
                    counts.get("failed", 0),
                    counts.get("unchanged", 0),
                ),
            )

    # reading

    def tables(self) -> list[str]:
        """Every data table, in a stable order: documents, issues, forms, then form kinds and repeats."""
        fixed = ["documents", "issues", "forms"]
        return fixed + [n for n in self.db.table_names() if n not in OWN_TABLES]

    def refresh_views(self) -> int | None:
        """Make the labelled views again (views.py), after a harvest; returns how many there are (None
        when this role may not: in a PostgreSQL store only its owner remakes them, for an agency's
        role sees only its own records; its new records show in them all the same)."""
        from .views import refresh

        if self.shared and not self.db.owns_store():
            return None

        return refresh(self)

    def rows(self, table: str, order: str | None = None) -> tuple[list[str], list[tuple]]:
        order = order or ("_sha256, _row" if table == "issues" else self.db.key_of(table))  # the same in both engines
        cursor = self.db.execute(f"SELECT * FROM {q(table)} ORDER BY {order}")
        return [d[0] for d in cursor.description], cursor.fetchall()
