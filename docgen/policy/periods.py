"""Lengths of time written the way people write them: "4 weeks", "1 month", "90 minutes".

The unit is always explicit. "4 weeks" is 28 days; "1 month" is a calendar month (15 March to
15 April). A policy that says "monthly" must choose which it means.

Hours: records carry dates, not times, so hours are read on dates only where a limit counts from
an event (a record signed "within 48 hours" of the session, notice to cancel): a `Deadline` takes
whole days of hours (24, 48, 72 hours), read as that many days after the event's date ("48 hours
read as 2 days after the session date"). How often supervision happens is never in hours: an
`Interval` refuses them, with a fix.

An `Interval` also does its own calendar arithmetic (`after`, `before`): calendar months are
added on the calendar and clamped to the month's end (31 January + 1 month = 28 or 29 February);
years likewise (29 February + 1 year = 28 February). Weeks are 7 days. Working days skip
Saturdays and Sundays (bank holidays are not known to docgen and count as working days).
Everything here is pure and total over `datetime.date`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import ClassVar

from ..errors import did_you_mean
from ..structure import INVALID, Context
from ..yamlnodes import Node

_UNITS = {
    "minute": "minute",
    "minutes": "minute",
    "min": "minute",
    "mins": "minute",
    "hour": "hour",
    "hours": "hour",
    "day": "day",
    "days": "day",
    "working day": "working_day",
    "working days": "working_day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
}
_PATTERN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([A-Za-z][A-Za-z ]*?)\s*$")
_NUMBER_WORDS = {
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "forty-five",
    "sixty",
    "ninety",
    "a",
    "an",
    "half",
}
_WORDS = {
    "weekly": "1 week",
    "fortnightly": "2 weeks",
    "monthly": '"1 month" (a calendar month) or "4 weeks"',
    "quarterly": "3 months",
    "annually": "1 year",
    "yearly": "1 year",
    "daily": "1 day",
}
_SINGULAR = {
    "minute": "minute",
    "hour": "hour",
    "day": "day",
    "working_day": "working day",
    "week": "week",
    "month": "month",
    "year": "year",
}
_PLURAL = {
    "minute": "minutes",
    "hour": "hours",
    "day": "days",
    "working_day": "working days",
    "week": "weeks",
    "month": "months",
    "year": "years",
}


def _parse(node: Node, path: str, ctx: Context, allowed: tuple[str, ...], example: str):
    """Return (amount, unit) or INVALID after recording a located problem."""
    raw = node.text  # None unless a scalar with a value
    if raw is None:
        fix = f'write a number and a unit, e.g. "{example}"'
        if node.kind == "map" and len(node.children) == 1:  # {weeks: 3}: the unit and the number apart
            ((word, number),) = node.children.items()
            digits = str(number.value or "").strip() if number.kind == "scalar" else ""
            if digits.isdigit() and word.lower() in _UNITS:
                fix = f'write the number and the unit as one text: "{digits} {word}"'
        ctx.problem("bad-period", f"expected a length of time, found {node.kind_name()}", fix, node, path)
        return INVALID
    text = raw.strip()
    match = _PATTERN.match(text)
    if not match:
        first = text.split()[0].lower() if text.split() else ""
        if text.lower() in _WORDS and "week" in allowed:
            hint = f'write "{text}" as a number and a unit: {_WORDS[text.lower()]}'
        elif first in _NUMBER_WORDS:
            hint = f'write the number in digits, e.g. "{example}"'
        else:
            hint = f'write a number and a unit, e.g. "{example}"'
        ctx.problem("bad-period", f'"{text}" is not a length of time docgen can read', hint, node, path)
        return INVALID
    amount_text, unit_text = match.groups()
    unit = _UNITS.get(unit_text.lower())
    allowed_words = [w for w, u in _UNITS.items() if u in allowed]
    if unit is None:
        ctx.problem(
            "bad-period", f'unknown unit "{unit_text}" in "{text}"', did_you_mean(unit_text, allowed_words), node, path
        )
        return INVALID
    if unit not in allowed:
        why = f'"{text}" uses {_PLURAL[unit]}, which do not fit here'
        if unit == "hour" and "day" in allowed:  # a frequency, a review interval: planned on dates
            why = f'"{text}" is in hours, but this is planned on dates (records carry dates, not times)'
        ctx.problem(
            "bad-period",
            why,
            f'use one of: {", ".join(_PLURAL[u] for u in allowed)} (e.g. "{_in_days(amount_text, unit) or example}")',
            node,
            path,
        )
        return INVALID
    amount = float(amount_text)
    if amount <= 0:
        ctx.problem("bad-period", f'"{text}" must be more than zero', f'e.g. "{example}"', node, path)
        return INVALID
    return amount, unit


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _in_days(amount_text: str, unit: str) -> str:
    """ "2 days" for "48 hours" (a whole number of days), else ""."""
    hours = float(amount_text)
    if unit != "hour" or hours <= 0 or hours % 24:
        return ""
    days = int(hours // 24)
    return f"{days} day" if days == 1 else f"{days} days"


@dataclass(frozen=True, order=True)
class Interval:
    """Time between events: days, working days, weeks, calendar months or years (and, for a
    `Deadline` only, hours in whole days)."""

    amount: int
    unit: str  # day | working_day | week | month | year | hour (a Deadline's, a multiple of 24)

    UNITS: ClassVar[tuple[str, ...]] = ("day", "working_day", "week", "month", "year")
    EXAMPLE = '"4 weeks" or "1 month" (a calendar month)'
    SAMPLE = "4 weeks"  # the example a message about this value gives

    @classmethod
    def __structure__(cls, node: Node, path: str, ctx: Context):
        parsed = _parse(node, path, ctx, cls.UNITS, cls.SAMPLE)
        if parsed is INVALID:
            return INVALID
        amount, unit = parsed
        if amount != int(amount):
            ctx.problem(
                "bad-period",
                f'"{node.value}" must be a whole number of {_PLURAL[unit]}',
                "e.g. 6 weeks rather than 1.5 months",
                node,
                path,
            )
            return INVALID
        return cls(int(amount), unit)

    def __str__(self) -> str:
        return f"{self.amount} {_SINGULAR[self.unit] if self.amount == 1 else _PLURAL[self.unit]}"

    def approx_days(self) -> float:
        """Rough length for ordering rules ("which is strictest"); never for due dates."""
        per = {"hour": 1 / 24, "day": 1, "working_day": 1.4, "week": 7, "month": 30.44, "year": 365.25}
        return self.amount * per[self.unit]

    def words(self) -> str:
        """Plain English: "every 4 weeks", "every calendar month", "every 3 months"."""
        if self.amount == 1:
            return {
                "day": "every day",
                "working_day": "every working day",
                "week": "every week",
                "month": "every calendar month",
                "year": "every year",
                "hour": "every hour",
            }[self.unit]
        if self.unit == "week" and self.amount == 2:
            return "every 2 weeks (fortnightly)"
        return f"every {self}"

    def after(self, day: dt.date, times: int = 1) -> dt.date:
        """`day` plus `times` x this interval, counted from `day` (so months never drift by clamping)."""
        n = self.amount * times
        if self.unit == "hour":  # a Deadline's: whole days of hours, read on dates
            return day + dt.timedelta(days=n // 24)
        if self.unit == "day":
            return day + dt.timedelta(days=n)
        if self.unit == "week":
            return day + dt.timedelta(weeks=n)
        if self.unit == "month":
            return add_months(day, n)
        if self.unit == "year":
            return add_months(day, 12 * n)
        if self.unit == "working_day":
            return add_working_days(day, n)
        raise ValueError(f"not an interval unit: {self.unit}")

    def before(self, day: dt.date) -> dt.date:
        """`day` minus one interval (clamped like `after`)."""
        return self.after(day, -1)

    def on_dates(self, event: str) -> str:
        """How this limit is read on dates, after `event` ("the session date"): "48 hours read as 2
        days after the session date"; "" when it needs no reading (days, weeks, months)."""
        if self.unit == "hour":
            days = self.amount // 24
            return f"{self} read as {days} {'day' if days == 1 else 'days'} after {event}"
        if self.unit == "working_day":
            return f"{self} after {event}, Monday to Friday (bank holidays count as working days)"
        return ""


