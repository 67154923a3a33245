"""The harvest database's layout: its tables, the upgrades from older layouts, one transaction.

`migrate` creates the tables of a new database, or upgrades an older one step by step
(`meta.schema_version` says which layout a file has; `_MIGRATIONS[i]` upgrades i+1 to i+2); the
Store (store.py) opens a database through it. What each table holds is said in store.py.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import DocgenError
from .backend import PG_TYPES, Target, connect, db_errors, first_line, is_url
from .pgsecurity import OWNER_SQL
from .readonly import NeedsUpgrade, PendingChanges, open_read_only

SCHEMA_VERSION = 3
STATUSES = ("ok", "ok_with_issues", "failed")


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
    path TEXT PRIMARY KEY, size INTEGER, sha256 TEXT NOT NULL, document_id TEXT, form_id TEXT,
    form_version TEXT, kind TEXT, policy_id TEXT, policy_version TEXT, policy_digest TEXT,
    status TEXT NOT NULL, code TEXT, message TEXT, issue_count INTEGER NOT NULL DEFAULT 0,
    harvested_at TEXT, form_hash TEXT, manifest TEXT, record TEXT, agency TEXT);
CREATE INDEX IF NOT EXISTS documents_sha256 ON documents (sha256);
CREATE INDEX IF NOT EXISTS documents_document_id ON documents (document_id);
CREATE INDEX IF NOT EXISTS documents_policy_id ON documents (policy_id);
CREATE TABLE IF NOT EXISTS issues (_sha256 TEXT NOT NULL, field TEXT, code TEXT, message TEXT, _row INTEGER);
CREATE INDEX IF NOT EXISTS issues_sha256 ON issues (_sha256);
CREATE TABLE IF NOT EXISTS forms (
    fields_hash TEXT PRIMARY KEY, form_id TEXT, form_version TEXT, kind TEXT, policy_id TEXT,
    policy_version TEXT, policy_digest TEXT, fields TEXT NOT NULL, repeats TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS history (
    path TEXT NOT NULL, sha256 TEXT NOT NULL, document_id TEXT, status TEXT, code TEXT,
    harvested_at TEXT, replaced_at TEXT, record TEXT, agency TEXT);
CREATE TABLE IF NOT EXISTS runs (
    started_at TEXT, finished_at TEXT, folders TEXT, files INTEGER, ok INTEGER,
    with_issues INTEGER, failed INTEGER, unchanged INTEGER);
"""

# Each entry upgrades a database from version i+1 to i+2.
_MIGRATIONS: list[str] = [
    # 1 -> 2: records are read back from the typed tables; `record` keeps the JSON of rows made before
    "ALTER TABLE documents ADD COLUMN form_hash TEXT; ALTER TABLE documents ADD COLUMN manifest TEXT; "
    "UPDATE documents SET manifest = json_extract(record, '$.document') WHERE record IS NOT NULL",
    # 2 -> 3: whose each record is (a partnership's store keeps agencies apart); issues in their order
    "ALTER TABLE documents ADD COLUMN agency TEXT; UPDATE documents SET agency = policy_id; "
    "ALTER TABLE history ADD COLUMN agency TEXT; ALTER TABLE issues ADD COLUMN _row INTEGER; "
    "UPDATE issues SET _row = rowid - (SELECT min(rowid) FROM issues AS i WHERE i._sha256 = issues._sha256); "
    "CREATE INDEX IF NOT EXISTS documents_policy_id ON documents (policy_id)",
]
# documents' columns by name (a database migrated from schema 1 has them in another order)
DOCUMENT_COLUMNS = (
    "path",
    "size",
    "sha256",
    "document_id",
    "form_id",
    "form_version",
    "kind",
    "policy_id",
    "policy_version",
    "policy_digest",
    "status",
    "code",
    "message",
    "issue_count",
    "harvested_at",
    "form_hash",
    "manifest",
    "record",
    "agency",
)
INSERT_DOCUMENT = f"INSERT INTO documents ({', '.join(DOCUMENT_COLUMNS)}) VALUES ({', '.join('?' * 19)})"
OLD = (
    "SELECT sha256, document_id, status, code, harvested_at, form_hash, manifest, record, agency "
    "FROM documents WHERE path = ?"
)


class StoreError(DocgenError):
    """The database cannot be used (not a docgen harvest, newer than this docgen, locked)."""


