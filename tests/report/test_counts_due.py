"""S3 asks a person in post for part of a count's window only the sessions that have come due
(issue 19: the pro-rata requirement's rounding stated and the same at every size). The policy's
`rounding` makes the person's number for a whole window (at_least x FTE: 7.5 up to 8, 0.8 up to 1);
time in post then asks what has come due of it, the sessions falling due evenly from the window's
start, rounded down: 3 days in post under 10 a year owe none, 80 days owe 2. Expected numbers are
worked out here from the dates, not by the code under test."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.counts import DAY, person, s3, spread

# a 365-day window: the 12 months to 30/09/2023
DUE_ON = dt.date(2023, 9, 30)
_DUE_WORDS = "fall due evenly through the year, and a session is not owed before it has come due)"


def _started(days: int, fte: str = "1") -> str:
    """A person in post for the last `days` days of the 12 months to DUE_ON."""
    assert (DUE_ON - dt.date(2022, 9, 30)).days == 365
    return person(fte=fte, start=(DUE_ON - days * DAY).isoformat())


def test_a_starter_80_days_in_post_with_no_session_has_missed_the_two_due():
    """Planted: in post 80 days of 365 under 10 a year, no session: 10 x 80/365 = 2.19, so 2 have come
    due (one every 36.5 days) and none was held."""
    assert 10 * 80 // 365 == 2
    (f,), _ = s3('at_least: 10, per: "1 year", pro_rata: true', [], _started(80), DUE_ON)
    assert f.message == (
        f"No formal sessions from 01/10/2022 to 30/09/2023, both days included; 2 required (in post from "
        f"{DUE_ON - 80 * DAY:%d/%m/%Y})."
    )
    assert f.checked_as.endswith(f"10 x 80/365 days in post = 2.19: 2 due by 30/09/2023 (the 10 {_DUE_WORDS}")
    assert s3('at_least: 10, per: "1 year", pro_rata: true', [DUE_ON - 40 * DAY], _started(80), DUE_ON)[0]
    assert s3('at_least: 10, per: "1 year", pro_rata: true', [DUE_ON - 60 * DAY, DUE_ON], _started(80), DUE_ON)[0] == []


def test_a_starter_3_days_in_post_with_no_session_is_not_in_breach():
    """Near miss: 3 days in post of 365 under 10 a year: 10 x 3/365 = 0.08 sessions, none due yet (it
    was rounded up to 1, a breach on the third day in post); 36 days in is still none, 37 is one."""
    for days in (3, 36):
        assert s3('at_least: 10, per: "1 year", pro_rata: true', [], _started(days), DUE_ON)[0] == []
    (f,), _ = s3('at_least: 10, per: "1 year", pro_rata: true', [], _started(37), DUE_ON)
    assert "; 1 required (in post from" in f.message
    assert f.checked_as.endswith(f"10 x 37/365 days in post = 1.01: 1 due by 30/09/2023 (the 10 {_DUE_WORDS}")


def test_73_days_in_post_owe_2_and_72_days_owe_1():
    """The edge of a session coming due: 10 x 73/365 is exactly 2; 10 x 72/365 = 1.97 is 1 due."""
    (f,), _ = s3('at_least: 10, per: "1 year", pro_rata: true', [DUE_ON], _started(73), DUE_ON)
    assert "1 formal session from" in f.message and "; 2 required" in f.message
    assert f.checked_as.endswith(f"10 x 73/365 days in post = 2: 2 due by 30/09/2023 (the 10 {_DUE_WORDS}")
    assert s3('at_least: 10, per: "1 year", pro_rata: true', [DUE_ON], _started(72), DUE_ON)[0] == []


def test_the_fte_number_is_rounded_before_time_in_post_asks_what_is_due():
    """FTE 0.75 x 10 = 7.5, rounded up to 8 a year (the policy's rounding, 0.8 is 1 at every size);
    72 days in post: 8 x 72/365 = 1.58, so 1 due (not 7.5 x 72/365 = 1.48 rounded up to 2)."""
    (f,), _ = s3('at_least: 10, per: "1 year", pro_rata: true', [], _started(72, fte="0.75"), DUE_ON)
    assert "; 1 required (FTE 0.75, in post from" in f.message
    assert f.checked_as.endswith(
        "10 x FTE 0.75 = 7.5, rounded up to 8 a year (docgen's default rounding); 8 x 72/365 days in post = 1.58: "
        f"1 due by 30/09/2023 (the 8 {_DUE_WORDS}"
    )
    assert s3('at_least: 10, per: "1 year", pro_rata: true', [DUE_ON], _started(72, fte="0.75"), DUE_ON)[0] == []
    # 1 x FTE 0.8 = 0.8 is 1 a year, rounded up; all year in post: 1 required
    (g,), _ = s3('at_least: 1, per: "1 year", pro_rata: true', [], _started(365, fte="0.8"), DUE_ON)
    assert g.checked_as.endswith("1 x FTE 0.8 = 0.8, rounded up to 1 required (docgen's default rounding)")


@given(
    days=st.integers(min_value=1, max_value=365),
    hundredths=st.integers(min_value=1, max_value=100),
    rounding=st.sampled_from([None, "up", "down", "nearest"]),
)
@settings(max_examples=30, deadline=None)
def test_the_sessions_due_are_the_rounded_fte_number_times_the_days_in_post_rounded_down(days, hundredths, rounding):
    """required == floor(rounded(10 x FTE) x days/365), worked out here with Fraction and Decimal:
    planted, no session held (a finding naming it, unless none is due); near miss, that many held."""
    from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
    from fractions import Fraction

    how = {None: ROUND_CEILING, "up": ROUND_CEILING, "down": ROUND_FLOOR, "nearest": ROUND_HALF_UP}[rounding]
    whole = int((Decimal(hundredths) / 10).quantize(Decimal(1), rounding=how))
    required = math.floor(Fraction(whole) * Fraction(days, 365))
    count = 'at_least: 10, per: "1 year", pro_rata: true' + (f", rounding: {rounding}" if rounding else "")
    row = _started(days, fte=f"{hundredths / 100:g}")
    found, _ = s3(count, [], row, DUE_ON)
    if required == 0:
        assert found == []
    else:
        (f,) = found
        assert f"; {required} required (" in f.message
        if days < 365:
            assert f.checked_as.endswith(f": {required} due by 30/09/2023 (the {whole} {_DUE_WORDS}")
        else:  # in post all year: the whole number is asked
            assert f" {required} required" in f.checked_as and "due by" not in f.checked_as
    held = spread(DUE_ON - (days - 1) * DAY, DUE_ON, required) if required else []
    assert s3(count, held, row, DUE_ON)[0] == []
