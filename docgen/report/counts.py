"""S3: too few formal sessions in the window of a count rule (`schedule: {count: ...}`).

What the rule requires in a window is the schedule's own `quota` (docgen/policy/counts.py); this
module counts the sessions held in each window and turns a shortfall into a finding.
"""

from __future__ import annotations

import datetime as dt

from ..policy.model import FrequencyRule
from . import words
from .context import ReportContext
from .roster import Staff
from .schedule import rule_clause as _clause


def check_counts(ctx: ReportContext) -> None:
    """S3: formal sessions in the rolling window of a count rule, pro rata by FTE and time in post:
    the window to the check date, every earlier window the records cover, and for people who have
    left, the windows of their time in post (the earlier ones marked as past). A session saved
    twice, as an amended copy of one document (the harvest's same-document-id pair: one document
    id, one session date), counts once."""
    for person in ctx.supervisees(active=False):
        rule = ctx.rule(person)
        if rule is None:
            continue
        held_on = _once(ctx.formal(person))
        left = person.leaving_date if person.leaving_date and person.leaving_date < ctx.as_of else None
        end = left or ctx.as_of
        past = left is not None
        while True:
            start = person.start_date
            if past:  # a past window is counted from when the records start, if that is later
                start = max(start or ctx.history_start, ctx.history_start)
            quota = rule.schedule.quota(end, start, person.profile.fte)
            if quota is None:
                break
            held = sum(1 for d in held_on if quota.since < d <= end)
            if held < quota.required:
                _shortfall(ctx, person, rule, quota, held, end, left if past else None, past)
            end, past = quota.since, True


def _once(sessions) -> list[dt.date]:
    """The dates of formal sessions, an amended copy of one document's session counted once."""
    seen: set[tuple[str, dt.date]] = set()
    dates = []
    for s in sessions:
        if s.document_id:
            if (s.document_id, s.held_on) in seen:
                continue
            seen.add((s.document_id, s.held_on))
        dates.append(s.held_on)
    return dates


def _shortfall(ctx: ReportContext, person: Staff, rule: FrequencyRule, quota, held: int, end, left, past) -> None:
    basis = []
    if quota.factor != 1:
        basis.append(f"FTE {quota.factor:g}")
    if quota.fraction < 1:
        records = past and quota.in_post == ctx.history_start and quota.in_post != person.start_date
        basis.append(f"{'records from' if records else 'in post from'} {quota.in_post:%d/%m/%Y}")
    why = f" ({', '.join(basis)})" if basis else ""
    when = ""
    if left:
        when = f"Past, before leaving on {left:%d/%m/%Y}: "
    elif past:
        when = "Past, an earlier year: "
    ctx.add(
        "S3",
        person,
        end,
        f"{when}{words.count(held, 'formal session', none='no' if when else 'No')} "
        f"{words.span(quota.since + dt.timedelta(days=1), end)}; {quota.required} required{why}.",
        _clause(ctx.policy, rule),
        detail="past" if past else "",
        strength=rule.strength,
    )
