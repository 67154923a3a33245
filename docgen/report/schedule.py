"""Schedule checks S1-S5: overdue supervision, gap history, annual counts, the stepped
newly-qualified schedule, and session length.

Which rule applies to whom is `policy.rules.governing_rule` (the strictest, or the most
specific, as the policy says). What each kind of schedule requires is the schedule's own
(docgen/policy/schedules.py): its longest gap (S1, S2), its quota (S3), its windows (S4); this
module turns those into findings. A stepped rule is checked window by window (S4) during its
bounded phases; from the start of its last, open-ended phase it is an ordinary interval (S1, S2).
"""

from __future__ import annotations

import datetime as dt

from ..policy.model import FrequencyRule
from ..policy.periods import Interval
from ..policy.schedulebase import calendar_name, calendar_periods
from ..policy.sections import Policy
from . import words
from .context import ReportContext
from .findings import Part, cite, clause
from .months import month_key
from .roster import Staff


def interval_for(ctx: ReportContext, person: Staff) -> tuple[Interval | None, dt.date | None, FrequencyRule | None]:
    """(the longest gap allowed, the date from which it applies, the rule), or (None, None, rule).
    A policy whose frequency is set by agreement reads the agreement when the rule gives no gap."""
    rule = ctx.rule(person)
    if rule is None:
        return None, None, None
    gap = rule.schedule.gap(person, lambda: ctx.agreed(person))
    if gap is None and ctx.decision("frequency.set_by", "S1", "S2")[0] == "agreement":
        gap = ctx.agreed(person)
    return (gap.longest, gap.start, rule) if gap else (None, None, rule)


def rule_clause(policy: Policy, rule: FrequencyRule, *more: Part) -> str:
    """The clause a schedule finding cites: the rule in words, with its source, then `more`."""
    labels: dict[str, str] = {r.id: r.label for r in policy.frequency.rules}
    return clause(policy, Part(f'Frequency rule "{rule.label}": {rule.schedule.words(labels)}', rule.source), *more)


def _grace(ctx: ReportContext, *checks: str) -> tuple[int, Part]:
    """The days of grace S1 and S2 allow, and the part of their clause that says where they come from."""
    days, stated = ctx.grace(*checks)
    comp = ctx.policy.compliance
    return days, Part(words.grace(days), comp.source if comp and stated else None, stated)


def gap_reading(every: Interval, grace: int | None, phase: str = "") -> str:
    """The reading a gap finding used: "a gap of at most 1 month from one session to the next (plus 7 days' grace)"."""
    where = f" in {phase}" if phase else ""
    plus = "" if grace is None else (" (no grace)" if grace == 0 else f" (plus {words.grace(grace)})")
    return f"a gap of at most {every} from one session to the next{where}{plus}"


def check_intervals(ctx: ReportContext) -> None:
    """S1 (current) and S2 (history), and the interval statistics behind the on-time rates."""
    intervals = ctx.stats.setdefault("intervals", [])  # (staff, month, on_time)
    grace, grace_part = -1, Part("")  # read when the first interval is checked
    for person in ctx.supervisees(active=False):
        interval, from_date, rule = interval_for(ctx, person)
        if rule is not None and from_date and from_date > ctx.as_of:  # in an earlier phase of a stepped rule
            if grace < 0:
                grace, grace_part = _grace(ctx, *(c for c in ("S1", "S2") if ctx.on(c)))
            _overdue_in_phase(ctx, person, rule, grace, grace_part)
            continue
        if interval is None or rule is None:
            continue
        if grace < 0:
            grace, grace_part = _grace(ctx, *(c for c in ("S1", "S2") if ctx.on(c)))
        everything = [s.held_on for s in ctx.formal(person)]
        dates = [d for d in everything if from_date is None or d >= from_date]
        start = from_date or (
            person.start_date if person.start_date and person.start_date >= ctx.history_start else None
        )
        before = [d for d in everything if from_date and d < from_date]
        crossing = rule.schedule.due_after(person, before[-1]) if before else None
        if crossing is not None and crossing.final:  # the last session of the phase before falls due in this one
            start = before[-1]
        points = ([start] if start and (not dates or start < dates[0]) else []) + dates
        placed = rule.schedule.placed(person)
        final = placed[-1][3] if placed else ""  # the last phase of a stepped rule, in words
        for a, b in zip(points, points[1:], strict=False):
            limit = interval.after(a) + dt.timedelta(days=grace)
            on_time = b <= limit
            intervals.append((person.staff_id, month_key(b), on_time))
            longest = ctx.stats.setdefault("longest", {})
            longest[person.staff_id] = max(longest.get(person.staff_id, 0), (b - a).days)
            if not on_time and ctx.on("S2"):
                since = "the start in post" if a is start and a not in everything else f"the session of {a:%d/%m/%Y}"
                ctx.add(
                    "S2",
                    person,
                    b,
                    f"{words.days((b - a).days)} from {since} to the session of {b:%d/%m/%Y}; "
                    f"the policy allows {interval} (due {interval.after(a):%d/%m/%Y}) plus {words.grace(grace)}.",
                    rule_clause(ctx.policy, rule, grace_part),
                    strength=rule.strength,
                    checked_as=gap_reading(interval, grace, final),
                )
        if not person.active_on(ctx.as_of):
            continue
        last = points[-1] if points else (from_date or ctx.anchor(person))
        due = interval.after(last)
        if ctx.as_of > due + dt.timedelta(days=grace):
            intervals.append((person.staff_id, month_key(ctx.as_of), False))
            if ctx.on("S1"):
                what = (
                    f"the last formal session on {last:%d/%m/%Y}"
                    if last in everything
                    else f"{last:%d/%m/%Y} (no formal session since)"
                )
                ctx.add(
                    "S1",
                    person,
                    due,
                    f"Supervision was due by {due:%d/%m/%Y}, {interval} after {what}; "
                    f"{words.days((ctx.as_of - due).days)} overdue on {ctx.as_of:%d/%m/%Y}.",
                    rule_clause(ctx.policy, rule, grace_part),
                    strength=rule.strength,
                    checked_as=gap_reading(interval, grace, final),
                )


