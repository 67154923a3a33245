"""Where a harvest store lives, and one connection API over its two engines.

A *store target* is a path (an SQLite file: one agency on one machine, the default) or a URL
beginning `postgresql://` or `postgres://` (a PostgreSQL database: a partnership's shared store,
read live by Power BI). `connect(target)` gives a connection with the sqlite3 API the store
already speaks (`execute`, `executemany` with `?` placeholders, cursors with `fetchone`,
`fetchall`, `description`), plus what differs between the engines: the catalogue (`table_names`,
`column_types`), the SQL of an upsert, how a write transaction starts, creating typed tables and
labelled views. Everything above this module writes one SQL for both.

A password is never printed: `label(target)` is the target with any password removed, and a
password may come from PostgreSQL's own `PGPASSWORD`, `PGPASSFILE` or service file (`PGSERVICE`),
which libpq reads.
"""

from __future__ import annotations

import contextlib
import decimal
import functools
import os
import re
import sqlite3
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

Target = Path | str
SCHEMES = ("postgresql://", "postgres://")
LOCK_KEY = 0x646F6367656E  # "docgen": every writer of one PostgreSQL store takes turns on this advisory lock
# ... one lock per store (its schema): two stores in one database do not wait for each other's writers
STORE_LOCK = f"pg_advisory_xact_lock(hashtextextended(coalesce(current_schema(), ''), {LOCK_KEY}))"
_GENERIC = ("TEXT", "INTEGER", "NUMERIC")


def db_errors() -> tuple[type[BaseException], ...]:
    """The errors either engine raises (psycopg's only once a PostgreSQL store was opened: it is
    imported then, as it takes a good part of a second to load). Use as `except db_errors():`."""
    pg = sys.modules.get("psycopg")
    return (sqlite3.Error, pg.Error) if pg is not None else (sqlite3.Error,)


def is_url(target: object) -> bool:
    return isinstance(target, str) and target.lower().startswith(SCHEMES)


def as_target(value: str | Path) -> Target:
    """A command-line value as a target: a URL stays text, anything else is a path."""
    return value if is_url(value) else Path(value)


def label(target: Target) -> str:
    """The target as shown to people: a URL without its password (and without its query string,
    which may carry one too)."""
    if not is_url(target):
        return str(target)
    parts = urlsplit(str(target))
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    user = f"{parts.username}@" if parts.username else ""
    service = [p for p in parts.query.split("&") if p.lower().startswith("service=")]  # (no secret in it)
    return f"{parts.scheme}://{user}{host}{parts.path}" + (f"?{service[0]}" if service else "")


def has_password(url: str) -> bool:
    """Whether a URL carries a password (in its user part, or as `password=` in its query)."""
    parts = urlsplit(url)
    return bool(parts.password) or any(p.split("=")[0].lower() == "password" for p in parts.query.split("&"))


def refused(exc: BaseException) -> bool:
    """Whether PostgreSQL refused a write for want of rights: row-level security keeping another
    agency's rows from this role (SQLSTATE 42501)."""
    return getattr(exc, "sqlstate", None) == "42501"


def taken(exc: BaseException) -> bool:
    """Whether PostgreSQL refused a row whose key another row holds (SQLSTATE 23505): for an agency's
    role, a path another agency stored, which row-level security hides from it."""
    return getattr(exc, "sqlstate", None) == "23505"


