"""A schedule's words say what the rule says: a stepped schedule names what its phases count from
and each phase's own session length; a pro-rata count does not call everyone it covers part-time."""

from __future__ import annotations

import pytest

from docgen.policy import load_policy_text
from tests.helpers.policies import minimal_policy

RULE = "      schedule: {every: 1 month}\n"


def _schedule(schedule: str, applies_to: str = ""):
    text = minimal_policy(**{RULE: schedule + applies_to})
    return load_policy_text(text).policy.frequency.rules[0].schedule


def _steps(anchor: str = "", first: str = "", last: str = "") -> str:
    return (
        "      schedule:\n        steps:\n"
        + (f"          anchor: {anchor}\n" if anchor else "")
        + "          phases:\n"
        + f'            - {{every: "1 week", until: "6 weeks"{first}}}\n'
        + f'            - {{every: "1 month"{last}}}\n'
    )


@pytest.mark.parametrize(
    "anchor,words",
    [
        ("asye_start", "from the start of the ASYE year"),
        ("start_date", "from the start in post"),
        ("", "from the start in post"),
    ],
)
def test_a_stepped_schedule_says_what_its_phases_count_from(anchor, words):
    text = _schedule(_steps(anchor)).words()
    assert f"every week until 6 weeks {words}" in text
    assert "after the start" not in text and text.endswith("then every calendar month")


def test_each_phase_carries_its_own_session_length_when_the_policy_gives_one():
    schedule = _schedule(_steps(first=', duration: "1 hour"', last=', duration: "90 minutes"'))
    assert schedule.words() == (
        "every week (1 hour each) until 6 weeks from the start in post; then every calendar month (90 minutes each)"
    )
    assert schedule.data()["steps"]["phases"][0]["duration"] == "1 hour"  # as the YAML writes it
    assert "each)" not in _schedule(_steps()).words()  # no length given: none printed


def test_a_pro_rata_count_covering_volunteers_is_not_described_as_for_part_time_staff():
    schedule = _schedule(
        "      schedule: {count: {at_least: 10, per: 1 year, pro_rata: true}}\n",
        "      applies_to: {employment: [full_time, part_time, volunteer]}\n",
    )
    text = schedule.words()
    assert "part-time" not in text
    assert text == "at least 10 times a year (pro rata to each person's working hours and time in post)"
