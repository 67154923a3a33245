"""Schedules: how often supervision must happen under a frequency rule, one class per kind.

A policy writes a schedule as a mapping with exactly one key, the kind:

    schedule: {every: "4 weeks"}
    schedule: {between: {min: "6 weeks", max: "2 months"}}
    schedule: {count: {at_least: 10, per: "1 year", pro_rata: true}}
    schedule: {steps: {phases: [{every: "1 week", until: "6 weeks"}, {every: "1 month"}]}}
    schedule: {set_in_agreement: true}
    schedule: {more_often_than: other_rule_id}
    schedule: {less_often_than: other_rule_id}
    schedule: {every: "1 month", reading: calendar}    # gap | calendar | both (the default)

Each kind is a frozen dataclass whose one field is named after its key, and one line in `KINDS`
(at the foot of this module). The base class, the answers and the YAML reading are in schedulebase.py.
It answers everything docgen asks of a schedule, so nothing else switches on the kind:

- `words(labels)`: the schedule in plain English (the policy document, the prefilled agreement,
  the clause a finding cites);
- `sort_days(schedules)`: the longest first gap in rough days, to pick the strictest rule
  (docgen/policy/rules.py); never for due dates;
- `gap(person, agreed)`: the longest gap allowed between formal sessions, and from when (the
  report's S1 and S2); `agreed` gives what the person's supervision agreement sets;
- `quota(as_of, start_date, fte)`: how many sessions a rolling window must hold (S3);
- `windows(person, until)`: the windows that must each hold a session (S4), and `unplaced(person)`
  when the person lacks the date they hang from;
- `interval()`: the one fixed interval the schedule is, if it is one (a number-of-weeks field);
- `data()`: the schedule in the YAML's shape, which a prefilled agreement carries (policy/agreed.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from ..errors import MEANINGS
from ..structure import Context, doc, join
from . import schedulewords
from .counts import AtLeast, Count
from .periods import Interval
from .relative import LessOftenThan, MoreOftenThan
from .schedulebase import (
    CALENDAR,
    KINDS,
    AllowedGap,
    Dated,
    Due,
    Quota,
    Reading,
    Schedule,
    SessionDuration,
    Window,
    calendar_name,
)
from .schedulebase import nothing_agreed as _nothing_agreed

__all__ = [
    "KINDS",
    "AllowedGap",
    "AtLeast",
    "Count",
    "Dated",
    "Due",
    "Quota",
    "Schedule",
    "SessionDuration",
    "Window",
]


@dataclass(frozen=True)
class Every(Schedule):
    """An interval; one with a calendar period ("1 month") is read by `reading`: a gap of at most the
    interval between sessions (S1, S2), a session in each calendar period (S6), or both, the default
    when the policy does not say (a careful auditor holds the rule to both)."""

    every: Interval
    reading: Reading | None = field(
        default=None, metadata=doc("gap, calendar or both (the default, where the interval has a calendar period)")
    )
    kind: ClassVar[str] = "every"
    from_words = staticmethod(schedulewords.every)

    def words(self, labels=None) -> str:
        name = calendar_name(self.every)
        if name is None or self.reading is None:
            return self.every.words()  # the policy's own words; the report says how it read them
        each = f"at least once in each {name.split(' (')[0]}"
        apart = f"at most {self.every} from one session to the next"
        return {"calendar": each, "gap": f"{apart} (not by {name.split(' (')[0]})", "both": f"{each}, and {apart}"}[
            self.reading
        ]

    def sort_days(self, schedules, depth=0) -> float:
        return self.every.approx_days()

    def gap(self, person, agreed=_nothing_agreed) -> AllowedGap | None:
        return None if self.reading == "calendar" else AllowedGap(self.every)

    def interval(self) -> Interval | None:
        return self.every

    def period(self) -> Interval | None:
        if self.reading == "gap" or calendar_name(self.every) is None:
            return None
        return self.every

    def _check_kind(self, ctx: Context, node, path: str) -> None:
        if self.reading in ("calendar", "both") and calendar_name(self.every) is None:
            fits = ", ".join(f'"{Interval(a, u)}"' for a, u in CALENDAR)
            ctx.problem(
                "bad-value",
                f"reading: {self.reading} needs a calendar period, and {self.every} is none "
                f"(the intervals with one: {fits})",
                f"write reading: gap (at most {self.every} from one session to the next), or an interval with a "
                'calendar period (e.g. every: "1 month" for each calendar month)',
                node.children.get("reading", node),
                join(path, "reading"),
            )


@dataclass(frozen=True)
class Range:
    min: Interval
    max: Interval

    def _check(self, ctx: Context, node, path: str) -> None:
        if _longer(self.min, self.max):
            ctx.problem(
                "bad-value",
                f"the range starts above where it ends: min ({self.min}) is longer than max ({self.max})",
                f'swap them: min: "{self.max}", max: "{self.min}" (min is the shortest gap allowed, max the longest)',
                node.children.get("min", node),
                join(path, "min"),
            )


def _longer(a: Interval, b: Interval) -> bool:
    """Whether `a` is longer than `b`: exactly when both are in one unit, else by rough days."""
    return a.amount > b.amount if a.unit == b.unit else a.approx_days() > b.approx_days()


@dataclass(frozen=True)
class Between(Schedule):
    between: Range
    kind: ClassVar[str] = "between"
    from_words = staticmethod(schedulewords.between)

    def words(self, labels=None) -> str:
        a, b = self.between.min, self.between.max
        return f"every {a.amount} to {b}" if a.unit == b.unit else f"between {a} and {b}"

    def sort_days(self, schedules, depth=0) -> float:
        return self.between.max.approx_days()

    def gap(self, person, agreed=_nothing_agreed) -> AllowedGap | None:
        return AllowedGap(self.between.max)

    def shortest(self) -> Interval | None:
        return self.between.min


@dataclass(frozen=True)
class Phase:
    every: Interval
    until: Interval | None = field(default=None, metadata=doc("time from the anchor; none on the last phase"))
    duration: SessionDuration | None = field(
        default=None,
        metadata=doc("how long each session of this phase lasts, if its own: a length, or min: / max: lines"),
    )


ANCHORS = {"start_date": "the start in post", "asye_start": "the start of the ASYE year"}  # the anchor in words
# words a person may write for each anchor, so a wrong anchor is matched by meaning (errors.did_you_mean)
MEANINGS.update(
    {
        "asye_start": (
            ANCHORS["asye_start"],
            ("asye", "nqsw", "nqsws", "nqs", "qualified", "qualification", "newly_qualified", "assessed"),
        ),
        "start_date": (
            ANCHORS["start_date"],
            ("appointed", "appointment", "joined", "joining", "employment", "employed", "in_post", "hired", "started"),
        ),
    }
)


@dataclass(frozen=True)
class Steps:
    phases: tuple[Phase, ...] = field(
        metadata=doc(
            "the phases, in order; the last has no until:",
            example='[{every: "1 week", until: "6 weeks"}, {every: "1 month"}]',
        )
    )
    anchor: Literal["start_date", "asye_start"] = "start_date"

    def _check(self, ctx: Context, node, path: str) -> None:
        last = None
        for i, phase in enumerate(self.phases):
            p = join(join(path, "phases"), i)
            final = i == len(self.phases) - 1
            if not final and phase.until is None:
                ctx.problem_at(
                    "missing-key",
                    "every phase but the last needs until:",
                    'add until: "6 months" (time from the anchor date)',
                    p,
                )
            if final and phase.until is not None:
                ctx.problem_at(
                    "bad-value",
                    "the last phase must not have until:",
                    "remove until: so the last interval applies from then on",
                    join(p, "until"),
                )
            if phase.until is not None and last is not None and phase.until.approx_days() <= last.approx_days():
                ctx.problem_at(
                    "bad-value",
                    "phases must end in order",
                    "each until: must be later than the one before",
                    join(p, "until"),
                )
            self._check_length(ctx, phase, last, p)
            last = phase.until or last
        if len(self.phases) < 2:
            ctx.problem(
                "bad-value",
                "a stepped schedule needs at least two phases",
                "use every: for a single interval",
                node,
                join(path, "phases"),
            )

    def _check_length(self, ctx: Context, phase: Phase, before: Interval | None, path: str) -> None:
        """A bounded phase shorter than its own interval holds no whole window: it is never checked."""
        if phase.until is None:
            return
        span = phase.until.approx_days() - (before.approx_days() if before else 0)
        if 0 < span < phase.every.approx_days() - 1e-9:
            start = f"from {before} " if before else ""
            ctx.problem_at(
                "bad-value",
                f"this phase ({start}until {phase.until}) is shorter than its own interval ({phase.every}), so "
                "no whole interval fits in it and it could never be checked",
                f"make the phase at least {phase.every} long (a later until:), or give it a shorter every:",
                join(path, "until"),
            )


@dataclass(frozen=True)
class Stepped(Schedule):
    """Bounded phases checked window by window (S4); from the start of the last, open-ended phase,
    an ordinary interval (S1, S2)."""

    steps: Steps
    kind: ClassVar[str] = "steps"

    def words(self, labels=None) -> str:
        """ "every week until 6 weeks from the start of the ASYE year; ...; then every month": each
        phase from the anchor it counts from, with its own session length when it has one."""
        parts = []
        for phase in self.steps.phases:
            often = phase.every.words()
            if phase.duration:  # "every week (1 hour each)", "every 2 weeks (fortnightly; 90 minutes each)"
                each = f"{phase.duration.words()} each"
                often = f"{often[:-1]}; {each})" if often.endswith(")") else f"{often} ({each})"
            if phase.until:
                parts.append(f"{often} until {phase.until} from {ANCHORS[self.steps.anchor]}")
            else:
                parts.append(f"then {often}")
        return "; ".join(parts)

    def sort_days(self, schedules, depth=0) -> float:
        return self.steps.phases[0].every.approx_days()

    def anchor(self, person: Dated) -> dt.date | None:
        """Where the steps start: the ASYE start if the rule says so and it is known, else the start in post."""
        if self.steps.anchor == "asye_start" and person.asye_start:
            return person.asye_start
        return person.start_date

    def unplaced(self, person) -> bool:
        return self.anchor(person) is None

    def gap(self, person, agreed=_nothing_agreed) -> AllowedGap | None:
        bounded = [p.until for p in self.steps.phases if p.until]
        anchor = self.anchor(person)
        return AllowedGap(self.steps.phases[-1].every, bounded[-1].after(anchor) if anchor else None)

    def placed(self, person) -> list[tuple[dt.date, dt.date | None, Interval, str]]:
        """Each phase placed on the calendar for `person`: (first day, end (None for the last), its
        interval, its words: "the first 6 weeks from the start of the ASYE year"); [] when unplaced."""
        anchor = self.anchor(person)
        if anchor is None:
            return []
        start = ANCHORS[self.steps.anchor]  # the phase's words name what it counts from
        out: list[tuple[dt.date, dt.date | None, Interval, str]] = []
        previous = None
        for phase in self.steps.phases:
            first = previous.after(anchor) if previous else anchor
            if phase.until is None:
                out.append((first, None, phase.every, f"the phase after {previous} from {start}"))
                break
            where = (
                f"the first {_span(phase.until)} from {start}"
                if previous is None
                else f"{previous} to {phase.until} from {start}"
            )
            out.append((first, phase.until.after(anchor), phase.every, where))
            previous = phase.until
        return out

    def length_on(self, person, day) -> tuple[SessionDuration, str] | None:
        for (first, end, _, where), phase in zip(self.placed(person), self.steps.phases, strict=False):
            if first <= day and (end is None or day < end):
                return (phase.duration, where) if phase.duration else None
        return None

    def length_words(self, rule_length) -> str:
        """ "at least 90 minutes in 6 weeks to 6 months from the start in post; otherwise 1 hour"."""
        own = [(phase.duration, where) for phase, where in zip(self.steps.phases, self._wheres(), strict=True)]
        parts = [f"{d.words()} in {where}" for d, where in own if d]
        if not parts:
            return super().length_words(rule_length)
        if rule_length and any(d is None for d, _ in own):
            parts.append(f"otherwise {rule_length.words()}")
        return "; ".join(parts)

    def _wheres(self) -> list[str]:
        """Each phase in words, as `placed` names them."""
        start, out, previous = ANCHORS[self.steps.anchor], [], None
        for phase in self.steps.phases:
            if phase.until is None:
                out.append(f"the phase after {previous} from {start}")
            elif previous is None:
                out.append(f"the first {_span(phase.until)} from {start}")
            else:
                out.append(f"{previous} to {phase.until} from {start}")
            previous = phase.until or previous
        return out

    def due_after(self, person, last) -> Due | None:
        """The first day on which the time since `last` (a session, or the anchor) is longer than the
        interval of the phase in force that day: a gap is measured by the phase it falls in, and one
        that runs past the end of a phase by the next phase's interval."""
        for first, end, every, where in self.placed(person):
            if end is not None and end <= last:
                continue
            due = max(every.after(last), first)
            if end is None or due < end:
                return Due(due, every, where, end is None)
        return None

    def windows(self, person, until) -> Iterator[Window]:
        """Every complete window of each bounded phase that ends by `until`."""
        for p_start, p_end, every, where in self.placed(person):
            if p_end is None:
                break
            k = 0
            while True:
                w_start, w_end = every.after(p_start, k), every.after(p_start, k + 1)
                if w_end > p_end or w_end > until:
                    break
                unit = _unit_name(every)
                yield Window(where, f"{unit} {k + 1} of {where}", w_start, w_end, unit)
                k += 1


def _unit_name(every: Interval) -> str:
    if every.amount == 1:
        return {"working_day": "working day"}.get(every.unit, every.unit)
    if every == Interval(2, "week"):
        return "fortnight"
    return f"period of {every}"


@dataclass(frozen=True)
class SetInAgreement(Schedule):
    set_in_agreement: bool
    kind: ClassVar[str] = "set_in_agreement"
    from_words = staticmethod(schedulewords.agreed)

    def words(self, labels=None) -> str:
        return "as set in each supervision agreement"

    def gap(self, person, agreed=_nothing_agreed) -> AllowedGap | None:
        return agreed()


# The kinds, by their YAML key, in the order messages list them. A new kind: one class above, one line here.
KINDS.update(
    {
        "every": Every,
        "between": Between,
        "count": AtLeast,
        "steps": Stepped,
        "set_in_agreement": SetInAgreement,
        "more_often_than": MoreOftenThan,
        "less_often_than": LessOftenThan,
    }
)


def _span(length: Interval) -> str:  # "6 weeks"; "year" for "1 year": "the first year from ..."
    return str(length).removeprefix("1 ") if length.amount == 1 else str(length)
