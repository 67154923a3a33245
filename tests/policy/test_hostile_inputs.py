"""Issue 13 item 8: hostile policy, template and CSV inputs end in one plain, located message.

YAML nested 1,000 deep, a FIFO or /dev/zero given as a policy or CSV, a CSV cell over Python's
csv field limit, a staff list long enough to write thousands of files, a header naming a column
twice: each is refused at once with a plain message and exit 1, never a traceback or a hang.
Commands that could hang or eat memory on a broken build run in a subprocess with a timeout and
a memory limit.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys

import pytest
from click.testing import CliRunner

from docgen.cli import main
from tests.helpers.policies import ROOT, minimal_policy

GENERIC = (ROOT / "form_templates" / "generic_session_record.yaml").read_text(encoding="utf-8")
DEEP = 1000


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _database(tmp_path):
    """An empty harvest database: a missing one is a usage error (2) named before the roster is read."""
    from docgen.harvest.store import Store

    path = tmp_path / "h.db"
    if not path.exists():
        Store(path).close()
    return path


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # a reader that trusts stat dies, not the box


def _docgen(*args, timeout: float = 60):
    """Run docgen in a child with a timeout and 1 GB of memory; (exit code, stderr)."""
    proc = subprocess.run(
        [sys.executable, "-m", "docgen", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_limited,
        check=False,
    )
    return proc.returncode, proc.stderr


def _plain(err: str) -> None:
    assert "Traceback" not in err and "Error:" not in err, err
    assert "RecursionError" not in err and "MemoryError" not in err, err


# --- YAML nested 1,000 deep ---------------------------------------------------------------------

DEEP_YAML = {
    "flow-list": "[" * DEEP + "]" * DEEP,
    "flow-map": "{a: " * DEEP + "1" + "}" * DEEP,
    "block-map": "\n" + "".join(" " * i + "a:\n" for i in range(DEEP)) + " " * DEEP + "b",
    "block-list": "\n" + "".join(" " * i + "- \n" for i in range(DEEP)).rstrip(" \n") + " x",
}


@pytest.mark.parametrize("shape", sorted(DEEP_YAML))
def test_yaml_nested_1000_deep_is_a_located_error(tmp_path, shape):
    policy = tmp_path / "policy.yaml"
    policy.write_text(minimal_policy(**{"title: Tiny policy": "title: " + DEEP_YAML[shape]}), encoding="utf-8")
    result = _run("validate", policy)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.stderr
    _plain(result.stderr)
    located = re.search(r"policy\.yaml:(\d+):(\d+): (.*)", result.stderr)
    assert located and "nested more than 64 levels deep" in located.group(3), result.stderr
    assert int(located.group(1)) >= 4  # at the value, not line 0


def test_a_deep_form_template_is_located_in_the_template(tmp_path):
    (tmp_path / "form_templates").mkdir()
    template = GENERIC.replace("id: generic_session_record", "id: local_form") + "extra: " + DEEP_YAML["flow-list"]
    (tmp_path / "form_templates" / "local_form.yaml").write_text(template, encoding="utf-8")
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        minimal_policy(**{"session-record: generic_session_record": "session-record: local_form"}), encoding="utf-8"
    )
    result = _run("validate", policy)
    assert result.exit_code == 1, result.stderr
    _plain(result.stderr)
    assert re.search(r"local_form\.yaml:\d+:\d+: the values here are nested more than 64", result.stderr)


# --- FIFOs and devices given as files -----------------------------------------------------------


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "policy.yaml"
    os.mkfifo(path)
    return path


def _commands(path, tmp_path):
    staff = tmp_path / "staff.csv"
    staff.write_text("supervisee\nAnn\n", encoding="utf-8")
    return {
        "validate": ("validate", path),
        "spec": ("spec", path, "session-record"),
        "generate": ("generate", path, "-o", tmp_path / "out"),
        "prefill": ("generate", "leeds", "-o", tmp_path / "out", "--form", "agreement", "--prefill", path),
        "roster": ("report", _database(tmp_path), "--policy", "leeds", "--roster", path, "-o", tmp_path / "r.html"),
    }


@pytest.mark.parametrize("command", ["validate", "spec", "generate", "prefill", "roster"])
def test_a_fifo_is_refused_at_once(tmp_path, fifo, command):
    code, err = _docgen(*_commands(fifo, tmp_path)[command], timeout=60)
    assert code == 1, err
    _plain(err)
    assert f"{fifo}: " in err and "is a FIFO (named pipe), not a file docgen can read" in err, err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["validate", "spec", "prefill", "roster"])
def test_dev_zero_is_refused_without_reading_it(tmp_path, command):
    code, err = _docgen(*_commands("/dev/zero", tmp_path)[command], timeout=60)
    assert code == 1, err
    _plain(err)
    assert "/dev/zero: " in err and "is a device, not a file docgen can read" in err, err


# --- CSV cells, rows and headers --------------------------------------------------------------

SECRET = "Zebedee"  # a value that must never be echoed back


def test_a_staff_csv_cell_over_the_csv_field_limit_names_row_and_column(tmp_path):
    staff = tmp_path / "staff.csv"
    staff.write_text("supervisee,team\nAnn,Blue\nBob," + SECRET * 20_000 + "\n", encoding="utf-8")
    result = _run("generate", "leeds", "-o", tmp_path / "out", "--form", "agreement", "--prefill", staff)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.stderr
    _plain(result.stderr)
    assert (
        f'{staff}:3:2: team: the cell in row 2 (ending on line 3), column "team", is 140,000 characters long'
        in result.stderr
    ), result.stderr
    assert SECRET not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_roster_cell_over_the_csv_field_limit_names_row_and_column(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text('staff_id,name\nS1,"' + SECRET * 20_000 + "\nS2,Bob\n", encoding="utf-8")  # quote left open
    result = _run("report", _database(tmp_path), "--policy", "leeds", "--roster", roster, "-o", tmp_path / "r.html")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.stderr
    _plain(result.stderr)
    assert re.search(
        rf"{re.escape(str(roster))}:3:2: name: the cell in row 1 \(ending on line 3\), column "
        r'"name", is [\d,]+ characters long',
        result.stderr,
    ), result.stderr
    assert "quote" in result.stderr and SECRET not in result.stderr


def _staff(tmp_path, rows: int):
    staff = tmp_path / "staff.csv"
    staff.write_text("supervisee\n" + "".join(f"Person {i}\n" for i in range(rows)), encoding="utf-8")
    return staff


def test_a_staff_list_over_2000_rows_stops_until_max_rows_allows_it(tmp_path):
    out = tmp_path / "out"
    result = _run("generate", "leeds", "-o", out, "--form", "agreement", "--prefill", _staff(tmp_path, 2001))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.stderr
    _plain(result.stderr)
    assert "the staff list has more than 2,000 rows" in result.stderr and "--max-rows" in result.stderr
    assert not out.exists()
    assert "--max-rows N" in _run("generate", "--help").stdout


def test_max_rows_sets_the_cap_either_way(tmp_path):
    out = tmp_path / "out"
    staff = _staff(tmp_path, 3)
    result = _run(
        "generate", "leeds", "-o", out, "--form", "agreement", "--prefill", staff, "--format", "docx", "--max-rows", "2"
    )
    assert result.exit_code == 1 and "more than 2 rows" in result.stderr and not out.exists(), result.stderr
    result = _run(
        "generate", "leeds", "-o", out, "--form", "agreement", "--prefill", staff, "--format", "docx", "--max-rows", "3"
    )
    assert result.exit_code == 0, result.stderr
    assert len(list(out.glob("*.docx"))) == 3


@pytest.mark.parametrize("which", ["prefill", "roster"])
def test_a_duplicate_csv_header_names_the_column(tmp_path, which):
    path = tmp_path / "people.csv"
    if which == "prefill":
        path.write_text("supervisee,team,team\nAnn,Blue,Red\n", encoding="utf-8")
        args = ("generate", "leeds", "-o", tmp_path / "out", "--form", "agreement", "--prefill", path)
    else:
        path.write_text("staff_id,name,team,team\nS1,Ann,Blue,Red\n", encoding="utf-8")
        args = ("report", _database(tmp_path), "--policy", "leeds", "--roster", path, "-o", tmp_path / "r.html")
    result = _run(*args)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.stderr
    _plain(result.stderr)
    col = 3 if which == "prefill" else 4
    assert (
        f'{path}:1:{col}: team: the column "team" appears twice in the header (columns {col - 1} and {col})'
        in result.stderr
    ), result.stderr


def test_each_refusal_has_its_own_problem_code(tmp_path, fifo):
    from docgen.errors import ProblemsFound
    from docgen.policy import load_policy, load_policy_text
    from docgen.prefill import read_staff_csv
    from docgen.report.roster import parse_roster

    def code(call, *args) -> str:
        with pytest.raises(ProblemsFound) as info:
            call(*args)
        [problem] = info.value.problems
        return problem.code

    assert code(load_policy, fifo) == "not-a-file"
    assert code(load_policy_text, "a: " + DEEP_YAML["flow-map"]) == "yaml-too-deep"
    assert code(parse_roster, "staff_id,name,name\n") == "duplicate-column"
    assert code(parse_roster, "staff_id,name\nS1," + "x" * 200_000 + "\n") == "too-large"
    assert code(read_staff_csv, _staff(tmp_path, 11), 10) == "too-large"
