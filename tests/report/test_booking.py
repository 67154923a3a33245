"""Booking checks (issue 19): B1 next session not booked (standing in for R2 for the people the rule
covers), B2 cancelled with too little notice, B3 cancelled session not rearranged in time. Records are
built by hand through roles, as the harvest gives them; the expected findings are worked out here
from the dates. The demo policy's booking block: next session booked for newly qualified workers,
2 days' notice, rearranged within 10 days of cancelling."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.report import build_report, parse_roster
from tests.helpers.records import demo_policy as policy
from tests.helpers.records import found

DAY = dt.timedelta(days=1)
AS_OF = dt.date(2024, 6, 28)
_HEAD = "staff_id,name,supervisor_id,team,role,experience,employment,fte,contact,start_date,asye_start,leaving_date\n"
BOSS = "B,Bea Boss,,T,team_manager,experienced,full_time,1,direct,2015-01-01,,"
NEW = "N1,Nia New,B,T,social_worker,newly_qualified,full_time,1,direct,2023-09-01,2023-09-01,"
OLD = "E1,Eve Old,B,T,social_worker,experienced,full_time,1,direct,2010-01-01,,"
_LOG_ROLES = {
    "supervisee": "supervisee",
    "sessions": "session_log",
    "sessions.planned": "log_planned_date",
    "sessions.outcome": "log_outcome",
    "sessions.by": "log_cancelled_by",
    "sessions.notice": "log_notice_date",
    "sessions.rearranged": "log_rearranged_to",
    "sessions.initials": "log_initials",
}


def session(name: str, day: dt.date, next_day: dt.date | None) -> dict:
    roles = {k: k for k in ("supervisee", "session_date", "supervision_type", "next_session_date")}
    values = {"supervisee": name, "session_date": day.isoformat(), "supervision_type": "one_to_one"}
    values["next_session_date"] = next_day.isoformat() if next_day else None
    document = {"kind": "session-record"}
    return {"path": f"{name}/{day}.docx", "status": "ok", "document": document, "values": values, "roles": roles}


def log(name: str, *rows: tuple) -> dict:
    """A session log; rows of (planned, outcome, by, notice date, rearranged to)."""
    keys = ("planned", "outcome", "by", "notice", "rearranged")
    values = {
        "supervisee": name,
        "sessions": [
            {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in zip(keys, row, strict=True)}
            | {"initials": "BB"}
            for row in rows
        ],
    }
    document = {"kind": "session-log"}
    return {"path": f"{name}/log.docx", "status": "ok", "document": document, "values": values, "roles": _LOG_ROLES}


def roster(*rows: str):
    return parse_roster(_HEAD + "".join(r + "\n" for r in (BOSS, *rows)))


# --- B1: the next session booked at the end of each session --------------------------------------------


def test_a_record_with_no_next_date_is_b1_not_r2_for_those_the_rule_covers():
    """Planted: a newly qualified worker's record with no next date, and one whose 'next' date is
    the session's own day; near miss: a next date the very next day."""
    days = [dt.date(2024, 5, 1), dt.date(2024, 5, 8), dt.date(2024, 5, 15)]
    records = [session("Nia New", days[0], None), session("Nia New", days[1], days[1])]
    records.append(session("Nia New", days[2], days[2] + DAY))
    report = build_report(records, policy(), roster(NEW), AS_OF)
    b1 = found(report, "B1")
    assert [(f.staff_id, f.date) for f in b1] == [("N1", days[0]), ("N1", days[1])]
    assert b1[0].message == (
        "The record of 01/05/2024 gives no date for the next session: the next session was not booked at the end of it."
    )
    assert "gives 08/05/2024, which is not after the session," in b1[1].message
    assert b1[0].severity == "breach" and "Newly qualified social workers book their next session" in b1[0].clause
    assert b1[0].checked_as.startswith("the record of each formal session gives a date after it for the next session")
    assert found(report, "R2") == []  # reported once, as the policy's rule


