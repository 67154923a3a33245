"""The windows a count rule holds a person to, and the reading of each in words (for S3's "checked as").

A count (docgen/policy/counts.py) is kept over a year of some basis: `rolling` (the `per` up to the
check date, then each `per` before it), or a fixed year (`calendar`, `financial`, `in_post`) judged
once it has ended (a leaver's last year ends on their leaving date). In each window the person's
number for a whole window is `at_least` (or `sessional` for a sessional worker with no FTE), times
the FTE when pro rata by FTE, rounded as the count says (up by default, at every size: 0.8 is 1).
When the person was in post for part of the window (pro rata by time in post), or the records
cover only part of it (nothing before the records is held against anyone; not applied to the
current rolling window), they are asked only the sessions that have come due in the part counted,
the window's sessions falling due evenly from its start: that number times the share, rounded
down (`due`). A session is not owed before it has come due: someone 3 days in post under "10 a
year" owes none yet, and 73 days in they owe 2.

Dates follow S3's convention: a window is (since, end], and "in post from" a start date counts the
days after it, as the report always has.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from .periods import Interval, add_months

DAY = dt.timedelta(days=1)
_DEFAULT = " (docgen's default: the policy does not say)"


class Person(Protocol):
    """What a count needs to know of a person (the report's roster entry gives it)."""

    @property
    def start_date(self) -> dt.date | None: ...
    @property
    def leaving_date(self) -> dt.date | None: ...
    @property
    def profile(self) -> Any: ...  # .fte (float | None) and .employment (str | None)


@dataclass(frozen=True)
class Judged:
    """One window a count rule holds a person to: sessions in (since, end], `required` of them."""

    since: dt.date
    end: dt.date
    required: int
    reason: str  # for the message: "FTE 0.6, in post from 01/04/2023" ("" when neither)
    checked_as: str  # the reading in words
    latest: bool  # the latest window judged (the others are earlier years)
    assumed: str = ""  # what docgen took for a missing value: "FTE not on the staff list: counted as full time"


def rounded(expected: float, rounding: str) -> int:
    """A share of sessions as a whole number: up, down or to the nearest (a half up)."""
    if rounding == "down":
        return math.floor(expected + 1e-9)
    if rounding == "nearest":
        return math.floor(expected + 0.5 + 1e-9)
    return math.ceil(expected - 1e-9)


def due(whole: int, share: float) -> int:
    """The sessions of a window's `whole` that have come due in a `share` of it, due evenly from its
    start: `whole` x `share` rounded down (10 a year, 73 days of 365: 2; 72 days: 1; 3 days: 0)."""
    return whole if share >= 1 - 1e-9 else math.floor(whole * share + 1e-9)


def year_containing(basis: str, day: dt.date, start: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the `basis` year holding `day` (None: a year in post with no start)."""
    if basis == "calendar":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if basis == "financial":
        first = dt.date(day.year if day.month >= 4 else day.year - 1, 4, 1)
        return first, dt.date(first.year + 1, 3, 31)
    if start is None:
        return None
    years = day.year - start.year
    while add_months(start, 12 * years) > day:
        years -= 1
    return add_months(start, 12 * years), add_months(start, 12 * (years + 1)) - DAY


def not_judged(count: Any, person: Person, until: dt.date) -> str:
    """Why the count is not checked for `person`, in words ("" when it is)."""
    if count.basis == "in_post" and person.start_date is None:
        return "no start date on the roster, so their years in post (year: in_post) cannot be placed"
    if _asked(count, person) is None:
        if person.profile.employment == "sessional" and count.sessional == 0:
            return "sessional (as and when) with no FTE on the staff list: the policy sets no number (sessional: 0)"
        return "no FTE on the staff list, and the policy does not check a count without one (missing_fte: not_checked)"
    return ""


def pending(count: Any, until: dt.date) -> str:
    """The fixed year not over on `until`, in words ("" for a rolling count): it is judged when it ends."""
    if count.basis == "rolling":
        return ""
    if count.basis == "in_post":
        return f"each person's year in post that is not over on {until:%d/%m/%Y} is judged when it ends"
    first, last = year_containing(count.basis, until, None) or (until, until)
    if last <= until:
        return ""
    return f"{_window(count, first - DAY, last, last, None)} is not over on {until:%d/%m/%Y}: it is judged when it ends"


def judged(count: Any, person: Person, until: dt.date, records_from: dt.date) -> Iterator[Judged]:
    """Each window the person is held to, latest first, up to `until` (or their leaving date)."""
    asked = _asked(count, person)
    if asked is None or not_judged(count, person, until):
        return
    base, factor, fte_words = asked
    left = person.leaving_date if person.leaving_date and person.leaving_date < until else None
    rolling_now = count.basis == "rolling" and left is None
    latest = True
    for since, year_end in _windows(count, person, left or until, left is not None):
        end = min(year_end, left or until)
        in_post = max(since, person.start_date or since)
        counted = in_post if (latest and rolling_now) else max(in_post, records_from)
        if counted >= end:
            return  # not in post, or no records, in this window nor in any earlier one
        time_share = (end - in_post).days / (year_end - since).days if count.scaled.time_in_post else 1.0
        share = time_share * (end - counted).days / (end - in_post).days
        whole = rounded(base * factor, count.rounding or "up")
        required = due(whole, share)
        if required:
            reason = [f"FTE {factor:g}"] if factor != 1 else []
            if counted > in_post:
                reason.append(f"records from {counted:%d/%m/%Y}")
            elif count.scaled.time_in_post and in_post > since:
                reason.append(f"in post from {in_post:%d/%m/%Y}")
            sums = _sums(
                count, base, factor, (end - in_post).days, (year_end - since).days, in_post > since or end < year_end
            )
            if counted > in_post:
                sums.append(f"{(end - counted).days}/{(end - in_post).days} days on record")
            reading = [_window(count, since, year_end, end, left), count.scaled.words()]
            if count.pro_rata is None:
                reading[-1] += _DEFAULT
            reading += [fte_words] if fte_words else []
            reading.append(_arithmetic(count, sums, base * factor, whole, share, required, end))
            assumed = fte_words if fte_words.startswith("FTE not on") else ""
            yield Judged(since, end, required, ", ".join(reason), "; ".join(reading), latest, assumed)
        latest = False


def _asked(count: Any, person: Person) -> tuple[int, float, str] | None:
    """(the number asked before shares, the FTE it is scaled by, where the FTE came from, in words);
    None when the person's count is not checked."""
    if not count.scaled.fte:
        return count.at_least, 1.0, ""
    fte = person.profile.fte
    if fte is not None:
        return count.at_least, fte, f"FTE {fte:g} from the staff list"
    if person.profile.employment == "sessional" and count.sessional is not None:
        if count.sessional == 0:
            return None
        return (
            count.sessional,
            1.0,
            (
                f"sessional (as and when) with no FTE on the staff list: {count.sessional}, the policy's number for "
                "sessional staff"
            ),
        )
    if count.missing_fte == "not_checked":
        return None
    return (
        count.at_least,
        1.0,
        "FTE not on the staff list: counted as full time" + ("" if count.missing_fte else _DEFAULT),
    )


def _windows(count: Any, person: Person, stop: dt.date, left: bool) -> Iterator[tuple[dt.date, dt.date]]:
    """(since, last day) of each window, latest first: a rolling window ends on `stop`; a fixed year
    is given once it has ended (or the person left in it)."""
    per: Interval = count.per
    if count.basis == "rolling":
        end = stop
        while True:
            since = per.before(end)
            yield since, end
            end = since
    year = year_containing(count.basis, stop, person.start_date)
    if year is None:
        return
    first, last = year
    if not left and last > stop:  # the year is not over: it is judged when it ends
        year = year_containing(count.basis, first - DAY, person.start_date)
        assert year is not None  # placed once, so placed again
        first, last = year
    while True:
        yield first - DAY, last
        year = year_containing(count.basis, first - DAY, person.start_date)
        assert year is not None
        first, last = year


def _window(count: Any, since: dt.date, year_end: dt.date, end: dt.date, left: dt.date | None) -> str:
    """The window in words: "the 12 months to 07/03/2024", "the financial year 2023-24 (...)"."""
    first = since + DAY
    if count.basis == "rolling":
        span = "12 months" if count.per == Interval(1, "year") else str(count.per)
        return f"the {span} to {end:%d/%m/%Y}" + (
            " (a rolling year: docgen's default, the policy does not say which year)" if count.year is None else ""
        )
    text = {
        "calendar": f"the calendar year {first.year}",
        "financial": f"the financial year {first.year}-{(first.year + 1) % 100:02d} "
        f"({first:%d/%m/%Y} to {year_end:%d/%m/%Y})",
        "in_post": f"their year in post from {first:%d/%m/%Y} to {year_end:%d/%m/%Y}",
    }[count.basis]
    return text + (f", to their leaving date {left:%d/%m/%Y}" if left and end < year_end else "")


def _sums(count: Any, base: int, factor: float, in_post: int, days: int, part: bool) -> list[str]:
    """The terms of the number asked: "10", "FTE 0.6", "183/365 days in post"."""
    terms = [str(base)]
    if factor != 1:
        terms.append(f"FTE {factor:g}")
    if count.scaled.time_in_post and part:
        terms.append(f"{in_post}/{days} days in post")
    return terms


def _arithmetic(
    count: Any, terms: list[str], asked: float, whole: int, share: float, required: int, end: dt.date
) -> str:
    """The sum in words: "10 required", "10 x FTE 0.72 = 7.2, rounded up to 8 required", "10 x FTE
    0.75 = 7.5, rounded up to 8 a year; 8 x 72/365 days in post = 1.58: 1 due by 07/03/2024 (...)"."""
    fte = terms[:2] if len(terms) > 1 and terms[1].startswith("FTE ") else terms[:1]
    text = default = ""
    if len(fte) > 1:
        text = f"{' x '.join(fte)} = {_number(asked)}"
        if abs(asked - round(asked)) >= 1e-9:
            how = {"up": "rounded up", "down": "rounded down", "nearest": "rounded to the nearest"}[
                count.rounding or "up"
            ]
            text += f", {how} to {whole}"
            default = " (docgen's default rounding)" if count.rounding is None else ""
    if share >= 1 - 1e-9:
        return f"{text} required{default}" if text else f"{required} required"
    year = count.per == Interval(1, "year")
    head = f"{text} {'a year' if year else 'in ' + str(count.per)}{default}; " if text else ""
    return (
        f"{head}{' x '.join([str(whole), *terms[len(fte) :]])} = {_number(whole * share)}: {required} due by "
        f"{end:%d/%m/%Y} (the {whole} fall due evenly through the {'year' if year else str(count.per)}, "
        "and a session is not owed before it has come due)"
    )


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if abs(float(text) - round(value)) > 1e-9 or abs(value - round(value)) < 1e-9 else f"{value:.4f}"