@dataclass(frozen=True, order=True)
class Deadline(Interval):
    """A time limit counted on dates from an event: "10 days", "5 working days", "48 hours" (a
    record signed within it of the session, notice given before it). Hours are whole days of hours
    (24, 48, 72): records carry dates, not times, so "48 hours" is read as 2 days after the date."""

    UNITS = ("hour", "day", "working_day", "week", "month", "year")
    EXAMPLE = '"10 days", "5 working days" or "48 hours"'
    SAMPLE = "10 days"

    @classmethod
    def __structure__(cls, node: Node, path: str, ctx: Context):
        value = super().__structure__(node, path, ctx)
        if value is INVALID or value.unit != "hour" or value.amount % 24 == 0:
            return value
        under, over = value.amount // 24, value.amount // 24 + 1
        strictly = f'"{_days(under)}" ({under * 24} hours) to read it strictly, or ' if under else ""
        ctx.problem(
            "bad-period",
            f'"{node.value}" cannot be checked on dates: records carry dates, not times',
            f'write whole days of hours (24, 48, 72 hours) or days: {strictly}"{_days(over)}" ({over * 24} hours)',
            node,
            path,
        )
        return INVALID


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


@dataclass(frozen=True, order=True)
class Duration:
    """How long a session lasts, kept in whole minutes ("90 minutes", "1.5 hours", "2 hours")."""

    minutes: int

    EXAMPLE = '"90 minutes" or "2 hours"'

    @classmethod
    def __structure__(cls, node: Node, path: str, ctx: Context):
        parsed = _parse(node, path, ctx, ("minute", "hour"), "90 minutes")
        if parsed is INVALID:
            return INVALID
        amount, unit = parsed
        minutes = amount * 60 if unit == "hour" else amount
        if minutes != int(minutes):
            ctx.problem(
                "bad-period", f'"{node.value}" is not a whole number of minutes', 'e.g. "90 minutes"', node, path
            )
            return INVALID
        return cls(int(minutes))

    def __str__(self) -> str:
        if self.minutes % 60 == 0:
            hours = self.minutes // 60
            return f"{hours} hour" if hours == 1 else f"{hours} hours"
        return f"{self.minutes} minutes"
