"""Prefill of an agreement whose frequency is a choice (a dropdown): it writes the key of the option
that says the governing rule's schedule, so reading the form back is clean; when no option says it,
the field is left for the person, and generate says so."""

from __future__ import annotations

from click.testing import CliRunner

from docgen.cli import main
from docgen.parse import parse_file
from tests.helpers.policies import ROOT, minimal_policy

OPTIONS = [
    ("weekly", "Weekly"),
    ("fortnightly", "Fortnightly"),
    ("three_weekly", "Every 3 weeks"),
    ("four_weekly", "Every 4 weeks"),
    ("monthly", "Monthly"),
    ("six_weekly", "Every 6 weeks"),
    ("quarterly", "Quarterly"),
    ("other", "Other (write it in the notes)"),
]


def _policy_folder(tmp_path, schedule: str):
    """A policy whose agreement template asks the frequency as a dropdown of eight options."""
    folder = tmp_path / "policy"
    (folder / "form_templates").mkdir(parents=True)
    template = (ROOT / "form_templates" / "generic_agreement.yaml").read_text(encoding="utf-8")
    options = ", ".join(f'{{key: {k}, label: "{label}"}}' for k, label in OPTIONS)
    old = (
        'field: {id: frequency, type: text, label: "Frequency of Supervision", role: agreement_frequency, '
        "required: true}"
    )
    assert old in template
    template = template.replace("id: generic_agreement", "id: dropdown_agreement").replace(
        old,
        f'field: {{id: frequency, type: choice, label: "Frequency of Supervision", role: agreement_frequency, '
        f"options: [{options}]}}",
    )
    (folder / "form_templates" / "dropdown_agreement.yaml").write_text(template, encoding="utf-8")
    policy = minimal_policy(
        **{
            "schedule: {every: 1 month}": f"schedule: {schedule}",
            "    session-record: generic_session_record": (
                "    agreement: dropdown_agreement\nagreement: {title: Supervision agreement}"
            ),
        }
    )
    (folder / "policy.yaml").write_text(policy, encoding="utf-8")
    staff = tmp_path / "staff.csv"
    staff.write_text("supervisee,supervisor\nAnn Example,Bob Boss\n", encoding="utf-8")
    return folder / "policy.yaml", staff


def _generate(tmp_path, schedule: str):
    policy, staff = _policy_folder(tmp_path, schedule)
    out = tmp_path / "out"
    args = ["generate", str(policy), "-o", str(out), "--form", "agreement", "--prefill", str(staff), "--format", "docx"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output + result.stderr
    [made] = out.iterdir()
    return parse_file(made), result.stderr


def test_a_dropdown_frequency_is_prefilled_with_an_option_key_and_reads_back_clean(tmp_path):
    parsed, stderr = _generate(tmp_path, "{every: 1 month}")
    assert parsed.values["frequency"] == "monthly"
    assert [i for i in parsed.issues if i.field == "frequency"] == []
    assert "frequency left for the person" not in stderr


def test_a_fortnightly_rule_picks_the_fortnightly_option(tmp_path):
    parsed, _ = _generate(tmp_path, '{every: "2 weeks"}')
    assert parsed.values["frequency"] == "fortnightly"
    assert [i for i in parsed.issues if i.field == "frequency"] == []


def test_no_matching_option_leaves_the_field_for_the_person_and_says_so(tmp_path):
    parsed, stderr = _generate(tmp_path, '{between: {min: "5 weeks", max: "7 weeks"}}')
    assert parsed.values["frequency"] is None
    assert [i for i in parsed.issues if i.field == "frequency"] == []
    assert "frequency: frequency left for the person to choose" in stderr
    assert "between 5 weeks and 7 weeks" in stderr or "every 5 to 7 weeks" in stderr
