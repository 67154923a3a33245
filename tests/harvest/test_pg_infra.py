"""The test infrastructure for PostgreSQL stores: pg_url gives each test a fresh, empty schema
that is gone after it, with no password in the URL; store_target runs a test on both engines;
connect_store looks inside either; without a server the PostgreSQL tests skip saying how to
get one, and fail instead under DOCGEN_REQUIRE_PG=1.

The fixtures' own behaviour across tests (different schemas, dropped after, skip or fail) is
checked by running a small test file in a pytest of its own (pytester)."""

from __future__ import annotations

import os
import secrets
import socket
import sqlite3
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from docgen.harvest.backend import pg_placeholders as placeholders
from tests.helpers import pg
from tests.helpers.stores import column_names, connect_store, snapshot, table_names

pytest_plugins = ["pytester"]

INNER_CONFTEST = "from tests.conftest import pg_server, pg_url, store_target  # noqa: F401\n"

INNER_TESTS = """
import os
import psycopg

def _note(pg_url):
    with psycopg.connect(pg_url) as con:
        schema = con.execute("SELECT current_schema()").fetchone()[0]
        con.execute("CREATE TABLE left_behind (x integer)")
    with open(os.environ["SEEN_SCHEMAS"], "a") as seen:
        seen.write(schema + "\\n")

def test_one(pg_url):
    _note(pg_url)

def test_two(pg_url):
    _note(pg_url)
"""

INNER_TARGETS = """
from pathlib import Path

def test_target(store_target):
    assert isinstance(store_target, (Path, str))
"""


def _schema_exists(admin, name: str) -> bool:
    return admin.execute("SELECT count(*) FROM pg_namespace WHERE nspname = %s", (name,)).fetchone()[0] == 1


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- with a server -----------------------------------------------------------------------------


def test_pg_url_is_a_fresh_empty_schema_first_on_the_search_path(pg_url):
    import psycopg

    with psycopg.connect(pg_url) as con:
        schema, path = con.execute("SELECT current_schema(), current_setting('search_path')").fetchone()
        tables = con.execute("SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace")
        assert tables.fetchone()[0] == 0
        con.execute("CREATE TABLE meta (key text PRIMARY KEY, value text)")
        assert con.execute("SELECT to_regclass(%s)", (f'"{schema}".meta',)).fetchone()[0] is not None
    assert schema.startswith(pg.SCHEMA_PREFIX)
    assert path == schema


def test_pg_url_names_no_password(pg_url):
    parts = urlsplit(pg_url)
    assert parts.scheme == "postgresql"
    assert parts.password is None
    assert parse_qs(parts.query)["options"][0].startswith("-csearch_path=")
    passfile = os.environ.get("PGPASSFILE")
    if passfile and Path(passfile).is_file():
        passwords = [line.rstrip("\n").rsplit(":", 1)[-1] for line in Path(passfile).read_text().splitlines()]
        assert passwords, "the password file is empty"
        assert not any(password and password in pg_url for password in passwords)


def test_two_tests_get_different_schemas_each_gone_after(pg_server, pytester, monkeypatch, tmp_path):
    seen = tmp_path / "seen.txt"
    monkeypatch.setenv("SEEN_SCHEMAS", str(seen))
    pytester.makeconftest(INNER_CONFTEST)
    pytester.makepyfile(test_inner=INNER_TESTS)
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    schemas = seen.read_text().split()
    assert len(schemas) == 2
    assert schemas[0] != schemas[1]
    assert all(name.startswith(pg.SCHEMA_PREFIX) for name in schemas)
    admin = pg_server.admin()
    assert [_schema_exists(admin, name) for name in schemas] == [False, False]


def test_a_connection_left_holding_a_lock_does_not_stop_the_schema_going(pg_server):
    import psycopg

    admin = pg_server.admin()
    with pytest.warns(UserWarning, match="still open"), pg.fresh_schema(admin, pg_server.url) as url:
        leaked = psycopg.connect(url)
        schema = leaked.execute("SELECT current_schema()").fetchone()[0]
        leaked.execute("CREATE TABLE t (x integer)")  # its transaction is left open, holding t's lock
    assert not _schema_exists(admin, schema)
    with pytest.raises(psycopg.OperationalError):
        leaked.execute("SELECT 1")
    leaked.close()


def test_roles_the_test_made_for_its_schema_go_with_it(pg_server):
    from psycopg import sql

    admin = pg_server.admin()
    tag = secrets.token_hex(4)
    agency, user, unrelated = f"t{tag}_agency_north", f"t{tag}_north_user", f"t{tag}_elsewhere"
    with pg.fresh_schema(admin, pg_server.url) as url:
        schema = parse_qs(urlsplit(url).query)["options"][0].split("=", 1)[1]
        for role in (agency, user, unrelated):
            admin.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
        admin.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(schema), sql.Identifier(agency)))
        admin.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(agency), sql.Identifier(user)))
    try:
        left = admin.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s ORDER BY 1", (f"t{tag}_%",))
        assert [name for (name,) in left] == [unrelated]  # a role with no tie to the schema is not the test's to drop
    finally:
        admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(unrelated)))


