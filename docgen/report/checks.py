"""Record checks: agreements (A1, A2), sign-off and next date (R1, R2), actions (ACT1, ACT2),
functions (F1), children's cases (C1, C2) and evaluation (E1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..policy.periods import Interval
from ..policy.sections import CaseRule
from ..policy.signoff import PartyDeadline, SignOff, party_deadlines
from . import words
from .booking import booked_next
from .context import ReportContext
from .findings import Part, cite, clause, own, says
from .records import ChildDiscussion, Session
from .roster import Staff, name_key

_YEAR = Interval(12, "month")


def _signed_by_all(signed: dict, parties) -> bool:
    return all(signed.get(p, (False, None))[0] for p in parties)


def check_agreements(ctx: ReportContext) -> None:
    policy = ctx.policy
    terms = policy.agreement
    parties = terms.signed_by if terms else ("supervisor", "supervisee")
    signed_by = f"supervision agreement signed by the {' and the '.join(parties)}"
    a1 = cite(policy, terms.source, signed_by.capitalize()) if terms else own(signed_by)
    if terms is None:
        ctx.own_checks.update(c for c in ("A1", "A2") if ctx.on(c))
    for person in ctx.supervisees():
        formal = ctx.formal(person)
        signed = [a for a in ctx.agreements.get(person.staff_id, []) if _signed_by_all(a.signed, parties)]
        if not signed:
            if formal and ctx.on("A1"):
                ctx.add(
                    "A1",
                    person,
                    formal[0].held_on,
                    f"{words.count(len(formal), 'formal session')} since "
                    f"{formal[0].date:%d/%m/%Y} but no supervision agreement signed by the "
                    f"{' and the '.join(parties)}.",
                    a1,
                )
            continue
        latest = max(signed, key=lambda a: _made(a) or dt.date.min)
        made = _made(latest)
        if not ctx.on("A2"):
            continue
        if latest.review_date:
            review, how = latest.review_date, "its review date"
            by_date = "agreements reviewed by the review date they give"
            basis = cite(policy, terms.source, by_date.capitalize()) if terms else own(by_date)
        elif made:
            every, stated = ctx.decision("agreement.review_every", "A2")
            review, how = every.after(made), f"{every} after it was made ({made:%d/%m/%Y})"
            basis = clause(policy, Part(f"agreements reviewed every {every}", terms.source if terms else None, stated))
        else:
            continue
        if ctx.as_of > review:
            ctx.add(
                "A2",
                person,
                review,
                f"The agreement was due for review on {review:%d/%m/%Y} ({how}); no newer signed agreement.",
                basis,
                detail=latest.path,
            )


def _made(agreement) -> dt.date | None:
    """When an agreement was made: its own date, else the later signature date."""
    return agreement.date or max((d for _, d in agreement.signed.values() if d), default=None)


def check_recording(ctx: ReportContext) -> None:
    policy = ctx.policy
    rec = policy.recording
    parties = rec.signed_by if rec else ()
    within, stated = ctx.decision("recording.sign_within", "R1") if parties and ctx.on("R1") else (None, False)
    deadlines = party_deadlines(within, parties)
    r1 = ""  # R1 cites the recording clause only when that clause sets the limit
    if within is not None:
        said = (
            f"records signed by {within}"
            if isinstance(within, SignOff)
            else f"records signed by the {' and the '.join(parties)} within {within}"
        )
        r1 = clause(
            policy,
            Part(said, rec.source if rec else None)
            if stated
            else Part(f"records signed within {within}", stated=False),
        )
    scheduling = policy.frequency.scheduling  # cited only when its words say what R2 checks
    plan = scheduling.source if scheduling else None
    if says(plan, "next session", "next supervision", "date of the next"):
        r2 = cite(policy, plan, "Next session date on every record")
    else:
        r2 = own("the record of every formal session gives the date of the next one")
        if ctx.on("R2"):
            ctx.own_checks.add("R2")
    for person in ctx.supervisees(active=False):
        formal = {id(s) for s in ctx.formal(person)}
        for s in ctx.sessions.get(person.staff_id, []):
            late = [lateness for p, d in deadlines.items() if (lateness := _signed_late(s, p, d, ctx.as_of))]
            if late:
                ctx.add(
                    "R1",
                    person,
                    s.held_on,
                    _r1_message(s, late, per_party=isinstance(within, SignOff)),
                    r1,
                    detail=s.path,
                    checked_as=_r1_reading(late, () if isinstance(within, SignOff) else parties),
                )
            if id(s) in formal and s.next_session_date is None and ctx.on("R2") and not booked_next(ctx, person):
                ctx.add(
                    "R2",
                    person,
                    s.held_on,
                    f"The record of {s.date:%d/%m/%Y} gives no date for the next session.",
                    r2,
                    detail=s.path,
                )


@dataclass(frozen=True)
class _Late:
    """One party's signature on one record, after its deadline."""

    party: str
    within: Interval
    since: str  # what the deadline counts from: "the session", "the supervisor's signature"
    base: dt.date  # that date
    due: dt.date
    signed: dt.date | None  # when they signed (None: not signed, or signed with no date)


