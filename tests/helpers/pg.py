"""The PostgreSQL server the store tests use: the one DOCGEN_TEST_PG names (`./.ci/postgres start`
makes a throwaway one), with a fresh, empty schema for each test.

Without a server the PostgreSQL tests skip, saying how to get one; with DOCGEN_REQUIRE_PG=1 (as
.ci/run sets) they fail instead, so none can skip in CI. The URL a test gets names no password:
libpq finds it in PGPASSFILE (or ~/.pgpass, PGPASSWORD, a service file), as it would for a user.
"""

from __future__ import annotations

import os
import secrets
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn
from urllib.parse import parse_qsl, quote, unquote, urlsplit, urlunsplit

import pytest

URL_VARIABLE = "DOCGEN_TEST_PG"
REQUIRE_VARIABLE = "DOCGEN_REQUIRE_PG"
HOW_TO_GET_ONE = (
    "Start a throwaway server with `./.ci/postgres start` and source the env file it prints "
    "(`. /tmp/docgen-pg/env`), or set DOCGEN_TEST_PG to a database on a server of your own "
    "(postgresql://user@host:port/dbname; the password from PGPASSFILE or ~/.pgpass)."
)
SCHEMA_PREFIX = "docgen_test_"
LOCK_WAIT = "2s"  # how long dropping a schema waits for a lock before ending what holds it


def unavailable(reason: str) -> NoReturn:
    """Skip the test for want of a server, or fail it when DOCGEN_REQUIRE_PG=1."""
    reason = reason if reason.endswith((".", "?", "!")) else reason + "."
    if os.environ.get(REQUIRE_VARIABLE) == "1":
        pytest.fail(f"{reason} ({REQUIRE_VARIABLE}=1, so this fails rather than skips.) {HOW_TO_GET_ONE}")
    pytest.skip(f"{reason} {HOW_TO_GET_ONE}")


