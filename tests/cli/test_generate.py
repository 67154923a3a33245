"""docgen generate: every form kind, personalised forms from a staff CSV, safe names, no overwrites."""

import json

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.errors import ProblemsFound
from docgen.parse import parse_file
from docgen.prefill import read_staff_csv
from tests.helpers.policies import POLICIES


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_generate_writes_every_form_kind_of_worcestershire(tmp_path):
    """Every form Worcestershire's guidance gives, and no evaluation: its source has no evaluation tool
    and the policy adopts none (docgen/policy/adopted.py), so none is generated under its name."""
    code, out, err = run("generate", POLICIES / "worcestershire.yaml", "-o", tmp_path, "--format", "docx")
    assert code == 0, err
    names = sorted(p.name for p in tmp_path.iterdir())
    handouts = [
        "worcestershire_handout_functions_sheet.docx",
        "worcestershire_handout_seven_minute_briefing.docx",
        "worcestershire_handout_one_minute_guide.docx",
    ]  # in the policy's order
    assert names == sorted(
        [
            "worcestershire_agreement.docx",
            "worcestershire_case_record.docx",
            "worcestershire_policy_document.docx",
            "worcestershire_preparation_sheet.docx",
            "worcestershire_session_record.docx",
            *handouts,
        ]
    )
    assert out.split() == [
        str(tmp_path / n)
        for n in [
            "worcestershire_agreement.docx",
            "worcestershire_session_record.docx",
            "worcestershire_case_record.docx",
            "worcestershire_preparation_sheet.docx",
            "worcestershire_policy_document.docx",
            *handouts,
        ]
    ]
    assert not any("evaluation" in n for n in names)
    kinds = {
        parse_file(tmp_path / n).manifest["kind"] for n in names if "policy_document" not in n and "handout" not in n
    }
    assert kinds == {"agreement", "session-record", "case-record", "preparation-sheet"}


def test_generate_writes_the_evaluation_of_a_policy_with_an_evaluation_tool(tmp_path):
    """The evaluation kind, moved from the Worcestershire test above: Hertfordshire's own tool."""
    code, out, err = run("generate", "hertfordshire", "-o", tmp_path, "--format", "docx", "--only", "evaluation")
    assert code == 0, err
    assert out.split() == [str(tmp_path / "hertfordshire_evaluation.docx")]
    assert parse_file(tmp_path / "hertfordshire_evaluation.docx").manifest["kind"] == "evaluation"


def test_only_and_variants(tmp_path):
    code, _, err = run("generate", "hertfordshire", "-o", tmp_path, "--only", "agreement", "--format", "docx")
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "hertfordshire_agreement_direct.docx",
        "hertfordshire_agreement_indirect.docx",
    ]


def test_never_overwrites_without_force(tmp_path):
    assert run("generate", "leeds", "-o", tmp_path, "--only", "case-record")[0] == 0
    code, _, err = run("generate", "leeds", "-o", tmp_path, "--only", "case-record")
    assert code == 2 and "--force" in err
    assert run("generate", "leeds", "-o", tmp_path, "--only", "case-record", "--force")[0] == 0


def test_usage_errors(tmp_path):
    assert run("generate", "leeds", "-o", tmp_path, "--format", "odt")[0] == 2
    assert run("generate", "leeds", "-o", tmp_path, "--only", "minutes")[0] == 2
    assert run("generate", "leeds", "-o", tmp_path, "--prefill", POLICIES / "leeds.yaml")[0] == 2


STAFF = (
    "supervisee,supervisor,experience,contact,start_date,staff_id\n"
    "Ann Jones,Bob Smith,newly_qualified,direct,01/09/2026,S-001\n"
    "Ōwen ap Rhŷs,Bob Smith,experienced,,2026-01-02,\n"
    "../../etc/passwd,Eve,,,,\n"
)


