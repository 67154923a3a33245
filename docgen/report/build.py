"""`build_report(records, policy, roster, as_of) -> Report`: run the check catalogue over the
harvested records and gather the numbers behind the report's summary and charts."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..policy import LoadedPolicy
from ..policy.stated import defaults
from . import booking, checks, counts, schedule
from .context import ReportContext
from .excluded import counted, left_out
from .findings import CATALOGUE, SEVERITIES, Finding
from .records import build_history
from .roster import Roster
from .words import count


@dataclass(frozen=True)
class SummaryTable:
    """A chart's data (or any summary): a caption, column headings and rows of cells."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]


@dataclass(frozen=True)
class Assumption:
    """A value the checks ran on that the policy does not set: docgen's default, and where it is used."""

    path: str  # e.g. "recording.sign_within"
    topic: str  # "How soon session records are signed"
    words: str  # "14 days"
    checks: tuple[str, ...]  # the checks that ran on it, in catalogue order

    def __str__(self) -> str:
        used = f" (used by {', '.join(self.checks)})" if self.checks else ""  # as the HTML report says it
        return f"{self.topic}: {self.words}{used}"


@dataclass
class Report:
    policy: LoadedPolicy
    as_of: dt.date
    findings: list[Finding]
    supervisees: int
    sessions: int
    target: float | None
    teams: SummaryTable  # on-time rate by team against the target
    by_check: SummaryTable  # findings by check and severity
    by_month: SummaryTable  # on-time rate by month
    functions: SummaryTable  # function coverage
    overdue: SummaryTable  # S1 by team
    steps: SummaryTable  # newly-qualified schedule adherence by phase
    people: SummaryTable  # on-time rate per supervisee (S2)
    notes: list[str] = field(default_factory=list)  # records that could not be attributed
    pseudonymised: bool = False  # children's names and dates of birth are pseudonyms (report --pseudonymise)
    assumptions: list[Assumption] = field(default_factory=list)  # docgen's defaults the checks ran on
    own_checks: list[str] = field(default_factory=list)  # checks with no basis in the policy (catalogue order)
    rated: str = ""  # why the on-time table rates a different number of people from those in post
    unchecked: list[str] = field(default_factory=list)  # people no rule applies to because of their role: a fix each
    not_checked: list[str] = field(default_factory=list)  # checks that did not run: "<why> (<check>: <title>)."
    left_out: list[str] = field(default_factory=list)  # each person the counts leave out, and why (excluded.py)
    counted: str = ""  # "63 supervisees in post, 6 with no rule that applies: see Notes on the data."

    def keys(self) -> set[tuple[str, str, dt.date]]:
        return {f.key for f in self.findings}


# the schedule checks: run once per frequency rule a person is checked against (frequency.combine)
_PER_RULE = (
    schedule.check_intervals,
    counts.check_counts,
    schedule.check_steps,
    schedule.check_durations,
    schedule.check_calendar,
    schedule.check_too_close,
)


def build_report(records: list[dict], policy: LoadedPolicy, roster: Roster, as_of: dt.date) -> Report:
    history = build_history(records, policy)
    ctx = ReportContext(policy.policy, roster, history, as_of, policy)
    for run in _PER_RULE:
        ctx.each_rule(run)
    for run in (
        checks.check_agreements,
        checks.check_recording,
        checks.check_actions,
        checks.check_functions,
        checks.check_children,
        checks.check_evaluations,
        booking.check_booking,
    ):
        run(ctx)
    order = {s: i for i, s in enumerate(reversed(SEVERITIES))}
    findings = sorted(ctx.findings, key=lambda f: (f.team, f.name, f.staff_id, order[f.severity], f.date, f.check))
    qa = policy.policy.quality_assurance
    people = {p.staff_id: p for p in ctx.supervisees(active=False)}
    active = ctx.supervisees()
    notes = list(ctx.unmatched) + [f"{path}: not a form the checks read" for path in history.skipped]
    notes += ctx.stats.get("notes", [])  # people a count rule could not be checked for (report/counts.py)
    if history.functions_unknown:
        notes.append(_functions_unknown(history.functions_unknown))
    unchecked = [why for p in active if ctx.rule(p) is None and (why := role_matches_no_rule(policy.policy, p))]
    if policy.policy.frequency.rules:
        notes += [
            f"{p.name} ({p.staff_id}): no frequency rule of the policy applies; check their role, experience, "
            "contact and employment on the roster"
            for p in active
            if ctx.rule(p) is None and not role_matches_no_rule(policy.policy, p)
        ]
        notes += [
            f"{p.name} ({p.staff_id}): no start date (or ASYE start) on the roster, so the stepped schedule "
            "cannot be checked"
            for p in active
            if (rule := ctx.rule(p)) and rule.schedule.unplaced(p)
        ]
        notes += [
            f'{p.name} ({p.staff_id}): not checked against a schedule: under "{rule.label}" {why}'
            for p in active
            if (rule := ctx.rule(p)) and (why := rule.schedule.unchecked())
        ]
    left = left_out(ctx, lambda p: role_matches_no_rule(policy.policy, p))
    return Report(
        policy,
        as_of,
        findings,
        len(active),
        len(history.sessions),
        qa.target_on_time_rate if qa else None,
        _teams(ctx, people, qa),
        _by_check(findings),
        _by_month(ctx),
        _functions(ctx),
        _overdue(findings, active),
        _steps(ctx),
        _people(ctx, people),
        notes,
        assumptions=_assumptions(ctx),
        own_checks=[c for c in CATALOGUE if c in ctx.own_checks],
        rated=_rated(ctx, active),
        unchecked=unchecked,
        not_checked=[f"{why} ({c}: {CATALOGUE[c].title})." for c, why in ctx.stats.get("not_checked", {}).items()],
        left_out=[item.note for item in left],
        counted=counted(len(active), left),
    )


