"""A PostgreSQL store shared by several harvests (issue 21): harvests at once, over the same or
overlapping folders, and a harvest killed at any moment then run again, all end with the same store
as one clean harvest of everything, compared table by table; and the two engines hold the same."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.helpers import pg
from tests.helpers.corpus import FORMS, write_corpus
from tests.helpers.harvesting import snapshot, stored

CORPUS = [(p, k) for p, k in FORMS if k in ("session-record", "agreement", "case-record")]


@pytest.fixture(scope="module")
def rounds(tmp_path_factory):
    """Three folders of forms (each render has its own document id): about 100 files."""
    folder = tmp_path_factory.mktemp("shared-inbox")
    for n in range(3):
        write_corpus(folder / f"round{n}", CORPUS)
    return folder


def run_cli(*args):
    return subprocess.Popen(
        [sys.executable, "-m", "docgen", "harvest", *map(str, args), "--no-progress", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def finish(proc) -> tuple[int, str]:
    try:
        _, err = proc.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("a harvest hung")
    return proc.returncode, err.decode()


@pytest.fixture(scope="module")
def clean(rounds, pg_server):
    """One clean harvest of everything into PostgreSQL: its snapshot, how many files, how long it took."""
    with pg.fresh_schema(pg_server.admin(), pg_server.url) as url:
        started = time.monotonic()
        code, err = finish(run_cli(rounds, "-o", url))
        assert code == 0, err
        return snapshot(url), time.monotonic() - started


def differing(after: dict, before: dict) -> list[str]:
    assert sorted(after) == sorted(before)
    return [t for t in before if after[t] != before[t]]


def test_a_clean_harvest_stores_the_same_in_both_engines(rounds, clean, tmp_path):
    """The same tables, columns and values, row for row, in SQLite and PostgreSQL."""
    code, err = finish(run_cli(rounds, "-o", tmp_path / "h.db"))
    assert code == 0, err
    sqlite = snapshot(tmp_path / "h.db")
    assert sum(len(rows) for rows in sqlite.values()) > 300  # documents, typed rows, repeats, forms
    assert differing(sqlite, clean[0]) == []


@pytest.mark.parametrize("folders", [("all", "all"), ("round0+round1", "round1+round2", "round0+round2")])
def test_harvests_at_once_over_overlapping_folders_equal_one_clean_harvest(rounds, clean, pg_url, folders):
    procs = []
    for group in folders:
        names = ["round0", "round1", "round2"] if group == "all" else group.split("+")
        procs.append(run_cli(*[rounds / n for n in names], "-o", pg_url))
    results = [finish(p) for p in procs]
    assert [code for code, _ in results] == [0] * len(folders), [err for _, err in results]
    assert differing(snapshot(pg_url), clean[0]) == []


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fraction=st.floats(min_value=0.05, max_value=0.95), beside=st.booleans())
def test_a_harvest_killed_at_any_moment_then_rerun_equals_a_clean_run(rounds, clean, pg_server, fraction, beside):
    """Killed (SIGKILL, the harvest and its workers) mid-write or not, with or without another harvest
    writing the same store at the time; run again, the store is as one clean harvest left it."""
    snap, seconds = clean
    with pg.fresh_schema(pg_server.admin(), pg_server.url) as url:
        other = run_cli(rounds / "round1", "-o", url) if beside else None
        proc = run_cli(rounds, "-o", url)
        time.sleep(fraction * seconds)
        assume(proc.poll() is None)  # (a slow start or a quick run can move the end before the kill point)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        if other is not None:
            assert finish(other)[0] == 0
        assume(stored(url) < len(snap["documents"]))  # killed before its last commit
        code, err = finish(run_cli(rounds, "-o", url))
        assert code == 0, err
        assert differing(snapshot(url), snap) == []
