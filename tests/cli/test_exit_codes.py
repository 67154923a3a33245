"""Issue 13, item 12: one exit-code convention for every command.

0 finished, all good; 1 finished, with problems; 2 the command was used wrongly (click); 3
aborted: the run could not finish (a database locked by another run, unusable or not writable,
an interrupted run). Before, an aborted harvest exited 1, like a harvest that found problems.
"""

from __future__ import annotations

import fcntl
import re
import socket
import subprocess
import sys

from click.testing import CliRunner

from docgen.cli import main
from tests.helpers.policies import ROOT, SHIPPED
from tests.helpers.stores import connect_store


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_the_codes_are_0_1_2_3():
    from docgen.errors import EXIT_ABORTED, EXIT_CODES

    assert sorted(EXIT_CODES) == [0, 1, 2, 3] and EXIT_ABORTED == 3


def test_a_harvest_into_a_locked_database_is_aborted_3(tmp_path):
    (tmp_path / "in").mkdir()
    with open(tmp_path / "h.db.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        code, _, err = run("harvest", tmp_path / "in", "-o", tmp_path / "h.db")
    assert code == 3 and "another harvest is writing" in err and "Traceback" not in err


def test_a_harvest_into_a_file_that_is_not_a_database_is_aborted_3(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "h.db").write_bytes(b"this is not SQLite at all" * 100)
    code, _, err = run("harvest", tmp_path / "in", "-o", tmp_path / "h.db")
    assert code == 3 and "not a docgen harvest database" in err and "Traceback" not in err


def test_a_harvest_into_a_database_that_cannot_be_written_is_aborted_3(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "a-file").write_text("a file where the database's folder should be")
    code, _, err = run("harvest", tmp_path / "in", "-o", tmp_path / "a-file" / "h.db")
    assert code == 3 and "Traceback" not in err


def test_an_interrupted_harvest_is_aborted_3(tmp_path, monkeypatch, store_target):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("docgen.harvest.harvest", interrupted)
    monkeypatch.chdir(tmp_path)  # a PostgreSQL store's problems.csv is written here
    (tmp_path / "in").mkdir()
    code, _, err = run("harvest", tmp_path / "in", "-o", store_target)
    assert code == 3 and "Interrupted" in err and "Traceback" not in err


def test_a_demo_whose_harvest_is_stopped_by_a_signal_is_aborted_3(tmp_path, monkeypatch):
    """HarvestAborted (SIGTERM, SIGHUP during a harvest) is an Aborted wherever a harvest runs,
    not only under `docgen harvest`: `docgen demo` ends with its message and exit 3 too."""
    from docgen.harvest import HarvestAborted

    def stopped(*args, **kwargs):
        raise HarvestAborted("SIGTERM")

    monkeypatch.setattr("docgen.demo.run_demo", stopped)
    code, _, err = run("demo", "-o", tmp_path / "demo")
    assert code == 3 and "stopped (SIGTERM)" in err and "Traceback" not in err


def test_a_demo_whose_report_cannot_be_written_says_so_plainly(tmp_path, monkeypatch):
    """write_report's cannot-write problem reaches the user from any command (here `docgen demo`)
    as a plain message with exit 1, not a traceback."""
    import errno

    from docgen.errors import ProblemsFound
    from docgen.outfiles import cannot_write

    def full(*args, **kwargs):
        raise ProblemsFound([cannot_write(OSError(errno.ENOSPC, "No space left on device"))])

    monkeypatch.setattr("docgen.demo.run_demo", full)
    code, _, err = run("demo", "-o", tmp_path / "demo")
    assert code == 1 and "disk is full" in err and "Traceback" not in err


def test_a_report_from_a_file_that_is_not_a_harvest_database_is_aborted_3(tmp_path):
    db, roster = tmp_path / "h.db", tmp_path / "staff.csv"
    db.write_bytes(b"this is not SQLite at all" * 100)
    roster.write_text("staff_id,name\nA,Ann\n", encoding="utf-8")
    code, _, err = run("report", db, "--policy", "hertfordshire", "--roster", roster, "-o", tmp_path / "r.html")
    assert code == 3 and "not a harvest database" in err and "Traceback" not in err


def test_problems_are_still_1_and_usage_errors_2(tmp_path, monkeypatch, store_target):
    monkeypatch.chdir(tmp_path)  # a PostgreSQL store's problems.csv is written here
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.pdf").write_bytes(b"not a pdf")
    assert run("harvest", tmp_path / "in", "-o", store_target)[0] == 1
    assert run("harvest", tmp_path / "in", "-o", store_target, "--no-such-option")[0] == 2
    assert run("validate", *SHIPPED)[0] == 0


def test_help_and_readme_document_exit_code_3():
    out = subprocess.run([sys.executable, "-m", "docgen", "--help"], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^\s*3\s+aborted", out, re.MULTILINE), out
    assert "3 when the harvest could not finish" in " ".join(run("harvest", "--help")[1].split())
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "**3** aborted" in readme


# --- a PostgreSQL store (a postgresql:// URL wherever a database is named) -----------------------

SECRET = "s3cret-Pw"


def _report(target, tmp_path):
    roster = tmp_path / "staff.csv"
    roster.write_text("staff_id,name\nA,Ann\n", encoding="utf-8")
    return run("report", target, "--policy", "hertfordshire", "--roster", roster, "-o", tmp_path / "r.html")


def _closed_port() -> int:
    """A local port nothing listens on (it was free a moment ago)."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        return free.getsockname()[1]


def test_a_password_in_the_url_is_a_usage_error_2_and_is_never_printed(tmp_path):
    (tmp_path / "in").mkdir()
    for url in (f"postgresql://ann:{SECRET}@db.example/partnership", f"postgres://ann@db.example/p?password={SECRET}"):
        for code, out, err in (run("harvest", tmp_path / "in", "-o", url), _report(url, tmp_path)):
            assert code == 2 and "password" in err and "PGPASSWORD" in err and "Traceback" not in err, err
            assert SECRET not in out + err
    assert not (tmp_path / "r.html").exists()


def test_a_harvest_or_report_on_a_server_that_cannot_be_reached_is_aborted_3(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PGCONNECT_TIMEOUT", "5")
    (tmp_path / "in").mkdir()
    url = f"postgresql://ann@127.0.0.1:{_closed_port()}/partnership"
    for code, _, err in (run("harvest", tmp_path / "in", "-o", url), _report(url, tmp_path)):
        assert code == 3 and "cannot open the store" in err and url in err and "Traceback" not in err, err
    assert not (tmp_path / "r.html").exists()


def test_a_wrong_password_is_aborted_3_and_not_printed(pg_server, tmp_path, monkeypatch):
    """The password from PGPASSWORD (no password file): refused by the server, named by no message."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-such-passfile"))
    monkeypatch.setenv("PGPASSWORD", SECRET)
    (tmp_path / "in").mkdir()
    for code, out, err in (run("harvest", tmp_path / "in", "-o", pg_server.url), _report(pg_server.url, tmp_path)):
        assert code == 3 and "cannot open the store" in err and "Traceback" not in err, err
        assert SECRET not in out + err


def test_a_harvest_into_a_schema_docgen_did_not_make_is_aborted_3(pg_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    con = connect_store(pg_url)
    con.execute("CREATE TABLE t (x TEXT)")
    con.close()
    (tmp_path / "in").mkdir()
    code, _, err = run("harvest", tmp_path / "in", "-o", pg_url)
    assert code == 3 and "tables docgen did not make" in err and "Traceback" not in err, err


def test_a_harvest_into_a_store_of_a_newer_docgen_is_aborted_3(pg_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    assert run("harvest", tmp_path / "in", "-o", pg_url)[0] == 0
    con = connect_store(pg_url)
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    code, _, err = run("harvest", tmp_path / "in", "-o", pg_url)
    assert code == 3 and "newer docgen (schema 99)" in err and "Traceback" not in err, err