def role_matches_no_rule(policy, person) -> str:
    """Why no check ran for a person whose roster role is a title no rule names, and the fix; "" when
    their role is not the reason (no role given, or the rules select by other keys only)."""
    named = sorted({r for rule in policy.frequency.rules for r in rule.applies_to.roles})
    roles = person.profile.roles
    if not named or not roles or set(roles) & set(named):
        return ""
    given = " and ".join(f'"{r}"' for r in roles)
    return (
        f"{person.name} ({person.staff_id}): not checked. Their role on the roster, {given}, matches no frequency "
        f"rule of the policy (the rules name the roles {', '.join(named)}), so no schedule check (S1 to S5) ran for "
        f'them. To fix: add "{roles[0]}" to the roles of the rule that applies to them (frequency.rules, applies_to: '
        "roles), or write the role id it stands for in their role column on the roster."
    )


def _rated(ctx: ReportContext, active: list) -> str:
    """Who the on-time table rates, against the supervisees in post, with the reason for each one
    in post it leaves out ("63 supervisees in post" beside "on-time rate for each of 57")."""
    rated = {sid for sid, _, _ in ctx.stats.get("intervals", [])}
    in_post = {p.staff_id for p in active}
    left = len(rated - in_post)
    reasons: Counter[str] = Counter()
    for person in active:
        if person.staff_id in rated:
            continue
        interval, from_date, rule = schedule.interval_for(ctx, person)
        if rule is None:
            reasons["no frequency rule of the policy applies to them"] += 1
        elif interval is None and rule.schedule.quota(ctx.as_of, person.start_date, person.profile.fte):
            reasons["their rule sets a number of sessions a year (checked by S3), not a gap between sessions"] += 1
        elif interval is None and rule.schedule.period():
            reasons["their rule asks for a session in each calendar period (checked by S6), not a gap"] += 1
        elif interval is None:
            reasons["neither their rule nor an agreement sets a gap between their sessions"] += 1
        elif from_date and from_date > ctx.as_of:
            reasons["they are in the first phases of a stepped schedule, checked window by window (S4)"] += 1
        else:
            reasons["their first formal session is not due yet"] += 1
    n = len(rated)
    text = f"{count(n, 'supervisee')} with an interval between formal sessions to rate: "
    text += f"{len(rated & in_post):,} of the {count(len(in_post), 'supervisee')} in post"
    text += f" and {left:,} who {'has' if left == 1 else 'have'} left (rated for their time in post)." if left else "."
    if reasons:
        missing = len(in_post - rated)
        text += f" {count(missing, 'supervisee')} in post {'is' if missing == 1 else 'are'} not rated"
        if len(reasons) == 1:
            text += f", because {next(iter(reasons))}."
        else:
            parts = [f"{k:,} because {why}" for why, k in sorted(reasons.items(), key=lambda r: -r[1])]
            text += ": " + "; ".join(parts) + "."
    return text


def _assumptions(ctx: ReportContext) -> list[Assumption]:
    """stated.defaults, in the order of the model, restricted to what the checks used."""
    order = list(CATALOGUE)
    return [
        Assumption(d.path, d.topic, d.words, tuple(sorted(ctx.assumed[d.path], key=order.index)))
        for d in defaults(ctx.loaded)
        if d.path in ctx.assumed
    ]