def check_steps(ctx: ReportContext) -> None:
    """S4: each complete window of a bounded phase holds at least one formal session."""
    adherence = ctx.stats.setdefault("steps", [])  # (staff, phase label, window start, met)
    for person in ctx.supervisees(active=False):
        rule = ctx.rule(person)
        if rule is None:
            continue
        dates = [s.held_on for s in ctx.formal(person)]
        end_of_post = min(ctx.as_of, person.leaving_date or ctx.as_of)
        missed = []
        for window in rule.schedule.windows(person, end_of_post):
            met = any(window.start <= d < window.end for d in dates)
            adherence.append((person.staff_id, window.phase, window.start, met))
            if not met:
                missed.append(window)
            if not met and ctx.on("S4"):
                ctx.add(
                    "S4",
                    person,
                    window.start,
                    f"No formal session in {window.label} "
                    f"({words.span(window.start, window.end - dt.timedelta(days=1))}).",
                    rule_clause(ctx.policy, rule),
                    detail=window.label,
                    strength=rule.strength,
                    checked_as=f"at least one session in each {window.unit} of {window.phase} (no grace)",
                )
        if ctx.on("S4"):
            _gaps_in_phases(ctx, person, rule, dates, missed)


def _gaps_in_phases(ctx: ReportContext, person: Staff, rule: FrequencyRule, dates: list, missed: list) -> None:
    """S4 between sessions: a gap longer than the interval of the bounded phase it falls due in (a
    13-day gap in a weekly phase; a gap across the end of a phase), unless a window already missed
    lies inside it (that window is the finding). Gaps that fall due in the last phase are S2's."""
    placed = rule.schedule.placed(person)
    if not placed:
        return
    anchor = placed[0][0]
    points = [anchor] + [d for d in dates if d > anchor]
    for a, b in zip(points, points[1:], strict=False):
        due = rule.schedule.due_after(person, a)
        if due is None or due.final or b <= due.day:
            continue
        if any(a < w.start and w.end <= b for w in missed):
            continue
        since = f"the session of {a:%d/%m/%Y}" if a in dates else f"the start ({a:%d/%m/%Y})"
        ctx.add(
            "S4",
            person,
            due.day,
            f"{words.days((b - a).days)} from {since} to the session of {b:%d/%m/%Y}: in {due.phase} "
            f"sessions are {due.every.words()}, so the next was due by {due.day:%d/%m/%Y}.",
            rule_clause(ctx.policy, rule),
            detail=due.phase,
            strength=rule.strength,
            checked_as=gap_reading(due.every, 0, due.phase),
        )


def _overdue_in_phase(ctx: ReportContext, person: Staff, rule: FrequencyRule, grace: int, grace_part: Part) -> None:
    """S1 in an earlier phase of a stepped rule: the next session is due the phase's interval after
    the last one (or the start), plus the grace S1 allows."""
    placed = rule.schedule.placed(person)
    if not placed or not ctx.on("S1") or not person.active_on(ctx.as_of) or placed[0][0] > ctx.as_of:
        return
    dates = [s.held_on for s in ctx.formal(person) if s.held_on >= placed[0][0]]
    last = dates[-1] if dates else placed[0][0]
    due = rule.schedule.due_after(person, last)
    if due is None or ctx.as_of <= due.day + dt.timedelta(days=grace):
        return
    what = (
        f"the last formal session on {last:%d/%m/%Y}"
        if dates
        else f"the start, {last:%d/%m/%Y} (no formal session since)"
    )
    ctx.add(
        "S1",
        person,
        due.day,
        f"Supervision was due by {due.day:%d/%m/%Y}, {due.every} after {what}, in {due.phase}; "
        f"{words.days((ctx.as_of - due.day).days)} overdue on {ctx.as_of:%d/%m/%Y}.",
        rule_clause(ctx.policy, rule, grace_part),
        strength=rule.strength,
        checked_as=gap_reading(due.every, grace, due.phase),
    )


