"""How soon each party signs a session record (`recording.sign_within`), and from when.

    sign_within: "14 days"                              # every party, from the session (as before)
    sign_within:
      supervisor: "10 days"                             # from the session
      supervisee: {within: "5 days", from: receipt}     # from the day the record reached them

"Receipt" is the date the record reached a party (RECEIPT): for the supervisee, the date the
supervisor signed it (or the date it was sent, where the session record has a field with the role
`record_sent_date`); for the supervisor, the date the supervisee signed it. Records carry dates, not
times: a deadline in hours is whole days of hours (periods.py `Deadline`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..errors import MEANINGS
from ..structure import INVALID, Context, doc, join
from .periods import Deadline

RECEIPT = {
    "supervisee": "the date the supervisor signs it",
    "supervisor": "the date the supervisee signs it",
}  # what "receipt" is for each party: the date the record reached them
# words a person may write for what a deadline counts from (errors.did_you_mean)
MEANINGS.update(
    {
        "session": ("the session date", ("meeting", "supervision", "held", "session_date")),
        "receipt": (
            "the date the record reached them",
            ("received", "receiving", "sent", "sending", "signature", "signed", "countersigned"),
        ),
    }
)


@dataclass(frozen=True)
class PartyDeadline:
    """How soon one party signs a session record, and from when: `"10 days"` (from the session),
    or `{within: "5 days", from: receipt}` (from the date the record reached them: RECEIPT)."""

    within: Deadline = field(metadata=doc('e.g. "10 days", "5 working days" or "48 hours"', example='"5 days"'))
    from_: Literal["session", "receipt"] = field(
        default="session",
        metadata=doc("session (the session date) or receipt (the date the record reached this party)", key="from"),
    )

    EXAMPLE = '"10 days", or within: "5 days" and from: receipt'

    @classmethod
    def from_scalar(cls, node, path, ctx):
        value = Deadline.__structure__(node, path, ctx)
        return INVALID if value is INVALID else cls(within=value)

    def __unstructure__(self):
        return str(self.within) if self.from_ == "session" else {"within": str(self.within), "from": self.from_}

    def words(self, party: str) -> str:
        """ "within 5 days of receiving it (the supervisor's signature)", "within 10 days of the session"."""
        if self.from_ == "receipt":
            return f"within {self.within} of receiving it ({RECEIPT[party]})"
        return f"within {self.within} of the session"


@dataclass(frozen=True)
class SignOff:
    """`sign_within` per party: `supervisor: "10 days"`, `supervisee: {within: "5 days", from: receipt}`.
    A single length (`sign_within: "14 days"`) is read as before: every party, from the session."""

    supervisor: PartyDeadline | None = None
    supervisee: PartyDeadline | None = None

    EXAMPLE = '"14 days" (every party, from the session), or supervisor: and supervisee: lines'

    @classmethod
    def from_scalar(cls, node, path, ctx):
        return Deadline.__structure__(node, path, ctx)  # one length for every party (a Deadline, not a SignOff)

    def __unstructure__(self):
        return {p: d.__unstructure__() for p, d in self.parties().items()}

    def parties(self) -> dict[str, PartyDeadline]:
        return {p: d for p in ("supervisor", "supervisee") if (d := getattr(self, p)) is not None}

    def __str__(self) -> str:
        return " and by ".join(f"the {p} {d.words(p)}" for p, d in self.parties().items())

    def _check(self, ctx: Context, node, path: str) -> None:
        given = self.parties()
        if not given:
            ctx.problem(
                "missing-key",
                "sign_within gives no party's deadline",
                'add supervisor: "10 days" and supervisee: {within: "5 days", from: receipt}, '
                'or write one length for every party: sign_within: "14 days"',
                node,
                path,
            )
        elif all(d.from_ == "receipt" for d in given.values()) and len(given) > 1:
            ctx.problem(
                "bad-value",
                "both deadlines count from receipt, so each party waits for the other and neither clock starts",
                "count the first to sign from the session: write from: session (or just the length) for one of them",
                node.children.get("supervisee", node),
                join(path, "supervisee"),
            )


def party_deadlines(value, parties) -> dict[str, PartyDeadline]:
    """Each signing party's deadline from `recording.sign_within` as read (`SignOff`, or one
    length for every party, from the session)."""
    if isinstance(value, SignOff):
        given = value.parties()
        return {p: given[p] for p in parties if p in given}
    return {p: PartyDeadline(value) for p in parties} if value is not None else {}