def test_people_the_booking_rule_does_not_cover_keep_r2():
    """Near miss for B1: an experienced worker (the rule covers newly qualified workers) gets R2, not B1."""
    report = build_report([session("Eve Old", dt.date(2024, 5, 1), None)], policy(), roster(OLD), AS_OF)
    assert found(report, "B1") == []
    assert [(f.staff_id, f.date) for f in found(report, "R2")] == [("E1", dt.date(2024, 5, 1))]


def test_with_b1_switched_off_r2_reports_the_missing_date():
    swapped = policy(**{"compliance:\n  grace_days: 7": "compliance:\n  off: [B1]\n  grace_days: 7"})
    report = build_report([session("Nia New", dt.date(2024, 5, 1), None)], swapped, roster(NEW), AS_OF)
    assert found(report, "B1") == [] and len(found(report, "R2")) == 1


# --- B2: notice to cancel ----------------------------------------------------------------------------------


@given(notice=st.integers(0, 6), by=st.sampled_from(["supervisor", "supervisee", None]))
@settings(max_examples=25, deadline=None)
def test_a_cancellation_with_less_than_two_days_notice_is_b2(notice, by):
    planned = dt.date(2024, 3, 12)
    records = [log("Eve Old", (planned, "cancelled", by, planned - notice * DAY, planned + 5 * DAY))]
    report = build_report(records, policy(), roster(OLD), AS_OF)
    b2 = found(report, "B2")
    if notice >= 2:  # near miss at exactly 2 days
        assert b2 == []
        return
    (f,) = b2
    assert (f.staff_id, f.date) == ("E1", planned)
    days = f"{notice} day{'s' if notice != 1 else ''} before"
    assert "The session planned for 12/03/2024 was cancelled" in f.message and days in f.message
    assert "at least 2 days' notice (by 10/03/2024)" in f.message
    assert "cancelled with less than two days' notice" in f.clause
    assert f.checked_as.startswith("at least 2 days' notice: notice given no later than 2 days before the day planned")


def test_a_move_is_a_cancellation_and_a_missing_notice_date_shows_no_notice():
    planned = dt.date(2024, 3, 12)
    rows = [(planned, "moved", "supervisee", None, planned + 3 * DAY), (planned + 30 * DAY, "held", None, None, None)]
    report = build_report([log("Eve Old", *rows)], policy(), roster(OLD), AS_OF)
    (f,) = found(report, "B2")
    assert f.message.startswith("The session planned for 12/03/2024 was moved by the supervisee; the log gives no date")


def test_a_cancellation_by_someone_the_rule_does_not_bind_is_not_b2():
    """Near miss: cancelled on the day by 'other' (e.g. the building closed): the rule binds the
    supervisor and supervisee only; a held session is never a cancellation."""
    planned = dt.date(2024, 3, 12)
    rows = [(planned, "cancelled", "other", planned, planned + 2 * DAY), (planned, "held", "supervisor", planned, None)]
    report = build_report([log("Eve Old", *rows)], policy(), roster(OLD), AS_OF)
    assert found(report, "B2") == []


# --- B3: rearranged in time ----------------------------------------------------------------------------------


@given(lead=st.integers(2, 9), after=st.integers(0, 25), counted=st.sampled_from(["cancelled", "planned"]))
@settings(max_examples=30, deadline=None)
def test_a_cancelled_session_not_rearranged_within_ten_days_is_b3(lead, after, counted):
    planned = dt.date(2024, 2, 20)
    cancelled = planned - lead * DAY
    start = cancelled if counted == "cancelled" else planned
    rearranged = start + after * DAY
    swap = {'    within: "10 days"\n': f'    within: "10 days"\n    counted_from: {counted}\n'}
    records = [log("Eve Old", (planned, "cancelled", "supervisor", cancelled, rearranged))]
    report = build_report(records, policy(**swap), roster(OLD), AS_OF)
    b3 = found(report, "B3")
    if after <= 10:  # near miss at exactly 10 days
        assert b3 == []
        return
    (f,) = b3
    assert (f.staff_id, f.date) == ("E1", planned)
    deadline = start + 10 * DAY
    assert f"it was rearranged to {rearranged:%d/%m/%Y}, after {deadline:%d/%m/%Y}" in f.message
    assert ("the day it was cancelled" if counted == "cancelled" else "the day it was planned for") in f.message
    assert "rearranged within ten days" in f.clause
    assert f.checked_as.startswith("rearranged to a date, or a formal session held, within 10 days of ")


