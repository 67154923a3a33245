"""Issue 20, item 5: commands that do not trip people up. Each planted case failed before issue 20
(the message or file named in its docstring) and has a near miss that stays quiet."""

from __future__ import annotations

import os
import re
import threading
import time
from urllib.parse import urlsplit

from click.testing import CliRunner

from docgen.cli import main
from tests.helpers.policies import POLICIES


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


# --- help -------------------------------------------------------------------------------------------
def test_the_command_list_shows_each_description_whole_in_the_order_of_the_job():
    """Before: "demo      See the whole loop on a made-up agency: forms filled,..." (every line cut)."""
    code, out, _ = run("--help")
    listed = out.split("Commands:", 1)[1].strip().splitlines()
    assert code == 0 and "..." not in out.split("Commands:", 1)[1]
    assert [line.split()[0] for line in listed] == [
        "init",
        "validate",
        "spec",
        "generate",
        "parse",
        "harvest",
        "report",
        "roles",
        "demo",
    ]
    for line in listed:
        name, text = line.split(None, 1)
        assert text == main.commands[name].short_help and text.endswith("."), line  # whole, on its line
        assert main.commands[name].help and len(main.commands[name].help) > 2 * len(text)  # long help kept


def test_start_here_names_the_main_job():
    """Before: Start here listed init, validate and spec, not generate."""
    out = run("--help")[1]
    start = out.split("Start here:", 1)[1].split("Exit codes", 1)[0]
    assert [re.match(r"\s*docgen (\w+)", line).group(1) for line in start.splitlines() if "docgen " in line] == [
        "init",
        "validate",
        "generate",
        "harvest",
        "report",
        "demo",
    ]


def test_every_option_value_is_named_in_words():
    """Before: `--as-of [%Y-%m-%d]`, `--jobs INTEGER RANGE ... [x>=1]`, `--only TEXT`; `generate --help` spoke of a
    "KIND" that no option named. Choices shown as [a|b] (`--functions [3|4]`) are words enough."""
    for name in main.commands:
        out = run(name, "--help")[1]
        options = out.split("Options:", 1)[1]
        for machine in ("%Y", "RANGE", "INTEGER", "FLOAT", "TEXT", "PATH", "DIRECTORY", "x>=", "<=x"):
            assert machine not in options, (name, machine, options)
    report = " ".join(run("report", "--help")[1].split())
    assert "--as-of DATE" in report and "(YYYY-MM-DD; default: today)" in report
    generate = run("generate", "--help")[1]
    assert "KIND is" not in generate and "--form KIND" in generate and "--only LIST" in generate


# --- a form named on the command line ------------------------------------------------------------
def test_a_mistyped_form_blames_the_command_line_not_the_policy_file():
    """Before: "/…/policies/worcestershire.yaml:412:5: documents.forms: the policy does not define the form
    "session_record"", exit 1: the shipped policy file blamed for a typo on the command line."""
    code, out, err = run("spec", "worcestershire", "session_record")
    assert code == 2 and out == ""
    assert (
        "Invalid value for 'FORM': the policy has no form \"session_record\". "
        'Did you mean "session-record"? Its forms: agreement, session-record, case-record' in " ".join(err.split())
    )
    assert "worcestershire.yaml" not in err
    assert run("spec", "worcestershire", "session-record")[0] == 0  # near miss: the form as written


def test_a_kind_with_variants_is_not_a_form_spec_can_print_and_says_which_it_has():
    code, _, err = run("spec", "hertfordshire", "agreement")
    assert code == 2 and "It has variants: agreement:direct, agreement:indirect." in " ".join(err.split())
    assert run("spec", "hertfordshire", "agreement:direct")[0] == 0


def test_only_suggests_the_kind_meant(tmp_path):
    """Before: "the policy has no form sesion-record; it has: agreement, ..." and no suggestion."""
    code, _, err = run("generate", "leeds", "-o", tmp_path / "out", "--only", "sesion-record")
    text = " ".join(err.split())
    assert code == 2 and "Invalid value for '--only': the policy has no form \"sesion-record\". Did you mean" in text
    assert 'Did you mean "session-record"?' in text and not (tmp_path / "out").exists()


def test_one_unknown_only_entry_among_known_ones_stops_the_run(tmp_path):
    """Before: `--only agreement,nothing` wrote the agreement and said nothing of "nothing" (exit 0)."""
    code, _, err = run("generate", "leeds", "-o", tmp_path / "out", "--only", "agreement,nothing,polcy")
    text = " ".join(err.split())
    assert code == 2 and not (tmp_path / "out").exists()
    assert 'the policy has no form "nothing" or "polcy" (did you mean "policy"?)' in text


