"""The typed tables of the harvest database: one per form kind, one per repeat, a column per field.

`TypedTables` inserts a record's rows, creating a table or adding the columns a newer form version
brought (schema migration by data), each column of the SQL type its field type says
(docgen/forms/fields.py); it says whether the columns hold the values exactly, so the Store
(store.py) knows when to keep the record as JSON as well. It also drops the rows no path needs.
"""

from __future__ import annotations

import json

from ..forms.fields import type_of
from .backend import q
from .forms import safe_columns, safe_table


def _sql_type(field_type: str) -> str:
    """A field's column type, as its field type says (TEXT for a type this docgen does not know)."""
    return type_of(field_type).sql_type


class TypedTables:
    """Writes rows into the typed tables of one database (the INSERT statements cached by table,
    field ids and form hash; `forget()` after a rollback, which may have undone tables and columns)."""

    def __init__(self, db):
        self.db = db
        self._sql: dict[tuple, tuple[str, bool, tuple]] = {}  # (table, names, form hash) -> INSERT, exact, types

    def forget(self) -> None:
        self._sql.clear()

    def insert(
        self, table: str, meta_names: tuple, metas: list, shape: dict, rows: list, types: dict, key: str, form_hash: str
    ) -> bool:
        """Insert rows that share the keys of `shape` (the field ids, in order) after `meta_names`.
        True when every column has the type of its field in this form (so it holds the values exactly)."""
        names = tuple(shape)
        hit = self._sql.get((table, names, form_hash))
        if hit is None:
            safe_table(table)  # never the store's own tables, nor a column it keeps for itself
            safe_columns(names)
            columns = (*meta_names, *names)
            exact, column_types = self._ensure(table, meta_names, names, types, key)
            upsert = self.db.upsert(table, columns, [k.strip() for k in key.split(",")])
            hit = self._sql[(table, names, form_hash)] = (upsert, exact, column_types)
        plain = _PLAIN
        if self.db.kind != "sqlite":  # a column holds only its own type there: see backend.PgDb.coerce
            return self._insert_strict(hit, metas, rows)
        self.db.executemany(
            hit[0],
            [
                (*meta, *[v if v.__class__ in plain else _cell(v) for v in row])
                for meta, row in zip(metas, rows, strict=True)
            ],
        )
        return hit[1]

    def _insert_strict(self, hit: tuple, metas: list, rows: list) -> bool:
        sql, exact, column_types = hit
        coerce, kept = self.db.coerce, True
        values = []
        for meta, row in zip(metas, rows, strict=True):
            cells = list(meta)
            for value, sql_type in zip(row, column_types, strict=True):
                cell, whole = coerce(_cell(value), sql_type)
                cells.append(cell)
                kept &= whole
            values.append(cells)
        self.db.executemany(sql, values)
        return exact and kept

    def _ensure(self, table: str, meta_names: tuple, names: tuple, types: dict, key: str) -> tuple[bool, tuple]:
        """Create the table, or add the columns a newer form version brought (schema migration by data).
        Returns whether each field's column has the SQL type of the field's type here, and the columns' types."""
        wanted = {name: _sql_type(types.get(name, "")) for name in names}
        columns = self.db.column_types(table)
        if not columns:
            defined = {c: "INTEGER" if c == "_row" else "TEXT" for c in meta_names} | wanted
            self.db.ensure_table(table, defined, [k.strip() for k in key.split(",")], new=True)
            return True, tuple(wanted.values())
        missing = {name: sql_type for name, sql_type in wanted.items() if name not in columns}
        if missing:
            self.db.ensure_table(table, missing, [k.strip() for k in key.split(",")], new=False)
            columns.update(missing)
        exact = all(columns[name] == sql_type for name, sql_type in wanted.items())
        return exact, tuple(columns[name] for name in names)

    def drop_record_if_unused(self, sha256: str) -> None:
        if self.db.execute("SELECT 1 FROM documents WHERE sha256 = ? LIMIT 1", (sha256,)).fetchone():
            return
        self.db.execute("DELETE FROM issues WHERE _sha256 = ?", (sha256,))
        for table in self.db.table_names():
            if table not in ("issues", "documents", "history") and "_sha256" in self.db.column_types(table):
                self.db.execute(f"DELETE FROM {q(table)} WHERE _sha256 = ?", (sha256,))


_PLAIN = frozenset({str, int, float, type(None)})  # stored as they are (bool is not int here: see _cell)


def _cell(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value
