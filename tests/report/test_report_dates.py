"""Property tests of the calendar arithmetic of intervals, against independent oracles."""

from __future__ import annotations

import calendar
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from docgen.policy.periods import Interval, add_months, add_working_days
from docgen.report.months import parse_iso


def add(day: dt.date, interval: Interval, times: int = 1) -> dt.date:
    return interval.after(day, times)


def subtract(day: dt.date, interval: Interval) -> dt.date:
    return interval.before(day)


dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))
months = st.integers(min_value=-600, max_value=600)


def _oracle_months(day: dt.date, n: int) -> dt.date:
    """Walk month by month to the first of the target month, then clamp the day."""
    first = day.replace(day=1)
    for _ in range(abs(n)):
        first = (
            (first + dt.timedelta(days=32)).replace(day=1) if n > 0 else (first - dt.timedelta(days=1)).replace(day=1)
        )
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return first.replace(day=min(day.day, last.day))


@given(dates, st.integers(min_value=-48, max_value=48))
def test_months_match_a_month_by_month_walk(day, n):
    assert add_months(day, n) == _oracle_months(day, n)


@given(dates, months)
def test_months_land_in_the_right_month_and_keep_the_day_when_it_exists(day, n):
    result = add_months(day, n)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == n
    if day.day <= calendar.monthrange(result.year, result.month)[1]:
        assert result.day == day.day
    else:  # clamped to the month's last day
        assert result.day == calendar.monthrange(result.year, result.month)[1]


@given(dates, dates, months)
def test_months_never_reorder_dates(a, b, n):
    if a <= b:
        assert add_months(a, n) <= add_months(b, n)


@given(dates.filter(lambda d: d.day <= 28), months)
def test_months_undo_when_no_clamp_is_needed(day, n):
    assert add_months(add_months(day, n), -n) == day


def test_month_end_clamps():
    assert add(dt.date(2023, 1, 31), Interval(1, "month")) == dt.date(2023, 2, 28)
    assert add(dt.date(2024, 1, 31), Interval(1, "month")) == dt.date(2024, 2, 29)
    assert add(dt.date(2024, 2, 29), Interval(1, "year")) == dt.date(2025, 2, 28)
    assert add(dt.date(2023, 11, 30), Interval(3, "month")) == dt.date(2024, 2, 29)
    assert subtract(dt.date(2024, 3, 31), Interval(1, "month")) == dt.date(2024, 2, 29)
    # counted from the start each time, so months never drift: 31 Jan + 2 x 1 month is 31 March
    assert add(dt.date(2024, 1, 31), Interval(1, "month"), 2) == dt.date(2024, 3, 31)


@given(dates, st.integers(min_value=-200, max_value=200))
def test_weeks_and_days_are_exact(day, n):
    assert (add(day, Interval(1, "week"), n) - day).days == 7 * n
    if n >= 0:
        assert (add(day, Interval(n or 1, "day")) - day).days == (n or 1)


@given(dates, st.integers(min_value=0, max_value=120))
def test_working_days_skip_weekends_and_count_exactly(day, n):
    result = add_working_days(day, n)
    between = [day + dt.timedelta(days=i) for i in range(1, (result - day).days + 1)]
    assert sum(d.weekday() < 5 for d in between) == n
    if n:
        assert result.weekday() < 5
        assert add_working_days(result, -n) <= day


@given(dates, st.integers(min_value=1, max_value=30))
def test_intervals_always_move_forward(day, n):
    for unit in Interval.UNITS:
        assert add(day, Interval(n, unit)) > day


def test_parse_iso_is_total():
    assert parse_iso("2024-02-29") == dt.date(2024, 2, 29)
    assert parse_iso(dt.date(2024, 1, 1)) == dt.date(2024, 1, 1)
    for junk in ("2023-02-29", "ASAP", "", None, 3, True, ["2024-01-01"]):
        assert parse_iso(junk) is None
