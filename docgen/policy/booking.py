"""Booking rules: the next session booked at the end of each session, notice to cancel, and a
cancelled session rearranged in time (issue 19). Each rule is optional and cites its source; the
report checks them as B1, B2 and B3 (docgen/report/booking.py), reading cancellations from the
session log form (kind `session-log`).

    booking:
      next_session:              # "the next session is booked at the end of each session"
        source: {ref: council, at: "4.2"}
      cancellation_notice:       # "at least 2 days' notice to cancel"
        at_least: "2 days"
        by: [supervisor, supervisee]
        source: {ref: council, at: "4.3"}
      rearranged:                # "a cancelled session is rearranged within 10 days"
        within: "10 days"
        counted_from: cancelled
        source: {ref: council, at: "4.3"}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..structure import Context, doc, join
from .model import Selector, Source, Strength
from .periods import Deadline

Canceller = Literal["supervisor", "supervisee", "other"]
CANCELLERS: tuple[str, ...] = Canceller.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class NextSessionBooked:
    """ "The next session is booked at the end of each session": each formal session's record gives
    the date of the next one (check B1, which then stands in for R2 for the people it covers)."""

    source: Source
    strength: Strength = "must"
    applies_to: Selector = field(default=Selector(), metadata=doc("who the rule covers (default: everyone supervised)"))
    text: str = field(default="", metadata=doc("the rule in the agency's words"))

    def words(self) -> str:
        return (
            self.text or "The date of the next session is booked at the end of each session and written on the record."
        )


@dataclass(frozen=True)
class CancellationNotice:
    """ "At least 2 days' notice to cancel": a session cancelled or moved is cancelled at least this
    long before the day it was planned for (check B2)."""

    at_least: Deadline = field(
        metadata=doc('the least notice, e.g. "2 days", "2 working days" or "48 hours"', example='"2 days"')
    )
    source: Source
    by: tuple[Canceller, ...] = field(
        default=("supervisor", "supervisee"),
        metadata=doc("who must give the notice: supervisor, supervisee, other (default: supervisor and supervisee)"),
    )
    strength: Strength = "must"
    text: str = field(default="", metadata=doc("the rule in the agency's words"))

    def _check(self, ctx: Context, node, path: str) -> None:
        if not self.by:
            ctx.problem(
                "bad-value",
                "by is empty, so no one has to give notice",
                "list who must give notice: by: [supervisor, supervisee] (allowed: supervisor, supervisee, other)",
                node.children.get("by", node),
                join(path, "by"),
            )

    def who(self) -> str:
        names = {"supervisor": "the supervisor", "supervisee": "the supervisee", "other": "anyone else"}
        parts = [names[b] for b in self.by]
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]

    def notice(self) -> str:
        """ "2 days' notice", "1 working day's notice"."""
        mark = "'s" if self.at_least.amount == 1 else "'"
        return f"{self.at_least}{mark} notice"

    def words(self) -> str:
        return self.text or f"A session is not cancelled or moved by {self.who()} with less than {self.notice()}."


@dataclass(frozen=True)
class Rearranged:
    """ "A cancelled session is rearranged within 10 days": a session cancelled or moved is held, or
    booked for a date, no later than this after the day it was cancelled (check B3)."""

    within: Deadline = field(metadata=doc('how soon, e.g. "10 days" or "2 weeks"', example='"10 days"'))
    source: Source
    counted_from: Literal["cancelled", "planned"] = field(
        default="cancelled",
        metadata=doc(
            "the day counted from: cancelled (the day it was cancelled or moved; the stricter reading, and"
            " the planned day when the log does not say) or planned (the day the session was planned for)"
        ),
    )
    strength: Strength = "must"
    text: str = field(default="", metadata=doc("the rule in the agency's words"))

    def words(self) -> str:
        start = "the day it was cancelled" if self.counted_from == "cancelled" else "the day it was planned for"
        return self.text or f"A cancelled or moved session is rearranged to a date within {self.within} of {start}."


@dataclass(frozen=True)
class Booking:
    """How sessions are booked, cancelled and rearranged. Each rule is optional."""

    next_session: NextSessionBooked | None = field(
        default=None, metadata=doc('"the next session is booked at the end of each session" (check B1)')
    )
    cancellation_notice: CancellationNotice | None = field(
        default=None, metadata=doc('"at least 2 days\' notice to cancel" (check B2)')
    )
    rearranged: Rearranged | None = field(
        default=None, metadata=doc('"a cancelled session is rearranged within 10 days" (check B3)')
    )
    intro: str = field(default="", metadata=doc("the agency's words before the rules"))

    def _check(self, ctx: Context, node, path: str) -> None:
        if self.next_session is None and self.cancellation_notice is None and self.rearranged is None:
            ctx.problem(
                "missing-key",
                "booking has no rule",
                "add next_session:, cancellation_notice: or rearranged: (each with its source:), or leave out booking",
                node,
                path,
            )

    def rules(self) -> list[tuple[str, str, Source]]:
        """(check id, the rule in the agency's words, its source), in the order the policy document
        states them: the rule's `text`, else its source's quote, else docgen's sentence for it."""
        out = []
        for check, rule in (("B1", self.next_session), ("B2", self.cancellation_notice), ("B3", self.rearranged)):
            if rule is not None:
                quoted = rule.source.quote if rule.source.basis in ("stated", "paraphrased") else ""
                out.append((check, rule.text or quoted or rule.words(), rule.source))
        return out
