"""What every check reads: the policy, the roster, each person's records, the check date."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..policy import LoadedPolicy
from ..policy.agreed import carried
from ..policy.model import FrequencyRule
from ..policy.periods import Interval
from ..policy.rules import checked_rules, combined_reading, matching_rules
from ..policy.schedules import AllowedGap
from ..policy.sections import Policy
from ..policy.stated import used
from ..structure import join, yaml_key
from .findings import Finding, enabled, severity_for
from .records import AgreementRecord, EvaluationRecord, History, Session
from .roster import Roster, Staff

SCHEDULE_CHECKS = ("S1", "S2", "S3", "S4", "S5", "S6", "S7")  # the checks that read a frequency rule


@dataclass
class ReportContext:
    policy: Policy
    roster: Roster
    history: History
    as_of: dt.date
    loaded: LoadedPolicy | None = None  # the policy as read: which values the file states (docgen/policy/stated.py)
    sessions: dict[str, list[Session]] = field(default_factory=dict)  # staff id -> dated, sorted
    agreements: dict[str, list[AgreementRecord]] = field(default_factory=dict)
    evaluations: dict[str, list[EvaluationRecord]] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)  # notes on records naming nobody on the roster
    history_start: dt.date = field(init=False)  # the first dated session on or before as_of (else as_of)
    findings: list[Finding] = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    assumed: dict[str, set[str]] = field(default_factory=dict)  # a defaulted decision's path -> the checks using it
    own_checks: set[str] = field(default_factory=set)  # checks that ran with no basis in the policy
    _rules: dict = field(default_factory=dict)  # staff id -> the rules checked (`rules`)
    _layer: int = 0  # which of a person's rules `rule` answers with (each_rule)
    _counting: tuple[set[str], list[str]] = field(init=False)  # types counting towards frequency; defaulted paths

    def __post_init__(self) -> None:
        if self.loaded is None:  # a bare Policy, built in code: every value it holds counts as stated
            self.loaded = LoadedPolicy(self.policy, "", "", positions=dict.fromkeys(_present(self.policy), (0, 0)))
        dates = []
        for s in self.history.sessions:
            self._file(self.sessions, s, s.supervisee, s.date, f"{s.kind} {s.path}")
            dates.append(s.date)
        for a in self.history.agreements:
            self._file(self.agreements, a, a.supervisee, a.date or a.signed["supervisor"][1], f"agreement {a.path}")
        for e in self.history.evaluations:
            self._file(self.evaluations, e, e.respondent, e.date, f"evaluation {e.path}")
        for group in self.sessions.values():
            group.sort(key=lambda s: (s.date, s.kind, s.path))
        dated = [d for d in dates if d is not None and d <= self.as_of]
        self.history_start = min(dated) if dated else self.as_of
        counting: set[str] = set()
        defaulted: list[str] = []
        for i, t in enumerate(self.policy.supervision_types):
            path = f"supervision_types[{i}].counts_towards_frequency"
            counts, stated = used(self.loaded, path)
            if counts:
                counting.add(t.id)
            if not stated:
                defaulted.append(path)
        self._counting = (counting, defaulted)

    # what the checks run on -------------------------------------------------------------------
    def decision(self, path: str, *checks: str):
        """The value of a decision (e.g. "recording.sign_within") and whether the policy states it;
        a default is remembered with the checks that ran on it, for "What this report assumes"."""
        assert self.loaded is not None  # set in __post_init__
        value, stated = used(self.loaded, path)
        if not stated:
            self.assumed.setdefault(path, set()).update(checks)
        return value, stated

    def grace(self, *checks: str) -> tuple[int, bool]:
        """Days of grace before a late session is reported, and whether the policy states them."""
        return self.decision("compliance.grace_days", *checks)

    def _file(self, into: dict, item, name: str, date, what: str) -> None:
        person = self.roster.find(name)
        if person is None:
            self.unmatched.append(f'{what}: "{name}" is not on the roster' if name else f"{what}: no name given")
        elif date is None and not isinstance(item, AgreementRecord):
            self.unmatched.append(f"{what}: no date given")
        elif date is None or date <= self.as_of:
            into.setdefault(person.staff_id, []).append(item)

    # people -----------------------------------------------------------------------------------
    def supervisees(self, active: bool = True) -> list[Staff]:
        """People who are supervised: they have a supervisor on the roster, or records of sessions."""
        out = []
        for person in self.roster.staff:
            if not (person.supervisor_id or person.staff_id in self.sessions):
                continue
            if active and not person.active_on(self.as_of):
                continue
            if self._layer and len(self.rules(person)) <= self._layer:
                continue  # each_rule's further pass: only people with a further rule
            out.append(person)
        return out

    def rules(self, person: Staff) -> list[FrequencyRule]:
        """The frequency rules this person's records are checked against (`frequency.combine`):
        every rule that applies, each on its own (`all`), or the one that governs; strictest first."""
        if person.staff_id not in self._rules:
            self._rules[person.staff_id] = checked_rules(self.policy, person.profile)
            if len(matching_rules(self.policy, person.profile)) > 1:
                self.decision("frequency.combine", *SCHEDULE_CHECKS)  # how they combine
        return self._rules[person.staff_id]

    def rule(self, person: Staff) -> FrequencyRule | None:
        """The frequency rule the check in hand reads: the governing (strictest) rule, or, while
        `each_rule` runs a schedule check again for a person's further rules, that rule."""
        rules = self.rules(person)
        return rules[self._layer] if self._layer < len(rules) else None

    def each_rule(self, check: Callable[[ReportContext], None]) -> None:
        """Run a schedule check (S1 to S7) once per rule a person is checked against: the first pass
        for everyone, with each person's strictest rule; each further pass only for people with a
        further rule (`supervisees` gives only them; `rule` and `formal` answer with that rule). The
        checks themselves read one rule per person and never loop. Statistics of the further passes
        are dropped: the report's rates are measured against each person's strictest rule."""
        check(self)
        depth = max((len(self.rules(p)) for p in self.supervisees(active=False)), default=1)
        stats = self.stats
        try:
            for layer in range(1, depth):
                self._layer, self.stats = layer, {}
                check(self)
        finally:
            self._layer, self.stats = 0, stats

    def combined(self, person: Staff) -> str:
        """How the rules covering this person combine, in words ("" when fewer than two apply),
        and whether that is docgen's default reading."""
        reading = combined_reading(self.policy, person.profile)
        assert self.loaded is not None  # set in __post_init__
        if reading and not used(self.loaded, "frequency.combine")[1]:
            reading += " (docgen's default: the policy does not say how rules combine)"
        return reading

    def formal(self, person: Staff) -> list[Session]:
        """Held formal sessions: session records of a type that counts under the person's rule."""
        rule = self.rule(person)
        counting, defaulted = self._counting
        if rule is not None and rule.counts:
            counting = set(rule.counts)
        else:
            for path in defaulted:
                self.assumed.setdefault(path, set()).update(("S1", "S2", "S3", "S4"))
        return [
            s
            for s in self.sessions.get(person.staff_id, ())
            if s.kind == "session-record" and (s.session_type is None or s.session_type in counting)
        ]

    def agreed(self, person: Staff) -> AllowedGap | None:
        """The longest gap the person's latest agreement that sets one allows (None: none does)."""
        for agreement in reversed(self.agreements.get(person.staff_id, [])):
            gap = agreed_gap(agreement, person)
            if gap:
                return gap
        return None

    def anchor(self, person: Staff) -> dt.date:
        """Where an interval starts when there is no session: the start in post, or the start of the records."""
        start = person.start_date or self.history_start
        return max(start, self.history_start)

    # findings ---------------------------------------------------------------------------------
    def on(self, check: str) -> bool:
        return enabled(self.policy, check)

    def add(
        self,
        check: str,
        person: Staff,
        date: dt.date,
        message: str,
        clause: str,
        detail: str = "",
        strength: str | None = None,
        checked_as: str = "",
    ) -> None:
        """One finding; `checked_as` is the reading of the rule the check used, where the rule can be
        read more than one way ("at least one session in each calendar month"): the report shows it
        beside the finding. A schedule finding of a person covered by several rules also says how
        they combine ("2 rules apply to this person (...): each rule is checked")."""
        if check in SCHEDULE_CHECKS:
            checked_as = "; ".join(r for r in (checked_as, self.combined(person)) if r)
        self.findings.append(
            Finding(
                check,
                severity_for(self.policy, check, strength),
                person.staff_id,
                person.name,
                person.team,
                self.roster.supervisor_name(person),
                date,
                message,
                clause,
                detail,
                checked_as,
            )
        )


