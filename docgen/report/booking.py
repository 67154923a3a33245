"""Booking checks (the policy's `booking:` block, docgen/policy/booking.py):

B1  the next session is booked at the end of each session: each formal session's record gives a date
    after it for the next one. For the people B1 covers it stands in for R2 ("No next session date"),
    so a record without a next date is reported once, as a breach of the policy's rule.
B2  notice to cancel: a session cancelled or moved (a row of the session log) had at least the
    policy's notice.
B3  a cancelled or moved session is rearranged in time: a new date within the policy's limit, or a
    session held by then.

Cancellations come from the session log (form kind `session-log`, read by records.py `log_entries`).
Every finding says how the rule was read (`checked_as`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..policy.rules import matches
from .context import ReportContext
from .findings import cite
from .records import LogEntry
from .roster import Staff

NO_LOG = (
    "No session log was among the records, so the booking rules on cancelling and rearranging (B2, B3) "
    "checked nothing: keep a session log for each supervisee (documents.forms: session-log: session_log)."
)


def booked_next(ctx: ReportContext, person: Staff) -> bool:
    """True when B1 checks this person's next session dates (so R2 leaves them to it)."""
    booking = ctx.policy.booking
    rule = booking.next_session if booking else None
    return rule is not None and ctx.on("B1") and matches(rule.applies_to, person.profile)


def check_booking(ctx: ReportContext) -> None:
    booking = ctx.policy.booking
    if booking is None:
        return
    if booking.next_session and ctx.on("B1"):
        _next_session(ctx)
    if (booking.cancellation_notice and ctx.on("B2")) or (booking.rearranged and ctx.on("B3")):
        if ctx.history.sessions and not ctx.history.log:  # records but no log: say why B2/B3 found nothing
            ctx.unmatched.append(NO_LOG)
        logs = _filed(ctx)
        for person in ctx.supervisees(active=False):
            for entry in logs.get(person.staff_id, []):
                if booking.cancellation_notice and ctx.on("B2"):
                    _notice(ctx, person, entry)
                if booking.rearranged and ctx.on("B3"):
                    _rearranged(ctx, person, entry)


def _next_session(ctx: ReportContext) -> None:
    rule = ctx.policy.booking.next_session  # type: ignore[union-attr]
    assert rule is not None
    clause = cite(ctx.policy, rule.source, "The next session booked at the end of each session")
    reading = "the record of each formal session gives a date after it for the next session, booked at its end"
    for person in ctx.supervisees(active=False):
        if not booked_next(ctx, person):
            continue
        for s in ctx.formal(person):
            nxt = s.next_session_date
            if nxt is not None and nxt > s.held_on:
                continue
            gives = "gives no date" if nxt is None else f"gives {nxt:%d/%m/%Y}, which is not after the session,"
            ctx.add(
                "B1",
                person,
                s.held_on,
                f"The record of {s.held_on:%d/%m/%Y} {gives} for the next session: the next session was not "
                "booked at the end of it.",
                clause,
                detail=s.path,
                strength=rule.strength,
                checked_as=reading,
            )


def _filed(ctx: ReportContext) -> dict[str, list[LogEntry]]:
    """Session log rows of sessions cancelled or moved, by staff id, those about a day up to the check
    date, one per planned day: a log saved again as it grows repeats its rows, so the rows of one
    person and planned day are one cancellation, with the earliest notice and new date any of them
    gives (a later copy that adds the new date is not contradicted by the earlier one without it)."""
    merged: dict[tuple[str, dt.date], LogEntry] = {}
    unknown: set[str] = set()
    for entry in ctx.history.log:
        day = entry.notice or entry.planned
        person = ctx.roster.find(entry.supervisee)
        if person is None:
            if entry.path not in unknown:
                unknown.add(entry.path)
                who = f'"{entry.supervisee}" is not on the roster' if entry.supervisee else "no name given"
                ctx.unmatched.append(f"session-log {entry.path}: {who}")
        elif day is not None and day <= ctx.as_of and entry.called_off and entry.planned is not None:
            key = (person.staff_id, entry.planned)
            merged[key] = _merge(merged[key], entry) if key in merged else entry
    out: dict[str, list[LogEntry]] = {}
    for (staff_id, _), entry in sorted(merged.items()):
        out.setdefault(staff_id, []).append(entry)
    return out