def check_calendar(ctx: ReportContext) -> None:
    """S6: each complete calendar period (a month, for "every: 1 month") in post and within the records
    holds a formal session, for a rule read by the calendar (`reading: calendar` or `both`, the default).
    The month someone starts or leaves in, and the month of the check date, are not complete: not checked."""
    for person in ctx.supervisees(active=False):
        rule = ctx.rule(person)
        period = rule.schedule.period() if rule else None
        if rule is None or period is None or not ctx.on("S6"):
            continue
        name = calendar_name(period) or ""
        dates = [s.held_on for s in ctx.formal(person)]
        last = min(ctx.as_of, person.leaving_date or ctx.as_of)
        for first, end in calendar_periods(period, ctx.anchor(person), last):
            if any(first <= d <= end for d in dates):
                continue
            ctx.add(
                "S6",
                person,
                first,
                f"No formal session in {_period_words(period, first, end)} ({words.span(first, end)}).",
                rule_clause(ctx.policy, rule),
                strength=rule.strength,
                checked_as=f"at least one session in each {name}",
            )


def check_too_close(ctx: ReportContext) -> None:
    """S7: consecutive formal sessions closer together than the shortest time the rule allows (a
    range's min: "every 6 to 8 weeks" means not before 6 weeks). No grace: grace is for lateness."""
    for person in ctx.supervisees(active=False):
        rule = ctx.rule(person)
        shortest = rule.schedule.shortest() if rule else None
        if rule is None or shortest is None or not ctx.on("S7"):
            continue
        longest = rule.schedule.gap(person)
        reading = f"at least {shortest}" + (f" and at most {longest.longest}" if longest else "")
        dates = sorted({s.held_on for s in ctx.formal(person)})
        for a, b in zip(dates, dates[1:], strict=False):
            if b >= shortest.after(a):
                continue
            ctx.add(
                "S7",
                person,
                b,
                f"{words.days((b - a).days)} from the session of {a:%d/%m/%Y} to the session of {b:%d/%m/%Y}; "
                f"the policy allows no less than {shortest} from one session to the next "
                f"(not before {shortest.after(a):%d/%m/%Y}).",
                rule_clause(ctx.policy, rule),
                strength=rule.strength,
                checked_as=f"{reading} from one session to the next",
            )


def _period_words(period: Interval, first: dt.date, end: dt.date) -> str:
    """ "February 2024", "April to June 2024", "the week of 05/02/2024", "2024"."""
    if period.unit == "week":
        return f"the week of {first:%d/%m/%Y}"
    if first.month == 1 and end.month == 12:
        return f"{first:%Y}"
    if first.month == end.month:
        return f"{first:%B %Y}"
    return f"{first:%B} to {end:%B %Y}"


def check_durations(ctx: ReportContext) -> None:
    """S5: formal sessions shorter than the minimum or longer than the maximum in force for them: the
    length of the phase a session falls in, where a stepped schedule sets one, else the rule's."""
    for person in ctx.supervisees(active=False):
        rule = ctx.rule(person)
        if rule is None:
            continue
        for s in ctx.formal(person):
            phase = rule.schedule.length_on(person, s.held_on)
            bounds, where = phase if phase else (rule.duration, "")
            if s.duration is None or bounds is None or not (bounds.min or bounds.max):
                continue
            if bounds.min and s.duration < bounds.min.minutes:
                problem = f"shorter than the minimum of {bounds.min}"
            elif bounds.max and s.duration > bounds.max.minutes:
                problem = f"longer than the maximum of {bounds.max}"
            else:
                continue
            limits = [f"at least {bounds.min}" if bounds.min else "", f"at most {bounds.max}" if bounds.max else ""]
            ctx.add(
                "S5",
                person,
                s.held_on,
                f"The session of {s.date:%d/%m/%Y} lasted {s.duration:g} minutes, {problem}"
                + (f" for a session in {where}." if where else "."),
                cite(
                    ctx.policy,
                    rule.source,
                    f'Frequency rule "{rule.label}": sessions last '
                    + (rule.schedule.length_words(rule.duration) if where else bounds.words()),
                ),
                detail=s.path,
                strength=rule.strength,
                checked_as=" and ".join(x for x in limits if x) + (f" for a session in {where}" if where else ""),
            )
