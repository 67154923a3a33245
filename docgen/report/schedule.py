"""Schedule checks S1-S5: overdue supervision, gap history, annual counts, the stepped
newly-qualified schedule, and session length.

Which rule applies to whom is `policy.rules.governing_rule` (the strictest, or the most
specific, as the policy says). A stepped rule is checked window by window (S4) during its
bounded phases; from the start of its last, open-ended phase it is an ordinary interval (S1, S2).
"""

from __future__ import annotations

import datetime as dt
import math

from ..policy.model import FrequencyRule
from ..policy.periods import Interval
from ..policy.sections import Policy
from .context import Context, agreed_interval
from .dates import add, month_key, subtract
from .findings import cite
from .roster import Staff


def interval_for(ctx: Context, person: Staff) -> tuple[Interval | None, dt.date | None, FrequencyRule | None]:
    """(the longest gap allowed, the date from which it applies, the rule), or (None, None, rule)."""
    rule = ctx.rule(person)
    if rule is None:
        return None, None, None
    s = rule.schedule
    if s.every:
        return s.every, None, rule
    if s.between:
        return s.between.max, None, rule
    if s.steps:
        bounded = [p.until for p in s.steps.phases if p.until]
        anchor = step_anchor(person, rule)
        return s.steps.phases[-1].every, add(anchor, bounded[-1]) if anchor else None, rule
    if s.set_in_agreement or ctx.policy.frequency.set_by == "agreement":
        for agreement in reversed(ctx.agreements.get(person.staff_id, [])):
            interval = agreed_interval(agreement.frequency)
            if interval:
                return interval, None, rule
    return None, None, rule


def step_anchor(person: Staff, rule: FrequencyRule) -> dt.date | None:
    """Where a stepped schedule starts: the ASYE start if the rule says so and it is known, else the start in post."""
    steps = rule.schedule.steps
    if steps and steps.anchor == "asye_start" and person.asye_start:
        return person.asye_start
    return person.start_date


def _clause(policy: Policy, rule: FrequencyRule) -> str:
    labels: dict[str, str] = {r.id: r.label for r in policy.frequency.rules}
    return cite(policy, rule.source, f'Frequency rule "{rule.label}": {rule.schedule.words(labels)}')


def check_intervals(ctx: Context) -> None:
    """S1 (current) and S2 (history), and the interval statistics behind the on-time rates."""
    intervals = ctx.stats.setdefault("intervals", [])  # (staff, month, on_time)
    for person in ctx.supervisees(active=False):
        interval, from_date, rule = interval_for(ctx, person)
        if interval is None or rule is None or (from_date and from_date > ctx.as_of):
            continue
        dates = [s.held_on for s in ctx.formal(person) if from_date is None or s.held_on >= from_date]
        start = from_date or (person.start_date if person.start_date and person.start_date >= ctx.history_start
                              else None)
        points = ([start] if start and (not dates or start < dates[0]) else []) + dates
        for a, b in zip(points, points[1:], strict=False):
            limit = add(a, interval) + dt.timedelta(days=ctx.grace)
            on_time = b <= limit
            intervals.append((person.staff_id, month_key(b), on_time))
            longest = ctx.stats.setdefault("longest", {})
            longest[person.staff_id] = max(longest.get(person.staff_id, 0), (b - a).days)
            if not on_time and ctx.on("S2"):
                since = "the start in post" if a is start and a not in dates else f"the session of {a:%d/%m/%Y}"
                ctx.add("S2", person, b, f"{(b - a).days} days from {since} to the session of {b:%d/%m/%Y}; "
                        f"the policy allows {interval} (due {add(a, interval):%d/%m/%Y}) plus {ctx.grace} days' grace.",
                        _clause(ctx.policy, rule), strength=rule.strength)
        if not person.active_on(ctx.as_of):
            continue
        last = points[-1] if points else (from_date or ctx.anchor(person))
        due = add(last, interval)
        if ctx.as_of > due + dt.timedelta(days=ctx.grace):
            intervals.append((person.staff_id, month_key(ctx.as_of), False))
            if ctx.on("S1"):
                what = (f"the last formal session on {last:%d/%m/%Y}" if dates
                        else f"{last:%d/%m/%Y} (no formal session since)")
                ctx.add("S1", person, due, f"Supervision was due by {due:%d/%m/%Y}, {interval} after {what}; "
                        f"{(ctx.as_of - due).days} days overdue on {ctx.as_of:%d/%m/%Y}.",
                        _clause(ctx.policy, rule), strength=rule.strength)


