"""The command line: exit codes, what goes to stdout and stderr, help and README coverage."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from tests.helpers.policies import POLICIES, ROOT, SHIPPED, minimal_policy


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_validate_shipped_policies_exits_0():
    code, out, err = run("validate", *SHIPPED)
    assert code == 0, err
    assert f"{len(SHIPPED)} policies checked: {len(SHIPPED)} valid" in err


def test_validate_reports_problems_and_exits_1(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(minimal_policy(**{"every: 1 month": "every: 1 montly"}))
    code, out, err = run("validate", bad)
    assert code == 1
    assert re.search(rf"^{re.escape(str(bad))}:\d+:\d+: frequency\.rules\[0\]\.schedule\.every: ", err, re.M)
    assert "Traceback" not in err and out == ""


def test_validate_json_output(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("docgen_policy: 1\n")
    code, out, _ = run("validate", "--json", bad)
    report = json.loads(out)
    assert code == 1 and report[0]["valid"] is False
    assert {p["code"] for p in report[0]["problems"]} == {"missing-key"}


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "a: [\n", "\x00\x01binary", "docgen_policy: 2\n"])
def test_validate_never_shows_a_traceback(tmp_path, text):
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    code, _, err = run("validate", bad)
    assert code == 1 and "Traceback" not in err and str(bad) in err


def test_usage_errors_exit_2(tmp_path):
    assert run("validate")[0] == 2
    assert run("spec", tmp_path / "missing.yaml")[0] == 2
    assert run("frobnicate")[0] == 2


def test_spec_prints_json_and_accepts_shipped_names():
    code, out, _ = run("spec", POLICIES / "worcestershire.yaml", "session-record")
    assert code == 0
    data = json.loads(out)
    assert data["manifest"]["form_id"] == "worcestershire_session_record"
    code2, out2, _ = run("spec", "worcestershire", "session-record")
    assert (code2, out2) == (code, out)


def test_spec_lists_forms_and_prints_schema():
    code, out, _ = run("spec", "worcestershire")
    assert code == 0 and "session-record\tworcestershire_session_record" in out
    code, out, _ = run("spec", "worcestershire", "case-record", "--json-schema")
    assert code == 0 and json.loads(out)["$schema"].endswith("2020-12/schema")


def test_spec_unknown_form_exits_2_with_suggestion():
    """A form kind mistyped on the command line is a usage error (2, issue 20), still with its suggestion."""
    code, out, err = run("spec", "worcestershire", "session-recrd")
    assert code == 2 and 'Did you mean "session-record"' in err and out == ""


def test_init_writes_a_valid_policy_and_refuses_to_overwrite(tmp_path):
    for functions in ("3", "4"):
        target = tmp_path / functions
        code, out, _ = run("init", target, "--functions", functions, "--agency", "Northshire: Council #2")
        assert code == 0 and out.strip() == str(target / "policy.yaml")
        assert run("validate", target / "policy.yaml")[0] == 0
        assert run("init", target)[0] == 2
        assert run("init", target, "--force", "--functions", functions)[0] == 0
    text = (tmp_path / "3" / "policy.yaml").read_text()
    assert text.count("tag: ") == 3 and "#" in text  # three functions, commented


def commands():
    return sorted(main.commands)


@pytest.mark.parametrize("name", commands())
def test_every_command_has_help_with_an_example_and_is_in_the_readme(name):
    code, out, _ = run(name, "--help")
    assert code == 0 and "Examples:" in out
    readme = (ROOT / "README.md").read_text()
    assert f"docgen {name}" in readme


def test_console_script_is_installed():
    exe = shutil.which("docgen") or str(Path(sys.executable).parent / "docgen")
    result = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and "docgen" in result.stdout
