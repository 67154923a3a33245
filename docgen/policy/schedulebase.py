"""Schedule, the base of every schedule kind: what a schedule answers, and how one is read from YAML.

The answers (`AllowedGap`, `Quota`, `Window`) and the base class, whose methods say what docgen asks
of a schedule (see schedules.py, which holds the kinds); `Schedule.__structure__` reads any kind
from the policy YAML through `KINDS`, the registry of kinds by their YAML key, which schedules.py
fills (import `Schedule` and `KINDS` from there: that is where the kinds are).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Protocol

from ..errors import did_you_mean
from ..shapes import one_kind
from ..structure import INVALID, Context, Ident, fits, join, structure, unstructure
from ..yamlnodes import Node
from .periods import Duration, Interval


class Dated(Protocol):
    """What a schedule needs to know of a person: when they started (and their ASYE, if any)."""

    @property
    def start_date(self) -> dt.date | None: ...
    @property
    def asye_start(self) -> dt.date | None: ...


@dataclass(frozen=True)
class AllowedGap:
    """The longest gap allowed between formal sessions, from `start` on (None: throughout)."""

    longest: Interval
    start: dt.date | None = None


@dataclass(frozen=True)
class Quota:
    """Sessions a rolling window must hold: `required` in (`since`, as of], counted from `in_post`."""

    since: dt.date
    in_post: dt.date
    required: int
    factor: float  # the FTE it was scaled by (1 when not pro rata)
    fraction: float  # the share of the window the person was in post


@dataclass(frozen=True)
class Due:
    """When the next formal session is due after one (or after the start): `day`, under the phase in
    force then (`every`, named by `phase`); `final` when that is the last, open-ended phase."""

    day: dt.date
    every: Interval
    phase: str  # "the first 6 weeks from the start of the ASYE year"
    final: bool


@dataclass(frozen=True)
class SessionDuration:
    """How long sessions last (a rule's `duration:`, or a phase's). A plain value ("90 minutes") is the
    usual length, which S5 does not hold sessions to; min: and max: are checked."""

    nominal: Duration | None = None
    min: Duration | None = None
    max: Duration | None = None
    uninterrupted: bool = False

    EXAMPLE = '"90 minutes", or min: / max: / nominal: lines'

    @classmethod
    def from_scalar(cls, node, path, ctx):
        value = Duration.__structure__(node, path, ctx)
        return INVALID if value is INVALID else cls(nominal=value)

    def _check(self, ctx: Context, node, path: str) -> None:
        if self.min and self.max and self.min > self.max:
            ctx.problem(
                "bad-value", f"min ({self.min}) is longer than max ({self.max})", "swap them", node, join(path, "min")
            )

    def words(self) -> str:
        parts = []
        if self.nominal:
            parts.append(str(self.nominal))
        if self.min and self.max:
            parts.append(f"{self.min} to {self.max}")
        elif self.min:
            parts.append(f"at least {self.min}")
        elif self.max:
            parts.append(f"at most {self.max}")
        text = ", ".join(parts) or "not set"
        return text + (", uninterrupted" if self.uninterrupted else "")


@dataclass(frozen=True)
class Window:
    """A span [start, end) that must hold a formal session; `phase` and `label` say which, in words."""

    phase: str  # "the first 6 weeks"
    label: str  # "week 3 of the first 6 weeks"
    start: dt.date
    end: dt.date
    unit: str = "window"  # what each window is: "week", "fortnight", "period of 3 weeks"


Agreed = Callable[[], AllowedGap | None]

# How an interval with a calendar period ("1 month") is read: a gap between sessions, one session in
# each calendar period, or both (the default when the policy does not say: the stricter reading).
Reading = Literal["gap", "calendar", "both"]
READINGS = {
    "gap": "the time between sessions is at most the interval",
    "calendar": "at least one session in each calendar period",
    "both": "both: the gap and each calendar period (the default)",
}
# The intervals that have a calendar period, and the period in words.
CALENDAR: dict[tuple[int, str], str] = {
    (1, "week"): "calendar week (Monday to Sunday)",
    (1, "month"): "calendar month",
    (3, "month"): "calendar quarter (January to March, April to June, July to September, October to December)",
    (6, "month"): "half of the calendar year (January to June, July to December)",
    (12, "month"): "calendar year",
    (1, "year"): "calendar year",
}


def calendar_name(every: Interval) -> str | None:
    """The calendar period an interval names ("calendar month" for "1 month"), or None."""
    return CALENDAR.get((every.amount, every.unit))


def calendar_periods(every: Interval, first: dt.date, last: dt.date) -> Iterator[tuple[dt.date, dt.date]]:
    """The complete calendar periods of `every` (first day, last day) that lie within [first, last]."""
    if calendar_name(every) is None:
        return
    if every.unit == "week":
        start = first + dt.timedelta(days=(7 - first.weekday()) % 7)  # the first Monday from `first`
    else:
        months = every.amount * (12 if every.unit == "year" else 1)
        index = first.year * 12 + first.month - 1
        index = -(-index // months) * months  # round up to the start of a period
        start = dt.date(index // 12, index % 12 + 1, 1)
        if start < first:  # `first` is not itself the first day of a period
            start = every.after(start)
    while True:
        end = every.after(start)
        if end - dt.timedelta(days=1) > last:
            return
        yield start, end - dt.timedelta(days=1)
        start = end


def nothing_agreed() -> AllowedGap | None:
    return None


@dataclass(frozen=True)
class Schedule:
    """How often. The base of every kind; `Schedule.__structure__` reads any of them from YAML."""

    kind: ClassVar[str]

    def words(self, labels: Mapping[str, str] | None = None) -> str:
        raise NotImplementedError

    def sort_days(self, schedules: Mapping[str, Schedule], depth: int = 0) -> float:
        return float("inf")  # no number to compare

    # what the report checks
    def gap(self, person: Dated, agreed: Agreed = nothing_agreed) -> AllowedGap | None:
        return None

    def quota(self, as_of: dt.date, start_date: dt.date | None, fte: float | None) -> Quota | None:
        return None

    def windows(self, person: Dated, until: dt.date) -> Iterator[Window]:
        return iter(())

    def judged(self, person: Any, until: dt.date, records_from: dt.date) -> Iterator[Any]:
        """The windows of a count S3 holds `person` to (docgen/policy/countyears.py `Judged`)."""
        return iter(())

    def not_judged(self, person: Any, until: dt.date) -> str:
        return ""

    def pending(self, until: dt.date) -> str:
        """A count's year not over on `until` (judged when it ends), in words; "" for the others."""
        return ""

    def placed(self, person: Dated) -> list[tuple[dt.date, dt.date | None, Interval, str]]:
        """The phases of a schedule whose interval changes with time, placed on the calendar for
        `person`: (first day, end or None, interval, words); [] for the others."""
        return []

    def due_after(self, person: Dated, last: dt.date) -> Due | None:
        """When the next session is due after one on `last`, for schedules whose interval changes
        with time (a stepped schedule); None for the others (their gap is `gap`)."""
        return None

    def unplaced(self, person: Dated) -> bool:
        """Whether this schedule cannot be placed for `person` (a date it hangs from is unknown)."""
        return False

    def interval(self) -> Interval | None:
        return None

    def refers_to(self) -> Ident | None:
        """The id of another rule this schedule is defined by, if any."""
        return None

    def shortest(self) -> Interval | None:
        """The shortest time allowed between formal sessions (a range's min: "not before 6 weeks"), if
        the schedule sets one (S7); None for the others."""
        return None

    def period(self) -> Interval | None:
        """The calendar period each of which must hold a session ("1 month": each calendar month), when
        the schedule is read by the calendar (S6); None for the others."""
        return None

    def unchecked(self) -> str:
        """Why the report can check nothing of this schedule ("" when it can): a kind with no number."""
        return ""

    def length_on(self, person: Dated, day: dt.date) -> tuple[SessionDuration, str] | None:
        """The session length of the phase in force on `day` and the phase in words, when the schedule
        sets its own per phase (a stepped schedule); None: the rule's `duration:` applies (S5)."""
        return None

    def length_words(self, rule_length: SessionDuration | None) -> str:
        """How long sessions last under this schedule, with the rule's own length (`rule_length`): the
        policy document's Duration column and the prefilled agreement."""
        return rule_length.words() if rule_length else ""

    # reading and writing
    @classmethod
    def __structure__(cls, node: Node, path: str, ctx: Context):
        return _structure(node, path, ctx)

    def __unstructure__(self) -> dict:
        """The canonical form the policy's digest is made from: as docgen wrote schedules before
        they were types (every other kind with `set_in_agreement: false`), so a policy's
        fingerprint does not change with docgen's code."""
        out = {self.kind: unstructure(getattr(self, self.kind))}
        out |= {key: unstructure(value) for key, value in self._modifiers().items()}
        return out if self.kind == "set_in_agreement" else {**out, "set_in_agreement": False}

    def data(self) -> dict:
        """The schedule as the policy YAML writes it (JSON-able; lengths of time as text)."""
        return {self.kind: _plain(getattr(self, self.kind))} | {k: _plain(v) for k, v in self._modifiers().items()}

    def _modifiers(self) -> dict[str, Any]:
        """The keys the policy wrote beside the kind (`reading:`), left out when not given."""
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if f.name != self.kind and getattr(self, f.name) is not None
        }

    def _check_kind(self, ctx: Context, node: Node, path: str) -> None:
        """Rules between the kind's key and the keys beside it (a kind that has them overrides this)."""

    @staticmethod
    def from_words(text: str) -> str | None:
        """This kind as the policy YAML writes it, when `text` (a schedule written as plain words,
        "10 a year") reads as this kind; None when it does not. For the message that says what to write."""
        return None