def test_a_session_held_in_time_counts_as_rearranged_and_no_new_date_at_all_is_b3():
    planned = dt.date(2024, 2, 20)
    held = [session("Eve Old", planned + 6 * DAY, planned + 34 * DAY)]
    quiet = build_report(
        [log("Eve Old", (planned, "cancelled", "supervisor", planned, None)), *held], policy(), roster(OLD), AS_OF
    )
    assert found(quiet, "B3") == []  # near miss: no date in the log, but a session held 6 days later
    report = build_report(
        [log("Eve Old", (planned, "cancelled", "supervisor", planned, None))], policy(), roster(OLD), AS_OF
    )
    (f,) = found(report, "B3")
    assert f.message.endswith("the log gives no new date and no session was held by 01/03/2024.")


def test_a_deadline_still_to_come_is_not_b3_yet():
    planned = AS_OF - 3 * DAY
    report = build_report(
        [log("Eve Old", (planned, "cancelled", "supervisor", planned - 5 * DAY, None))], policy(), roster(OLD), AS_OF
    )
    assert found(report, "B3") == []
    later = build_report(
        [log("Eve Old", (planned, "cancelled", "supervisor", planned - 5 * DAY, None))],
        policy(),
        roster(OLD),
        planned + 6 * DAY,
    )
    assert [f.date for f in found(later, "B3")] == [planned]


def test_a_log_naming_someone_not_on_the_roster_is_a_note():
    report = build_report(
        [log("Nobody Known", (dt.date(2024, 3, 1), "cancelled", "supervisor", dt.date(2024, 3, 1), None))],
        policy(),
        roster(OLD),
        AS_OF,
    )
    assert found(report, "B2") == [] and found(report, "B3") == []
    assert 'session-log Nobody Known/log.docx: "Nobody Known" is not on the roster' in report.notes


def test_without_any_session_log_the_report_says_the_cancellation_rules_checked_nothing():
    report = build_report([session("Eve Old", dt.date(2024, 5, 1), dt.date(2024, 5, 29))], policy(), roster(OLD), AS_OF)
    assert any(
        n.startswith("No session log was among the records") and "session-log: session_log" in n for n in report.notes
    )
    with_log = build_report(
        [log("Eve Old", (dt.date(2024, 5, 1), "held", None, None, None))], policy(), roster(OLD), AS_OF
    )
    assert not any(n.startswith("No session log") for n in with_log.notes)  # near miss: a log, nothing cancelled


def test_a_log_saved_again_as_it_grows_is_one_cancellation_per_planned_day():
    """Planted: the same short-notice cancellation in two saved copies of the log is one B2. Near miss
    for B3: the later copy adds the new date (in time); the earlier copy, without it, is not a breach."""
    planned = dt.date(2024, 3, 12)
    early = log("Eve Old", (planned, "cancelled", "supervisor", planned - DAY, None))
    late = log("Eve Old", (planned, "cancelled", "supervisor", planned - DAY, planned + 7 * DAY))
    late["path"] = "Eve Old/log, saved again.docx"
    report = build_report([early, late], policy(), roster(OLD), AS_OF)
    assert [f.date for f in found(report, "B2")] == [planned]
    assert found(report, "B3") == []
