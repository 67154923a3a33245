"""The count kind of schedule: at least N formal sessions in a period (`schedule: {count: ...}`).

    schedule: {count: {at_least: 10, per: "1 year", year: financial, pro_rata: true, rounding: up}}

Each reading a count can be given is a key, optional, with docgen's default the stricter reading a
careful auditor would take (docs/policy-format.md, "count"):

- `year`: which year `per: "1 year"` is: `rolling` (the 12 months up to each check date: the
  default), `calendar` (1 January to 31 December), `financial` (1 April to 31 March) or `in_post`
  (each year from the person's start in post). A fixed year is judged once it has ended.
- `pro_rata`: `true` (by FTE and by time in post), `fte`, `time_in_post`, `false` (neither), or
  `{fte: ..., time_in_post: ...}`. Left out: by time in post only (no one is asked a year's
  sessions in part of a year; FTE does not reduce the number unless the policy says so).
- `rounding`: how the person's number for a whole window (`at_least` x FTE) becomes a whole number:
  `up` (default), `down`, `nearest`, the same at every size (0.8 rounded up is 1). Time in post
  then asks only the sessions come due of it, rounded down (docgen/policy/countyears.py).
- `missing_fte`: a person with no FTE on the staff list is counted as `full_time` (default) or
  `not_checked`; `sessional`: what a sessional ("as and when") worker with no FTE is asked for.

`judged(person, until, records_from)` gives each window S3 holds a person to, latest first, with
the reading in words (docgen/report/counts.py turns a shortfall into a finding).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from ..errors import MEANINGS, MEANINGS_AMONG, did_you_mean
from ..structure import INVALID, Context, doc, join, structure, unstructure
from ..yamlnodes import Node
from . import countyears, schedulewords
from .countyears import Judged, Person, rounded
from .periods import Interval
from .schedulebase import Quota, Schedule

YearBasis = Literal["rolling", "calendar", "financial", "in_post"]
Rounding = Literal["up", "down", "nearest"]
MissingFte = Literal["full_time", "not_checked"]

MEANINGS.update(
    {
        "rolling": ("the 12 months up to each check date", ("rolling", "moving", "trailing", "last", "12", "months")),
        "financial": ("1 April to 31 March", ("financial", "fiscal", "april", "apr", "march", "tax", "business")),
        "in_post": ("each year from the start in post", ("anniversary", "appointment", "service", "post", "start")),
        "up": ("7.2 becomes 8 and 0.8 becomes 1", ("ceil", "ceiling", "upwards", "upward", "higher")),
        "down": ("7.8 becomes 7 and 0.8 becomes 0", ("floor", "truncate", "downwards", "downward", "lower")),
        "nearest": ("7.5 becomes 8 and 7.4 becomes 7", ("round", "closest", "half", "normal")),
        "not_checked": ("their count is not checked", ("skip", "ignore", "none", "exclude", "omit", "unchecked")),
    }
)
# "calendar" means a calendar month in an interval's reading: its year meaning is among the year's choices only
MEANINGS_AMONG[frozenset(YearBasis.__args__)] = {  # type: ignore[attr-defined]
    "calendar": ("1 January to 31 December", ("calendar", "january", "jan", "december", "dec"))
}

_PRO_RATA = {"true": (True, True), "yes": (True, True), "false": (False, False), "no": (False, False)}
_PRO_RATA_WORDS = {"fte": (True, False), "time_in_post": (False, True)}
_PRO_RATA_HINT = (
    "write true (by FTE and by time in post), fte (by FTE only), time_in_post (by time in post only), false "
    "(neither), or {fte: true, time_in_post: false}"
)
MEANINGS.setdefault("fte", ("by working hours only", ("fte", "hours", "part", "parttime", "working")))
MEANINGS.setdefault("time_in_post", ("by time in post only", ("time", "starters", "leavers", "joined", "months")))


@dataclass(frozen=True)
class ProRata:
    """Whether a count is pro rata by FTE and by time in post (`pro_rata:` true, fte, ... or a mapping)."""

    fte: bool
    time_in_post: bool

    @classmethod
    def __structure__(cls, node: Node, path: str, ctx: Context):
        if node.kind == "map":
            both = structure(node, _Both, path, ctx)
            return INVALID if both is INVALID else cls(both.fte, both.time_in_post)
        text = (node.text or "").strip().lower() if node.kind == "scalar" else ""
        if text in _PRO_RATA:
            return cls(*_PRO_RATA[text])
        if text in _PRO_RATA_WORDS:
            return cls(*_PRO_RATA_WORDS[text])
        shown = text or node.kind_name()
        hint = did_you_mean(shown, ["true", "false", *_PRO_RATA_WORDS]).split(" (use one of")[0]
        ctx.problem("bad-choice", f'"{shown}" is not allowed here', f"{hint}; {_PRO_RATA_HINT}", node, path)
        return INVALID

    def __unstructure__(self) -> Any:
        return True if self.fte and self.time_in_post else {"fte": self.fte, "time_in_post": self.time_in_post}

    def words(self) -> str:
        return {
            (True, True): "pro rata to each person's working hours and time in post",
            (True, False): "pro rata to each person's working hours (FTE), not to their time in post",
            (False, True): "pro rata to time in post, not to working hours",
            (False, False): "not pro rata: the same number whatever a person's hours or time in post",
        }[(self.fte, self.time_in_post)]


@dataclass(frozen=True)
class _Both:
    """`pro_rata: {fte: true, time_in_post: false}`: both keys, so the mapping says exactly which."""

    fte: bool = field(metadata=doc("pro rata by FTE", example="true"))
    time_in_post: bool = field(metadata=doc("pro rata by time in post", example="false"))


@dataclass(frozen=True)
class Count:
    at_least: int
    per: Interval = Interval(1, "year")
    pro_rata: ProRata | None = field(default=None, metadata=doc("by FTE and/or by time in post"))
    year: YearBasis | None = field(default=None, metadata=doc("which year: rolling (default), calendar, ..."))
    rounding: Rounding | None = field(default=None, metadata=doc("up (default), down or nearest"))
    missing_fte: MissingFte | None = field(default=None, metadata=doc("full_time (default) or not_checked"))
    sessional: int | None = field(default=None, metadata=doc("sessions asked of sessional staff with no FTE"))

    @property
    def basis(self) -> str:
        return self.year or "rolling"

    @property
    def scaled(self) -> ProRata:
        """The pro rata in force: left out, by time in post only."""
        return self.pro_rata or ProRata(False, True)

    def _check(self, ctx: Context, node, path: str) -> None:
        def bad(key: str, message: str, hint: str) -> None:
            ctx.problem("bad-value", message, hint, node.children.get(key, node), join(path, key))

        if self.at_least < 1:
            bad(
                "at_least",
                f"at_least: {self.at_least} asks for no sessions at all, so the rule could never be broken",
                "write the number of sessions the policy asks for, 1 or more (e.g. at_least: 10); if the policy "
                "sets no number, use schedule: {set_in_agreement: true}",
            )
        if self.year is not None and self.per.unit != "year":
            bad(
                "year",
                f'year: {self.year} says which year is meant, but per: "{self.per}" is not a year',
                f'write per: "1 year" with year: {self.year}, or remove year: (a count per {self.per} is always '
                f"the {self.per} up to each check date)",
            )
        elif self.year not in (None, "rolling") and self.per.amount != 1:
            bad(
                "year",
                f'year: {self.year} is one year at a time, but per: "{self.per}" is {self.per.amount} years',
                f'write per: "1 year", or year: rolling for the {self.per} up to each check date',
            )
        if self.rounding is not None and self.pro_rata == ProRata(False, False):
            bad(
                "rounding",
                f"rounding: {self.rounding} has nothing to round: with pro_rata: false the number asked is always "
                f"{self.at_least}, never a share of a session",
                "remove rounding:, or say how the number is pro rata (pro_rata: true, fte or time_in_post)",
            )
        elif self.rounding is not None and not self.scaled.fte:
            bad(
                "rounding",
                f"rounding: {self.rounding} has nothing to round: this count is not pro rata by FTE, so each person "
                f"is asked {self.at_least} a year, and time in post asks only the sessions that have come due",
                "remove rounding:, or write pro_rata: true (or fte) if the number is pro rata to working hours",
            )
        for key in ("missing_fte", "sessional"):
            if getattr(self, key) is not None and not self.scaled.fte:
                bad(
                    key,
                    f"{key}: says what to do without an FTE, but this count is not pro rata by FTE, so no one's "
                    "FTE is used",
                    f"remove {key}:, or write pro_rata: true (or fte) if the number is pro rata to working hours",
                )
        if self.sessional is not None and not 0 <= self.sessional <= self.at_least:
            bad(
                "sessional",
                f"sessional: {self.sessional} must be from 0 (not checked) to at_least ({self.at_least})",
                f"write the number of sessions a year asked of sessional staff with no FTE, e.g. sessional: "
                f"{max(1, self.at_least // 2)}",
            )

    def __unstructure__(self) -> dict:
        """The policy's fingerprint as before these keys: `pro_rata` left out reads as false."""
        out = {"at_least": self.at_least, "per": unstructure(self.per), "pro_rata": False}
        if self.pro_rata is not None:
            out["pro_rata"] = self.pro_rata.__unstructure__()
        for key in ("year", "rounding", "missing_fte", "sessional"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


@dataclass(frozen=True)
class AtLeast(Schedule):
    count: Count
    kind: ClassVar[str] = "count"
    from_words = staticmethod(schedulewords.count)

    def words(self, labels=None) -> str:
        c = self.count
        if c.year is None:
            text = (
                f"at least {_times(c.at_least)} {'a year' if c.per == Interval(1, 'year') else 'every ' + str(c.per)}"
            )
        else:
            text = (
                f"at least {_times(c.at_least)} in {_YEAR_WORDS[c.year] if c.per.amount == 1 else 'any ' + str(c.per)}"
            )
        said = [c.pro_rata.words()] if c.pro_rata else []
        if c.rounding:
            said.append(_ROUNDING_WORDS[c.rounding])
        if c.missing_fte:
            said.append(
                "anyone whose FTE is not known is counted as full time"
                if c.missing_fte == "full_time"
                else "anyone whose FTE is not known is not checked against this number"
            )
        if c.sessional is not None:
            said.append(
                f"sessional (as and when) staff with no set hours: at least {c.sessional} times"
                if c.sessional
                else "sessional (as and when) staff with no set hours: no set number"
            )
        return text + (f" ({'; '.join(said)})" if said else "")

    def sort_days(self, schedules, depth=0) -> float:
        return self.count.per.approx_days() / max(self.count.at_least, 1)

    def quota(self, as_of, start_date, fte) -> Quota | None:
        """The window to `as_of` for someone in post from `start_date` (None: nothing is asked)."""
        c = self.count
        since = c.per.before(as_of)
        in_post = max(since, start_date or since)
        fraction = (as_of - in_post).days / max((as_of - since).days, 1) if c.scaled.time_in_post else 1.0
        factor = (fte or 1.0) if c.scaled.fte else 1.0
        required = rounded(c.at_least * factor * fraction, c.rounding or "up")
        return Quota(since, in_post, required, factor, fraction) if required else None

    def judged(self, person: Person, until: dt.date, records_from: dt.date) -> Iterator[Judged]:
        """Each window S3 holds `person` to, latest first (docgen/policy/countyears.py)."""
        return countyears.judged(self.count, person, until, records_from)

    def pending(self, until: dt.date) -> str:
        return countyears.pending(self.count, until)

    def not_judged(self, person: Person, until: dt.date) -> str:
        """Why this count is not checked for `person` ("" when it is), in words for the report's notes."""
        return countyears.not_judged(self.count, person, until)


_YEAR_WORDS = {
    "rolling": "any 12 months (a rolling year, counted back from each day)",
    "calendar": "each calendar year (1 January to 31 December)",
    "financial": "each financial year (1 April to 31 March)",
    "in_post": "each year in post (counted from the person's start in post)",
}
_ROUNDING_WORDS = {
    "up": "a share of a session rounded up to a whole session",
    "down": "a share of a session rounded down to a whole session",
    "nearest": "a share of a session rounded to the nearest whole session (a half rounded up)",
}


def _times(n: int) -> str:
    """ "once", "twice", "10 times"."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")
