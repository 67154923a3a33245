"""The checks read each rule as the policy means it (issue 19, item 3): each fix with a planted case
and a near miss that is not a breach. Records are built by hand, through roles, as the harvest gives
them; the expected findings are worked out here from the dates, not by the code under test."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.report import build_report, parse_roster
from docgen.report.terminal import summary
from tests.helpers.records import ROSTER_HEAD, found, session
from tests.helpers.records import demo_policy as policy

DAY = dt.timedelta(days=1)
_HEAD = ROSTER_HEAD


def roster(*rows: str):
    return parse_roster(_HEAD + "".join(r + "\n" for r in rows))


# --- S3: an amended copy of one document is one session ----------------------------------------------

AS_OF = dt.date(2024, 3, 7)
PART_TIMER = "P1,Pat Part,B,T,social_worker,experienced,part_time,1,direct,2000-01-01,,"
BOSS = "B,Bea Boss,,T,team_manager,experienced,full_time,1,direct,2015-01-01,,"


def _nine_sessions() -> list[dt.date]:
    return [AS_OF - (20 + 35 * k) * DAY for k in range(9)]  # 9 in the last 12 months (10 are required)


def test_an_amended_copy_of_a_session_record_is_counted_once():
    """Planted: 9 sessions and the 9th saved again, amended, under another name (same document id,
    same session date): 9 held, not 10."""
    days = _nine_sessions()
    records = [session("Pat Part", d, f"doc-{i}") for i, d in enumerate(days)]
    records.append(session("Pat Part", days[0], "doc-0", path="Pat Part/amended copy.docx"))
    report = build_report(records, policy(), roster(BOSS, PART_TIMER), AS_OF)
    (s3,) = found(report, "S3")
    assert s3.message.startswith("9 formal sessions from 08/03/2023 to 07/03/2024, both days included; 10 required")


def test_one_blank_form_reused_for_two_sessions_counts_twice():
    """Near miss: the same document id on two different session dates (a blank form copied and used
    again) is two sessions: 10 held, none short."""
    days = _nine_sessions()
    records = [session("Pat Part", d, f"doc-{i}") for i, d in enumerate(days)]
    records.append(session("Pat Part", days[0] + 10 * DAY, "doc-0", path="Pat Part/reused.docx"))
    report = build_report(records, policy(), roster(BOSS, PART_TIMER), AS_OF)
    assert found(report, "S3") == []


# --- S3: shortfalls in earlier years, and of people who have left ----------------------------------


def _year_ago(day: dt.date) -> dt.date:
    from docgen.demo.synthetic import months_later  # the demo's own calendar walk, apart from periods.py

    return months_later(day, -12)


def _spread(after: dt.date, n: int) -> list[dt.date]:
    return [after + (5 + 35 * k) * DAY for k in range(n)]


@given(as_of=st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2035, 12, 31)), held=st.sampled_from([6, 10]))
@settings(max_examples=25, deadline=None)
def test_a_shortfall_in_an_earlier_year_is_reported_as_past(as_of, held):
    """Planted: 6 sessions in the year before the last (10 required); near miss: 10 that year.
    The last year and the one before it hold 10 each either way."""
    ends = [as_of, _year_ago(as_of), _year_ago(_year_ago(as_of)), _year_ago(_year_ago(_year_ago(as_of)))]
    days = _spread(ends[1], 10) + _spread(ends[2], held) + _spread(ends[3], 10)
    report = build_report([session("Pat Part", d) for d in days], policy(), roster(BOSS, PART_TIMER), as_of)
    s3 = found(report, "S3")
    if held == 10:
        assert s3 == []
        return
    (past,) = s3
    first = ends[2] + DAY
    assert past.date == ends[1] and past.detail == "past"
    assert past.message == (
        f"Past, an earlier year: 6 formal sessions from {first:%d/%m/%Y} to {ends[1]:%d/%m/%Y}, "
        "both days included; 10 required."
    )


LEAVER = "L1,Lee Left,B,T,social_worker,experienced,part_time,1,direct,2015-01-01,,2023-09-30"


def test_a_shortfall_of_someone_who_has_left_is_reported_for_their_time_in_post():
    """Planted: left on 30/09/2023 with 8 sessions in their last 12 months (10 required)."""
    left = dt.date(2023, 9, 30)
    early = _spread(dt.date(2021, 9, 30), 10)  # the records start a year before their last
    records = [session("Lee Left", d) for d in early + _spread(dt.date(2022, 9, 30), 8)]
    report = build_report(records, policy(), roster(BOSS, LEAVER), AS_OF)
    (s3,) = found(report, "S3")
    assert s3.date == left and s3.detail == "past"
    assert s3.message == (
        "Past, before leaving on 30/09/2023: 8 formal sessions from 01/10/2022 to 30/09/2023, both days included; "
        "10 required."
    )


def test_someone_who_left_having_kept_the_count_is_not_reported():
    """Near miss: left with 10 sessions in their last 12 months, and none since (none is due)."""
    records = [session("Lee Left", d) for d in _spread(dt.date(2021, 9, 30), 10) + _spread(dt.date(2022, 9, 30), 10)]
    report = build_report(records, policy(), roster(BOSS, LEAVER), AS_OF)
    assert found(report, "S3") == []


def test_a_leaver_in_post_for_part_of_their_last_year_is_held_to_their_share():
    """Planted: in post from 01/04/2023 to 30/09/2023 (about half of their last year) with 3 sessions,
    when 10 a year pro rata to time in post has 4 come due by their leaving date (worked out below)."""
    start, left = dt.date(2023, 4, 1), dt.date(2023, 9, 30)
    row = f"L2,Lou Brief,B,T,social_worker,experienced,part_time,1,direct,{start},,{left}"
    since = dt.date(2022, 9, 30)
    required = 10 * (left - start).days // (left - since).days  # the 10 fall due evenly: floor(10 x 182/365)
    records = [session("Lou Brief", d) for d in (start + 10 * DAY, start + 60 * DAY, start + 110 * DAY)]
    records += [session("Pat Part", d) for d in _spread(dt.date(2021, 1, 1), 30)]  # the records start in 2021
    report = build_report(records, policy(), roster(BOSS, PART_TIMER, row), AS_OF)
    assert required == 4
    (s3,) = [f for f in found(report, "S3") if f.staff_id == "L2"]
    assert s3.message == (
        f"Past, before leaving on 30/09/2023: 3 formal sessions from 01/10/2022 to 30/09/2023, both days included; "
        f"{required} required (in post from 01/04/2023)."
    )


# --- a roster role that matches no rule: a clear problem with its fix, not a note ------------------

_BY_ROLE = {
    "applies_to: {experience: [newly_appointed, experienced], employment: [full_time], contact: [direct]}": (
        "applies_to: {roles: [social_worker, family_support_worker], experience: [newly_appointed, experienced], "
        "employment: [full_time], contact: [direct]}"
    )
}


def test_a_job_title_that_matches_no_rule_is_a_problem_with_its_fix():
    """Planted: a rule selects by role ids and the roster gives a job title instead."""
    from docgen.report.html import render_html

    titled = "S1,Sam Senior,B,T,Senior Practitioner,experienced,full_time,1,direct,2015-01-01,,"
    report = build_report([], policy(**_BY_ROLE), roster(BOSS, titled), AS_OF)
    (problem,) = report.unchecked
    assert problem == (
        'Sam Senior (S1): not checked. Their role on the roster, "Senior Practitioner", matches no frequency rule '
        "of the policy (the rules name the roles family_support_worker, social_worker), so no schedule check (S1 to "
        'S5) ran for them. To fix: add "Senior Practitioner" to the roles of the rule that applies to them '
        "(frequency.rules, applies_to: roles), or write the role id it stands for in their role column on the roster."
    )
    assert not any("Sam Senior" in n for n in report.notes)  # said once, where it is seen
    assert problem in summary(report)
    html = render_html(report)
    summary_section = html[html.index('<section id="summary">') : html.index('<section id="charts">')]
    assert "Senior Practitioner" in summary_section and "Not checked:" in summary_section


def test_a_role_id_a_rule_names_is_checked_and_no_role_stays_a_note():
    """Near misses: the role id the rule names is checked (an overdue session found); no role at all
    is not a job title, and stays a note on the data."""
    named = "S2,Sky Worker,B,T,social_worker,experienced,full_time,1,direct,2015-01-01,,"
    blank = "S3,Sol Blank,B,T,,experienced,full_time,1,direct,2015-01-01,,"
    records = [session("Sky Worker", AS_OF - 90 * DAY)]
    report = build_report(records, policy(**_BY_ROLE), roster(BOSS, named, blank), AS_OF)
    assert report.unchecked == []
    assert [f.staff_id for f in found(report, "S1")] == ["S2"]
    assert any(n.startswith("Sol Blank (S3): no frequency rule of the policy applies") for n in report.notes)


# --- S4 and S1 on the stepped schedule (weekly to 6 weeks, fortnightly to 6 months, then monthly) ----


def _newly_qualified(anchor: dt.date) -> str:
    return f"N1,Nia New,B,T,social_worker,newly_qualified,full_time,1,direct,{anchor},{anchor},"


def _stepped(anchor: dt.date, offsets: list[int], as_of_offset: int):
    records = [session("Nia New", anchor + k * DAY) for k in offsets]
    return build_report(records, policy(), roster(BOSS, _newly_qualified(anchor)), anchor + as_of_offset * DAY)


anchors = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2035, 12, 31))


@given(anchor=anchors, gap=st.integers(7, 13))
@settings(max_examples=30, deadline=None)
def test_a_gap_inside_the_weekly_phase_longer_than_a_week_is_found(anchor, gap):
    """Planted: sessions on day 0 and day `gap` (8 to 13: every weekly window still holds one), then
    weekly. Near miss: a gap of exactly 7 days."""
    report = _stepped(anchor, [0] + [gap + 7 * k for k in range(4) if gap + 7 * k <= 30], 30)
    s4 = found(report, "S4")
    assert found(report, "S1") == []
    if gap == 7:
        assert s4 == []
        return
    (finding,) = s4
    due = anchor + 7 * DAY
    assert finding.date == due
    assert finding.message == (
        f"{gap} days from the session of {anchor:%d/%m/%Y} to the session of {anchor + gap * DAY:%d/%m/%Y}: in the "
        f"first 6 weeks from the start of the ASYE year sessions are every week, so the next was due by {due:%d/%m/%Y}."
    )


_WEEKS = [0, 7, 14, 21, 28, 35]
_FORTNIGHTS = [42 + 14 * k for k in range(9)]  # 42 to 154; anchored on 01/01/2023 the phase ends on day 181


def test_a_52_day_gap_across_the_end_of_the_fortnightly_phase_is_found():
    """Planted: the last fortnightly session 22 days before the phase ends (01/07/2023), the next 30
    days after it: every complete window held a session, and the monthly phase's first month was kept."""
    anchor = dt.date(2023, 1, 1)
    assert (dt.date(2023, 7, 1) - anchor).days == 181
    report = _stepped(anchor, _WEEKS + _FORTNIGHTS + [159, 211], 215)
    (s4,) = found(report, "S4")
    assert s4.date == dt.date(2023, 6, 23)  # 14 days after 09/06/2023 (day 159)
    assert s4.message.startswith("52 days from the session of 09/06/2023 to the session of 31/07/2023: in 6 weeks")
    assert found(report, "S2") == [] and found(report, "S1") == []