def _pg_schema() -> str:
    """The same tables in PostgreSQL's types: text compared as SQLite does (byte order), 64-bit integers.
    Then pgsecurity.OWNER_SQL: `docgen_ensure_table`, the one way a typed table is made or given
    columns in PostgreSQL (backend.PgDb.ensure_table), and what keeps agencies apart."""
    text = re.sub(r"\bTEXT\b", PG_TYPES["TEXT"], _SCHEMA)
    return re.sub(r"\bINTEGER\b", PG_TYPES["INTEGER"], text)


def migrate(db, path: str, read_only: bool = False) -> None:
    """Check that `db` is a docgen harvest this docgen can use, and bring its layout up to date
    (nothing is written when `read_only`: an older layout then raises NeedsUpgrade). `path` is the
    store as shown to people (backend.label)."""
    names = db.all_names()
    has_meta = "meta" in names
    if not has_meta and names:
        if db.kind == "sqlite":
            raise StoreError(f"{path} is an SQLite database, but not one docgen made; give another -o path")
        raise StoreError(
            f"{path} has tables docgen did not make in schema {db.schema}; give an empty database, or "
            "another schema (add ?options=-csearch_path%3Ddocgen to the URL)"
        )
    if read_only and not names and db.kind == "postgresql":  # a report does not make a store where there is none
        raise StoreError(
            f"{path} holds no docgen harvest: schema {db.schema} is empty. Check the database and the schema "
            "the URL names, or harvest into it first (docgen harvest FOLDER -o URL)"
        )
    version = 0
    if has_meta:
        row = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        version = int(row[0]) if row else 0
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path} was made by a newer docgen (schema {version}); upgrade docgen to add to it")
    if read_only and version < SCHEMA_VERSION:
        raise NeedsUpgrade(f"{path} has an older layout: open it once where it can be written, to upgrade it")
    if read_only or version == SCHEMA_VERSION:
        return
    with Atomic(db):  # executescript would commit on its own: run statements one by one
        if db.kind == "postgresql":  # a PostgreSQL store is made at the current layout
            statements = [*_statements(_pg_schema()), OWNER_SQL]  # OWNER_SQL: one script, as it is
        else:
            steps = [_SCHEMA] if version == 0 else _MIGRATIONS[version - 1 :]
            statements = [s for step in steps for s in _statements(step)]
        for statement in statements:
            db.execute(statement)
        db.execute(db.upsert("meta", ("key", "value"), ("key",)), ("schema_version", str(SCHEMA_VERSION)))


def _statements(script: str) -> list[str]:
    return [s for s in script.split(";") if s.strip()]


def open_store(target: Target, shown: str, read_only: bool):
    """A connection to the store, its layout checked and brought up to date (`shown`: the target as
    people see it, backend.label)."""
    if is_url(target):
        try:
            db = connect(target, read_only)
        except db_errors() as exc:
            raise StoreError(f"cannot open the store {shown}: {first_line(exc)}") from None
        try:
            migrate(db, shown, read_only)
        except db_errors() as exc:
            db.close()
            raise StoreError(f"cannot use the store {shown}: {first_line(exc)}") from None
        except StoreError:  # not a docgen store, a newer one, an empty schema read: no connection left open
            db.close()
            raise
        return db
    path = Path(target)
    if not path.exists() and not read_only:  # it will hold children's names: readable by its owner only
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    try:
        if read_only:
            db = open_read_only(path)
        else:
            db = connect(path)
            db.execute("PRAGMA journal_mode=WAL")  # with WAL, a killed process loses no commit
            db.execute("PRAGMA synchronous=NORMAL")
            # a harvest inserts in content-hash order, all over the tables: keep more of them in memory
            db.execute("PRAGMA cache_size=-32768")  # up to 32 MB
        migrate(db, str(path), read_only)
    except db_errors() as exc:
        if isinstance(exc, PendingChanges) or "unable to open" in str(exc):  # not about what the file holds
            raise StoreError(f"cannot read {path}: {exc}") from None
        raise StoreError(f"{path} is not a docgen harvest database ({exc})") from None
    return db


class Atomic:
    """One transaction: committed when the block ends, rolled back if it raises."""

    def __init__(self, db):
        self.db = db

    def __enter__(self):
        self.db.begin()
        return self.db

    def __exit__(self, kind, exc, tb):
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
        return False
