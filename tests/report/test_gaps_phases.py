"""Issue 19, S5 per phase: a session of a stepped schedule is held to the length of the phase it falls
in ("at least 90 minutes in the fortnightly phase only"), else to the rule's; each finding says which
("checked as: at least 90 minutes for a session in 6 weeks to 6 months ..."). Records by hand."""

from __future__ import annotations

import datetime as dt

from docgen.demo.synthetic import DEMO_POLICY
from docgen.policy import load_policy_text
from docgen.report import build_report, parse_roster

_HEAD = "staff_id,name,supervisor_id,team,role,experience,employment,fte,contact,start_date,asye_start,leaving_date\n"
NQ = "W3,Ned Newly,B,T,social_worker,newly_qualified,full_time,1,direct,2023-12-01,2024-01-01,"
BOSS = "B,Bea Boss,,T,team_manager,experienced,full_time,1,direct,2015-01-01,,"
PHASE = "6 weeks to 6 months from the start of the ASYE year"
D = dt.date


def session(day: dt.date, minutes: int) -> dict:
    values = {"supervisee": "Ned Newly", "session_date": day.isoformat(), "supervision_type": "one_to_one",
              "session_duration": minutes}  # fmt: skip
    return {"path": f"Ned/{day}.docx", "status": "ok", "document": {"kind": "session-record"}, "values": values,
            "roles": {k: k for k in values}, "issues": []}  # fmt: skip


def _report(minutes: dict[dt.date, int], phased: bool = True):
    text = DEMO_POLICY.read_text(encoding="utf-8")
    if phased:
        old = '- {every: "2 weeks", until: "6 months"}'
        text = text.replace(old, '- {every: "2 weeks", until: "6 months", duration: {min: "90 minutes"}}', 1)
    days = [D(2024, 1, 1) + dt.timedelta(weeks=k) for k in range(6)]
    days += [D(2024, 2, 12) + dt.timedelta(weeks=2 * k) for k in range(6)]
    records = [session(d, minutes.get(d, 100)) for d in days]
    roster = parse_roster(_HEAD + BOSS + "\n" + NQ + "\n")
    return build_report(records, load_policy_text(text, "demo.yaml"), roster, D(2024, 4, 30))


def s5(report) -> list:
    return [f for f in report.findings if f.check == "S5"]


def test_a_session_in_the_phase_is_held_to_the_phase_length():
    """Planted: 75 minutes on 26/02/2024, in the fortnightly phase (at least 90 minutes)."""
    (finding,) = s5(_report({D(2024, 2, 26): 75}))
    assert finding.date == D(2024, 2, 26)
    assert finding.message == (
        f"The session of 26/02/2024 lasted 75 minutes, shorter than the minimum of 90 minutes for a session in {PHASE}."
    )
    assert finding.checked_as == f"at least 90 minutes for a session in {PHASE}"
    assert "sessions last at least 90 minutes in " + PHASE in finding.clause


def test_the_same_length_outside_the_phase_or_on_its_limit_is_quiet():
    """Near misses: 75 minutes in the weekly phase (the rule's 1 hour to 2 hours applies) and exactly
    90 minutes in the fortnightly phase; without the phase length, 75 minutes is quiet there too."""
    assert s5(_report({D(2024, 1, 8): 75, D(2024, 2, 26): 90})) == []
    assert s5(_report({D(2024, 2, 26): 75}, phased=False)) == []


def test_the_rule_length_still_applies_in_the_phase_for_what_the_phase_does_not_set():
    """A phase that sets only a minimum: the maximum is the phase's (none), so 130 minutes there is
    quiet, while 130 minutes in the weekly phase is longer than the rule's 2 hours."""
    findings = s5(_report({D(2024, 1, 8): 130, D(2024, 2, 26): 130}))
    assert [(f.date, f.checked_as) for f in findings] == [(D(2024, 1, 8), "at least 1 hour and at most 2 hours")]
