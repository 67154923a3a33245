"""S3: too few formal sessions in the window of a count rule (`schedule: {count: ...}`).

What the rule requires in a window is the schedule's own `quota` (docgen/policy/counts.py); this
module counts the sessions held in each window and turns a shortfall into a finding.
"""

from __future__ import annotations

import datetime as dt

from ..policy.countyears import Judged
from ..policy.model import FrequencyRule
from . import words
from .context import ReportContext
from .roster import Staff
from .schedule import rule_clause as _clause


def check_counts(ctx: ReportContext) -> None:
    """S3: formal sessions in each window of a count rule (`Schedule.judged`: the rolling 12 months
    to the check date and each year before it, or each ended calendar, financial or in-post year),
    pro rata as the rule says: the windows the records cover, and for people who have left, the
    windows of their time in post (the earlier ones marked as past). A session saved twice, as an
    amended copy of one document (the harvest's same-document-id pair: one document id, one session
    date), counts once. Every finding says the reading it used (`checked_as`); a person the rule
    cannot be checked for (no FTE under `missing_fte: not_checked`, ...) is named in the notes."""
    notes = ctx.stats.setdefault("notes", [])
    pending: dict[str, str] = {}  # rule id -> its year not over yet, once per rule
    for person in ctx.supervisees(active=False):
        rule = ctx.rule(person)
        if rule is None:
            continue
        why = rule.schedule.not_judged(person, ctx.as_of)
        if why:
            notes.append(f'{person.name} ({person.staff_id}): count rule "{rule.label}" not checked: {why}')
            continue
        held_on = _once(ctx.formal(person))
        left = person.leaving_date if person.leaving_date and person.leaving_date < ctx.as_of else None
        if not left and (waiting := rule.schedule.pending(ctx.as_of)) and rule.id not in pending:
            pending[rule.id] = f'Count rule "{rule.label}": {waiting}.'
        assumed = ""
        for window in rule.schedule.judged(person, ctx.as_of, ctx.history_start):
            assumed = assumed or window.assumed
            held = sum(1 for d in held_on if window.since < d <= window.end)
            if held < window.required:
                _shortfall(ctx, person, rule, window, held, left)
        if assumed:
            notes.append(f'{person.name} ({person.staff_id}): count rule "{rule.label}": {assumed}')

    notes += pending.values()


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


def _shortfall(ctx: ReportContext, person: Staff, rule: FrequencyRule, window: Judged, held: int, left) -> None:
    past = left is not None or not window.latest
    when = ""
    if left and window.end == left:
        when = f"Past, before leaving on {left:%d/%m/%Y}: "
    elif past:
        when = "Past, an earlier year: "
    why = f" ({window.reason})" if window.reason else ""
    ctx.add(
        "S3",
        person,
        window.end,
        f"{when}{words.count(held, 'formal session', none='no' if when else 'No')} "
        f"{words.span(window.since + dt.timedelta(days=1), window.end)}; {window.required} required{why}.",
        _clause(ctx.policy, rule),
        detail="past" if past else "",
        strength=rule.strength,
        checked_as=window.checked_as,
    )
