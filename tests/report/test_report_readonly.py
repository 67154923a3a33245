"""A report reads its harvest database without writing to it: on read-only storage (or in a folder
where SQLite cannot create its -wal and -shm files) it still reports, and only a file that is not
a docgen harvest database is called one. The same for a PostgreSQL store: a report changes nothing
in it, and a schema holding other tables, or a store of a newer docgen, is named as such."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.forms import build_form
from docgen.harvest import read_records
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from tests.helpers.policies import POLICIES, foreign_database
from tests.helpers.stores import connect_store, snapshot, table_names


@pytest.fixture()
def database(tmp_path):
    spec = build_form(load_policy(POLICIES / "leeds.yaml"), "agreement")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.docx").write_bytes(render_docx(spec, {"supervisee": "Ann Example"}).data)
    db = tmp_path / "db" / "h.db"
    result = CliRunner().invoke(main, ["harvest", str(tmp_path / "in"), "-o", str(db), "--no-progress", "--jobs", "1"])
    assert result.exit_code == 1 and db.exists(), result.output  # 1: the agreement is not signed
    return db


def _cannot_write_beside(db):
    """As on read-only storage: SQLite can create neither of its WAL files (here a folder holds each
    name, which stops root too, as a read-only mount would), and the database file is not changed."""
    for suffix in ("-wal", "-shm"):
        db.with_name(db.name + suffix).mkdir()
    return db.read_bytes()


def test_records_are_read_where_sqlite_cannot_write_beside_the_database(database):
    before = _cannot_write_beside(database)
    records = read_records(database)
    assert [r["values"]["supervisee"] for r in records] == ["Ann Example"]
    assert database.read_bytes() == before


def test_report_from_a_database_on_read_only_storage(database, tmp_path):
    before = _cannot_write_beside(database)
    roster = tmp_path / "staff.csv"
    roster.write_text("staff_id,name,team\nA1,Ann Example,North\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "report",
            str(database),
            "--policy",
            str(POLICIES / "leeds.yaml"),
            "--roster",
            str(roster),
            "-o",
            str(tmp_path / "r.html"),
            "--as-of",
            "2025-03-31",
        ],
    )
    assert "not a" not in result.output and (tmp_path / "r.html").exists(), result.output
    assert result.exit_code in (0, 1) and (result.exception is None or isinstance(result.exception, SystemExit))
    assert database.read_bytes() == before


def test_only_a_file_that_is_not_a_harvest_database_is_called_one(tmp_path):
    other = foreign_database(tmp_path / "other.db")
    text = tmp_path / "text.db"
    text.write_text("hello", encoding="utf-8")
    for path in (other, text):
        _cannot_write_beside(path)
        roster = tmp_path / "staff.csv"
        roster.write_text("staff_id,name\nA1,Ann\n", encoding="utf-8")
        result = CliRunner().invoke(
            main,
            [
                "report",
                str(path),
                "--policy",
                str(POLICIES / "leeds.yaml"),
                "--roster",
                str(roster),
                "-o",
                str(tmp_path / "r.html"),
            ],
        )
        assert result.exit_code == 3 and "not a" in result.stderr and "harvest database" in result.stderr  # aborted
        assert "Traceback" not in result.output and not (tmp_path / "r.html").exists()


def test_commits_left_in_the_wal_file_are_named_not_silently_skipped(database, tmp_path):
    """A harvest's last commits still in h.db-wal (it was killed, then the folder became read-only):
    reading the file alone would give an older state, so the report says what to do instead."""
    import shutil

    writer = sqlite3.connect(database)
    writer.execute("PRAGMA journal_mode=WAL")  # as a harvest that was killed left it (a clean close leaves none)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("INSERT INTO runs (started_at) VALUES ('now')")
    writer.commit()
    copy = tmp_path / "copy" / "h.db"
    copy.parent.mkdir()
    shutil.copy(database, copy)
    shutil.copy(database.with_name("h.db-wal"), copy.with_name("h.db-wal"))
    writer.close()
    # SQLite can neither open nor create the -shm file, as on read-only storage (a link into a folder
    # that does not exist stops root too)
    copy.with_name("h.db-shm").symlink_to(tmp_path / "missing" / "h.db-shm")
    from docgen.harvest.store import StoreError

    with pytest.raises(StoreError, match="h.db-wal") as raised:
        read_records(copy)
    assert "not a docgen harvest database" not in str(raised.value)
    roster = tmp_path / "staff.csv"
    roster.write_text("staff_id,name\nA1,Ann\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "report",
            str(copy),
            "--policy",
            str(POLICIES / "leeds.yaml"),
            "--roster",
            str(roster),
            "-o",
            str(tmp_path / "r.html"),
        ],
    )
    assert result.exit_code == 3 and "h.db-wal" in result.stderr and "not a" not in result.stderr  # aborted


# --- the same behaviour where the store is a PostgreSQL schema ----------------------------------


def _report(target, tmp_path):
    roster = tmp_path / "staff.csv"
    roster.write_text("staff_id,name,team\nA1,Ann Example,North\n", encoding="utf-8")
    args = ["report", str(target), "--policy", str(POLICIES / "leeds.yaml"), "--roster", str(roster)]
    return CliRunner().invoke(main, [*args, "-o", str(tmp_path / "r.html"), "--as-of", "2025-03-31"])


def test_a_report_from_a_postgresql_store_changes_nothing_in_it(pg_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a PostgreSQL store's problems.csv is written here
    spec = build_form(load_policy(POLICIES / "leeds.yaml"), "agreement")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.docx").write_bytes(render_docx(spec, {"supervisee": "Ann Example"}).data)
    result = CliRunner().invoke(main, ["harvest", str(tmp_path / "in"), "-o", pg_url, "--no-progress", "--jobs", "1"])
    assert result.exit_code == 1, result.output  # 1: the agreement is not signed
    con = connect_store(pg_url)
    try:
        before = snapshot(con)  # every table, runs and times included
        assert len(before["documents"]) == 1
        assert [r["values"]["supervisee"] for r in read_records(pg_url)] == ["Ann Example"]
        result = _report(pg_url, tmp_path)
        assert "not a" not in result.output and (tmp_path / "r.html").exists(), result.output
        assert result.exit_code in (0, 1) and (result.exception is None or isinstance(result.exception, SystemExit))
        assert snapshot(con) == before
    finally:
        con.close()


def test_a_postgresql_schema_holding_other_tables_is_not_called_a_harvest_store(pg_url, tmp_path):
    con = connect_store(pg_url)
    try:
        con.execute("CREATE TABLE t (x TEXT)")
    finally:
        con.close()
    result = _report(pg_url, tmp_path)
    assert result.exit_code == 3 and "tables docgen did not make" in result.stderr, result.output  # aborted
    assert "Traceback" not in result.output and not (tmp_path / "r.html").exists()
    con = connect_store(pg_url)
    try:
        assert table_names(con) == {"t"}  # and nothing was added to the schema
    finally:
        con.close()


def test_a_postgresql_store_made_by_a_newer_docgen_is_named_as_such(pg_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    assert CliRunner().invoke(main, ["harvest", str(tmp_path / "in"), "-o", pg_url]).exit_code == 0
    con = connect_store(pg_url)
    try:
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    finally:
        con.close()
    result = _report(pg_url, tmp_path)
    assert result.exit_code == 3 and "newer docgen (schema 99)" in result.stderr, result.output
    assert "not a" not in result.stderr and "Traceback" not in result.output


def test_a_report_from_an_empty_postgresql_schema_says_so_and_makes_no_store_there(pg_url, tmp_path):
    """Before: the report made a store's tables in the empty schema (a URL naming the wrong database
    or schema) and reported 0 findings, exit 0."""
    result = _report(pg_url, tmp_path)
    assert result.exit_code == 3 and "holds no docgen harvest" in result.stderr and "empty" in result.stderr
    assert "Traceback" not in result.output and not (tmp_path / "r.html").exists()
    con = connect_store(pg_url)
    try:
        assert table_names(con) == set()
    finally:
        con.close()