def test_kinds_handouts_and_variants_are_still_accepted_by_only(tmp_path):
    """Near misses: a kind stands for its variants, "handouts" for every handout."""
    code, out, err = run("generate", "hertfordshire", "-o", tmp_path / "h", "--only", "agreement", "--format", "pdf")
    assert code == 0 and sorted(os.listdir(tmp_path / "h")) == [
        "hertfordshire_agreement_direct.pdf",
        "hertfordshire_agreement_indirect.pdf",
    ], err
    code, out, err = run("generate", "leeds", "-o", tmp_path / "l", "--only", "handouts", "--format", "pdf")
    names = [os.path.basename(line) for line in out.split()]
    assert code == 0 and "leeds_handout_reflective_cycle.pdf" in names and "leeds_agreement.pdf" not in names, err


def test_a_form_given_with_prefill_is_checked_too(tmp_path):
    staff = tmp_path / "staff.csv"
    staff.write_text("name\nAnn Example\n", encoding="utf-8")
    code, _, err = run("generate", "leeds", "-o", tmp_path / "o", "--form", "agrement", "--prefill", staff)
    assert code == 2 and "Invalid value for '--form'" in err and 'Did you mean "agreement"?' in err


# --- missing files ---------------------------------------------------------------------------------
def test_every_missing_file_is_named_at_once_and_nothing_is_done(tmp_path):
    """Before: "nothere.yaml: cannot read the file" and "2 policies checked: 1 valid, 1 with problems", exit 1."""
    code, _, err = run("validate", tmp_path / "a.yaml", POLICIES / "leeds.yaml", tmp_path / "b.yaml")
    text = " ".join(err.split())
    assert code == 2 and "checked" not in err
    assert f"2 files do not exist: {tmp_path / 'a.yaml'} (POLICIES), {tmp_path / 'b.yaml'} (POLICIES)." in text
    assert "Check the paths; nothing was done." in text
    assert run("validate", POLICIES / "leeds.yaml")[0] == 0  # near miss: the file is there


