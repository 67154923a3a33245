"""A harvest seen from outside: `docgen harvest` in its own process (one folder made unlistable), and
what the store holds (an SQLite file or a PostgreSQL URL: the store_target fixture), and what
problems.csv beside it says."""

from __future__ import annotations

import csv
import io
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from docgen.harvest import problems_path
from docgen.harvest.backend import connect, db_errors
from tests.helpers import stores

# A harvest in which one folder cannot be listed (root ignores permissions, so os.scandir is made to
# refuse it as it would for another user); argv[1] is that folder ("" for none).
HARVEST = """
import os, sys
locked, real = sys.argv[1], os.scandir
def scandir(path="."):
    if locked and os.fspath(path) == locked:
        raise PermissionError(13, "Permission denied", os.fspath(path))
    return real(path)
os.scandir = scandir
from docgen.cli import main
main(["harvest", *sys.argv[2:]])
"""


def run_harvest(folder: Path, db: Path | str, locked: Path | None = None, extra: list[str] = ()) -> tuple[int, str]:
    """Run `docgen harvest` on the folder (with `extra` options); a run that hangs fails the test (and is stopped)."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            HARVEST,
            str(locked or ""),
            str(folder),
            "-o",
            str(db),
            "--jobs",
            "2",
            "--timeout",
            "5",
            "--no-progress",
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _, err = proc.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("the harvest hung")
    return proc.returncode, err.decode()


def snapshot(db: Path | str) -> dict:
    """The store's content (an SQLite file or a PostgreSQL URL), independent of row order and of when
    things ran (the runs table and harvested_at left out)."""
    con = connect(db)
    try:
        return stores.snapshot(con, skip_tables=["runs"], skip_columns=["harvested_at"])
    finally:
        con.close()


def stored(db: Path | str) -> int:
    """How many files the store holds now (0 before it is made)."""
    if isinstance(db, str):  # a PostgreSQL store
        try:
            con = connect(db)
        except db_errors():
            return 0
        try:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
        except db_errors():
            return 0  # not created yet
        finally:
            con.close()
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0  # not created yet


def query(target: Path | str, sql: str, params: tuple = ()) -> list[tuple]:
    """The rows of one query (`?` placeholders in both engines), as tuples; the connection closed after."""
    con = connect(target)
    try:
        return [tuple(row) for row in con.execute(sql, params).fetchall()]
    finally:
        con.close()


def problems(target: Path | str) -> list[dict]:
    """The rows of the store's problems.csv (beside an SQLite file; for PostgreSQL, in the current folder)."""
    return list(csv.DictReader(io.StringIO(problems_path(target).read_text("utf-8-sig"))))