def _merge(a: LogEntry, b: LogEntry) -> LogEntry:
    def first(x, y):
        return min(d for d in (x, y) if d is not None) if (x or y) else None

    return dataclasses.replace(
        a, by=a.by or b.by, notice=first(a.notice, b.notice), rearranged_to=first(a.rearranged_to, b.rearranged_to)
    )


def _what(entry: LogEntry) -> str:
    how = "moved" if entry.outcome == "moved" else "cancelled"
    by = f" by the {entry.by}" if entry.by in ("supervisor", "supervisee") else " by someone else" if entry.by else ""
    return f"The session planned for {entry.planned:%d/%m/%Y} was {how}{by}"


def _notice(ctx: ReportContext, person: Staff, entry: LogEntry) -> None:
    rule = ctx.policy.booking.cancellation_notice  # type: ignore[union-attr]
    assert rule is not None and entry.planned is not None
    if entry.by is not None and entry.by not in rule.by:
        return
    latest = rule.at_least.before(entry.planned)
    if entry.notice is not None and entry.notice <= latest:
        return
    if entry.notice is None:
        given = "; the log gives no date for the notice"
    else:
        days = (entry.planned - entry.notice).days
        given = f" on {entry.notice:%d/%m/%Y}, {days} day{'s' if days != 1 else ''} before"
    ctx.add(
        "B2",
        person,
        entry.planned,
        f"{_what(entry)}{given}: the policy asks for at least {rule.notice()} (by {latest:%d/%m/%Y}).",
        cite(ctx.policy, rule.source, f"At least {rule.notice()} to cancel"),
        detail=entry.path,
        strength=rule.strength,
        checked_as=f"at least {rule.notice()}: notice given no later than {rule.at_least} before the day planned, for "
        f"a session cancelled or moved by {rule.who()}, or by someone the log does not name; a row with no notice "
        "date shows no notice",
    )


def _rearranged(ctx: ReportContext, person: Staff, entry: LogEntry) -> None:
    rule = ctx.policy.booking.rearranged  # type: ignore[union-attr]
    assert rule is not None and entry.planned is not None
    from_cancelled = rule.counted_from == "cancelled" and entry.notice is not None
    start: dt.date = entry.notice if from_cancelled and entry.notice else entry.planned
    deadline = rule.within.after(start)
    if ctx.as_of <= deadline:
        return  # still time
    held = [s.held_on for s in ctx.formal(person) if start <= s.held_on <= deadline and s.held_on != entry.planned]
    if held or (entry.rearranged_to is not None and entry.rearranged_to <= deadline):
        return
    if entry.rearranged_to is not None:
        outcome = f"it was rearranged to {entry.rearranged_to:%d/%m/%Y}, after {deadline:%d/%m/%Y}"
    else:
        outcome = f"the log gives no new date and no session was held by {deadline:%d/%m/%Y}"
    unsaid = " (the log gives no cancelling date)" if rule.counted_from == "cancelled" else ""
    counted = f"the day it was cancelled, {start:%d/%m/%Y}" if from_cancelled else f"the day it was planned for{unsaid}"
    ctx.add(
        "B3",
        person,
        entry.planned,
        f"{_what(entry)} and not rearranged within {rule.within} of {counted}: {outcome}.",
        cite(ctx.policy, rule.source, f"A cancelled session rearranged within {rule.within}"),
        detail=entry.path,
        strength=rule.strength,
        checked_as=f"rearranged to a date, or a formal session held, within {rule.within} of "
        + (
            "the day it was cancelled or moved (the day planned when the log does not say)"
            if rule.counted_from == "cancelled"
            else "the day it was planned for"
        ),
    )