def first_line(exc: BaseException) -> str:
    """A database error in one line (psycopg's messages run over several, with hints)."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def beside(target: Target, suffix: str) -> Path:
    """A file kept beside the store (problems.csv, the pseudonym secret, the exports' folder):
    beside an SQLite file, `harvest.db` + suffix; for a PostgreSQL store, in the current folder,
    named after the database (`partnership` + suffix), and its schema when the URL names one
    (`partnership-supervision` + suffix: two stores in one database keep their files apart)."""
    if is_url(target):
        query = dict(parse_qsl(urlsplit(str(target)).query))
        name = urlsplit(str(target)).path.strip("/") or query.get("service", "") or "postgresql"
        schema = re.search(r"-c\s*search_path\s*=\s*\"?([^\s,\"]+)", query.get("options", ""))
        if schema:
            name += "-" + schema.group(1)
        return Path("".join(c if c.isalnum() or c in "-_" else "_" for c in name) + suffix)
    path = Path(target)
    return path.with_name(path.stem + suffix) if suffix.startswith("-") else path.with_name(path.name + suffix)


def connect(target: Target, read_only: bool = False):
    """An open connection to the store (autocommit: the store begins and commits its own transactions)."""
    if is_url(target):
        return PgDb.open(str(target), read_only)
    return sqlite3.connect(target, isolation_level=None, timeout=30, factory=SqliteDb)


def q(name: str) -> str:
    """A table or column name, quoted for SQL (both engines)."""
    return '"' + name.replace("\0", "").replace('"', '""') + '"'


class SqliteDb(sqlite3.Connection):
    kind = "sqlite"

    def begin(self) -> None:
        self.execute("BEGIN IMMEDIATE")

    def pipeline(self):
        return contextlib.nullcontext()  # (one process, no round trips)

    def table_names(self) -> list[str]:
        return [r[0] for r in self.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]

    def all_names(self) -> list[str]:
        return [r[0] for r in self.execute("SELECT name FROM sqlite_master")]

    def column_types(self, table: str) -> dict[str, str]:
        return {row[1]: row[2] for row in self.execute(f"PRAGMA table_info({q(table)})")}

    def key_of(self, table: str) -> str:
        """The primary key's columns (the order of rows in an export, the same in both engines), or rowid."""
        key = sorted((row[5], row[1]) for row in self.execute(f"PRAGMA table_info({q(table)})") if row[5])
        return ", ".join(q(name) for _, name in key) or "rowid"

    def upsert(self, table: str, columns: Sequence[str], key: Sequence[str]) -> str:
        marks = ", ".join("?" * len(columns))
        return f"INSERT OR REPLACE INTO {q(table)} ({', '.join(map(q, columns))}) VALUES ({marks})"

    def insert_new(self, table: str, count: int) -> str:
        return f"INSERT OR IGNORE INTO {q(table)} VALUES ({', '.join('?' * count)})"

    def ensure_table(self, table: str, columns: dict[str, str], key: Sequence[str], new: bool) -> None:
        if new:  # one statement: each ALTER TABLE re-reads the whole schema
            defined = ", ".join(f"{q(c)} {t}" for c, t in columns.items())
            self.execute(f"CREATE TABLE {q(table)} ({defined}, PRIMARY KEY ({', '.join(map(q, key))}))")
            if "_policy_id" in columns:  # a report reads one policy's records (readback.py)
                self.execute(f"CREATE INDEX {q(table + ':policy')} ON {q(table)} (_policy_id)")  # (no table has a :)
            return
        for name, sql_type in columns.items():
            self.execute(f"ALTER TABLE {q(table)} ADD COLUMN {q(name)} {sql_type}")

    def bulk(self, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
        marks = ", ".join("?" * len(columns))
        self.executemany(f"INSERT INTO {q(table)} ({', '.join(map(q, columns))}) VALUES ({marks})", rows)

    def labelled_views(self, mark: str) -> list[str]:
        return [n for n, sql in self.execute("SELECT name, sql FROM sqlite_master WHERE type='view'") if mark in sql]

    def create_view(self, name: str, select: str, mark: str) -> None:
        self.execute(f"CREATE VIEW {q(name)} AS {mark} {select}")

    @staticmethod
    def coerce(value, sql_type: str):
        return value, True  # SQLite keeps any value in any column (the store checks the types)


class PgDb:
    """A psycopg connection with the sqlite3 API the store uses (see the module's docstring)."""

    kind = "postgresql"

    def __init__(self, conn):
        self.conn = conn
        self.schema = conn.execute("SELECT current_schema()").fetchone()[0]

    @classmethod
    def open(cls, url: str, read_only: bool) -> PgDb:
        try:
            import psycopg
        except ImportError:
            raise sqlite3.OperationalError(
                "this docgen was installed without psycopg: pip install 'psycopg[binary]'"
            ) from None
        conn = psycopg.connect(url, autocommit=True, connect_timeout=int(os.environ.get("PGCONNECT_TIMEOUT", 15)))
        conn.adapters.register_loader("numeric", _number_loader())
        if read_only:
            conn.execute("SET default_transaction_read_only = on")
        db = cls(conn)
        if db.schema is None:
            conn.close()
            raise sqlite3.OperationalError("the connection has no schema to work in (check search_path)")
        return db

    # the sqlite3 API

    def execute(self, sql: str, params: Sequence = ()):
        if params:
            return self.conn.execute(pg_placeholders(sql), [_clean(v) for v in params])
        return self.conn.execute(sql)

    def executemany(self, sql: str, rows: Iterable[Sequence]):
        values = [[_clean(v) for v in row] for row in rows]
        if len(values) == 1:  # one row (a record's own row, most often): psycopg's executemany costs ~5x more
            return self.conn.execute(pg_placeholders(sql), values[0])
        cursor = self.conn.cursor()
        cursor.executemany(pg_placeholders(sql), values)
        return cursor

    def close(self) -> None:
        self.conn.close()

    def pipeline(self):
        """Statements sent without waiting for each answer; an error is raised when the block ends."""
        return self.conn.pipeline()

    def fileno(self) -> int:
        """The session's socket (a forked worker closes its copy: harvest._Descriptor)."""
        return self.conn.fileno()

    # what differs

    def begin(self) -> None:
        self.conn.execute("BEGIN")
        self.conn.execute(f"SELECT {STORE_LOCK}")

    def table_names(self) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
                "AND table_type = 'BASE TABLE' ORDER BY table_name COLLATE \"C\"",
                (self.schema,),
            )
        ]

    def all_names(self) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (self.schema,)
            )
        ]

    def column_types(self, table: str) -> dict[str, str]:
        rows = self.conn.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = %s "
            "AND table_name = %s ORDER BY ordinal_position",
            (self.schema, table),
        )
        return {name: _PG_GENERIC.get(data_type, data_type.upper()) for name, data_type in rows}

    def key_of(self, table: str) -> str:
        """The primary key's columns (the order of rows in an export), or the first column."""
        rows = self.conn.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass(%s) AND i.indisprimary "
            "ORDER BY array_position(i.indkey, a.attnum)",
            (f"{q(self.schema)}.{q(table)}",),
        ).fetchall()
        return ", ".join(q(r[0]) for r in rows) or "1"  # (issues, history: in the order of their columns)

    def upsert(self, table: str, columns: Sequence[str], key: Sequence[str]) -> str:
        marks = ", ".join("?" * len(columns))
        rest = [c for c in columns if c not in key]
        action = "DO UPDATE SET " + ", ".join(f"{q(c)} = EXCLUDED.{q(c)}" for c in rest) if rest else "DO NOTHING"
        return (
            f"INSERT INTO {q(table)} ({', '.join(map(q, columns))}) VALUES ({marks}) "
            f"ON CONFLICT ({', '.join(map(q, key))}) {action}"
        )

    def insert_new(self, table: str, count: int) -> str:
        return f"INSERT INTO {q(table)} VALUES ({', '.join('?' * count)}) ON CONFLICT DO NOTHING"

    def ensure_table(self, table: str, columns: dict[str, str], key: Sequence[str], new: bool) -> None:
        """Through the store's own function (schema.py): an agency's role creates no table itself,
        so every table belongs to the store's owner and its row-level security holds."""
        self.conn.execute(
            "SELECT docgen_ensure_table(%s, %s, %s, %s)",
            (table, list(columns), list(columns.values()), list(key)),
        )

    def bulk(self, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
        with self.conn.cursor().copy(f"COPY {q(table)} ({', '.join(map(q, columns))}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([_clean(v) for v in row])

    def owns_store(self) -> bool:
        """Whether this role acts as the store's owner (who made its tables)."""
        row = self.conn.execute(
            "SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = to_regclass('meta')"
        ).fetchone()
        return bool(row and row[0])

    def labelled_views(self, mark: str) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relkind = 'v' AND obj_description(c.oid, 'pg_class') = %s",
                (self.schema, mark),
            )
        ]

    def create_view(self, name: str, select: str, mark: str) -> None:
        # security_invoker: a view reads with the rights of who reads it, so row-level security holds
        self.conn.execute(f"CREATE VIEW {q(name)} WITH (security_invoker = true) AS {select}")
        self.conn.execute(f"COMMENT ON VIEW {q(name)} IS {_literal(mark)}")

    @staticmethod
    def coerce(value, sql_type: str):
        """A value for a column of `sql_type`, and whether it is kept exactly: PostgreSQL refuses a
        value of another type (SQLite keeps it), so such a value is left out (None) and the store
        keeps the whole record as JSON too."""
        if value is None:
            return None, True
        if sql_type == "TEXT":
            if isinstance(value, str):
                # NUL as its visible symbol (as an XLSX export shows it): the exports keep that it was there
                return (value, True) if "\0" not in value else (value.replace("\0", "\u2400"), False)
            return str(value), False
        if isinstance(value, bool):
            return int(value), True
        if isinstance(value, int) and (sql_type != "INTEGER" or -(2**63) <= value < 2**63):
            return value, True
        if isinstance(value, float) and sql_type == "NUMERIC" and value == value and abs(value) != float("inf"):
            # as its shortest exact text: a float sent as such becomes NUMERIC with 15 digits (0.30000000000000004
            # would read back 0.3)
            return decimal.Decimal(repr(value)), True
        return None, False


_PG_GENERIC = {"text": "TEXT", "bigint": "INTEGER", "integer": "INTEGER", "numeric": "NUMERIC"}
PG_TYPES = {"TEXT": 'TEXT COLLATE "C"', "INTEGER": "BIGINT", "NUMERIC": "NUMERIC"}


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _clean(value):
    """PostgreSQL text cannot hold NUL: a message or an id read from a hostile file loses it."""
    if value.__class__ is str and "\0" in value:
        return value.replace("\0", "\ufffd")
    return value


@functools.lru_cache(maxsize=1024)
def pg_placeholders(sql: str) -> str:
    """`?` placeholders as psycopg's `%s` (and a literal `%` as `%%`), outside quoted text and names."""
    out, quote = [], ""
    for ch in sql:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "?":
            out.append("%s")
            continue
        if ch == "%":
            out.append("%%")
            continue
        out.append(ch)
    return "".join(out)


@functools.cache
def _number_loader():
    """NUMERIC read as SQLite gives it: an int when whole, else a float (not a Decimal)."""
    from psycopg.adapt import Loader

    class NumberLoader(Loader):
        def load(self, data):
            text = bytes(data).decode()
            try:
                return int(text)
            except ValueError:
                return float(text)

    return NumberLoader