def test_a_policy_that_exists_but_is_invalid_stays_1(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [\n", encoding="utf-8")
    code, _, err = run("validate", bad)
    assert code == 1 and "does not exist" not in err and f"{bad}:" in err


# --- harvest: its own summary last; nothing left beside the database ------------------------------
def test_harvest_ends_with_its_own_summary_after_the_exports(tmp_path, store_target, monkeypatch):
    monkeypatch.chdir(tmp_path)  # where a PostgreSQL store's problems.csv and exports go
    (tmp_path / "in").mkdir()
    code, _, err = run("harvest", tmp_path / "in", "-o", store_target, "--export", "csv", "--no-progress")
    lines = err.strip().splitlines()
    assert code == 0 and lines[-1].startswith("Harvested 0 files") and lines[0].startswith("Exported "), err


def test_export_formats_may_be_given_as_a_list_and_a_mistyped_one_is_named(tmp_path, store_target, monkeypatch):
    """`--export xlsx,csv` is what people type: it writes both (before: "'xlsx,csv' is not one of 'csv',
    'xlsx', 'jsonl'", exit 2); a mistyped format is still a usage error, with the format meant."""
    monkeypatch.chdir(tmp_path)  # a PostgreSQL store's problems.csv is written here
    (tmp_path / "in").mkdir()
    out = tmp_path / "x"
    code, _, err = run("harvest", tmp_path / "in", "-o", store_target, "--export", "xlsx,csv", "--export-dir", out)
    assert code == 0, err
    assert (out / "harvest.xlsx").is_file() and (out / "data_dictionary.csv").is_file()
    again = tmp_path / "y"  # the option repeated, one format twice: the same files, once each
    code, _, err = run(
        "harvest",
        tmp_path / "in",
        "-o",
        store_target,
        "--export",
        "csv",
        "--export",
        "xlsx,csv",
        "--export-dir",
        again,
    )
    assert code == 0 and sorted(os.listdir(again)) == sorted(os.listdir(out)), err
    code, _, err = run(
        "harvest", tmp_path / "in", "-o", store_target, "--export", "xlsx,cvs", "--export-dir", tmp_path / "z"
    )
    assert code == 2 and 'did you mean "csv"?' in err and not (tmp_path / "z").exists()


def test_no_lock_or_wal_file_is_left_after_a_harvest_and_a_report(tmp_path):
    """Before: h.db.lock beside every database, and h.db-shm and h.db-wal after a report (so in every
    demo folder)."""
    (tmp_path / "in").mkdir()
    assert run("harvest", tmp_path / "in", "-o", tmp_path / "h.db", "--no-progress")[0] == 0
    assert sorted(os.listdir(tmp_path)) == ["h.db", "in", "problems.csv"]
    roster = tmp_path / "staff.csv"
    roster.write_text("staff_id,name,team\nA1,Ann Example,North\n", encoding="utf-8")
    code, _, err = run("report", tmp_path / "h.db", "--policy", "leeds", "--roster", roster, "-o", tmp_path / "r.html")
    assert code == 0, err
    assert sorted(os.listdir(tmp_path)) == ["h.db", "in", "problems.csv", "r.html", "staff.csv"]
    # near miss: the database is still one docgen can add to, and reads the same
    assert run("harvest", tmp_path / "in", "-o", tmp_path / "h.db", "--no-progress")[0] == 0


def test_a_harvest_and_a_report_from_a_postgresql_store_leave_only_problems_csv_here(pg_url, tmp_path, monkeypatch):
    """No lock file, and no file named after the database but its problems.csv, in the current folder
    (where a PostgreSQL store's files go)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    schema = re.search(r"search_path%3D(\w+)", pg_url).group(1)  # type: ignore[union-attr]
    problems = f"{urlsplit(pg_url).path.strip('/')}-{schema}-problems.csv"
    assert run("harvest", tmp_path / "in", "-o", pg_url, "--no-progress")[0] == 0
    assert sorted(os.listdir(tmp_path)) == sorted(["in", problems])
    roster = tmp_path / "staff.csv"
    roster.write_text("staff_id,name,team\nA1,Ann Example,North\n", encoding="utf-8")
    code, _, err = run("report", pg_url, "--policy", "leeds", "--roster", roster, "-o", tmp_path / "r.html")
    assert code == 0, err
    assert sorted(os.listdir(tmp_path)) == sorted(["in", problems, "r.html", "staff.csv"])
    assert run("harvest", tmp_path / "in", "-o", pg_url, "--no-progress")[0] == 0


def test_a_lock_file_removed_under_a_waiting_locker_is_not_trusted(tmp_path, monkeypatch):
    """The run that held the lock removes the file as it leaves: a locker that opened that file just
    before must see that it holds a file no longer at the path, and lock the one there now."""
    import fcntl

    from docgen import harvest

    lock = harvest._lock(tmp_path / "h.db")
    real, calls = fcntl.flock, []

    def flock(handle, how):
        if not calls:  # the run before leaves between our open and our lock: its file goes, a new one comes
            os.unlink(lock.path)
            lock.path.write_text("")
        calls.append(how)
        return real(handle, how)

    monkeypatch.setattr(harvest.fcntl, "flock", flock)
    with lock:
        held, at_path = os.fstat(lock.handle.fileno()), os.stat(lock.path)
        assert (held.st_dev, held.st_ino) == (at_path.st_dev, at_path.st_ino)
    assert not lock.path.exists()


def test_harvests_at_the_same_time_still_take_turns(tmp_path):
    """Many lockers at once, each removing the lock file on the way out: never two inside together."""
    from docgen.harvest import StoreError, _lock

    inside, overlaps, turns = [0], [], [0]
    stop = time.monotonic() + 2.0

    def locker():
        while time.monotonic() < stop:
            try:
                with _lock(tmp_path / "h.db"):
                    inside[0] += 1
                    if inside[0] > 1:
                        overlaps.append(inside[0])
                    time.sleep(0.0005)
                    turns[0] += 1
                    inside[0] -= 1
            except StoreError:  # another holds it: said so, as a second harvest is told
                pass

    threads = [threading.Thread(target=locker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == [] and turns[0] > 20
    assert not (tmp_path / "h.db.lock").exists()


def test_a_number_out_of_range_is_said_in_words(tmp_path):
    code, _, err = run("demo", "-o", tmp_path / "d", "--staff", "0")
    assert code == 2 and "0 is out of range: give a number from 1 to 500" in err and not (tmp_path / "d").exists()
    code, _, err = run("harvest", tmp_path, "--jobs", "two")
    assert code == 2 and "'two' is not a whole number" in err


def test_a_reader_still_open_when_a_harvest_closes_keeps_the_database_as_it_was(tmp_path):
    """Near miss: someone reading the database (a report) as the harvest ends: the harvest does not
    wait on them, and the database stays in WAL mode (its -wal file kept) until the next clean close."""
    import sqlite3

    from docgen.harvest.store import Store

    Store(tmp_path / "h.db").close()
    store = Store(tmp_path / "h.db")
    reader = sqlite3.connect(tmp_path / "h.db", isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM documents").fetchall()  # a read in progress
    started = time.monotonic()
    store.close()
    assert time.monotonic() - started < 5 and (tmp_path / "h.db-wal").exists()
    reader.execute("COMMIT")
    reader.close()
    Store(tmp_path / "h.db").close()  # the next clean close leaves one file
    assert sorted(os.listdir(tmp_path)) == ["h.db"]
