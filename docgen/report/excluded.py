"""Who the report's counts leave out, and why: every person on the roster who is not counted among the
supervisees in post, and every supervisee in post no frequency rule applies to, each with a reason.

The summary says how many, in one sentence ("63 supervisees in post, 6 with no rule that applies:
see Notes on the data"), and "Notes on the data" names each person with the reason:

- not supervised: no supervisor on the roster and no session records (a manager who supervises others);
- not started: their start date is after the check date;
- left: their leaving date is before the check date (their records up to then are still checked);
- no rule applies: in post, but no frequency rule of the policy covers them (their role, experience,
  contact or employment on the roster), so no schedule check ran for them;
- same name: another roster row has their name, and records are matched by name, so every record
  naming it is counted for the other row only (roster.py `Roster.find`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .context import ReportContext
from .roster import Staff, name_key
from .words import count

NOT_SUPERVISED = "not supervised"
NOT_STARTED = "not started"
LEFT = "left"
NO_RULE = "no rule applies"
SAME_NAME = "same name"
# how the summary counts each reason, after the number
_SUMMARY = {
    NO_RULE: "with no rule that applies",
    NOT_SUPERVISED: "on the roster not supervised (no supervisor and no session records)",
    NOT_STARTED: "on the roster starting after the check date",
    LEFT: "on the roster who left before the check date",
    SAME_NAME: "on the roster whose name another row has (their records are counted for that row)",
}


@dataclass(frozen=True)
class Left:
    """One person the counts leave out: who, the reason (one of the names above) and the note's words."""

    person: Staff
    reason: str
    note: str


def left_out(ctx: ReportContext, role_reason) -> list[Left]:
    """Everyone on the roster the supervisees-in-post count leaves out, and everyone in post no rule
    applies to (when the policy has rules), in roster order; `role_reason(person)` is the role-based
    fix for a person no rule applies to ("" when their role is not why)."""
    in_post = {p.staff_id for p in ctx.supervisees()}
    supervised = {p.staff_id for p in ctx.supervisees(active=False)}
    day = f"{ctx.as_of:%d/%m/%Y}"
    out = []
    for p in ctx.roster.staff:
        who = f"{p.name} ({p.staff_id})"
        if p.staff_id not in supervised:
            out.append(
                Left(
                    p,
                    NOT_SUPERVISED,
                    f"{who}: not counted as a supervisee: the roster gives them no supervisor (supervisor_id) and no "
                    "session record names them (a supervisor only, or a row whose supervisor_id is missing)",
                )
            )
        elif p.staff_id in in_post:
            if ctx.policy.frequency.rules and ctx.rule(p) is None:
                why = role_reason(p) or (  # the words of build.py's note, so the note is said once
                    f"{who}: no frequency rule of the policy applies; check their role, experience, contact and "
                    "employment on the roster"
                )
                out.append(Left(p, NO_RULE, why))
        elif p.start_date is not None and p.start_date > ctx.as_of:
            out.append(
                Left(
                    p,
                    NOT_STARTED,
                    f"{who}: not counted in post: they start on {p.start_date:%d/%m/%Y}, after the check date ({day})",
                )
            )
        elif p.leaving_date is not None:
            out.append(
                Left(
                    p,
                    LEFT,
                    f"{who}: not counted in post: they left on {p.leaving_date:%d/%m/%Y}, before the check date "
                    f"({day}); their records up to then are still checked",
                )
            )
    return out + _same_names(ctx)


def _same_names(ctx: ReportContext) -> list[Left]:
    """Rows whose name another row has: records are matched by name, to the last such row only."""
    out = []
    for p in ctx.roster.staff:
        other = ctx.roster.find(p.name)
        if other is not None and other.staff_id != p.staff_id and name_key(other.name) == name_key(p.name):
            out.append(
                Left(
                    p,
                    SAME_NAME,
                    f"{p.name} ({p.staff_id}): another row of the roster, {other.staff_id}, has the name "
                    f'"{other.name}", and records are matched by name, so every record naming it is counted for '
                    f"{other.staff_id} only and none for {p.staff_id}; give one of them the name as their forms "
                    "write it differently (e.g. with a middle initial)",
                )
            )
    return out


def counted(in_post: int, left: list[Left]) -> str:
    """The summary's sentence: "63 supervisees in post, 6 with no rule that applies: see Notes on the
    data" (just "1 supervisee in post." when nobody is left out)."""
    head = f"{count(in_post, 'supervisee')} in post"
    if not left:
        return head + "."
    reasons = Counter(item.reason for item in left)
    parts = [
        f"{n:,} {_SUMMARY[reason]}"  # "5 on the roster ...": the number of people, not of supervisees
        for reason in _SUMMARY
        if (n := reasons[reason])
    ]
    return f"{head}, {', '.join(parts)}{SEE}"


SEE = ": see Notes on the data."