def test_a_gap_across_the_end_of_a_phase_that_falls_due_in_the_next_is_held_to_the_next_phase():
    """Near miss: the last fortnightly session 11 days before the phase ends, the next exactly a
    month later (the monthly phase's interval). Planted: from 10 days before the end to 45 days later,
    a month plus 7 days' grace after it is passed (before, S2 counted only from the phase's start)."""
    anchor = dt.date(2023, 1, 1)
    near = _stepped(anchor, _WEEKS + _FORTNIGHTS + [168, 170, 200], 215)  # 20/06/2023 -> 20/07/2023
    assert found(near, "S4") == [] and found(near, "S2") == [] and found(near, "S1") == []
    late = _stepped(anchor, _WEEKS + _FORTNIGHTS + [168, 171, 216], 220)  # 21/06/2023 -> 05/08/2023
    assert found(late, "S4") == []
    (s2,) = found(late, "S2")
    assert s2.date == dt.date(2023, 8, 5)
    assert s2.message.startswith("45 days from the session of 21/06/2023 to the session of 05/08/2023; ")


@given(anchor=anchors, extra=st.integers(0, 5))
@settings(max_examples=30, deadline=None)
def test_overdue_now_in_the_weekly_phase(anchor, extra):
    """Planted: sessions on days 0, 7 and 14, checked on day 28 + `extra` (1 to 5: a week and 7 days'
    grace passed). Near miss: checked on day 28, exactly the due date plus grace."""
    report = _stepped(anchor, [0, 7, 14], 28 + extra)
    s1 = found(report, "S1")
    if extra == 0:
        assert s1 == []
        return
    (finding,) = s1
    due = anchor + 21 * DAY
    assert finding.date == due
    assert finding.message == (
        f"Supervision was due by {due:%d/%m/%Y}, 1 week after the last formal session on "
        f"{anchor + 14 * DAY:%d/%m/%Y}, in the first 6 weeks from the start of the ASYE year; "
        f"{7 + extra} days overdue on {anchor + (28 + extra) * DAY:%d/%m/%Y}."
    )


def test_overdue_now_in_the_fortnightly_phase():
    """Planted: the last session on day 70, checked on day 95 (a fortnight and 7 days' grace passed,
    the window of days 84 to 97 not yet over)."""
    anchor = dt.date(2023, 1, 1)
    report = _stepped(anchor, _WEEKS + [42, 56, 70], 95)
    (s1,) = found(report, "S1")
    assert s1.date == anchor + 84 * DAY
    assert "2 weeks after the last formal session on 12/03/2023, in 6 weeks to 6 months" in s1.message
    assert found(report, "S4") == []
