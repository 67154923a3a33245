"""A schedule written as plain words, read as the kind it most looks like, for the message that says
what to write instead (docgen/shapes.py `one_kind`): "every 3 weeks" is `every: "3 weeks"`, "10 a
year" `count: {at_least: 10, per: "1 year"}`. Each kind's `from_words` is one of these (schedules.py,
counts.py, relative.py); each gives the YAML to write, or None when the words are not of its kind.
"""

from __future__ import annotations

import re

from .periods import Interval

_UNIT = r"(working days?|days?|weeks?|fortnights?|months?|quarters?|years?)"
_AS_UNIT = {"fortnight": (2, "week"), "quarter": (3, "month")}
_ADVERBS = {"daily": "1 day", "weekly": "1 week", "fortnightly": "2 weeks", "monthly": "1 month",
            "quarterly": "3 months", "annually": "1 year", "yearly": "1 year"}  # fmt: skip


def length_in_words(amount: str | None, unit: str) -> str:
    """ "3 weeks" from ("3", "weeks"), "2 weeks" from (None, "fortnight"): a length as a policy writes it."""
    unit = unit.lower().strip()
    unit = unit[:-1] if unit.endswith("s") else unit
    times, unit = _AS_UNIT.get(unit, (1, unit))
    n = int(amount or 1) * times
    return str(Interval(n, unit.replace(" ", "_")))


def plainly(text: str) -> str:
    """Words of a schedule written as text, without what says nothing of its kind ("at least")."""
    text = re.sub(r"\s+", " ", text.lower().strip().rstrip("."))
    return re.sub(r"^(at least|a minimum of|minimum of|minimum|no less than|not less than) ", "", text)


def every(text: str) -> str | None:
    """ "every 3 weeks", "once a month", "monthly", "4 weekly": `every: "3 weeks"`."""
    text = plainly(text)
    if text in _ADVERBS:
        return f'every: "{_ADVERBS[text]}"'
    match = re.fullmatch(rf"(?:every|each|once (?:a|an|every|each)) (?:(\d+) )?{_UNIT}", text) or re.fullmatch(
        r"(\d+)[ -](week|month)ly", text
    )
    return f'every: "{length_in_words(*match.groups())}"' if match else None


def between(text: str) -> str | None:
    """ "every 6 to 8 weeks", "between 6 and 8 weeks": `between: {min: "6 weeks", max: "8 weeks"}`."""
    match = re.fullmatch(rf"(?:every |between )?(\d+) ?(?:to|-|–|and) ?(\d+) {_UNIT}", plainly(text))
    if not match:
        return None
    low, high, unit = match.groups()
    return f'between: {{min: "{length_in_words(low, unit)}", max: "{length_in_words(high, unit)}"}}'


def count(text: str) -> str | None:
    """ "10 a year", "3 per year", "at least 10 times a year", "4 sessions every 6 months":
    `count: {at_least: 10, per: "1 year"}`."""
    text = plainly(text)
    unit = r"(days?|weeks?|months?|years?)"
    match = re.fullmatch(
        rf"(\d+) (?:times |sessions |supervisions |supervision sessions |formal sessions )?"
        rf"(?:a|an|per|each|every|in a|in an|in each|in every) (?:(\d+) )?{unit}",
        text,
    ) or re.fullmatch(r"(\d+) (?:times |sessions )?(annually|yearly|a year)()", text)
    if not match:
        return None
    if match.group(2) in ("annually", "yearly", "a year"):
        return f'count: {{at_least: {match.group(1)}, per: "1 year"}}'
    span = Interval(int(match.group(2) or 1), match.group(3).rstrip("s"))
    return f'count: {{at_least: {match.group(1)}, per: "{span}"}}'


def agreed(text: str) -> str | None:
    """ "as agreed", "set in the supervision agreement": `set_in_agreement: true`."""
    return "set_in_agreement: true" if re.search(r"\bagree|\bcontract", text.lower()) else None


def more_often(text: str) -> str | None:
    return "more_often_than: <the id of the rule it is compared with>" if "more often" in text.lower() else None


def less_often(text: str) -> str | None:
    return "less_often_than: <the id of the rule it is compared with>" if "less often" in text.lower() else None