def _counted_from(s: Session, party: str, deadline: PartyDeadline) -> tuple[str, dt.date | None]:
    """What a party's deadline counts from, and its date: the session, or the day the record
    reached them (receipt): for the supervisee the date it was sent, where the form says, else the
    supervisor's signature; for the supervisor the supervisee's signature. None: not reached yet."""
    if deadline.from_ == "session":
        return "the session", s.held_on
    if party == "supervisee" and s.sent is not None:
        return "the date the record was sent to them", s.sent
    other = "supervisor" if party == "supervisee" else "supervisee"
    return f"the {other}'s signature", s.signed.get(other, (False, None))[1]


def _signed_late(s: Session, party: str, deadline: PartyDeadline, as_of: dt.date) -> _Late | None:
    since, base = _counted_from(s, party, deadline)
    if base is None:  # the record has not reached them (the other party's own deadline covers that)
        return None
    due = deadline.within.after(base)
    signed = s.signed.get(party, (False, None))
    if not _late(signed, due, as_of):
        return None
    return _Late(party, deadline.within, since, base, due, signed[1])


def _r1_message(s: Session, late: list[_Late], per_party: bool) -> str:
    if not per_party:  # one limit for every party, from the session: one deadline
        first = late[0]
        return (
            f"The record of {s.date:%d/%m/%Y} was not signed by the {' and the '.join(x.party for x in late)} "
            f"by {first.due:%d/%m/%Y} ({first.within} after the session)."
        )
    parts = []
    for x in late:
        did = f"signed {x.signed:%d/%m/%Y}" if x.signed else "not signed yet"
        parts.append(f"the {x.party} by {x.due:%d/%m/%Y} ({x.within} after {x.since}, {x.base:%d/%m/%Y}; {did})")
    return f"The record of {s.date:%d/%m/%Y} was not signed by {', nor by '.join(parts)}."


def _r1_reading(late: list[_Late], together: tuple) -> str:
    """The reading R1 used: "supervisee to sign within 5 days of the supervisor's signature
    (12/03/2024)"; hours and working days as they are read on dates. One limit of days, weeks or
    months for every party from the session has no other reading (the message gives the date): ""."""
    if together and not late[0].within.on_dates(""):
        return ""
    groups = [(" and ".join(together), late[0])] if together else [(x.party, x) for x in late]
    out = []
    for who, x in groups:
        text = f"{who} to sign within {x.within} of {x.since} ({x.base:%d/%m/%Y})"
        event = {"the session": "the session date"}.get(x.since) or (
            x.since if x.since.startswith("the date") else f"the date of {x.since}"
        )
        reading = x.within.on_dates(event)
        out.append(f"{text}, {reading}" if reading else text)
    return "; ".join(out)


def _late(signed: tuple, deadline: dt.date, as_of: dt.date) -> bool:
    done, when = signed
    if when is not None:
        return when > deadline
    return not done and as_of > deadline


