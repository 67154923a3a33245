"""Booking rules (issue 19): the next session booked at the end of each session, notice to cancel,
a cancelled session rearranged in time. Each validates, each nonsense combination is an error with a
fix at its key, and the lists of allowed values are printed in full."""

from __future__ import annotations

import datetime as dt

from docgen.policy import load_policy_text
from tests.helpers.policies import minimal_policy, pos
from tests.helpers.policies import only_problem as only

ANCHOR = "case_discussion:\n"
BOOKING = """booking:
  next_session:
    applies_to: {experience: [newly_qualified]}
    source: {ref: own, at: "4.2", quote: "The next session is booked at the end of each session."}
  cancellation_notice:
    at_least: "2 days"
    by: [supervisor]
    source: {ref: own, at: "4.3"}
  rearranged:
    within: "10 days"
    counted_from: planned
    strength: should
    source: {ref: own, at: "4.3"}
"""


def _with(booking: str) -> str:
    return minimal_policy(**{ANCHOR: booking + ANCHOR})


def test_a_policy_with_every_booking_rule_validates_and_reads_them():
    booking = load_policy_text(_with(BOOKING), "p.yaml").policy.booking
    assert booking is not None and booking.next_session and booking.cancellation_notice and booking.rearranged
    assert booking.next_session.applies_to.experience == ("newly_qualified",)
    assert str(booking.cancellation_notice.at_least) == "2 days" and booking.cancellation_notice.by == ("supervisor",)
    assert (str(booking.rearranged.within), booking.rearranged.counted_from) == ("10 days", "planned")
    assert booking.rearranged.strength == "should"


def test_each_booking_rule_is_optional_with_defaults():
    booking = load_policy_text(
        _with('booking:\n  cancellation_notice: {at_least: "1 working day", source: {ref: own}}\n'), "p.yaml"
    ).policy.booking
    assert booking is not None and booking.next_session is None and booking.rearranged is None
    notice = booking.cancellation_notice
    assert notice is not None and notice.by == ("supervisor", "supervisee") and notice.strength == "must"
    assert (
        notice.words() == "A session is not cancelled or moved by the supervisor or the supervisee"
        " with less than 1 working day's notice."
    )
    rearranged = load_policy_text(
        _with('booking:\n  rearranged: {within: "2 weeks", source: {ref: own}}\n'), "p.yaml"
    ).policy.booking.rearranged  # type: ignore[union-attr]
    assert rearranged is not None and rearranged.counted_from == "cancelled"  # the stricter reading
    assert load_policy_text(minimal_policy(), "p.yaml").policy.booking is None


def test_no_notice_at_all_is_an_error_with_a_fix():
    text = _with('booking:\n  cancellation_notice: {at_least: "0 days", source: {ref: own}}\n')
    p = only(text)
    assert (p.code, p.path) == ("bad-period", "booking.cancellation_notice.at_least")
    assert (p.line, p.column) == pos(text, '"0 days"')
    assert '"0 days" must be more than zero' in p.message


def test_rearranged_within_nothing_is_an_error_with_a_fix():
    text = _with('booking:\n  rearranged: {within: "0 weeks", source: {ref: own}}\n')
    p = only(text)
    assert (p.code, p.path) == ("bad-period", "booking.rearranged.within")
    assert (p.line, p.column) == pos(text, '"0 weeks"')
    assert '"0 weeks" must be more than zero' in p.message


def test_notice_required_of_no_one_is_an_error_with_the_allowed_values():
    text = _with('booking:\n  cancellation_notice: {at_least: "2 days", by: [], source: {ref: own}}\n')
    p = only(text)
    assert (p.code, p.path) == ("bad-value", "booking.cancellation_notice.by")
    assert "supervisor, supervisee, other" in p.hint


def test_a_booking_block_with_no_rule_is_an_error():
    p = only(_with("booking:\n  intro: Sessions are booked in advance.\n"))
    assert (p.code, p.path) == ("missing-key", "booking")
    assert "next_session:, cancellation_notice: or rearranged:" in p.hint


def test_bad_choices_list_every_allowed_value():
    p = only(_with('booking:\n  rearranged: {within: "10 days", counted_from: cancellation, source: {ref: own}}\n'))
    assert p.path == "booking.rearranged.counted_from"
    assert "cancelled" in p.hint and "planned" in p.hint
    p = only(_with('booking:\n  cancellation_notice: {at_least: "2 days", by: [manager], source: {ref: own}}\n'))
    assert p.path == "booking.cancellation_notice.by[0]"
    assert all(v in p.hint for v in ("supervisor", "supervisee", "other"))


def test_every_booking_rule_needs_its_source():
    p = only(_with('booking:\n  cancellation_notice: {at_least: "2 days"}\n'))
    assert (p.code, p.path) == ("missing-key", "booking.cancellation_notice.source")


def test_a_booking_rule_citing_an_unknown_source_is_reported():
    p = only(_with('booking:\n  rearranged: {within: "10 days", source: {ref: elsewhere}}\n'))
    assert "elsewhere" in p.message


def test_the_starter_shows_the_booking_rules_and_new_forms_as_commented_examples():
    from docgen.policy.starter import starter_text

    text = starter_text(4, "Tiny Council")
    assert load_policy_text(text, "p.yaml").policy.booking is None  # commented out: optional
    lines = ("# booking:", "#   next_session:", "#   cancellation_notice:", "#   rearranged:")
    lines += ("    # session-log:", "    # front-sheet:")
    assert all(line in text for line in lines)
    for line in lines:
        text = text.replace(line, line.replace("# ", "", 1), 1)
    loaded = load_policy_text(text, "p.yaml").policy
    assert loaded.booking is not None and loaded.booking.next_session and loaded.booking.rearranged
    assert loaded.booking.cancellation_notice is not None
    assert str(loaded.booking.cancellation_notice.at_least) == "2 days"
    assert {"session-log", "front-sheet"} <= set(loaded.documents.forms)


def test_notice_in_hours_is_read_on_dates_and_other_hours_are_refused_with_a_fix():
    notice = load_policy_text(
        _with('booking:\n  cancellation_notice: {at_least: "48 hours", source: {ref: own}}\n'), "p.yaml"
    ).policy.booking.cancellation_notice  # type: ignore[union-attr]
    assert notice is not None and notice.words().endswith("with less than 48 hours' notice.")
    assert notice.at_least.before(dt.date(2024, 3, 12)) == dt.date(2024, 3, 10)
    text = _with('booking:\n  cancellation_notice: {at_least: "36 hours", source: {ref: own}}\n')
    problem = only(text)
    assert problem.code == "bad-period" and problem.path == "booking.cancellation_notice.at_least"
    assert '"1 day" (24 hours)' in problem.hint and '"2 days" (48 hours)' in problem.hint
