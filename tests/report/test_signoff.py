"""R1 reads each party's signature against its own deadline, counted from the session or from
receipt (the day the record reached them), hours read on dates (issue 19). Records are built by
hand, through roles, as the harvest gives them; the expected findings are worked out here from the
dates with plain day arithmetic, not by the code under test."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.demo.synthetic import DEMO_POLICY
from docgen.policy import load_policy_text
from docgen.report import build_report, parse_roster

DAY = dt.timedelta(days=1)
SESSION = dt.date(2024, 3, 1)
AS_OF = dt.date(2024, 6, 1)
_HEAD = "staff_id,name,supervisor_id,team,role,experience,employment,fte,contact,start_date,asye_start,leaving_date\n"
ROSTER = parse_roster(
    _HEAD
    + "W1,Wyn Worker,B,T,social_worker,experienced,full_time,1,direct,2020-01-01,,\n"
    + "B,Bea Boss,,T,team_manager,experienced,full_time,1,direct,2015-01-01,,\n"
)
PER_PARTY = """\
  signed_by: [supervisor, supervisee]
  sign_within:
    supervisor: "10 days"
    supervisee: {within: "5 days", from: receipt}
"""
_ROLES = {
    "supervisee": "supervisee",
    "session_date": "session_date",
    "supervision_type": "supervision_type",
    "next": "next_session_date",
    "sig_sor": "signature_supervisor",
    "sig_sor_date": "signature_supervisor_date",
    "sig_see": "signature_supervisee",
    "sig_see_date": "signature_supervisee_date",
    "sent": "record_sent_date",
}


def record(supervisor: dt.date | None, supervisee: dt.date | None, sent: dt.date | None = None, day=SESSION):
    values = {
        "supervisee": "Wyn Worker",
        "session_date": day.isoformat(),
        "supervision_type": "one_to_one",
        "next": (day + 20 * DAY).isoformat(),
        "sig_sor": "Bea Boss" if supervisor else "",
        "sig_sor_date": supervisor.isoformat() if supervisor else "",
        "sig_see": "Wyn Worker" if supervisee else "",
        "sig_see_date": supervisee.isoformat() if supervisee else "",
    }
    if sent:
        values["sent"] = sent.isoformat()
    return {
        "path": f"Wyn/{day}.docx",
        "status": "ok",
        "document": {"kind": "session-record"},
        "values": values,
        "roles": _ROLES,
        "issues": [],
    }


def policy(recording: str = PER_PARTY):
    text = DEMO_POLICY.read_text(encoding="utf-8")
    old = "  signed_by: [supervisor, supervisee]\n"
    assert old in text
    return load_policy_text(text.replace(old, recording, 1), "demo.yaml")


def r1(*records, recording: str = PER_PARTY, as_of: dt.date = AS_OF):
    report = build_report(list(records), policy(recording), ROSTER, as_of)
    return [f for f in report.findings if f.check == "R1"]


def on(day: int) -> dt.date:
    return SESSION + day * DAY


# --- the supervisor: 10 days from the session ----------------------------------------------------------


def test_a_supervisor_signing_after_their_own_deadline_is_found():
    """Planted: the supervisor signs on day 11 (due by day 10); the supervisee 2 days later, on time."""
    (f,) = r1(record(on(11), on(13)))
    assert f.message == (
        "The record of 01/03/2024 was not signed by the supervisor by 11/03/2024 (10 days after the session, "
        "01/03/2024; signed 12/03/2024)."
    )
    assert f.checked_as == "supervisor to sign within 10 days of the session (01/03/2024)"
    assert f.clause.startswith("Northshire") or "within 10 days of the session" in f.clause


def test_a_supervisor_signing_on_the_last_day_is_quiet():
    """Near miss: the supervisor signs on day 10 exactly, the supervisee 5 days after that."""
    assert r1(record(on(10), on(15))) == []


# --- the supervisee: 5 days from receiving it (the supervisor's signature) ------------------------------


def test_a_supervisee_signing_more_than_5_days_after_receiving_it_is_found():
    """Planted: the supervisor signs on day 4 (05/03); the supervisee 6 days later (due 10/03)."""
    (f,) = r1(record(on(4), on(10)))
    assert f.message == (
        "The record of 01/03/2024 was not signed by the supervisee by 10/03/2024 (5 days after the supervisor's "
        "signature, 05/03/2024; signed 11/03/2024)."
    )
    assert f.checked_as == "supervisee to sign within 5 days of the supervisor's signature (05/03/2024)"


def test_a_supervisee_signing_within_5_days_of_a_late_receipt_is_quiet():
    """Near miss: the supervisor signs on day 10 (on time), the supervisee 5 days later, on day 15:
    more than 14 days after the session, but within 5 days of receiving the record."""
    assert r1(record(on(10), on(15))) == []


def test_a_supervisee_who_has_not_signed_is_found_once_their_deadline_has_passed():
    (f,) = r1(record(on(4), None))
    assert f.message.endswith("the supervisee by 10/03/2024 (5 days after the supervisor's signature, 05/03/2024; "
                              "not signed yet).")  # fmt: skip
    assert r1(record(on(4), None), as_of=on(9)) == []  # near miss: checked before the deadline


def test_both_parties_late_are_one_finding_naming_each_deadline():
    (f,) = r1(record(on(12), on(20)))
    assert f.message == (
        "The record of 01/03/2024 was not signed by the supervisor by 11/03/2024 (10 days after the session, "
        "01/03/2024; signed 13/03/2024), nor by the supervisee by 18/03/2024 (5 days after the supervisor's "
        "signature, 13/03/2024; signed 21/03/2024)."
    )
    assert f.checked_as == (
        "supervisor to sign within 10 days of the session (01/03/2024); "
        "supervisee to sign within 5 days of the supervisor's signature (13/03/2024)"
    )


def test_a_date_sent_field_on_the_form_is_the_supervisees_receipt():
    """The record was sent 3 days after the supervisor signed it: the supervisee's 5 days count
    from then (near miss); without the field the same signature is late (planted)."""
    assert r1(record(on(4), on(12), sent=on(7))) == []
    (f,) = r1(record(on(4), on(12)))
    assert "(5 days after the supervisor's signature, 05/03/2024; signed 13/03/2024)" in f.message
    (g,) = r1(record(on(4), on(13), sent=on(7)))
    assert "(5 days after the date the record was sent to them, 08/03/2024; signed 14/03/2024)" in g.message
    assert g.checked_as == "supervisee to sign within 5 days of the date the record was sent to them (08/03/2024)"


# --- hours, read on dates ----------------------------------------------------------------------------


def test_48_hours_are_read_as_2_days_after_the_date():
    hours = PER_PARTY.replace('within: "5 days"', 'within: "48 hours"')
    (f,) = r1(record(on(4), on(7)), recording=hours)  # planted: 3 days after the supervisor signed
    assert f.checked_as == (
        "supervisee to sign within 48 hours of the supervisor's signature (05/03/2024), "
        "48 hours read as 2 days after the date of the supervisor's signature"
    )
    assert r1(record(on(4), on(6)), recording=hours) == []  # near miss: 2 days after


def test_one_length_for_every_party_keeps_its_meaning_and_its_message():
    """`sign_within: "14 days"` is every party, from the session, as before: planted on day 15, near
    miss on day 14; the message is the one R1 always gave, and has no other reading to state."""
    one = '  signed_by: [supervisor, supervisee]\n  sign_within: "14 days"\n'
    (f,) = r1(record(on(15), on(15)), recording=one)
    assert f.message == (
        "The record of 01/03/2024 was not signed by the supervisor and the supervisee by 15/03/2024 "
        "(14 days after the session)."
    )
    assert f.checked_as == ""
    assert r1(record(on(14), on(14)), recording=one) == []
    hours = '  signed_by: [supervisor, supervisee]\n  sign_within: "72 hours"\n'
    (h,) = r1(record(on(4), on(2)), recording=hours)
    assert h.checked_as == (
        "supervisor and supervisee to sign within 72 hours of the session (01/03/2024), "
        "72 hours read as 3 days after the session date"
    )


@given(
    day=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)),
    supervisor=st.integers(0, 20),
    supervisee=st.integers(0, 12),
)
@settings(max_examples=40, deadline=None)
def test_each_party_is_held_to_its_own_deadline_whatever_the_dates(day, supervisor, supervisee):
    signed_sor = day + supervisor * DAY
    signed_see = signed_sor + supervisee * DAY
    found = r1(record(signed_sor, signed_see, day=day), as_of=day + 60 * DAY)
    late = [p for p, is_late in (("supervisor", supervisor > 10), ("supervisee", supervisee > 5)) if is_late]
    if not late:
        assert found == []
        return
    (f,) = found
    assert f.date == day
    assert [p for p in ("supervisor", "supervisee") if f"the {p} by " in f.message] == late
