"""Opening a harvest database for reading only (`Store(path, read_only=True)`, used by the report).

SQLite opens it read-only (URI `mode=ro`). A WAL database also needs its -shm file; where that
cannot be created (read-only storage, a read-only folder), the file is read as it stands
(`immutable=1`). That is the whole database unless a -wal file still holds commits (a harvest
killed where the folder then became read-only): then it says so rather than read an older state.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from ..errors import DocgenError
from .backend import SqliteDb


class NeedsUpgrade(DocgenError):
    """Opened read-only, the database has an older layout that only a writable open can upgrade."""


class PendingChanges(sqlite3.OperationalError, DocgenError):
    """The database's -wal file holds commits that a read-only open cannot see."""


def open_read_only(path: Path) -> sqlite3.Connection:
    uri = "file:" + quote(str(path.resolve()))
    db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, timeout=30, factory=SqliteDb)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.OperationalError:  # "unable to open database file": the -shm cannot be made
        db.close()
    wal = path.with_name(path.name + "-wal")
    if wal.is_file() and wal.stat().st_size:
        raise PendingChanges(
            f"changes are still in {wal.name} and the folder cannot be written; copy the "
            "database with that file to a folder you can write to, and report from there"
        )
    return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None, factory=SqliteDb)
