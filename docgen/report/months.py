"""Dates as the compliance report reads and groups them (the arithmetic is `Interval.after` /
`Interval.before` in docgen/policy/periods.py)."""

from __future__ import annotations

import datetime as dt

from ..dates import parse_date


def parse_iso(value) -> dt.date | None:
    """An ISO date string (or a date) as a date; anything else as None."""
    return parse_date(value, "iso-start")


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"