def test_personalised_agreements_from_a_staff_list(tmp_path):
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF, encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, err = run(
        "generate", "national_baseline", "-o", out, "--form", "agreement", "--prefill", staff, "--format", "docx"
    )
    assert code == 0, err
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "national_baseline_agreement_001-s-001.docx",
        "national_baseline_agreement_002-owen-ap-rhys.docx",
        "national_baseline_agreement_003-etc-passwd.docx",
    ]
    first = parse_file(out / names[0]).values
    assert (first["supervisee"], first["supervisor"], first["start_date"]) == ("Ann Jones", "Bob Smith", "2026-09-01")
    assert first["frequency"].startswith("every week until 6 weeks")
    assert first["duration"] == "at least 90 minutes, uninterrupted"
    second = parse_file(out / names[1]).values
    assert (second["supervisee"], second["frequency"]) == ("Ōwen ap Rhŷs", "every calendar month")


def test_a_number_blank_is_filled_only_when_the_rule_is_in_weeks(tmp_path):
    staff = tmp_path / "staff.csv"
    staff.write_text("supervisee,supervisor\nAnn,Bob\n", encoding="utf-8")
    assert (
        run(
            "generate",
            "worcestershire",
            "-o",
            tmp_path / "o",
            "--form",
            "agreement",
            "--prefill",
            staff,
            "--format",
            "docx",
        )[0]
        == 0
    )
    [made] = (tmp_path / "o").iterdir()
    values = parse_file(made).values
    assert (values["parties_supervisee"], values["parties_supervisor"]) == ("Ann", "Bob")
    assert values["frequency_weeks"] is None  # Worcestershire leaves the frequency to each agreement


def test_staff_csv_problems_are_located(tmp_path):
    text = "supervisee,supervisor,experiance,fte,start_date\nAnn,Bob,x,2.5,31/02/2026\n"
    path = tmp_path / "staff.csv"
    path.write_text(text)
    with pytest.raises(ProblemsFound) as info:
        read_staff_csv(path)
    [p] = info.value.problems
    assert (p.code, p.line, p.column, p.path) == ("unknown-key", 1, 3, "experiance")
    assert 'did you mean "experience"' in p.hint
    path.write_text("supervisee,experience,fte,start_date\nAnn,newly-qualified,2.5,31/02/2026\n")
    with pytest.raises(ProblemsFound) as info:
        read_staff_csv(path)
    found = {(p.path, p.line, p.column, p.code) for p in info.value.problems}
    assert found == {("experience", 2, 2, "bad-choice"), ("fte", 2, 3, "bad-value"), ("start_date", 2, 4, "bad-value")}


def test_prefill_json_values_survive_a_round_trip(tmp_path):
    staff = tmp_path / "staff.csv"
    staff.write_text('supervisee,supervisor\n"O\'Brien <&> ""Q""",Siân\n', encoding="utf-8")
    assert (
        run("generate", "leeds", "-o", tmp_path / "o", "--form", "agreement", "--prefill", staff, "--format", "docx")[0]
        == 0
    )
    [made] = (tmp_path / "o").iterdir()
    code, out, _ = run("parse", made)
    values = json.loads(out)["values"]
    assert (values["supervisee"], values["supervisor"]) == ('O\'Brien <&> "Q"', "Siân")


def test_personalised_pdf_forms(tmp_path):
    staff = tmp_path / "staff.csv"
    staff.write_text("supervisee,supervisor,experience\nŴyn Rhŷs,Siân Jones,newly_qualified\n", encoding="utf-8")
    code, _, err = run(
        "generate",
        "national_baseline",
        "-o",
        tmp_path / "o",
        "--form",
        "agreement",
        "--prefill",
        staff,
        "--format",
        "pdf",
    )
    assert code == 0, err
    [made] = (tmp_path / "o").iterdir()
    values = parse_file(made).values
    assert made.suffix == ".pdf"
    assert (values["supervisee"], values["supervisor"]) == ("Ŵyn Rhŷs", "Siân Jones")
    assert values["frequency"].startswith("every week until 6 weeks")


def test_generated_forms_are_shareable_files_not_private_ones(tmp_path):
    import os

    from click.testing import CliRunner

    from docgen.cli import main

    old = os.umask(0o022)
    try:
        result = CliRunner().invoke(
            main, ["generate", "leeds", "-o", str(tmp_path), "--only", "agreement", "--format", "docx"]
        )
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    [form] = tmp_path.glob("*.docx")
    assert oct(form.stat().st_mode & 0o777) == "0o644"