def check_counts(ctx: Context) -> None:
    """S3: formal sessions in the rolling window of a count rule, pro rata by FTE and time in post."""
    for person in ctx.supervisees():
        rule = ctx.rule(person)
        count = rule.schedule.count if rule else None
        if rule is None or count is None:
            continue
        window_start = subtract(ctx.as_of, count.per)
        in_post = max(window_start, person.start_date or window_start)
        fraction = (ctx.as_of - in_post).days / max((ctx.as_of - window_start).days, 1)
        factor = (person.profile.fte or 1.0) if count.pro_rata else 1.0
        expected = count.at_least * factor * fraction
        if expected < 1:
            continue
        required = math.ceil(expected - 1e-9)
        held = sum(1 for s in ctx.formal(person) if window_start < s.held_on <= ctx.as_of)
        if held < required:
            basis = []
            if count.pro_rata and factor != 1:
                basis.append(f"FTE {factor:g}")
            if fraction < 1:
                basis.append(f"in post from {in_post:%d/%m/%Y}")
            why = f" ({', '.join(basis)})" if basis else ""
            ctx.add("S3", person, ctx.as_of, f"{held} formal sessions between {window_start:%d/%m/%Y} and "
                    f"{ctx.as_of:%d/%m/%Y}; {required} required{why}.", _clause(ctx.policy, rule),
                    strength=rule.strength)


def _unit_name(every: Interval) -> str:
    if every.amount == 1:
        return {"working_day": "working day"}.get(every.unit, every.unit)
    if every == Interval(2, "week"):
        return "fortnight"
    return f"period of {every}"


def check_steps(ctx: Context) -> None:
    """S4: each complete window of a bounded phase holds at least one formal session."""
    adherence = ctx.stats.setdefault("steps", [])  # (staff, phase label, window start, met)
    for person in ctx.supervisees(active=False):
        rule = ctx.rule(person)
        steps = rule.schedule.steps if rule else None
        if rule is None or steps is None:
            continue
        anchor = step_anchor(person, rule)
        if anchor is None:  # no start date on the roster: the windows cannot be placed
            continue
        dates = [s.held_on for s in ctx.formal(person)]
        end_of_post = min(ctx.as_of, person.leaving_date or ctx.as_of)
        previous = None
        for phase in steps.phases:
            if phase.until is None:
                break
            p_start, p_end = (add(anchor, previous) if previous else anchor), add(anchor, phase.until)
            where = f"the first {phase.until}" if previous is None else f"{previous} to {phase.until} after the start"
            k = 0
            while True:
                w_start, w_end = add(p_start, phase.every, k), add(p_start, phase.every, k + 1)
                if w_end > p_end or w_end > end_of_post:
                    break
                met = any(w_start <= d < w_end for d in dates)
                label = f"{_unit_name(phase.every)} {k + 1} of {where}"
                adherence.append((person.staff_id, where, w_start, met))
                if not met and ctx.on("S4"):
                    ctx.add("S4", person, w_start, f"No formal session in {label} ({w_start:%d/%m/%Y} to "
                            f"{w_end - dt.timedelta(days=1):%d/%m/%Y}).", _clause(ctx.policy, rule),
                            detail=label, strength=rule.strength)
                k += 1
            previous = phase.until


def check_durations(ctx: Context) -> None:
    """S5: formal sessions shorter than the rule's minimum or longer than its maximum."""
    for person in ctx.supervisees(active=False):
        rule = ctx.rule(person)
        bounds = rule.duration if rule else None
        if rule is None or bounds is None or not (bounds.min or bounds.max):
            continue
        for s in ctx.formal(person):
            if s.duration is None:
                continue
            if bounds.min and s.duration < bounds.min.minutes:
                problem = f"shorter than the minimum of {bounds.min}"
            elif bounds.max and s.duration > bounds.max.minutes:
                problem = f"longer than the maximum of {bounds.max}"
            else:
                continue
            ctx.add("S5", person, s.held_on,
                    f"The session of {s.date:%d/%m/%Y} lasted {s.duration:g} minutes, {problem}.",
                    cite(ctx.policy, rule.source, f'Frequency rule "{rule.label}": sessions last {bounds.words()}'),
                    detail=s.path, strength=rule.strength)