def check_actions(ctx: ReportContext) -> None:
    basis = own("agreed actions have an owner and a deadline, and are reviewed at the next session")
    ctx.own_checks.update(c for c in ("ACT1", "ACT2") if ctx.on(c))
    for person in ctx.supervisees(active=False):
        sessions = ctx.sessions.get(person.staff_id, [])
        records = ctx.formal(person)
        for s in sessions:
            for action in s.actions:
                if not action.text:
                    continue
                if (not action.owner or action.due is None) and ctx.on("ACT1"):
                    missing = " or ".join(w for w, ok in (("owner", action.owner), ("deadline", action.due)) if not ok)
                    ctx.add(
                        "ACT1",
                        person,
                        s.held_on,
                        f'An action agreed on {s.date:%d/%m/%Y} has no {missing}: "{action.text[:80]}".',
                        basis,
                        detail=s.path,
                    )
                if action.due and action.due < ctx.as_of and ctx.on("ACT2"):
                    # the first formal session on or after the deadline should review it; none yet is S1's business
                    review = next((n for n in records if n.held_on > s.held_on and n.held_on >= action.due), None)
                    if review is not None and not review.action_review:
                        ctx.add(
                            "ACT2",
                            person,
                            action.due,
                            f'An action due {action.due:%d/%m/%Y} ("{action.text[:60]}") '
                            f"was not reviewed at the next session, on {review.date:%d/%m/%Y}: its record "
                            "has no review of actions.",
                            basis,
                            detail=s.path,
                        )


def check_functions(ctx: ReportContext) -> None:
    policy = ctx.policy
    if not policy.functions.items:  # nothing to balance; said in the report rather than passed in silence
        ctx.stats.setdefault("not_checked", {})["F1"] = "the policy names no functions"
        return
    balance = policy.functions.balance
    # Only functions the session record has a section (or an action table) for can be evidenced.
    wanted = [f for f in policy.functions.on_record if f.id in ctx.history.evidenced_by_form]
    basis, n = _balance(ctx)
    coverage = ctx.stats.setdefault("functions", {f.id: [0, 0] for f in wanted})  # id -> [evidenced, sessions]
    year_ago = _YEAR.before(ctx.as_of)
    for person in ctx.supervisees(active=False):
        formal = [s for s in ctx.formal(person) if s.functions_known]  # see records.py: the others are noted
        for s in formal:
            if s.held_on > year_ago:
                for f in wanted:
                    coverage[f.id][0] += f.id in s.functions
                    coverage[f.id][1] += 1
        if not ctx.on("F1"):
            continue
        period = ""  # a period window in words: "the 6 months from 08/09/2023 to 07/03/2024, both days included"
        if balance.window == "every_session":
            windows = [(s.held_on, [s]) for s in formal]
        elif not person.active_on(ctx.as_of):
            continue
        elif balance.window == "period":
            first = formal[0].held_on if formal else ctx.as_of
            assert balance.period is not None  # the policy's own checks require a period for this window
            since = balance.period.before(ctx.as_of)
            windows = [(ctx.as_of, [s for s in formal if s.held_on > since])] if first <= since else []
            period = f"the {balance.period} {words.span(since + dt.timedelta(days=1), ctx.as_of)}"
        else:
            windows = [(ctx.as_of, formal[-n:])] if len(formal) >= n else []
        for date, window in windows:
            seen = set().union(*(s.functions for s in window)) if window else set()
            for f in wanted:
                if f.id not in seen:
                    if period:
                        span = f"{period} ({words.count(len(window), 'formal session', none='no')} in it)"
                    elif len(window) == 1:
                        span = f"the formal session of {window[0].date:%d/%m/%Y}"
                    else:
                        span = (
                            f"the {len(window)} formal sessions from {window[0].date:%d/%m/%Y} "
                            f"to {window[-1].date:%d/%m/%Y}"
                        )
                    ctx.add("F1", person, date, f'"{f.label}" was not covered in {span}.', basis, detail=f.id)


def _balance(ctx: ReportContext) -> tuple[str, int]:
    """F1's clause, and over how many sessions a relationship-wide balance is checked: the policy's
    balance in its own words (or docgen's, when its block is docgen's default) and the window."""
    balance = ctx.policy.functions.balance
    spans = {
        "every_session": "in every session",
        "sessions": f"in any {balance.sessions} consecutive formal sessions",
        "period": f"every {balance.period}",
        "relationship": "over the whole supervision relationship",
    }
    parts = [Part(balance.text or f"every function covered {spans[balance.window]}", balance.source)]
    n = balance.sessions or 0
    if balance.window == "relationship" and ctx.on("F1") and not n:
        n, stated = ctx.decision("compliance.function_window_sessions", "F1")
        comp = ctx.policy.compliance
        parts.append(
            Part(f"checked over the last {words.count(n, 'formal session')}", comp.source if comp else None, stated)
        )
    return clause(ctx.policy, *parts), n


