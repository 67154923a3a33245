"""Planted breaches (one check each, on a person who otherwise keeps every rule) and near misses
for the synthetic agency. Every planted breach records the finding the report must make."""

from __future__ import annotations

import datetime as dt

from .synthetic import DAY, FUNCTIONS, Generator, PlannedSession, months_later


def plant(gen: Generator) -> None:
    for scenario in (
        _s1,
        _s2,
        _s3,
        _s4,
        _s5,
        _agreements,
        _recording,
        _actions,
        _f1,
        _c1,
        _c2,
        _e1,
        _booking,
        _visitor,
        _s6,
        _s7,
    ):
        scenario(gen)


def _trim(gen: Generator, person, last: dt.date) -> None:
    """Keep the sessions up to `last` (which must be one); the new last session has no actions."""
    gen.sessions(person, [s.date for s in person.sessions if s.date <= last])


def _month_end_clamp(
    gen: Generator, lo: dt.date, hi: dt.date, leap: bool | None = None, january: bool = False
) -> dt.date | None:
    """The latest day between lo and hi whose next month is shorter (31 Jan -> 28/29 Feb if january)."""
    d = hi
    while d >= lo:
        nxt = months_later(d, 1)
        if nxt.day < d.day and (leap is None or (nxt.day == 29) == leap) and (not january or d.month == 1):
            return d
        d -= DAY
    return None


def _s1(gen: Generator) -> None:
    # Breach: sessions stop two months ago; an ad hoc chat since does not count.
    p = gen.regular()
    last = max(s.date for s in p.sessions if s.date <= gen.as_of - 60 * DAY)
    _trim(gen, p, last)
    gen.informal(p, gen.as_of - 10 * DAY)
    gen.plant("S1", p, months_later(last, 1))
    gen.empty_months(p)
    # Near miss: the check date is exactly the due date plus grace, across a month-end clamp.
    target = gen.as_of - 7 * DAY
    candidates = [d for d in (gen.as_of - n * DAY for n in range(25, 45)) if months_later(d, 1) == target]
    if not candidates:  # e.g. no day a month before 31 December lands on it
        return
    last = max(candidates, key=lambda d: (d.day > target.day, d))  # a clamped one if there is one
    p = gen.regular()
    gen.sessions(p, [s.date for s in p.sessions if s.date < last - 3 * DAY] + [last])
    gen.empty_months(p)  # quiet by the gap; a month it leaves empty is a breach by the calendar (S6)
    gen.near.append(f"S1: {p.id} last seen {last}, due {target} + 7 days grace = the check date {gen.as_of}")


