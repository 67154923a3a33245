"""Issue 20, item 5: the exit-code table of docs/commands.md holds for every command and error class.

Each row of CASES (written here by hand, not read from the docs) runs the real command and checks
its exit code, that the message is plain (no traceback, an expected exit) and that it names the
file or entry at fault. A last test checks that the docs' table and CASES agree, so neither can
drift. Before issue 20, `docgen validate nothere.yaml` and `docgen report nothere.db ...` exited 1,
and `generate --only` with one unknown entry among known ones wrote the others without a word.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from tests.helpers.policies import ROOT

BAD_POLICY = "title: [\n"  # not even YAML


@dataclass
class Place:
    """The files every case may use: made once, in a folder of their own."""

    dir: Path
    roster: Path  # a good roster for `report`
    database: Path  # an empty harvest database

    def __truediv__(self, name: str) -> Path:
        return self.dir / name


Case = Callable[[Place], contextlib.AbstractContextManager[tuple[list[str], list[str]]]]
# (command, the problem as docs/commands.md words it, exit code, the case: yields args and words
# the message must hold)
CASES: list[tuple[str, str, int, Case]] = []


def case(command: str, problem: str, code: int):
    def register(make: Callable[[Place], Iterator[tuple[list[str], list[str]]]]):
        CASES.append((command, problem, code, contextlib.contextmanager(make)))
        return make

    return register


@pytest.fixture(scope="module")
def place(tmp_path_factory) -> Place:
    from docgen.demo.agency import generate

    folder = tmp_path_factory.mktemp("exit-codes")
    agency = generate(staff=3, years=1, seed=5)
    roster = folder / "staff.csv"
    roster.write_text(agency.roster_csv(), encoding="utf-8")
    (folder / "empty").mkdir()
    database = folder / "harvest.db"
    made = CliRunner().invoke(main, ["harvest", str(folder / "empty"), "-o", str(database), "--no-progress"])
    assert made.exit_code == 0, made.output
    (folder / "bad.yaml").write_text(BAD_POLICY, encoding="utf-8")
    (folder / "bad-staff.csv").write_text("staff_id,name,fte\nA,Ann,lots\n", encoding="utf-8")
    (folder / "a-file").write_text("a file, not a folder", encoding="utf-8")
    place = Place(folder, roster, database)
    place.agency = agency  # type: ignore[attr-defined]
    return place


REPORTS = itertools.count()


def report_args(place: Place, *changes: tuple[str, str]) -> list[str]:
    args = {"HARVEST_DB": str(place.database), "--policy": "leeds", "--roster": str(place.roster)}
    args.update(changes)
    report = str(place / f"report-{next(REPORTS)}.html")
    return ["report", args["HARVEST_DB"], "--policy", args["--policy"], "--roster", args["--roster"], "-o", report]


# --- every command --------------------------------------------------------------------------------
COMMANDS = ("init", "validate", "spec", "generate", "parse", "harvest", "report", "roles", "demo")


@case("every command", "an unknown option", 2)
def _(place):
    yield ["COMMAND", "--no-such-option"], ["--no-such-option"]


# --- init -------------------------------------------------------------------------------------------
@case("init", "DIR is a file", 2)
def _(place):
    yield ["init", str(place / "a-file")], ["a-file"]


@case("init", "`policy.yaml` already there, no `--force`", 2)
def _(place):
    (place / "agency").mkdir(exist_ok=True)
    (place / "agency" / "policy.yaml").write_text("# mine\n", encoding="utf-8")
    yield ["init", str(place / "agency")], ["policy.yaml", "--force"]


# --- validate ---------------------------------------------------------------------------------------
@case("validate", "a policy file that does not exist", 2)
def _(place):
    yield ["validate", str(place / "nothere.yaml")], ["nothere.yaml", "does not exist"]


@case("validate", "several files, one or more missing", 2)
def _(place):
    shipped = str(ROOT / "policies" / "leeds.yaml")
    yield ["validate", str(place / "one.yaml"), shipped, str(place / "two.yaml")], ["one.yaml", "two.yaml"]


@case("validate", "a policy with problems", 1)
def _(place):
    yield ["validate", str(place / "bad.yaml")], ["bad.yaml:", "not valid YAML"]


# --- spec -------------------------------------------------------------------------------------------
@case("spec", "a policy that does not exist", 2)
def _(place):
    yield ["spec", str(place / "nothere.yaml")], ["nothere.yaml"]


@case("spec", "a form the policy does not have", 2)
def _(place):
    yield ["spec", "worcestershire", "session_record"], ["'FORM'", '"session_record"', 'Did you mean "session-record"?']


@case("spec", "a policy with problems", 1)
def _(place):
    yield ["spec", str(place / "bad.yaml")], ["bad.yaml:"]


# --- generate ---------------------------------------------------------------------------------------
@case("generate", "a policy that does not exist", 2)
def _(place):
    yield ["generate", str(place / "nothere.yaml"), "-o", str(place / "g1")], ["nothere.yaml"]


@case("generate", "a staff CSV (`--prefill`) that does not exist", 2)
def _(place):
    args = ["generate", "leeds", "-o", str(place / "g2"), "--form", "agreement", "--prefill", str(place / "no.csv")]
    yield args, ["no.csv (--prefill)"]


@case("generate", "an `--only` or `--form` entry the policy does not have", 2)
def _(place):
    yield (
        ["generate", "leeds", "-o", str(place / "g3"), "--only", "agreement,sesion-record"],
        [
            "'--only'",
            '"sesion-record"',
            '"session-record"',
        ],
    )


@case("generate", "an unknown `--format`", 2)
def _(place):
    yield ["generate", "leeds", "-o", str(place / "g4"), "--format", "odt"], ["odt"]


@case("generate", "files already there, no `--force`", 2)
def _(place):
    (place / "g5").mkdir(exist_ok=True)
    (place / "g5" / "leeds_agreement.pdf").write_bytes(b"mine")
    yield (
        ["generate", "leeds", "-o", str(place / "g5"), "--only", "agreement", "--format", "pdf"],
        [
            "leeds_agreement.pdf",
            "--force",
        ],
    )


@case("generate", "a policy with problems", 1)
def _(place):
    yield ["generate", str(place / "bad.yaml"), "-o", str(place / "g6")], ["bad.yaml:"]


@case("generate", "a staff CSV with problems", 1)
def _(place):
    (place / "no-names.csv").write_text("colour\nblue\n", encoding="utf-8")
    args = ["generate", "leeds", "-o", str(place / "g7"), "--form", "agreement", "--prefill"]
    yield args + [str(place / "no-names.csv")], ["no-names.csv"]


# --- parse ------------------------------------------------------------------------------------------
@case("parse", "a file that does not exist", 2)
def _(place):
    yield ["parse", str(place / "gone.docx"), str(place / "gone.pdf")], ["gone.docx", "gone.pdf"]


@case("parse", "a file that is not a docgen form", 1)
def _(place):
    (place / "notes.docx").write_text("not a Word file", encoding="utf-8")
    yield ["parse", str(place / "notes.docx")], ["notes.docx", "not-docx"]


# --- harvest ----------------------------------------------------------------------------------------
@case("harvest", "a folder that does not exist", 2)
def _(place):
    yield ["harvest", str(place / "inbox"), "-o", str(place / "h1.db")], ["inbox (FOLDERS)"]


@case("harvest", "a `--policy` that does not exist", 2)
def _(place):
    yield (
        ["harvest", str(place / "empty"), "-o", str(place / "h2.db"), "--policy", str(place / "p.yaml")],
        ["p.yaml (--policy)"],
    )


@case("harvest", "a `--policy` with problems", 1)
def _(place):
    yield (
        ["harvest", str(place / "empty"), "-o", str(place / "h3.db"), "--policy", str(place / "bad.yaml")],
        ["bad.yaml:"],
    )


@case("harvest", "files that need attention", 1)
def _(place):
    (place / "inbox4").mkdir(exist_ok=True)
    (place / "inbox4" / "scan.pdf").write_bytes(b"not a pdf")
    yield ["harvest", str(place / "inbox4"), "-o", str(place / "h4.db"), "--no-progress"], ["problems.csv"]


@case("harvest", "a database locked by another harvest", 3)
def _(place):
    with open(place / "h5.db.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        yield ["harvest", str(place / "empty"), "-o", str(place / "h5.db")], ["h5.db", "another harvest"]


@case("harvest", "a file that is not a harvest database", 3)
def _(place):
    (place / "h6.db").write_bytes(b"not SQLite" * 200)
    yield ["harvest", str(place / "empty"), "-o", str(place / "h6.db")], ["h6.db", "not a docgen harvest database"]


NO_SERVER = "postgresql://harvester@127.0.0.1:1/partnership"  # nothing listens on port 1


@case("harvest", "a password in a PostgreSQL URL", 2)
def _(place):
    yield ["harvest", str(place / "empty"), "-o", "postgresql://harvester:s3cret@127.0.0.1:1/p"], ["password"]


@case("harvest", "a PostgreSQL server that does not answer", 3)
def _(place):
    yield ["harvest", str(place / "empty"), "-o", NO_SERVER], [f"cannot open the store {NO_SERVER}"]


# --- report -----------------------------------------------------------------------------------------
@case("report", "a harvest database that does not exist", 2)
def _(place):
    yield report_args(place, ("HARVEST_DB", str(place / "none.db"))), ["none.db (HARVEST_DB)"]


@case("report", "a policy that does not exist", 2)
def _(place):
    yield report_args(place, ("--policy", "leds")), ["leds (--policy)", "leeds"]


@case("report", "a roster that does not exist", 2)
def _(place):
    yield report_args(place, ("--roster", str(place / "roster.csv"))), ["roster.csv (--roster)"]


@case("report", "a date (`--as-of`) not written YYYY-MM-DD", 2)
def _(place):
    yield report_args(place) + ["--as-of", "31/03/2025"], ["--as-of", "31/03/2025", "YYYY-MM-DD"]


@case("report", "the report already there, no `--force`", 2)
def _(place):
    (place / "there.html").write_text("mine", encoding="utf-8")
    yield report_args(place)[:-2] + ["-o", str(place / "there.html")], ["there.html", "--force"]


@case("report", "a policy with problems", 1)
def _(place):
    yield report_args(place, ("--policy", str(place / "bad.yaml"))), ["bad.yaml:"]


@case("report", "a roster with problems", 1)
def _(place):
    yield report_args(place, ("--roster", str(place / "bad-staff.csv"))), ["bad-staff.csv:2:3: fte:"]


@case("report", "findings", 1)
def _(place):
    from _pytest.monkeypatch import MonkeyPatch

    agency = place.agency  # type: ignore[attr-defined]
    with MonkeyPatch.context() as patch:
        patch.setattr("docgen.report.source.read_harvest", lambda path, policy_ids=None: agency.records)
        args = report_args(place, ("--policy", str(ROOT / "docgen" / "demo" / "demo_policy.yaml")))
        yield args + ["--as-of", agency.as_of.isoformat()], ["findings for"]


@case("report", "a file that is not a harvest database", 3)
def _(place):
    (place / "r.db").write_bytes(b"not SQLite" * 200)
    yield report_args(place, ("HARVEST_DB", str(place / "r.db"))), ["r.db", "not a harvest database"]


@case("report", "a PostgreSQL server that does not answer", 3)
def _(place):
    yield report_args(place, ("HARVEST_DB", NO_SERVER)), [f"cannot open the store {NO_SERVER}"]


# --- roles ------------------------------------------------------------------------------------------
@case("roles", "an SQLite file, not a PostgreSQL URL", 2)
def _(place):
    yield ["roles", str(place / "h.db"), "--policy", "leeds"], ["h.db", "PostgreSQL"]


@case("roles", "a `--policy` that does not exist", 2)
def _(place):
    yield ["roles", NO_SERVER, "--policy", str(place / "none.yaml")], ["none.yaml (--policy)"]


@case("roles", "a PostgreSQL server that does not answer", 3)
def _(place):
    yield ["roles", NO_SERVER, "--policy", "leeds"], [f"cannot open the store {NO_SERVER}"]


# --- demo -------------------------------------------------------------------------------------------
@case("demo", "a folder holding an earlier demo, no `--force`", 2)
def _(place):
    (place / "demo").mkdir(exist_ok=True)
    (place / "demo" / "forms").mkdir(exist_ok=True)
    yield ["demo", "-o", str(place / "demo")], ["demo", "--force"]


@case("demo", "`-o` names a file", 2)
def _(place):
    yield ["demo", "-o", str(place / "a-file")], ["a-file"]


def run_case(place: Place, make: Case, command: str) -> tuple[int, str, object]:
    with make(place) as (args, words):
        if args[0] == "COMMAND":
            args = [command, *args[1:]]
        result = CliRunner().invoke(main, args)
    return result.exit_code, result.stderr, (result.exception, words)


@pytest.mark.parametrize(
    "command, problem, code, make", CASES, ids=[f"{c[0]}: {c[1]}".replace(" ", "-") for c in CASES]
)
def test_each_command_and_problem_gives_its_documented_code_and_a_plain_message(place, command, problem, code, make):
    for name in COMMANDS if command == "every command" else (command,):
        exit_code, err, (exception, words) = run_case(place, make, name)
        assert exit_code == code, (name, problem, err)
        assert "Traceback" not in err and isinstance(exception, SystemExit), (name, problem, err, exception)
        for word in words:
            assert word in err, (name, problem, word, err)


TABLE_ROW = re.compile(r"^\| (every command|`(\w+)`) \| (.+?) \| ([0-3]) \|$")


def test_the_docs_table_and_this_table_agree():
    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    section = text.split("### Which problem gives which code", 1)[1].split("\n#", 1)[0]
    documented = set()
    for line in section.splitlines():
        row = TABLE_ROW.match(line)
        if row:
            documented.add((row.group(2) or row.group(1), row.group(3), int(row.group(4))))
    assert documented == {(c, p, code) for c, p, code, _ in CASES}
    assert {c for c, _, _ in documented} == {"every command", *COMMANDS}  # every command has its rows
