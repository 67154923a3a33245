"""Issue 19, what "monthly" means, checked: each complete calendar month with no formal session is an
S6 finding ("checked as: at least one session in each calendar month"), a gap longer than a month an
S2 finding ("a gap of at most 1 month from one session to the next (plus 7 days' grace)"), each as the policy's
`reading:` says (both, when it does not say). Records are built by hand, through roles; the expected
findings are worked out here from the dates, not by the code under test."""

from __future__ import annotations

import calendar
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.demo.synthetic import DEMO_POLICY
from docgen.policy import load_policy_text
from docgen.report import build_report, parse_roster
from tests.helpers.records import ROSTER_HEAD, session

_HEAD = ROSTER_HEAD
BOSS = "B,Bea Boss,,T,team_manager,experienced,full_time,1,direct,2015-01-01,,"
WORKER = "W1,Wyn Worker,B,T,social_worker,experienced,full_time,1,direct,2000-01-01,,"
MONTHLY = '{every: "1 month"}'
CALENDAR_MONTH = "at least one session in each calendar month"
GAP_MONTH = "a gap of at most 1 month from one session to the next (plus 7 days' grace)"


def report(days: list[dt.date], as_of: dt.date, schedule: str = MONTHLY, *people: str):
    text = DEMO_POLICY.read_text(encoding="utf-8")
    assert MONTHLY in text
    loaded = load_policy_text(text.replace(MONTHLY, schedule, 1), "demo.yaml")
    roster = parse_roster(_HEAD + "".join(r + "\n" for r in (BOSS, WORKER, *people)))
    return build_report([session("Wyn Worker", d) for d in days], loaded, roster, as_of)


def found(rep, check: str) -> list:
    return [f for f in rep.findings if f.check == check]


D = dt.date
# Monthly but for February: 31 January, then 1 March (30 days apart in 2024: within a month plus grace)
SKIPS_FEBRUARY = [D(2023, 11, 15), D(2023, 12, 14), D(2024, 1, 10), D(2024, 1, 31), D(2024, 3, 1), D(2024, 3, 28),
                  D(2024, 4, 25), D(2024, 5, 23)]  # fmt: skip
# Every month held, but 1 January to 28 February is longer than a month plus 7 days
LONG_GAP = [D(2023, 11, 15), D(2023, 12, 14), D(2024, 1, 1), D(2024, 2, 28), D(2024, 3, 20), D(2024, 4, 18),
            D(2024, 5, 16)]  # fmt: skip
AS_OF = D(2024, 6, 10)


def test_an_empty_calendar_month_is_found_by_default_though_no_gap_is_too_long():
    """Planted: 31 January then 1 March: February has no session (S6); the gap is within a month plus
    grace, so S2 is quiet."""
    rep = report(SKIPS_FEBRUARY, AS_OF)
    (s6,) = found(rep, "S6")
    assert (s6.date, s6.staff_id, s6.checked_as) == (D(2024, 2, 1), "W1", CALENDAR_MONTH)
    assert s6.message == "No formal session in February 2024 (from 01/02/2024 to 29/02/2024, both days included)."
    assert 'Frequency rule "Full-time practitioners in direct work"' in s6.clause
    assert found(rep, "S2") == [] and found(rep, "S1") == []


def test_a_long_gap_is_found_by_default_though_every_month_is_held():
    """Planted: 1 January then 28 February: a breach by the gap (S2), not by the calendar month."""
    rep = report(LONG_GAP, AS_OF)
    (s2,) = found(rep, "S2")
    assert (s2.date, s2.checked_as) == (D(2024, 2, 28), GAP_MONTH)
    assert found(rep, "S6") == []


def test_the_policy_says_which_reading_and_only_that_one_is_checked():
    """Near misses: under reading: gap the empty February is quiet; under reading: calendar the long
    gap is quiet (and a calendar reading checks no gap at all, not even one overdue now)."""
    assert found(report(SKIPS_FEBRUARY, AS_OF, '{every: "1 month", reading: gap}'), "S6") == []
    calendar_only = report(LONG_GAP, AS_OF, '{every: "1 month", reading: calendar}')
    assert found(calendar_only, "S2") == [] and found(calendar_only, "S6") == []
    assert "because their rule asks for a session in each calendar period (checked by S6)" in calendar_only.rated
    both = report(SKIPS_FEBRUARY + [D(2024, 2, 20)], AS_OF, '{every: "1 month", reading: both}')
    assert [f for f in both.findings if f.check in ("S1", "S2", "S6")] == []


