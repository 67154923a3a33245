"""Looking inside a harvest store from a test, whichever engine holds it: a Path is a SQLite file,
a postgresql:// URL a PostgreSQL schema (see the store_target fixture).

connect_store(target) stands in for sqlite3.connect(db): `.execute(sql, params)` with `?`
placeholders, rows as tuples. table_names and column_names stand in for sqlite_master and
PRAGMA table_info; snapshot gives every table's rows, to compare two stores. Test-only:
docgen's own code opens stores through docgen.harvest.backend.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

URL_PREFIXES = ("postgresql://", "postgres://")


def is_url(target: object) -> bool:
    return isinstance(target, str) and target.startswith(URL_PREFIXES)


def connect_store(target: Path | str) -> Any:
    """A connection to the store at target: sqlite3's for a path, PgStore for a PostgreSQL URL."""
    if is_url(target):
        return PgStore(str(target))
    return sqlite3.connect(target)


def placeholders(sql: str) -> str:
    """sqlite3's `?` placeholders as psycopg's `%s` (and a literal `%` as `%%`), leaving any `?`
    inside a quoted string or identifier alone."""
    out: list[str] = []
    quote = ""
    for char in sql:
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "?":
            out.append("%s")
            continue
        out.append("%%" if char == "%" else char)
    return "".join(out)


class PgStore:
    """A psycopg connection (autocommit, so a test that reads never holds a lock a harvest waits
    for) that takes SQL as sqlite3 does. Closing it, or leaving a `with` block, closes it."""

    kind = "postgresql"

    def __init__(self, url: str) -> None:
        import psycopg

        self.connection = psycopg.connect(url, autocommit=True)

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        if not params:
            return self.connection.execute(sql)
        return self.connection.execute(placeholders(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Any:
        cursor = self.connection.cursor()
        cursor.executemany(placeholders(sql), [tuple(row) for row in rows])
        return cursor

    def commit(self) -> None:
        """Nothing to do: every statement commits as it runs (as sqlite3's commit after a write)."""

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> PgStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def table_names(con: Any) -> set[str]:
    """The store's tables (views not included)."""
    if isinstance(con, sqlite3.Connection):
        return {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        " AND table_type = 'BASE TABLE'"
    )
    return {name for (name,) in rows}


def column_names(con: Any, table: str) -> list[str]:
    """The table's columns, in order."""
    if isinstance(con, sqlite3.Connection):
        return [row[1] for row in con.execute(f'PRAGMA table_info("{table}")')]
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
        " AND table_name = ? ORDER BY ordinal_position",
        (table,),
    )
    return [name for (name,) in rows]


def snapshot(con: Any, skip_tables: Iterable[str] = (), skip_columns: Iterable[str] = ()) -> dict[str, list[tuple]]:
    """Every table's rows, in a stable order, to compare two stores table by table (as a harvest
    run twice, or two at once, against one clean harvest). skip_columns leaves out columns whose
    values differ by design between runs (harvested_at, for instance) wherever they appear."""
    skipped = set(skip_columns)
    tables: dict[str, list[tuple]] = {}
    for table in sorted(table_names(con) - set(skip_tables)):
        kept = [name for name in column_names(con, table) if name not in skipped]
        if not kept:
            continue
        listed = ", ".join(f'"{name}"' for name in kept)
        rows = con.execute(f'SELECT {listed} FROM "{table}"').fetchall()
        tables[table] = sorted((tuple(row) for row in rows), key=repr)
    return tables