def without_password(url: str) -> str:
    """The URL as it may be printed: any password in it replaced by ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def with_search_path(url: str, schema: str) -> str:
    """The URL with `options=-csearch_path=<schema>` added to its query string (joined to any
    `options` already there), so every connection made from it works in that schema."""
    parts = urlsplit(url)
    setting = f"-csearch_path={schema}"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if any(key == "options" for key, _ in pairs):
        kept = [p for p in parts.query.split("&") if p and unquote(p.split("=", 1)[0]) != "options"]
        options = " ".join(value for key, value in pairs if key == "options")
        query = "&".join([*kept, "options=" + quote(f"{options} {setting}", safe="")])
    else:
        query = "&".join(p for p in (parts.query, "options=" + quote(setting, safe="")) if p)
    return urlunsplit(parts._replace(query=query))


def server_url() -> str:
    """DOCGEN_TEST_PG, or skip (fail) saying how to set it."""
    url = os.environ.get(URL_VARIABLE, "").strip()
    if not url:
        unavailable(f"No PostgreSQL server for this test: {URL_VARIABLE} is not set")
    if not url.startswith(("postgresql://", "postgres://")):
        unavailable(f"{URL_VARIABLE} should be a URL beginning postgresql://, not {without_password(url)!r}")
    return url


def admin_connection(url: str) -> Any:
    """An autocommit connection to the server, or skip (fail) saying why there is none."""
    try:
        import psycopg
    except ImportError:
        unavailable('psycopg is not installed: pip install "psycopg[binary]"')
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        detail = " ".join(str(exc).split())
        unavailable(f"No connection to the PostgreSQL server at {without_password(url)}: {detail}")


class Server:
    """The test server: its URL and one autocommit connection that makes and drops the schemas."""

    def __init__(self) -> None:
        self.url = server_url()
        self._admin = admin_connection(self.url)

    def admin(self) -> Any:
        if self._admin.closed or self._admin.broken:
            self._admin = admin_connection(self.url)
        return self._admin

    def close(self) -> None:
        self._admin.close()


@contextmanager
def fresh_schema(admin: Any, url: str) -> Iterator[str]:
    """A new, empty schema (random name) for one test: yields the URL that works in it; drops it after."""
    schema = SCHEMA_PREFIX + secrets.token_hex(6)
    roles_before = [name for (name,) in admin.execute("SELECT rolname FROM pg_roles")]
    admin.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield with_search_path(url, schema)
    finally:
        roles = admin.execute(_ROLES_OF_THE_SCHEMA, {"schema": f'"{schema}"', "before": roles_before}).fetchall()
        drop_schema(admin, schema)
        drop_roles(admin, [name for (name,) in roles])


# Roles belong to the whole server, not to a schema: those made during the test that own, may use
# or are named by a policy on something in its schema (such as a store's agency roles), and the
# roles that are members of them, are dropped with it, so that none is left behind for the next test.
_ROLES_OF_THE_SCHEMA = """
WITH ns AS (SELECT %(schema)s::regnamespace AS oid),
tied AS (
  SELECT n.nspowner AS role FROM pg_namespace n, ns WHERE n.oid = ns.oid
  UNION SELECT a.grantee FROM pg_namespace n, ns, aclexplode(n.nspacl) a WHERE n.oid = ns.oid
  UNION SELECT c.relowner FROM pg_class c, ns WHERE c.relnamespace = ns.oid
  UNION SELECT a.grantee FROM pg_class c, ns, aclexplode(c.relacl) a WHERE c.relnamespace = ns.oid
  UNION SELECT p.proowner FROM pg_proc p, ns WHERE p.pronamespace = ns.oid
  UNION SELECT a.grantee FROM pg_proc p, ns, aclexplode(p.proacl) a WHERE p.pronamespace = ns.oid
  UNION SELECT unnest(pol.polroles) FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid, ns
    WHERE c.relnamespace = ns.oid
)
SELECT r.rolname FROM pg_roles r
WHERE r.rolname <> ALL(%(before)s::text[]) AND r.rolname <> current_user
  AND (r.oid IN (SELECT role FROM tied)
       OR r.oid IN (SELECT m.member FROM pg_auth_members m WHERE m.roleid IN (SELECT role FROM tied)))
ORDER BY r.rolname
"""


def drop_roles(admin: Any, roles: list[str]) -> None:
    """DROP OWNED BY and DROP ROLE for each of roles (made by the test just ended)."""
    import psycopg
    from psycopg import sql

    for role in roles:
        admin.execute(sql.SQL("DROP OWNED BY {} CASCADE").format(sql.Identifier(role)))
    for role in roles:
        try:
            admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
        except psycopg.Error as exc:
            warnings.warn(f"the test's role {role} could not be dropped: {exc}", stacklevel=1)


def drop_schema(admin: Any, schema: str) -> None:
    """DROP SCHEMA ... CASCADE; a connection the test left holding a lock in it is ended first
    (with a warning), rather than the drop waiting for it for ever."""
    import psycopg

    admin.execute(f"SET lock_timeout = '{LOCK_WAIT}'")
    try:
        admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        return
    except psycopg.errors.LockNotAvailable:
        pass
    ended = admin.execute(
        # a lock on the schema itself (a table made in it, not yet committed) or on a table in it
        "SELECT count(pg_terminate_backend(pid)) FROM (SELECT DISTINCT l.pid FROM pg_locks l"
        " LEFT JOIN pg_class c ON c.oid = l.relation"
        " WHERE l.pid <> pg_backend_pid() AND (c.relnamespace = %s::regnamespace OR (l.locktype = 'object'"
        " AND l.classid = 'pg_namespace'::regclass AND l.objid = %s::regnamespace))) AS holders",
        (f'"{schema}"', f'"{schema}"'),
    ).fetchone()
    warnings.warn(
        f"a connection to schema {schema} was still open, holding a lock, after the test; ended {ended[0]}",
        stacklevel=1,
    )
    admin.execute("SET lock_timeout = '30s'")
    admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