def test_the_month_of_the_check_date_and_the_month_someone_starts_are_not_complete():
    """Near miss: a worker who started on 2 February 2024 with a first session on 1 March, and no
    session yet in June on 10 June: February (not a whole month in post) and June (not over) are not
    findings; April, with no session, is."""
    starter = "W2,Nia Newman,B,T,social_worker,experienced,full_time,1,direct,2024-02-02,,"
    days = [D(2024, 3, 1), D(2024, 3, 29), D(2024, 5, 2), D(2024, 5, 29)]
    text = DEMO_POLICY.read_text(encoding="utf-8")
    loaded = load_policy_text(text, "demo.yaml")
    roster = parse_roster(_HEAD + "".join(r + "\n" for r in (BOSS, starter)))
    records = [session("Nia Newman", d) for d in days] + [session("Nia Newman", D(2023, 1, 1))]
    records[-1]["values"]["supervisee"] = "Someone Else"  # the records start long before
    rep = build_report(records, loaded, roster, D(2024, 6, 10))
    assert [(f.date, f.staff_id) for f in found(rep, "S6")] == [(D(2024, 4, 1), "W2")]


def test_a_quarterly_rule_read_by_the_calendar_names_the_quarter():
    """Planted: every 3 months read by the calendar: April to June 2024 has no session."""
    days = [D(2023, 11, 15), D(2024, 2, 10), D(2024, 7, 2), D(2024, 9, 30)]
    rep = report(days, D(2024, 10, 5), '{every: "3 months", reading: calendar}')
    (s6,) = found(rep, "S6")
    assert s6.date == D(2024, 4, 1) and s6.message.startswith("No formal session in April to June 2024 ")
    assert s6.checked_as.startswith("at least one session in each calendar quarter")


def _empty_months(days: list[dt.date], first: dt.date, last: dt.date) -> list[dt.date]:
    """The complete months from `first` to `last` with no session (worked out here, month by month)."""
    out = []
    y, m = first.year, first.month
    if first.day != 1:  # the month someone starts in is not a whole month
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    while True:
        end = D(y, m, calendar.monthrange(y, m)[1])
        if end > last:
            return out
        if not any(d.year == y and d.month == m for d in days):
            out.append(D(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=25, unique=True))
def test_every_empty_calendar_month_and_no_other_is_found(offsets):
    first = D(2023, 1, 1)
    days = sorted(first + dt.timedelta(days=n) for n in offsets)
    as_of = D(2024, 2, 15)
    rep = report([d for d in days if d <= as_of], as_of, '{every: "1 month", reading: calendar}')
    start = min(d for d in days if d <= as_of) if any(d <= as_of for d in days) else as_of
    expected = _empty_months(days, start, as_of)
    assert sorted(f.date for f in found(rep, "S6")) == expected
    assert all(f.checked_as == CALENDAR_MONTH for f in found(rep, "S6"))


def test_stepped_findings_say_the_phase_its_interval_and_the_grace():
    """Planted: a newly qualified worker misses week 3 (S4, no grace), and has no session since 29
    January on 14 February (S1 in the weekly phase, plus the grace)."""
    nq = "W3,Ned Newly,B,T,social_worker,newly_qualified,full_time,1,direct,2023-12-01,2024-01-01,"
    days = [D(2024, 1, 1), D(2024, 1, 8), D(2024, 1, 22), D(2024, 1, 29)]
    roster = parse_roster(_HEAD + "".join(r + "\n" for r in (BOSS, nq)))
    loaded = load_policy_text(DEMO_POLICY.read_text(encoding="utf-8"), "demo.yaml")
    rep = build_report([session("Ned Newly", d) for d in days], loaded, roster, D(2024, 2, 14))
    phase = "the first 6 weeks from the start of the ASYE year"
    week3 = next(f for f in found(rep, "S4") if f.date == D(2024, 1, 15))
    assert week3.checked_as == f"at least one session in each week of {phase} (no grace)"
    (s1,) = found(rep, "S1")
    assert s1.checked_as == f"a gap of at most 1 week from one session to the next in {phase} (plus 7 days' grace)"
