"""The two example policies written from public sources (issue 19, item 5): each states its source's
visiting rule in its policy document, and the report reads that rule as the source means it, with a
planted breach and a near miss. Records are built by hand, through roles, as the harvest gives them;
the expected findings are worked out here from the dates, not by the code under test."""

from __future__ import annotations

import datetime as dt

from docgen.documents.policy_document import build_policy_document
from docgen.policy import load_policy
from docgen.report import build_report, parse_roster
from tests.helpers.policies import POLICIES
from tests.helpers.records import ROSTER_HEAD, session

DAY = dt.timedelta(days=1)
GRACE = 7  # days: neither policy sets compliance.grace_days, so the report's default applies
_HEAD = ROSTER_HEAD
SUPERVISOR = "S,Sam Social-Worker,,Fostering,supervising_social_worker,experienced,full_time,1,direct,2015-01-01,,"


def carer(start: dt.date) -> str:
    return f"FC,Fran Carer,S,Fostering,foster_carer,experienced,full_time,1,direct,{start.isoformat()},,"


def late(report, staff_id: str = "FC") -> list:
    """Late or missing sessions: S1/S2 for a fixed interval, S4 for a stepped schedule."""
    return [f for f in report.findings if f.check in ("S1", "S2", "S4") and f.staff_id == staff_id]


def frequency_rows(name: str) -> list[tuple[str, ...]]:
    spec = build_policy_document(load_policy(POLICIES / f"{name}.yaml"))
    section = next(s for s in spec.sections if s.heading == "Frequency and duration")
    table = next(b for b in section.blocks if hasattr(b, "header"))
    return [tuple(row) for row in table.rows]


def visits(first: dt.date, gaps: list[int]) -> list[dt.date]:
    days = [first]
    for gap in gaps:
        days.append(days[-1] + gap * DAY)
    return days


# --- Greater London Fostering: "at least once every eight weeks" -------------------------------------


def test_glf_policy_document_states_eight_weeks_for_foster_carers():
    (row,) = frequency_rows("greater_london_fostering")
    assert row[0] == "Foster carers" and row[1].startswith("every 8 weeks")


def _glf_report(gaps: list[int]):
    loaded = load_policy(POLICIES / "greater_london_fostering.yaml")
    days = visits(dt.date(2025, 1, 6), gaps)
    as_of = days[-1] + 10 * DAY  # the next session is not yet due
    rows = parse_roster(_HEAD + SUPERVISOR + "\n" + carer(dt.date(2020, 1, 1)) + "\n")
    return build_report([session("Fran Carer", d) for d in days], loaded, rows, as_of)


def test_glf_a_gap_of_eight_weeks_is_on_time():
    """Near miss: every gap exactly 56 days (eight weeks) is not late."""
    assert late(_glf_report([56, 56, 56, 56])) == []


def test_glf_a_gap_past_eight_weeks_and_the_grace_is_late():
    """Planted: one gap of 56 + 7 + 1 days (eight weeks, the report's 7 days of grace, one more)."""
    findings = late(_glf_report([56, 56 + GRACE + 1, 56]))
    assert findings, "a 64-day gap between a foster carer's supervisions was not found"


# --- Ealing: "first year of approval ... no less than 4 weekly and long term carers every 6 weeks" ----

APPROVED = dt.date(2024, 1, 1)


def test_ealing_policy_document_states_four_weeks_in_the_first_year_then_six():
    (row,) = frequency_rows("ealing_fostering")
    assert row[0] == "Foster carers"
    assert row[1].startswith("every 4 weeks until 1 year from the start in post; then every 6 weeks")


def _ealing_report(gaps: list[int]):
    loaded = load_policy(POLICIES / "ealing_fostering.yaml")
    days = visits(APPROVED + 14 * DAY, gaps)
    as_of = days[-1] + 10 * DAY
    rows = parse_roster(_HEAD + SUPERVISOR + "\n" + carer(APPROVED) + "\n")
    return build_report([session("Fran Carer", d) for d in days], loaded, rows, as_of), days


def test_ealing_visits_every_four_weeks_then_six_weeks_are_on_time():
    """Near miss: 28-day gaps through the first year of approval, 42-day gaps after it."""
    report, days = _ealing_report([28] * 13 + [42] * 4)
    assert days[12] < APPROVED + 366 * DAY < days[13]  # the 6-week gaps start once the first year is over
    assert late(report) == []


def test_ealing_a_gap_past_four_weeks_in_the_first_year_is_late():
    """Planted: a 40-day gap (28 + 7 grace + 5) inside the first year of approval is late, though it
    would be within six weeks; the same 40-day gap after the first year (near miss) is not."""
    inside, days = _ealing_report([28] * 5 + [40] + [28] * 7 + [42] * 3)
    assert days[6] < APPROVED + 365 * DAY
    (finding,) = late(inside)
    assert finding.check == "S4" and "03/06/2024" in finding.message and "13/07/2024" in finding.message
    assert "in the first year from the start in post" in finding.message + finding.checked_as  # not "first 1 year"
    after, days = _ealing_report([28] * 13 + [42, 40, 42])
    assert days[14] > APPROVED + 366 * DAY
    assert late(after) == []
