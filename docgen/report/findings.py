"""The check catalogue and the findings it yields.

Each check has an id, a title, a default severity and a plain-English statement of what it
enforces, in one table, CATALOGUE (tests/test_error_catalogues.py checks it names every CheckId).
Severities: info < advisory < warning < breach. A policy may switch checks off and
change severities in its `compliance:` block; a rule the policy words as "recommended" is
reported as a warning, not a breach.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..policy.model import Source
from ..policy.sections import Policy
from ..policy.stated import NOT_STATED

SEVERITIES = ("info", "advisory", "warning", "breach")


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    severity: str
    what: str


CATALOGUE: dict[str, Check] = {
    c.id: c
    for c in (
        Check(
            "S1",
            "Supervision overdue",
            "breach",
            "The next formal session is overdue: the time since the last one is longer than the policy allows, "
            "plus its grace period.",
        ),
        Check(
            "S2",
            "Gap between sessions too long",
            "warning",
            "A past gap between consecutive formal sessions was longer than the policy allows, plus its grace period.",
        ),
        Check(
            "S3",
            "Too few sessions in the year",
            "breach",
            "Fewer formal sessions in the last 12 months (or the year the policy names) than the policy's count "
            "requires (pro rata by FTE and time in post where the policy says so); earlier years, and the time in "
            "post of people who have left, are checked too and marked as past. An amended copy of one session record "
            "counts once.",
        ),
        Check(
            "S4",
            "Newly-qualified schedule missed",
            "breach",
            "A window of the stepped schedule for newly qualified staff passed with no formal session, or a gap "
            "between sessions was longer than the interval of the phase it fell due in.",
        ),
        Check(
            "S5",
            "Session length outside the policy",
            "warning",
            "A formal session was shorter or longer than the policy allows.",
        ),
        Check(
            "S6",
            "No session in a calendar period",
            "breach",
            "A complete calendar month (or week, quarter or year, as the rule's interval names) in post passed "
            "with no formal session, under a rule read by the calendar (reading: calendar, or both, the default).",
        ),
        Check(
            "S7",
            "Sessions closer together than the policy allows",
            "advisory",
            "Two consecutive formal sessions were closer together than the shortest time the rule allows (the min: "
            "of a range such as every 6 to 8 weeks).",
        ),
        Check(
            "A1",
            "No signed supervision agreement",
            "breach",
            "The person is being supervised but has no agreement signed by both parties.",
        ),
        Check(
            "A2",
            "Agreement past its review date",
            "warning",
            "The supervision agreement was due for review and no newer agreement has been signed.",
        ),
        Check(
            "R1",
            "Record not signed in time",
            "breach",
            "The session record was not signed by everyone the policy names within the policy's time.",
        ),
        Check(
            "R2",
            "No next session date",
            "advisory",
            "The record of a formal session does not give the date of the next session.",
        ),
        Check(
            "ACT1",
            "Action without owner or deadline",
            "warning",
            "An agreed action has no owner (by whom) or no deadline (by when).",
        ),
        Check(
            "ACT2",
            "Overdue action not reviewed",
            "warning",
            "An action's deadline passed and the first session after it did not review the actions.",
        ),
        Check(
            "F1",
            "Function of supervision not covered",
            "advisory",
            "A function of supervision was not covered within the policy's balance window.",
        ),
        Check(
            "C1",
            "Child not discussed in time",
            "breach",
            "A child in a category with a maximum discussion interval was not discussed within it.",
        ),
        Check(
            "C2",
            "Drift: red twice with no plan change",
            "breach",
            "A child was rated red (getting worse) at two discussions in a row and no plan amendment was recorded.",
        ),
        Check(
            "E1",
            "No supervision evaluation",
            "advisory",
            "No evaluation of supervision by the supervisee within the policy's interval.",
        ),
        Check(
            "B1",
            "Next session not booked",
            "breach",
            "The policy has the next session booked at the end of each session, and a formal session's record "
            "gives no date after it for the next one (for the people this covers it replaces R2).",
        ),
        Check(
            "B2",
            "Cancelled with too little notice",
            "breach",
            "A session was cancelled or moved with less notice than the policy asks (read from the session log).",
        ),
        Check(
            "B3",
            "Cancelled session not rearranged in time",
            "breach",
            "A cancelled or moved session was not rearranged, or held, within the policy's limit "
            "(read from the session log).",
        ),
    )
}


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str
    staff_id: str  # the supervisee (or the worker for children's cases)
    name: str
    team: str
    supervisor: str
    date: dt.date  # the date the finding is about (a due date, a session date, a window start)
    message: str  # plain English, with the numbers
    clause: str  # the policy clause it enforces, cited
    detail: str = ""  # e.g. the child, the action, the file
    checked_as: str = ""  # the reading of the rule the check used: "at least one session in each calendar month"

    @property
    def key(self) -> tuple[str, str, dt.date]:
        return (self.check, self.staff_id, self.date)

    def as_row(self) -> dict:
        return {
            "check": self.check,
            "title": CATALOGUE[self.check].title,
            "severity": self.severity,
            "staff_id": self.staff_id,
            "name": self.name,
            "team": self.team,
            "supervisor": self.supervisor,
            "date": self.date.isoformat(),
            "finding": self.message,
            "detail": self.detail,
            "policy_clause": self.clause,
            "checked_as": self.checked_as,
        }


DEFAULT = "docgen's default (your policy does not set this)"
OWN = "docgen's own check (your policy has no rule on this)"
UNCITED = "your policy says this but names no source for it"


@dataclass(frozen=True)
class Part:
    """One value a check runs on, in words: stated by the policy (with the source of the block it
    sits in, which is its own source) or docgen's default."""

    what: str
    source: Source | None = None
    stated: bool = True


