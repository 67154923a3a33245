"""Issue 19, what "monthly" means: `reading: gap | calendar | both` beside `every:`. Validation of each
nonsense combination (an error with a fix), the rule's words in the policy document, and that a policy
which does not say keeps its words and its fingerprint (the default reading is the report's)."""

from __future__ import annotations

import io

import docx as python_docx
import pytest

from docgen.documents.policy_document import build_policy_document
from docgen.policy import load_policy_text
from docgen.policy.periods import Interval
from docgen.policy.schedulebase import calendar_periods
from docgen.render.docx import render_docx
from tests.helpers.policies import minimal_policy, pos
from tests.helpers.policies import only_problem as only

EVERY = "schedule: {every: 1 month}"


def _with(schedule: str) -> str:
    return minimal_policy(**{EVERY: schedule})


def _schedule(schedule: str):
    return load_policy_text(_with(schedule), "p.yaml").policy.frequency.rules[0].schedule


def _document_text(schedule: str) -> str:
    """The visible words of the policy document's DOCX, as generated."""
    data = render_docx(build_policy_document(load_policy_text(_with(schedule), "p.yaml"))).data
    body = python_docx.Document(io.BytesIO(data)).element.body
    return " ".join("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t")) for p in body.iter() if
                    p.tag.endswith("}p"))  # fmt: skip


@pytest.mark.parametrize(
    "reading, words",
    [
        ("calendar", "at least once in each calendar month"),
        ("gap", "at most 1 month from one session to the next (not by calendar month)"),
        ("both", "at least once in each calendar month, and at most 1 month from one session to the next"),
    ],
)
def test_each_reading_is_worded_in_the_policy_document(reading, words):
    schedule = _schedule(f'schedule: {{every: "1 month", reading: {reading}}}')
    assert schedule.reading == reading and schedule.words() == words
    assert words in _document_text(f'schedule: {{every: "1 month", reading: {reading}}}')


def test_a_policy_that_does_not_say_keeps_its_words_and_its_fingerprint():
    """Near miss: no reading written: the rule's words are the policy's ("every calendar month"), its
    digest is unchanged, and the agreement carries no reading; the report reads it both ways."""
    plain = load_policy_text(_with(EVERY), "p.yaml")
    schedule = plain.policy.frequency.rules[0].schedule
    assert schedule.reading is None and schedule.words() == "every calendar month"
    assert schedule.data() == {"every": "1 month"}
    assert schedule.period() == Interval(1, "month") and schedule.gap(None).longest == Interval(1, "month")
    stated = load_policy_text(_with('schedule: {every: "1 month", reading: calendar}'), "p.yaml")
    assert stated.policy.frequency.rules[0].schedule.data() == {"every": "1 month", "reading": "calendar"}
    assert plain.digest != stated.digest


def test_calendar_alone_has_no_gap_and_gap_alone_no_calendar_period():
    calendar = _schedule('schedule: {every: "3 months", reading: calendar}')
    assert calendar.gap(None) is None and calendar.period() == Interval(3, "month")
    gap = _schedule('schedule: {every: "1 month", reading: gap}')
    assert gap.period() is None and gap.gap(None).longest == Interval(1, "month")
    assert _schedule('schedule: {every: "4 weeks"}').period() is None  # no calendar period: a gap only


def test_a_calendar_reading_of_an_interval_with_no_calendar_period_is_an_error_with_a_fix():
    text = _with('schedule: {every: "4 weeks", reading: calendar}')
    p = only(text)
    assert (p.code, p.path) == ("bad-value", "frequency.rules[0].schedule.reading")
    assert (p.line, p.column) == pos(text, "calendar}")
    assert "reading: calendar needs a calendar period, and 4 weeks is none" in p.message
    assert '"1 week", "1 month", "3 months", "6 months", "12 months", "1 year"' in p.message
    assert "write reading: gap (at most 4 weeks from one session to the next)" in p.hint


def test_a_reading_beside_a_kind_it_does_not_fit_is_an_error_with_a_fix():
    text = _with("schedule: {count: {at_least: 10}, reading: calendar}")
    p = only(text)
    assert (p.code, p.path) == ("bad-value", "frequency.rules[0].schedule.reading")
    assert "reading: does not go with count:" in p.message
    assert 'every: "1 month", reading: calendar' in p.hint


def test_a_misspelt_reading_or_key_is_pointed_to_the_right_one():
    p = only(_with('schedule: {every: "1 month", reading: calender}'))
    assert p.path == "frequency.rules[0].schedule.reading" and '"calendar"' in str(p)
    p = only(_with('schedule: {every: "1 month", reading: monthly}'))
    assert "Use one of: both, calendar, gap." in str(p)  # every allowed value, in full
    p = only(_with('schedule: {every: "1 month", readin: gap}'))
    assert (p.code, p.path) == ("unknown-key", "frequency.rules[0].schedule.readin") and '"reading"' in p.hint


@pytest.mark.parametrize(
    "every, first, last, periods",
    [
        ("1 month", "2024-01-15", "2024-04-30", [("2024-02-01", "2024-02-29"), ("2024-03-01", "2024-03-31"),
                                                ("2024-04-01", "2024-04-30")]),
        ("1 month", "2024-02-01", "2024-03-30", [("2024-02-01", "2024-02-29")]),
        ("3 months", "2024-01-02", "2024-12-31", [("2024-04-01", "2024-06-30"), ("2024-07-01", "2024-09-30"),
                                                 ("2024-10-01", "2024-12-31")]),
        ("1 week", "2024-03-06", "2024-03-24", [("2024-03-11", "2024-03-17"), ("2024-03-18", "2024-03-24")]),
        ("1 year", "2023-01-01", "2024-12-30", [("2023-01-01", "2023-12-31")]),
    ],
)  # fmt: skip
def test_the_complete_calendar_periods_between_two_days(every, first, last, periods):
    import datetime as dt

    amount, unit = every.split()
    got = list(calendar_periods(Interval(int(amount), unit.rstrip("s")), dt.date.fromisoformat(first),
                                dt.date.fromisoformat(last)))  # fmt: skip
    assert got == [(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in periods]
