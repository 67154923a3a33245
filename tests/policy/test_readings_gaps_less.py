"""Issue 19, `less_often_than: <rule id>`: a rule supervised less often than another (the mirror of
`more_often_than`). It validates (not itself, an existing rule, in the same round as structural
errors), says itself in the policy document, never governs over the rule it names, and the report
says plainly that it cannot be checked (no number), rather than passing in silence."""

from __future__ import annotations

import datetime as dt
import io

import docx as python_docx

from docgen.documents.policy_document import build_policy_document
from docgen.policy import load_policy_text
from docgen.policy.rules import governing_rule
from docgen.policy.staff import StaffProfile
from docgen.render.docx import render_docx
from docgen.report import build_report, parse_roster
from tests.helpers.policies import minimal_policy, pos
from tests.helpers.policies import only_problem as only
from tests.helpers.policies import policy_problems as problems

SOURCE = "      source: {ref: own, at: Frequency}\n"
EVERY = "schedule: {every: 1 month}"


def _two(schedule: str = "{less_often_than: all_staff}", **more: str) -> str:
    second = (
        f"    - id: outreach\n      label: Outreach service\n      schedule: {schedule}\n"
        "      strength: should\n      applies_to: {contact: [indirect]}\n      source: {ref: own}\n"
    )
    return minimal_policy(**{SOURCE: SOURCE + second}, **more)


def test_a_rule_less_often_than_another_validates_and_says_so_in_the_policy_document():
    loaded = load_policy_text(_two(), "p.yaml")
    rule = loaded.policy.frequency.rules[1]
    labels = {r.id: r.label for r in loaded.policy.frequency.rules}
    words = 'less often than under "All staff" (the policy gives no number)'
    assert rule.schedule.words(labels) == words and rule.schedule.refers_to() == "all_staff"
    data = render_docx(build_policy_document(loaded)).data
    body = python_docx.Document(io.BytesIO(data)).element.body
    text = " ".join("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t")) for p in body.iter())
    assert words in text and "Outreach service" in text


def test_the_rule_it_names_governs_when_both_apply():
    """Near miss of "strictest": someone both rules cover is held to the rule with a number."""
    loaded = load_policy_text(_two().replace("applies_to: {contact: [indirect]}", "applies_to: {}"), "p.yaml")
    assert governing_rule(loaded.policy, StaffProfile()).id == "all_staff"


def test_a_rule_less_often_than_itself_says_so():
    text = _two("{less_often_than: outreach}")
    p = only(text)
    assert (p.code, p.path) == ("bad-reference", "frequency.rules[1].schedule.less_often_than")
    assert (p.line, p.column) == pos(text, "outreach}")
    assert 'the rule "outreach" refers to itself: less_often_than: outreach compares it with itself' in p.message
    assert "one of: all_staff" in p.hint


def test_a_rule_less_often_than_an_unknown_rule_suggests_the_right_one():
    p = only(_two("{less_often_than: all_staf}"))
    assert (p.code, p.path) == ("bad-reference", "frequency.rules[1].schedule.less_often_than")
    assert '"all_staf" is not a frequency rule defined in frequency.rules' in p.message
    assert 'did you mean "all_staff"' in p.hint


def test_its_reference_is_checked_in_the_same_round_as_structural_errors():
    text = _two("{less_often_than: all_staf}", **{"strength: must": "strength: mandatory"})
    assert {(p.code, p.path) for p in problems(text)} == {
        ("bad-choice", "frequency.rules[0].strength"),
        ("bad-reference", "frequency.rules[1].schedule.less_often_than"),
    }
    selfref = _two("{less_often_than: outreach}", **{"strength: must": "strength: mandatory"})
    assert any("refers to itself" in p.message for p in problems(selfref))


def test_a_key_written_one_level_too_high_is_pointed_under_schedule():
    p = only(minimal_policy(**{EVERY: EVERY + "\n      less_often_than: all_staff"}))
    assert p.code == "unknown-key" and "`less_often_than` goes under `schedule:`" in p.hint


_HEAD = "staff_id,name,supervisor_id,team,role,experience,employment,fte,contact,start_date,asye_start,leaving_date\n"


def _session(name: str, day: dt.date) -> dict:
    values = {"supervisee": name, "session_date": day.isoformat(), "supervision_type": "one_to_one"}
    roles = {k: k for k in values}
    return {"path": f"{name}.docx", "status": "ok", "document": {"kind": "session-record"}, "values": values,
            "roles": roles, "issues": []}  # fmt: skip


def test_the_report_names_people_it_cannot_check_under_the_rule():
    """Planted: an outreach worker with no session for a year: not a finding (the rule has no number),
    but a note that they were not checked and why. Near miss: a colleague under the rule it names,
    with the same (lack of) records, gets an S1 finding."""
    direct = "duration: 90 minutes\n      applies_to: {contact: [direct]}"
    loaded = load_policy_text(_two(**{"duration: 90 minutes": direct}), "p.yaml")
    roster = parse_roster(
        _HEAD + "B,Bea Boss,,T,team_manager,experienced,full_time,1,direct,2015-01-01,,\n"
        "O1,Ola Outreach,B,T,social_worker,experienced,full_time,1,indirect,2020-01-01,,\n"
        "D1,Dai Direct,B,T,social_worker,experienced,full_time,1,direct,2020-01-01,,\n"
    )
    records = [_session(name, dt.date(2023, 6, 12)) for name in ("Ola Outreach", "Dai Direct")]
    report = build_report(records, loaded, roster, dt.date(2024, 6, 10))
    assert not [f for f in report.findings if f.staff_id == "O1" and f.check.startswith("S")]
    assert [f.check for f in report.findings if f.staff_id == "D1" and f.check == "S1"] == ["S1"]
    (note,) = [n for n in report.notes if n.startswith("Ola Outreach (O1)")]
    assert note == (
        'Ola Outreach (O1): not checked against a schedule: under "Outreach service" the rule says only '
        '"less often than" another rule (all_staff), with no number to check'
    )
