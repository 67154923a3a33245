"""Issue 19, the minimum of a range checked: `between: {min: "6 weeks", max: "8 weeks"}` means not before
6 weeks as well as not after 8: two sessions closer together are an S7 finding ("checked as: at least
6 weeks and at most 8 weeks from one session to the next"); the maximum stays S2's. Records by hand; the expected
findings are worked out here from the dates (hypothesis where they vary)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.demo.synthetic import DEMO_POLICY
from docgen.policy import load_policy_text
from docgen.report import build_report, parse_roster

_HEAD = "staff_id,name,supervisor_id,team,role,experience,employment,fte,contact,start_date,asye_start,leaving_date\n"
BOSS = "B,Bea Boss,,T,team_manager,experienced,full_time,1,direct,2015-01-01,,"
WORKER = "W1,Wyn Worker,B,T,social_worker,experienced,full_time,1,direct,2000-01-01,,"
MONTHLY = '{every: "1 month"}'
RANGE = '{between: {min: "6 weeks", max: "8 weeks"}}'
READING = "at least 6 weeks and at most 8 weeks from one session to the next"
D = dt.date


def session(day: dt.date) -> dict:
    values = {"supervisee": "Wyn Worker", "session_date": day.isoformat(), "supervision_type": "one_to_one"}
    return {"path": f"W/{day}.docx", "status": "ok", "document": {"kind": "session-record"}, "values": values,
            "roles": {k: k for k in values}, "issues": []}  # fmt: skip


def report(days: list[dt.date], as_of: dt.date, schedule: str = RANGE, compliance: str = ""):
    text = DEMO_POLICY.read_text(encoding="utf-8").replace(MONTHLY, schedule, 1)
    if compliance:
        start, end = text.index("compliance:"), text.index("documents:")
        text = text[:start] + compliance + "\n" + text[end:]
    roster = parse_roster(_HEAD + BOSS + "\n" + WORKER + "\n")
    return build_report([session(d) for d in days], load_policy_text(text, "demo.yaml"), roster, as_of)


def s7(rep) -> list:
    return [f for f in rep.findings if f.check == "S7"]


def test_sessions_closer_than_the_minimum_are_found():
    """Planted: 1 March then 5 April, 35 days apart, under every 6 to 8 weeks."""
    days = [D(2024, 1, 5), D(2024, 3, 1), D(2024, 4, 5), D(2024, 5, 24)]
    (finding,) = s7(report(days, D(2024, 6, 1)))
    assert (finding.date, finding.severity, finding.checked_as) == (D(2024, 4, 5), "advisory", READING)
    assert finding.message == (
        "35 days from the session of 01/03/2024 to the session of 05/04/2024; the policy allows no less than "
        "6 weeks from one session to the next (not before 12/04/2024)."
    )


def test_sessions_exactly_the_minimum_apart_are_quiet():
    """Near miss: 1 March then 12 April, exactly 6 weeks; and a rule with no minimum checks none."""
    assert s7(report([D(2024, 1, 19), D(2024, 3, 1), D(2024, 4, 12), D(2024, 5, 24)], D(2024, 6, 1))) == []
    assert s7(report([D(2024, 3, 1), D(2024, 3, 8)], D(2024, 3, 20), MONTHLY)) == []


def test_the_policy_can_switch_it_off_or_make_it_a_breach():
    days = [D(2024, 1, 5), D(2024, 3, 1), D(2024, 4, 5), D(2024, 5, 24)]
    assert s7(report(days, D(2024, 6, 1), compliance="compliance: {grace_days: 7, off: [S7]}")) == []
    (f,) = s7(report(days, D(2024, 6, 1), compliance="compliance: {grace_days: 7, severity: {S7: breach}}"))
    assert f.severity == "breach"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=300), min_size=2, max_size=12, unique=True))
def test_every_pair_closer_than_six_weeks_and_no_other_is_found(offsets):
    days = sorted(D(2023, 1, 2) + dt.timedelta(days=n) for n in offsets)
    expected = [b for a, b in zip(days, days[1:], strict=False) if (b - a).days < 42]  # 6 weeks = 42 days
    assert [f.date for f in s7(report(days, D(2023, 12, 31)))] == expected
