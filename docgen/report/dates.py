"""Date arithmetic for the compliance checks.

Calendar months are added on the calendar and clamped to the month's end (31 January + 1 month
= 28 or 29 February); years likewise (29 February + 1 year = 28 February). Weeks are 7 days.
Working days skip Saturdays and Sundays (bank holidays are not known to docgen and count as
working days). Everything here is pure and total over `datetime.date`.
"""

from __future__ import annotations

import calendar
import datetime as dt

from ..dates import parse_date
from ..policy.periods import Interval


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole calendar months, clamped to the end of the target month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def add_working_days(day: dt.date, count: int) -> dt.date:
    """`count` working days (Monday to Friday) after `day` (before it when negative)."""
    step = 1 if count >= 0 else -1
    left = abs(count)
    while left:
        day += dt.timedelta(days=step)
        if day.weekday() < 5:
            left -= 1
    return day


def add(day: dt.date, interval: Interval, times: int = 1) -> dt.date:
    """`day` plus `times` × `interval`, counted from `day` (so months never drift by clamping)."""
    n = interval.amount * times
    if interval.unit == "day":
        return day + dt.timedelta(days=n)
    if interval.unit == "week":
        return day + dt.timedelta(weeks=n)
    if interval.unit == "month":
        return add_months(day, n)
    if interval.unit == "year":
        return add_months(day, 12 * n)
    if interval.unit == "working_day":
        return add_working_days(day, n)
    raise ValueError(f"not an interval unit: {interval.unit}")


def subtract(day: dt.date, interval: Interval) -> dt.date:
    """`day` minus one `interval` (clamped like `add`)."""
    return add(day, interval, -1)


def parse_iso(value) -> dt.date | None:
    """An ISO date string (or a date) as a date; anything else as None."""
    return parse_date(value, "iso-start")


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"
