"""The harvest database's layout: its tables, the upgrades from older layouts, one transaction.

`migrate` creates the tables of a new database, or upgrades an older one step by step
(`meta.schema_version` says which layout a file has; `_MIGRATIONS[i]` upgrades i+1 to i+2); the
Store (store.py) opens a database through it. What each table holds is said in store.py.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import DocgenError
from .readonly import NeedsUpgrade

SCHEMA_VERSION = 2
STATUSES = ("ok", "ok_with_issues", "failed")


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
    path TEXT PRIMARY KEY, size INTEGER, sha256 TEXT NOT NULL, document_id TEXT, form_id TEXT,
    form_version TEXT, kind TEXT, policy_id TEXT, policy_version TEXT, policy_digest TEXT,
    status TEXT NOT NULL, code TEXT, message TEXT, issue_count INTEGER NOT NULL DEFAULT 0,
    harvested_at TEXT, form_hash TEXT, manifest TEXT, record TEXT);
CREATE INDEX IF NOT EXISTS documents_sha256 ON documents (sha256);
CREATE INDEX IF NOT EXISTS documents_document_id ON documents (document_id);
CREATE TABLE IF NOT EXISTS issues (_sha256 TEXT NOT NULL, field TEXT, code TEXT, message TEXT);
CREATE INDEX IF NOT EXISTS issues_sha256 ON issues (_sha256);
CREATE TABLE IF NOT EXISTS forms (
    fields_hash TEXT PRIMARY KEY, form_id TEXT, form_version TEXT, kind TEXT, policy_id TEXT,
    policy_version TEXT, policy_digest TEXT, fields TEXT NOT NULL, repeats TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS history (
    path TEXT NOT NULL, sha256 TEXT NOT NULL, document_id TEXT, status TEXT, code TEXT,
    harvested_at TEXT, replaced_at TEXT, record TEXT);
CREATE TABLE IF NOT EXISTS runs (
    started_at TEXT, finished_at TEXT, folders TEXT, files INTEGER, ok INTEGER,
    with_issues INTEGER, failed INTEGER, unchanged INTEGER);
"""

# Each entry upgrades a database from version i+1 to i+2.
_MIGRATIONS: list[str] = [
    # 1 -> 2: records are read back from the typed tables; `record` keeps the JSON of rows made before
    "ALTER TABLE documents ADD COLUMN form_hash TEXT; ALTER TABLE documents ADD COLUMN manifest TEXT; "
    "UPDATE documents SET manifest = json_extract(record, '$.document') WHERE record IS NOT NULL",
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
)
INSERT_DOCUMENT = f"INSERT INTO documents ({', '.join(DOCUMENT_COLUMNS)}) VALUES ({', '.join('?' * 18)})"
OLD = (
    "SELECT sha256, document_id, status, code, harvested_at, form_hash, manifest, record FROM documents WHERE path = ?"
)


class StoreError(DocgenError):
    """The database cannot be used (not a docgen harvest, newer than this docgen, locked)."""


def migrate(db: sqlite3.Connection, path: Path, read_only: bool = False) -> None:
    """Check that `db` is a docgen harvest this docgen can use, and bring its layout up to date
    (nothing is written when `read_only`: an older layout then raises NeedsUpgrade)."""
    has_meta = db.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone()
    if not has_meta and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise StoreError(f"{path} is an SQLite database, but not one docgen made; give another -o path")
    version = 0
    if has_meta:
        row = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        version = int(row[0]) if row else 0
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path} was made by a newer docgen (schema {version}); upgrade docgen to add to it")
    if read_only and version < SCHEMA_VERSION:
        raise NeedsUpgrade(f"{path} has an older layout: open it once where it can be written, to upgrade it")
    if read_only:
        return
    with Atomic(db):  # executescript would commit on its own: run statements one by one
        steps = [_SCHEMA] if version == 0 else _MIGRATIONS[version - 1 :]
        for statement in (s for step in steps for s in step.split(";") if s.strip()):
            db.execute(statement)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))


class Atomic:
    """One transaction: committed when the block ends, rolled back if it raises."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind, exc, tb):
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
        return False