def _functions_unknown(paths: list[str]) -> str:
    """The note on session records whose functions of supervision are not known (records.py)."""
    n = len(paths)
    one = n == 1
    return (
        f"{n} session record{'' if one else 's'} {'was' if one else 'were'} made by an older docgen under another "
        f"version of the policy or its forms, so the functions of supervision {'it' if one else 'they'} covered "
        f"are not known; {'it is' if one else 'they are'} not counted towards function coverage: {', '.join(paths)}"
    )


def _rate(on_time: int, total: int) -> str:
    return f"{100 * on_time / total:.0f}%" if total else "no intervals"


def _teams(ctx: ReportContext, people: dict, qa) -> SummaryTable:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for staff_id, _, on_time in ctx.stats.get("intervals", []):
        team = people[staff_id].team or "(no team)"
        totals[team][0] += on_time
        totals[team][1] += 1
    target = qa.target_on_time_rate if qa else None
    rows = []
    for team in sorted(totals):
        on_time, total = totals[team]
        verdict = (
            "no target set" if target is None else ("meets target" if on_time >= target * total else "below target")
        )
        rows.append((team, total, on_time, _rate(on_time, total), verdict))
    return SummaryTable(
        "On-time rate by team: share of intervals between formal sessions within the policy's limit",
        ("Team", "Intervals", "On time", "On-time rate", "Against target"),
        tuple(rows),
    )


def _people(ctx: ReportContext, people: dict) -> SummaryTable:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for staff_id, _, on_time in ctx.stats.get("intervals", []):
        counts[staff_id][0] += on_time
        counts[staff_id][1] += 1
    longest = ctx.stats.get("longest", {})
    rows = sorted(
        (
            p.team or "(no team)",
            p.name,
            p.staff_id,
            counts[sid][1],
            counts[sid][0],
            _rate(*counts[sid]),
            longest.get(sid, ""),
        )
        for sid, p in people.items()
        if sid in counts
    )
    return SummaryTable(
        "On-time rate by supervisee (overdue supervision now counts as a late interval)",
        ("Team", "Supervisee", "Staff id", "Intervals", "On time", "On-time rate", "Longest gap (days)"),
        tuple(rows),
    )


def _by_check(findings: list[Finding]) -> SummaryTable:
    counts = Counter((f.check, f.severity) for f in findings)
    rows = []
    for check in CATALOGUE.values():
        row = [counts.get((check.id, s), 0) for s in reversed(SEVERITIES)]
        rows.append((check.id, check.title, *row, sum(row)))
    return SummaryTable(
        "Findings by check and severity",
        ("Check", "Title", *[s.capitalize() for s in reversed(SEVERITIES)], "Total"),
        tuple(rows),
    )


def _by_month(ctx: ReportContext) -> SummaryTable:
    months: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _, month, on_time in ctx.stats.get("intervals", []):
        months[month][0] += on_time
        months[month][1] += 1
    rows = tuple((m, months[m][1], months[m][0], _rate(*months[m])) for m in sorted(months))
    return SummaryTable(
        "On-time rate by month (intervals ending in the month; overdue supervision counts in the check month)",
        ("Month", "Intervals", "On time", "On-time rate"),
        rows,
    )


def _functions(ctx: ReportContext) -> SummaryTable:
    labels = {f.id: f.label for f in ctx.policy.functions.items}
    rows = tuple(
        (labels[fid], total, done, _rate(done, total)) for fid, (done, total) in ctx.stats.get("functions", {}).items()
    )
    return SummaryTable(
        "Function coverage: formal sessions in the last 12 months that evidence each function",
        ("Function", "Sessions", "Covering it", "Coverage"),
        rows,
    )


def _overdue(findings: list[Finding], active) -> SummaryTable:
    team_size = Counter(p.team or "(no team)" for p in active)
    overdue = Counter(f.team or "(no team)" for f in findings if f.check == "S1")
    rows = tuple((team, team_size[team], overdue[team]) for team in sorted(team_size))
    return SummaryTable("Supervision overdue now (check S1) by team", ("Team", "Supervisees", "Overdue"), rows)


def _steps(ctx: ReportContext) -> SummaryTable:
    phases: dict[str, list[int]] = {}
    for _, where, _, met in ctx.stats.get("steps", []):
        phases.setdefault(where, [0, 0])
        phases[where][0] += met
        phases[where][1] += 1
    rows = tuple((where, total, met, _rate(met, total)) for where, (met, total) in phases.items())
    return SummaryTable(
        "Newly-qualified schedule adherence: windows of each phase that held a formal session",
        ("Phase", "Windows", "With a session", "Adherence"),
        rows,
    )
