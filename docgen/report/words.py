"""The report's words for numbers: a count with its noun in the right number, days as a span.

count(1, "formal session")            # "1 formal session"
count(3, "record")                    # "3 records"
count(0, "formal session", none="no") # "no formal sessions"
count(2, "child", "children")         # "2 children"
days(1)                               # "1 day"
grace(7)                              # "7 days' grace"; grace(1) "1 day's grace"; grace(0) "no grace"
span(start, end)                      # "from 01/01/2025 to 31/12/2025, both days included"
"""

from __future__ import annotations

import datetime as dt


def count(n: int, noun: str, plural: str | None = None, none: str | None = None) -> str:
    """`n` and the noun, singular for exactly one; `none` (e.g. "no") replaces a zero."""
    word = noun if n == 1 else (plural or _plural(noun))
    number = none if n == 0 and none is not None else f"{n:,}"
    return f"{number} {word}"


def _plural(noun: str) -> str:
    head, _, last = noun.rpartition(" ")
    if last.endswith(("s", "x", "ch", "sh")):
        last += "es"
    elif last.endswith("y") and last[-2:-1] not in tuple("aeiou"):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def days(n: int) -> str:
    return count(n, "day")


def grace(n: int) -> str:
    """Days of grace as the report says them."""
    if n == 0:
        return "no grace"
    return f"{n} day's grace" if n == 1 else f"{n:,} days' grace"


def span(first: dt.date, last: dt.date) -> str:
    """A window by its first and last days, both included."""
    if first == last:
        return f"on {first:%d/%m/%Y}"
    return f"from {first:%d/%m/%Y} to {last:%d/%m/%Y}, both days included"