def cite(policy: Policy, source: Source | None, what: str) -> str:
    """`what` with the clause it comes from: "Rule: Practitioners (Northshire policy 5.1: "…")".
    A block marked `source: {basis: default}` (or gap) is docgen's, not a clause of the policy."""
    if source is not None and source.basis in NOT_STATED:
        return f"{DEFAULT}: {what}"
    if source is None:
        return f"{what} ({UNCITED})"
    titles = {s.id: s.title for s in policy.sources}
    where = " ".join(x for x in (titles.get(source.ref, source.ref), source.at) if x)
    quote = f': "{source.quote}"' if source.quote else ""
    return f"{what} ({where}{quote})"


def clause(policy: Policy, *parts: Part) -> str:
    """The clause column for a check that runs on several values: each stated one cited by its own
    source, then every default in one plain phrase ("docgen's default (…): within 14 days")."""
    cited, defaulted = [], []
    for part in parts:
        if part.stated and not (part.source is not None and part.source.basis in NOT_STATED):
            cited.append(cite(policy, part.source, part.what[:1].upper() + part.what[1:]))
        else:
            defaulted.append(part.what)
    if defaulted:
        cited.append(f"{DEFAULT}: {', '.join(defaulted)}")
    return "; ".join(cited)


def says(source: Source | None, *words: str) -> bool:
    """True when a source's quoted words name what a check enforces: the test for citing a general
    clause (scheduling, the RAG scale) for a specific check."""
    if source is None or source.basis in NOT_STATED:
        return False
    text = source.quote.casefold()
    return any(w in text for w in words)


def own(what: str) -> str:
    """The clause column for a check with no basis in the policy at all."""
    return f"{OWN}: {what}"


def severity_for(policy: Policy, check: str, strength: str | None = None) -> str:
    comp = policy.compliance
    if comp and check in comp.severity:
        return comp.severity[check]
    base = CATALOGUE[check].severity
    if strength == "recommended" and base == "breach":
        return "warning"
    return base


def enabled(policy: Policy, check: str) -> bool:
    return not (policy.compliance and check in policy.compliance.off)
