"""Looking inside a harvest store from a test, whichever engine holds it: a Path is an SQLite file,
a postgresql:// URL a PostgreSQL schema (see the store_target fixture).

connect_store(target) stands in for sqlite3.connect(db): docgen's own connection (backend.py), so
`.execute(sql, params)` takes `?` placeholders in both engines and rows are tuples; table_names and
column_names stand in for sqlite_master and PRAGMA table_info; snapshot gives every table's rows,
to compare two stores table by table.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docgen.harvest.backend import connect, is_url

__all__ = ["column_names", "connect_store", "is_url", "snapshot", "table_names"]


def connect_store(target: Path | str) -> Any:
    """An open connection to the store at `target` (autocommit: a test that reads holds no lock)."""
    return connect(target)


def table_names(con: Any) -> set[str]:
    """The store's tables (views not included)."""
    return set(con.table_names())


def column_names(con: Any, table: str) -> list[str]:
    """The table's columns, in order."""
    return list(con.column_types(table))


def snapshot(con: Any, skip_tables: Iterable[str] = (), skip_columns: Iterable[str] = ()) -> dict[str, list[tuple]]:
    """Every table's rows, in a stable order, to compare two stores table by table (as a harvest
    run twice, or two at once, against one clean harvest). skip_columns leaves out columns whose
    values differ by design between runs (harvested_at, for instance) wherever they appear."""
    skipped = set(skip_columns)
    tables: dict[str, list[tuple]] = {}
    for table in sorted(table_names(con) - set(skip_tables)):
        # by name: a typed table's columns come in the order its form versions first arrived in
        kept = sorted(name for name in column_names(con, table) if name not in skipped)
        if not kept:
            continue
        listed = ", ".join(f'"{name}"' for name in kept)
        rows = con.execute(f'SELECT {listed} FROM "{table}"').fetchall()
        tables[table] = sorted((tuple(row) for row in rows), key=repr)
    return tables