def _s2(gen: Generator) -> None:
    # Breach: a 50-day gap in the middle of the records.
    p = gen.regular()
    dates = [s.date for s in p.sessions]
    a = dates[len(dates) // 2]
    b = a + 50 * DAY
    gen.sessions(p, [d for d in dates if d <= a] + [b] + gen.cadence(b + 20 * DAY, gen.as_of))
    gen.plant("S2", p, b)
    gen.empty_months(p)
    # Near miss: 31st to the clamped month end + 7 days, in an ordinary (non-leap) February if any.
    clamped = _month_end_clamp(
        gen, gen.start + 40 * DAY, gen.as_of - 80 * DAY, leap=False, january=True
    ) or _month_end_clamp(gen, gen.start + 40 * DAY, gen.as_of - 80 * DAY)
    if clamped is None:
        return
    a = clamped
    b = months_later(a, 1) + 7 * DAY
    p = gen.regular()
    before = [s.date for s in p.sessions if s.date < a - 3 * DAY]
    gen.sessions(p, before + [a, b] + gen.cadence(b + 20 * DAY, gen.as_of))
    gen.empty_months(p)  # quiet by the gap; a month it leaves empty is a breach by the calendar (S6)
    gen.near.append(f"S2: {p.id} sessions {a} and {b}: exactly the limit after a month-end clamp")


def _s6(gen: Generator) -> None:
    # Breaches: the months the S1 and S2 scenarios (and their near misses) leave empty, planted there.
    # Near miss: each month's one session on its first day, exactly a month apart (every month held).
    p = gen.regular()
    month = months_later(gen.as_of.replace(day=1), -4)
    edges = [months_later(month, k) for k in range(4)]
    before = [s.date for s in p.sessions if s.date < edges[0] - 3 * DAY]
    gen.sessions(p, before + edges + gen.cadence(edges[-1] + 20 * DAY, gen.as_of))
    gen.near.append(f"S6: {p.id} one session on the first day of each month from {edges[0]} to {edges[-1]}")


def _s3(gen: Generator) -> None:
    window = months_later(gen.as_of, -12)
    early = gen.cadence(gen.start + 5 * DAY, window - 10 * DAY, 36, 40)
    # Breach: a 0.6 FTE part-timer with 5 sessions in the year (6 required).
    p = gen.part_timer(0.6, early + [window + k * 60 * DAY + 30 * DAY for k in range(5)])
    gen.plant("S3", p, gen.as_of)
    # Near misses: exactly 6 at 0.6 FTE; a 0.5 FTE part-timer in post for half the year with 3.
    p = gen.part_timer(0.6, early + [window + k * 55 * DAY + 20 * DAY for k in range(6)])
    gen.near.append(f"S3: {p.id} at 0.6 FTE has exactly the 6 sessions required")
    start = gen.as_of - 183 * DAY
    p = gen.part_timer(0.5, [start + 10 * DAY, start + 70 * DAY, start + 130 * DAY], start_date=start.isoformat())
    gen.near.append(f"S3: {p.id} at 0.5 FTE since {start} needs ceil(10 x 0.5 x 183/{(gen.as_of - window).days}) = 3")


def _s4(gen: Generator) -> None:
    anchor = gen.as_of - 300 * DAY
    # Breach: no session in week 3, none in fortnight 4 of the fortnightly phase.
    probe = gen.newly_qualified(anchor)
    week3 = [s.date for s in probe.sessions if anchor + 14 * DAY <= s.date < anchor + 21 * DAY]
    fortnight4 = [s.date for s in probe.sessions if anchor + 84 * DAY <= s.date < anchor + 98 * DAY]
    gen.sessions(probe, [s.date for s in probe.sessions if s.date not in week3 + fortnight4])
    gen.plant("S4", probe, anchor + 14 * DAY)
    gen.plant("S4", probe, anchor + 84 * DAY)
    # Near misses: sessions on the last day of each week and of each fortnight;
    # a newly qualified worker three weeks in, whose week 3 is not over yet.
    p = gen.newly_qualified(gen.as_of - 250 * DAY, on_edges=True)
    gen.near.append(f"S4: {p.id} has sessions on window edges")
    anchor = gen.as_of - 20 * DAY
    p = gen.newly_qualified(
        anchor,
        on_edges=True,  # the session of week 2 on its last day: not overdue, even with no grace
        skip=(
            anchor + 14 * DAY,
            anchor + 15 * DAY,
            anchor + 16 * DAY,
            anchor + 17 * DAY,
            anchor + 18 * DAY,
            anchor + 19 * DAY,
            anchor + 20 * DAY,
        ),
    )
    gen.near.append(f"S4: {p.id} started {anchor}; week 3 is not complete")


def _s5(gen: Generator) -> None:
    p = gen.regular()
    formal = p.formal()
    formal[3].duration, formal[6].duration = 45, 150
    formal[4].duration, formal[5].duration = 60, 120  # near misses: exactly the limits
    gen.informal(p).duration = 15  # informal: not checked
    gen.plant("S5", p, formal[3].date)
    gen.plant("S5", p, formal[6].date)


def _agreements(gen: Generator) -> None:
    p = gen.regular()
    p.agreements = []
    gen.plant("A1", p, p.formal()[0].date)
    p = gen.regular()
    p.agreements = [(d, r, {"supervisor": True, "supervisee": False}) for d, r, _ in p.agreements]
    gen.plant("A1", p, p.formal()[0].date)
    p = gen.regular()
    review = gen.as_of - 10 * DAY
    p.agreements = [(review - 365 * DAY, review, {"supervisor": True, "supervisee": True})]
    gen.plant("A2", p, review)
    p = gen.regular()
    p.agreements = [(gen.as_of - 365 * DAY, gen.as_of, {"supervisor": True, "supervisee": True})]
    gen.near.append(f"A2: {p.id} agreement review date is the check date")


def _recording(gen: Generator) -> None:
    p = gen.regular()
    formal = p.formal()
    formal[2].signed["supervisee"] = None
    formal[4].signed["supervisor"] = formal[4].date + 20 * DAY
    formal[5].signed["supervisor"] = formal[5].date + 14 * DAY  # near miss: the last day allowed
    formal[7].next_date = None
    gen.informal(p)  # an ad hoc record needs no next date
    last = gen.as_of - 3 * DAY
    dates = [s.date for s in p.sessions if s.session_type == "one_to_one" and s.date < last - 3 * DAY]
    keep = {id(s): s for s in p.sessions}
    sessions = [s for s in keep.values() if s.date in dates or s.session_type != "one_to_one"]
    sessions.append(
        PlannedSession(last, next_date=last + 28 * DAY, functions=FUNCTIONS[:2], review="Reviewed.", signed={})
    )  # near miss: unsigned, not yet late
    p.sessions = sorted(sessions, key=lambda s: s.date)
    gen.plant("R1", p, formal[2].date)
    gen.plant("R1", p, formal[4].date)
    gen.plant("R2", p, formal[7].date)


def _actions(gen: Generator) -> None:
    p = gen.regular()
    formal = p.formal()
    formal[2].actions = [("Book a case audit", "", formal[2].date + 14 * DAY)]
    formal[4].actions = [("Complete the chronology", "Supervisor", None)]
    formal[7].actions = [("Visit the family", "Supervisee", formal[7].date + 10 * DAY)]
    formal[8].review = ""
    # near miss: a session before the deadline need not review it; the first one after it does
    formal[9].actions = [("Finish the parenting assessment", "Supervisee", formal[11].date)]
    formal[10].review = ""
    formal[-1].actions = [("Plan the next review", "Supervisee", gen.as_of)]  # near miss: due today
    gen.plant("ACT1", p, formal[2].date)
    gen.plant("ACT1", p, formal[4].date)
    gen.plant("ACT2", p, formal[7].date + 10 * DAY)


def _f1(gen: Generator) -> None:
    p = gen.regular()
    gen.sessions(p, [s.date for s in p.sessions], functions=FUNCTIONS[:3])
    gen.plant("F1", p, gen.as_of)


def _c1(gen: Generator) -> None:
    # Breach now: a child in need last discussed 100 days ago.
    p = gen.regular()
    child = gen.child()
    formal = p.formal()
    talked = [s for s in formal if s.date <= gen.as_of - 100 * DAY][-4:]
    for s in talked:
        s.children.append((child, "child_in_need", "amber", ""))
    gen.plant("C1", p, months_later(talked[-1].date, 3))
    # Breach in the past: a child protection case not discussed for 40 days.
    p = gen.regular()
    child = gen.child()
    formal = p.formal()
    gap_from = formal[len(formal) // 2].date
    for s in formal:
        if not gap_from < s.date < gap_from + 40 * DAY:
            s.children.append((child, "child_protection", "green", ""))
    gen.plant("C1", p, months_later(gap_from, 1))
    # Near miss: discussed again exactly three months later, landing on 29 February if possible.
    p = gen.regular()
    child = gen.child()
    leap = [d for d in (gen.as_of - n * DAY for n in range(7, 85)) if d.month == 2 and d.day == 29]
    second = leap[0] if leap else gen.as_of - 30 * DAY
    first = next((d for d in (second - n * DAY for n in range(85, 95)) if months_later(d, 3) == second), None)
    if first is None:
        return
    for d in (first, second):
        p.sessions.append(
            PlannedSession(
                d,
                kind="case-record",
                next_date=None,
                children=[(child, "child_in_need", "green", "")],
                signed={"supervisee": d, "supervisor": d},
            )
        )
    p.sessions.sort(key=lambda s: s.date)
    gen.near.append(f"C1: {p.id} discussed {child} on {first} and {second}, exactly three months")


def _c2(gen: Generator) -> None:
    p = gen.regular()
    formal = p.formal()
    days = [formal[i].date + 2 * DAY for i in range(1, 8)]
    cases = {
        gen.child(): [("red", ""), ("red", "")],  # breach
        gen.child(): [("red", ""), ("red", "Add a core group review")],  # near miss: plan amended
        gen.child(): [("red", ""), ("amber", ""), ("red", "")],
    }  # near miss: not in a row
    for n, (child, ratings) in enumerate(cases.items()):
        for (rag, plan), d in zip(ratings, days[n * 2 :], strict=False):
            p.sessions.append(
                PlannedSession(
                    d,
                    kind="case-record",
                    next_date=None,
                    children=[(child, "other", rag, plan)],
                    signed={"supervisee": d, "supervisor": d},
                )
            )
    p.sessions.sort(key=lambda s: s.date)
    gen.plant("C2", p, days[1])


def _e1(gen: Generator) -> None:
    p = gen.regular()
    p.evaluations = [gen.as_of - 400 * DAY]
    gen.plant("E1", p, months_later(gen.as_of - 400 * DAY, 12))
    p = gen.regular()
    p.evaluations = []
    if months_later(gen.start, 12) < gen.as_of:
        gen.plant("E1", p, months_later(gen.start, 12))
    else:
        gen.near.append(f"E1: {p.id} has no evaluation, but the records began exactly a year ago")
    p = gen.regular()
    year_ago = [d for d in (gen.as_of - n * DAY for n in range(360, 370)) if months_later(d, 12) == gen.as_of]
    p.evaluations = year_ago[:1] or [gen.as_of - 300 * DAY]
    if year_ago:
        gen.near.append(f"E1: {p.id} evaluated exactly a year before the check date")


def _booking(gen: Generator) -> None:
    # B1: a newly qualified worker (the demo's booking rule covers them) whose record gives no next date;
    # near miss: the next record gives the very next day.
    p = gen.newly_qualified(gen.as_of - 300 * DAY)
    formal = p.formal()
    formal[3].next_date = None
    formal[4].next_date = formal[4].date + DAY
    gen.plant("B1", p, formal[3].date)
    # B2: cancelled by the supervisor one day before, rearranged to the next session 5 days after it;
    # near miss: exactly two days' notice; and a session cancelled by someone else at no notice.
    p = gen.regular()
    formal = p.formal()
    planned = formal[3].date - 5 * DAY
    p.log.append((planned, "cancelled", "supervisor", planned - DAY, formal[3].date))
    gen.plant("B2", p, planned)
    near = formal[6].date - 3 * DAY
    p.log.append((near, "moved", "supervisee", near - 2 * DAY, formal[6].date))
    other = formal[8].date - 4 * DAY
    p.log.append((other, "cancelled", "other", other, formal[8].date))
    p.log += [(s.date, "held", None, None, None) for s in formal[:3]]
    gen.near.append(f"B2: {p.id} moved the session of {near} exactly two days before")
    # B3: cancelled with notice 3 days before, rearranged 14 days after the day planned (10 days from
    # the day cancelled ran out 7 days after it); near miss: rearranged exactly 10 days after cancelling.
    p = gen.regular()
    formal = p.formal()
    planned = formal[4].date - 14 * DAY
    p.log.append((planned, "cancelled", "supervisee", planned - 3 * DAY, formal[4].date))
    gen.plant("B3", p, planned)
    near = formal[8].date - 8 * DAY
    p.log.append((near, "cancelled", "supervisor", near - 2 * DAY, formal[8].date))
    gen.near.append(f"B3: {p.id} rearranged the session of {near} exactly ten days after cancelling it")


def _visitor(gen: Generator) -> None:
    d = gen.as_of - 40 * DAY
    gen.extra.append(
        (PlannedSession(d, next_date=d + 28 * DAY, signed={"supervisee": d, "supervisor": d}), "Visiting Locum")
    )


def _s7(gen: Generator) -> None:
    # Breach: a student on placement (every 2 to 4 weeks) seen again 8 days after a session.
    p = gen.regular(experience="student")
    dates = [s.date for s in p.sessions]
    a = dates[len(dates) // 2]
    gen.sessions(p, [d for d in dates if d <= a] + [a + 8 * DAY] + gen.cadence(a + 30 * DAY, gen.as_of))
    gen.plant("S7", p, a + 8 * DAY)
    # Near miss: another student seen again exactly 2 weeks after a session.
    p = gen.regular(experience="student")
    dates = [s.date for s in p.sessions]
    a = dates[len(dates) // 2]
    gen.sessions(p, [d for d in dates if d <= a] + [a + 14 * DAY] + gen.cadence(a + 40 * DAY, gen.as_of))
    gen.near.append(f"S7: {p.id} sessions {a} and {a + 14 * DAY}: exactly the 2 weeks allowed")
