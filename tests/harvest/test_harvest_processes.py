"""A harvest's worker processes: they die with their parent, hold nothing of it, and a signal to the
parent ends the harvest cleanly. A re-run straight after any of these ends equal to a clean run."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.forms import build_form
from docgen.harvest import harvest, read_records
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from tests.helpers.harvesting import snapshot, stored
from tests.helpers.policies import POLICIES

FORMS = 24  # each read takes SLOW seconds in the harvests that are stopped: about 4 s with two workers
SLOW = 0.3

# A harvest whose reads are slow (installed before the workers fork, so they run it); argv[1] says
# whether workers may ask the kernel to kill them with their parent (off: the portable check alone).
SLOW_HARVEST = f"""
import sys, time
from docgen.harvest import workers
real = workers.parse_bytes
def slow(data, name):
    time.sleep({SLOW})
    return real(data, name)
workers.parse_bytes = slow
if sys.argv[1] == "no-pdeathsig":
    workers._set_pdeathsig = lambda: None
from docgen.cli import main
main(["harvest", *sys.argv[2:]])
"""


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    """A folder of forms (each render its own document) and what a clean harvest of it makes."""
    folder = tmp_path_factory.mktemp("inbox")
    form = build_form(load_policy(POLICIES / "leeds.yaml"), "agreement")
    for i in range(FORMS):
        (folder / f"agreement-{i:02}.docx").write_bytes(render_docx(form, {"supervisee": f"S{i}"}).data)
    clean = tmp_path_factory.mktemp("clean") / "h.db"
    code = subprocess.run(
        [sys.executable, "-m", "docgen", "harvest", str(folder), "-o", str(clean), "--jobs", "2", "--no-progress"],
        capture_output=True,
        timeout=120,
        check=False,
    ).returncode
    return folder, snapshot(clean), code


def group_alive(pgid: int) -> list[int]:
    """The processes of a process group that are still running (a zombie has stopped)."""
    alive = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # state, ppid, pgrp, ...
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(entry))
    return alive


def workers_of(pid: int) -> list[int]:
    return [p for p in group_alive(pid) if p != pid]


def start_slow(folder: Path, db: Path | str, mode: str = "pdeathsig") -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", SLOW_HARVEST, mode, str(folder), "-o", str(db), "--jobs", "2", "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.mark.parametrize("how", ["SIGKILL", "SIGKILL-no-pdeathsig", "SIGTERM", "SIGHUP"])
def test_a_signal_to_the_parent_leaves_no_worker_and_a_rerun_equals_a_clean_run(
    inbox, tmp_path, how, store_target, monkeypatch
):
    """(In either engine: the clean run is SQLite's; the engines store the same, test_shared_store.)"""
    folder, clean, clean_code = inbox
    monkeypatch.chdir(tmp_path)  # a PostgreSQL store's problems.csv is written in the current folder
    db = store_target
    proc = start_slow(folder, db, "no-pdeathsig" if how.endswith("no-pdeathsig") else "pdeathsig")
    try:
        assert wait_for(lambda: stored(db) > 0, 60), "the harvest stored nothing"
        assert len(workers_of(proc.pid)) == 2
        assert stored(db) < FORMS  # stopped mid-run
        os.kill(proc.pid, getattr(signal, how.split("-")[0]))  # the parent only, as a dropped session would
        proc.wait(timeout=30)
        assert wait_for(lambda: not group_alive(proc.pid), 2), f"workers survived: {group_alive(proc.pid)}"
    finally:
        for pid in group_alive(proc.pid):
            os.kill(pid, signal.SIGKILL)
        err = proc.stderr.read()  # (the workers held the pipe too)
        proc.stdout.close()
        proc.stderr.close()
    if not how.startswith("SIGKILL"):
        assert proc.returncode == 3
        assert b"stopped" in err and b"Traceback" not in err and b"S1" not in err
        if isinstance(db, Path):  # (SQLite's own check of the file)
            con = sqlite3.connect(db)
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            con.close()
        assert 0 < len(read_records(db)) == stored(db) < FORMS  # what was committed before the signal is kept
    rerun = subprocess.run(
        [sys.executable, "-m", "docgen", "harvest", str(folder), "-o", str(db), "--jobs", "2", "--no-progress"],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert b"another harvest" not in rerun.stderr
    assert rerun.returncode == clean_code
    after = snapshot(db)
    assert sorted(after) == sorted(clean)
    assert [t for t in clean if after[t] != clean[t]] == []


def test_workers_hold_neither_the_lock_nor_other_ends_of_their_pipes(tmp_path, monkeypatch, store_target):
    """Each worker holds one socket (its own end) and not the harvest's lock file (SQLite) nor the
    harvest's connection to the server (PostgreSQL), so a parent that dies leaves nothing that keeps
    the lock, the store's session or a worker's pipe open."""
    from docgen.harvest import workers

    form = build_form(load_policy(POLICIES / "leeds.yaml"), "agreement")
    (tmp_path / "in").mkdir()
    for i in range(6):
        (tmp_path / "in" / f"a{i}.docx").write_bytes(render_docx(form, {"supervisee": f"S{i}"}).data)
    real = workers.parse_bytes
    seen = tmp_path / "seen"
    seen.mkdir()

    def looking(data, name):  # installed before the workers fork: each notes what it holds open
        import fcntl

        held = []
        if isinstance(store_target, Path):
            with open(f"{store_target}.lock", "w") as lock:  # and that the harvest still holds its lock
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    held = ["the lock was free"]
                except BlockingIOError:
                    pass
        for fd in os.listdir("/proc/self/fd"):
            with contextlib.suppress(OSError):
                held.append(os.readlink(f"/proc/self/fd/{fd}"))
        (seen / str(os.getpid())).write_text("\n".join(held))
        return real(data, name)

    monkeypatch.setattr(workers, "parse_bytes", looking)
    monkeypatch.setattr(workers, "BATCH", 1)
    monkeypatch.chdir(tmp_path)  # a PostgreSQL store's problems.csv is written in the current folder
    # the sockets this test's process holds already (the test server's connection): not the harvest's
    before = set()
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):  # (the listing's own descriptor is gone)
            before.add(os.readlink(f"/proc/self/fd/{fd}"))
    harvest([tmp_path / "in"], store_target, jobs=2)
    held = {pid.name: pid.read_text().splitlines() for pid in seen.iterdir()}
    assert len(held) == 2
    for links in held.values():
        assert not [link for link in links if link.endswith(".lock") or link == "the lock was free"]
        assert len([link for link in links if link.startswith("socket:") and link not in before]) == 1, links


def test_the_lock_holds_whatever_path_names_the_database(tmp_path, monkeypatch):
    import fcntl

    (tmp_path / "in").mkdir()
    (tmp_path / "real").mkdir()
    (tmp_path / "link.db").symlink_to(tmp_path / "real" / "h.db")  # the same database through a linked file
    (tmp_path / "via").symlink_to(tmp_path / "real", target_is_directory=True)  # ... and a linked folder
    monkeypatch.chdir(tmp_path / "in")
    with open(tmp_path / "real" / "h.db.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        for db in (tmp_path / "link.db", tmp_path / "via" / "h.db", Path("../real/h.db")):
            result = CliRunner().invoke(main, ["harvest", str(tmp_path / "in"), "-o", str(db)])
            assert result.exit_code == 3 and "another harvest is writing" in result.output, db  # aborted
    assert not (tmp_path / "link.db.lock").exists() and not (tmp_path / "via" / "h.db.lock").is_symlink()
    result = CliRunner().invoke(main, ["harvest", str(tmp_path / "in"), "-o", str(tmp_path / "link.db")])
    assert result.exit_code == 0 and read_records(tmp_path / "real" / "h.db") == []


def test_a_worker_started_after_its_parent_died_stops_at_once(tmp_path):
    """The parent can die between fork and the worker asking to die with it: the worker checks."""
    script = "import os, sys\nfrom docgen.harvest import workers\nworkers._watch_parent({})\nsys.exit(5)"
    # told to watch a process that is not its parent
    gone = subprocess.run([sys.executable, "-c", script.format("os.getppid() + 1")], timeout=30, check=False)
    alive = subprocess.run([sys.executable, "-c", script.format("os.getppid()")], timeout=30, check=False)
    assert (gone.returncode, alive.returncode) == (0, 5)