def test_store_target_is_a_path_or_a_url_and_connect_store_reads_either(store_target, request):
    engine = request.node.callspec.id
    if engine == "sqlite":
        assert isinstance(store_target, Path)
        assert store_target.name == "harvest.db"
    else:
        assert engine == "postgresql"
        assert isinstance(store_target, str)
        assert store_target.startswith("postgresql://")
    con = connect_store(store_target)
    try:
        assert table_names(con) == set()
        con.execute("CREATE TABLE documents (path TEXT PRIMARY KEY, code TEXT, issue_count INTEGER)")
        con.execute("INSERT INTO documents VALUES (?, ?, ?)", ("a?b%.docx", "ok", 2))
        con.executemany("INSERT INTO documents VALUES (?, ?, ?)", [("c.pdf", "50%", 0), ("d.pdf", None, 1)])
        rows = con.execute("SELECT path, code, issue_count FROM documents WHERE code LIKE '%' ORDER BY path")
        assert rows.fetchall() == [("a?b%.docx", "ok", 2), ("c.pdf", "50%", 0)]
        row = con.execute("SELECT count(*) FROM documents WHERE path <> '?' AND issue_count > ?", (0,)).fetchone()
        assert row == (2,)
        assert table_names(con) == {"documents"}
        assert column_names(con, "documents") == ["path", "code", "issue_count"]
        # columns by name (issue_count, path), rows sorted
        assert snapshot(con, skip_columns=["code"]) == {"documents": [(0, "c.pdf"), (1, "d.pdf"), (2, "a?b%.docx")]}
        assert snapshot(con, skip_tables=["documents"]) == {}
    finally:
        con.close()
    if engine == "sqlite":
        assert sqlite3.connect(store_target).execute("SELECT count(*) FROM documents").fetchone() == (3,)


# --- without a server (these always run) ---------------------------------------------------------


def _run_inner_targets(pytester, monkeypatch, url: str | None, require: bool):
    if url is None:
        monkeypatch.delenv(pg.URL_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(pg.URL_VARIABLE, url)
    if require:
        monkeypatch.setenv(pg.REQUIRE_VARIABLE, "1")
    else:
        monkeypatch.delenv(pg.REQUIRE_VARIABLE, raising=False)
    pytester.makeconftest(INNER_CONFTEST)
    pytester.makepyfile(test_inner=INNER_TARGETS)
    return pytester.runpytest_inprocess("-p", "no:cacheprovider", "-rsf", "-v")


def test_without_a_server_the_postgresql_tests_skip_saying_how_to_get_one(pytester, monkeypatch):
    result = _run_inner_targets(pytester, monkeypatch, url=None, require=False)
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["*test_target?sqlite? PASSED*", "*test_target?postgresql? SKIPPED*"])
    result.stdout.fnmatch_lines(["SKIPPED*DOCGEN_TEST_PG is not set*./.ci/postgres start*"])


def test_a_server_that_does_not_answer_skips_saying_why(pytester, monkeypatch):
    url = f"postgresql://docgen_test:hunter2secret@127.0.0.1:{_closed_port()}/docgen_test"
    result = _run_inner_targets(pytester, monkeypatch, url=url, require=False)
    result.assert_outcomes(passed=1, skipped=1)
    server = "postgresql://docgen_test:[*][*][*]@127.0.0.1"  # the password shown as ***
    result.stdout.fnmatch_lines([f"SKIPPED*No connection to the PostgreSQL server at {server}*.ci/postgres start*"])
    assert "hunter2secret" not in result.stdout.str()


def test_require_pg_makes_a_missing_server_fail(pytester, monkeypatch):
    result = _run_inner_targets(pytester, monkeypatch, url=None, require=True)
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*DOCGEN_TEST_PG is not set*DOCGEN_REQUIRE_PG=1*./.ci/postgres start*"])


# --- the helpers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u@h:5/db", "postgresql://u@h:5/db?options=-csearch_path%3Ds1"),
        ("postgresql://u@h/db?sslmode=disable", "postgresql://u@h/db?sslmode=disable&options=-csearch_path%3Ds1"),
        (
            "postgres://u@h/db?options=-cwork_mem%3D64MB&application_name=t",
            "postgres://u@h/db?application_name=t&options=-cwork_mem%3D64MB%20-csearch_path%3Ds1",
        ),
    ],
)
def test_with_search_path_joins_any_query_string(url, expected):
    assert pg.with_search_path(url, "s1") == expected


def test_without_password_hides_only_the_password():
    assert pg.without_password("postgresql://me:s3cret@db.example:5432/x") == "postgresql://me:***@db.example:5432/x"
    assert pg.without_password("postgresql://me@db.example/x") == "postgresql://me@db.example/x"


def test_placeholders_leave_quoted_question_marks_and_double_percent_signs():
    sql = "SELECT ? , '?', \"a?\" FROM t WHERE x LIKE '5%' AND y = ?"
    assert placeholders(sql) == "SELECT %s , '?', \"a?\" FROM t WHERE x LIKE '5%%' AND y = %s"