def _present(obj, path: str = ""):
    """The YAML paths of every value a model object holds (not None), as a policy file would."""
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if value is None:
            continue
        key = join(path, yaml_key(f))
        yield key
        if dataclasses.is_dataclass(value):
            yield from _present(value, key)
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if dataclasses.is_dataclass(item):
                    yield from _present(item, join(key, i))


def agreed_gap(agreement: AgreementRecord, person: Staff) -> AllowedGap | None:
    """What an agreement sets: the schedule it carries as data (docgen/policy/agreed.py `carry`),
    while its frequency field still holds what it was prefilled with; else the field itself, read
    by `agreed_interval` (forms made by older versions, and frequencies written by hand)."""
    schedule = carried(agreement.agreed, agreement.frequency)
    if schedule is not None:
        return schedule.gap(person)
    interval = agreed_interval(agreement.frequency)
    return AllowedGap(interval) if interval else None


def agreed_interval(value) -> Interval | None:
    """A frequency as written in an agreement, as an interval: a number of weeks, or "every 4 weeks",
    "monthly". A reading of the words for agreements that carry no schedule as data."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return Interval(int(value), "week")
    text = str(value or "").casefold()
    if "fortnight" in text:
        return Interval(2, "week")
    match = re.search(r"(\d+)\s*(day|week|month|year)", text)
    if match:
        return Interval(int(match.group(1)), match.group(2))
    for word, unit in (
        ("weekly", "week"),
        ("monthly", "month"),
        ("calendar month", "month"),
        ("every month", "month"),
        ("every week", "week"),
        ("annual", "year"),
        ("yearly", "year"),
    ):
        if word in text:
            return Interval(1, unit)
    if "quarter" in text:
        return Interval(3, "month")
    return None