def check_children(ctx: ReportContext) -> None:
    policy = ctx.policy
    cases = policy.case_discussion
    rules: dict[str, CaseRule] = {c: r for r in (cases.rules if cases else ()) if r.max_interval for c in r.categories}
    categories = cases.categories if cases else ()
    # the RAG scale's clause is cited only when its words say what C2 checks (the demo's: "... is drift")
    rag = policy.rag_scale.source if policy.rag_scale else None
    drift = "red twice without a change of plan is drift"
    if says(rag, "drift"):
        drift = cite(policy, rag, drift.capitalize())
    else:
        drift = own(f"a child rated {drift}")
        if ctx.on("C2"):
            ctx.own_checks.add("C2")
    by_child: dict[str, list[tuple[Session, ChildDiscussion, Staff]]] = {}
    for person in ctx.supervisees(active=False):
        for s in ctx.sessions.get(person.staff_id, []):
            for child in s.children:
                by_child.setdefault(name_key(child.child), []).append((s, child, person))
    for entries in by_child.values():
        entries.sort(key=lambda e: e[0].held_on)
        category = None
        for i, (s, child, person) in enumerate(entries):
            category = child.category or category
            rule = rules.get(category) if category else None
            if rule and rule.max_interval and ctx.on("C1"):
                due = rule.max_interval.after(s.held_on)
                after = entries[i + 1][0].held_on if i + 1 < len(entries) else None
                late = after > due if after else (ctx.as_of > due and person.active_on(ctx.as_of))
                if late:
                    label = next((c.label for c in categories if c.id == category), category)
                    when = (
                        f"next discussed {after:%d/%m/%Y}" if after else f"not discussed since ({ctx.as_of:%d/%m/%Y})"
                    )
                    ctx.add(
                        "C1",
                        person,
                        due,
                        f"{child.child} ({label}) was discussed on {s.date:%d/%m/%Y} and was "
                        f"due again by {due:%d/%m/%Y}; {when}.",
                        cite(policy, rule.source, rule.text),
                        detail=child.child,
                        strength=rule.strength,
                    )
            if i and ctx.on("C2"):
                prev = entries[i - 1][1]
                if prev.rag == "red" and child.rag == "red" and not prev.plan_amendment and not child.plan_amendment:
                    ctx.add(
                        "C2",
                        person,
                        s.held_on,
                        f"{child.child} was rated red (getting worse) on "
                        f"{entries[i - 1][0].date:%d/%m/%Y} and {s.date:%d/%m/%Y} with no plan amendment recorded.",
                        drift,
                        detail=child.child,
                    )


def check_evaluations(ctx: ReportContext) -> None:
    policy = ctx.policy
    evaluation = policy.evaluation
    if evaluation is None or not ctx.on("E1") or ctx.decision("evaluation.anonymous", "E1")[0]:
        return
    every, stated = ctx.decision("evaluation.every", "E1")
    # the tool is the policy's only when its block is (Worcestershire's is docgen's default, borrowed)
    if stated:
        basis = clause(policy, Part(f"{evaluation.title}: every {every}", evaluation.source))
    else:
        basis = clause(
            policy, Part(evaluation.title, evaluation.source), Part(f"an evaluation every {every}", None, False)
        )
    for person in ctx.supervisees():
        dates = [e.date for e in ctx.evaluations.get(person.staff_id, []) if e.date]
        base = max(dates) if dates else ctx.anchor(person)
        due = every.after(base)
        if ctx.as_of > due:
            since = (
                f"{every} after the last, on {base:%d/%m/%Y}"
                if dates
                else f"none since {base:%d/%m/%Y}; one is due every {every}"
            )
            ctx.add("E1", person, due, f"No evaluation of supervision by {due:%d/%m/%Y} ({since}).", basis)