# The kinds by their YAML key, in the order messages list them: filled by schedules.py, where they are.
KINDS: dict[str, type[Schedule]] = {}


def _structure(node: Node, path: str, ctx: Context) -> Any:
    """Exactly one kind's key, read with that kind's own types; problems located as for any block."""
    if node.kind != "map":  # "every 3 weeks": the kind it looks like, its words carried into it
        kinds = {key: _hints(cls)[key] for key, cls in KINDS.items()}
        guesses = [cls.from_words for cls in KINDS.values()]
        message, hint = ("", "") if ctx.quiet else one_kind(node, path, kinds, guesses, fits)
        ctx.problem("wrong-type", message, hint, node, path)
        return INVALID
    beside = {k: knode for k, knode in node.key_nodes.items() if k in MODIFIERS}
    for key, knode in node.key_nodes.items():
        if key not in KINDS and key not in MODIFIERS:
            choices = [*KINDS, *MODIFIERS]
            ctx.problem("unknown-key", f'unknown key "{key}"', did_you_mean(key, choices), knode, join(path, key))
    given: dict[str, Any] = {}
    bad = False
    for key, cls in KINDS.items():
        child = node.children.get(key)
        if child is None:
            continue
        hint = _hints(cls)[key]
        value = structure(child, hint | None, join(path, key), ctx)
        if value is INVALID:
            bad = True
        elif value:  # `set_in_agreement: false` is not a kind given
            given[key] = value
    if bad:
        return INVALID
    if len(given) != 1:
        found = ", ".join(given) if given else "none"
        ctx.problem(
            "bad-value", f"give exactly one of {', '.join(KINDS)} (found: {found})", 'e.g. every: "4 weeks"', node, path
        )
        return INVALID
    ((key, value),) = given.items()
    kind: Any = KINDS[key]  # each kind's key is its first field; the keys beside it (MODIFIERS) follow
    extra: dict[str, Any] = {}
    for name, knode in beside.items():
        hints = _hints(kind)
        if name not in hints or name == key:
            ctx.problem(
                "bad-value",
                f"{name}: does not go with {key}: ({name}: {MODIFIERS[name]})",
                f"remove {name}:, or write the schedule as every: with {name}: beside it "
                f'(e.g. every: "1 month", {name}: calendar)',
                knode,
                join(path, name),
            )
            bad = True
            continue
        item = structure(node.children[name], hints[name], join(path, name), ctx)
        if item is INVALID:
            bad = True
        else:
            extra[name] = item
    if bad:
        return INVALID
    made = kind(value, **extra)
    before = len(ctx.problems)
    made._check_kind(ctx, node, path)
    return INVALID if len(ctx.problems) > before else made


# Keys a schedule may have beside its kind, with what each says (the kinds that take one have it as a field).
MODIFIERS: dict[str, str] = {
    "reading": "how an interval with a calendar period is read: gap, calendar or both",
}


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    """A kind's type hints, read once per class."""
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _plain(value: Any) -> Any:
    """A schedule's value as the policy YAML writes it: lengths of time as text, None left out."""
    if isinstance(value, (Interval, Duration)):
        return str(value)
    if isinstance(value, SessionDuration) and value.nominal and not (value.min or value.max or value.uninterrupted):
        return str(value.nominal)  # a plain length, as the YAML writes it ("90 minutes")
    if isinstance(value, SessionDuration):
        given = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return {k: _plain(v) for k, v in given.items() if v is not None and v is not False}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if getattr(value, f.name) is not None
        }
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value
