"""The count kind of schedule: at least N formal sessions in a period (`schedule: {count: ...}`).

    schedule: {count: {at_least: 10, per: "1 year", pro_rata: true}}

`quota` says how many sessions a window must hold (the report's S3, docgen/report/counts.py).
It is registered in `KINDS` by schedules.py, with the other kinds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import ClassVar

from ..structure import Context, doc, join
from .periods import Interval
from .schedulebase import Quota, Schedule


@dataclass(frozen=True)
class Count:
    at_least: int
    per: Interval = Interval(1, "year")
    pro_rata: bool = field(default=False, metadata=doc("scale by FTE and time in post"))

    def _check(self, ctx: Context, node, path: str) -> None:
        if self.at_least < 1:
            ctx.problem(
                "bad-value",
                f"at_least: {self.at_least} asks for no sessions at all, so the rule could never be broken",
                "write the number of sessions the policy asks for, 1 or more (e.g. at_least: 10); if the policy "
                "sets no number, use schedule: {set_in_agreement: true}",
                node.children.get("at_least", node),
                join(path, "at_least"),
            )


@dataclass(frozen=True)
class AtLeast(Schedule):
    count: Count
    kind: ClassVar[str] = "count"

    def words(self, labels=None) -> str:
        c = self.count
        text = f"at least {c.at_least} times {'a year' if c.per == Interval(1, 'year') else 'every ' + str(c.per)}"
        return text + (" (pro rata to each person's working hours and time in post)" if c.pro_rata else "")

    def sort_days(self, schedules, depth=0) -> float:
        return self.count.per.approx_days() / max(self.count.at_least, 1)

    def quota(self, as_of, start_date, fte) -> Quota | None:
        """Pro rata by FTE (when the rule says so) and by time in post within the window; None when
        less than one session is expected."""
        c = self.count
        since = c.per.before(as_of)
        in_post = max(since, start_date or since)
        fraction = (as_of - in_post).days / max((as_of - since).days, 1)
        factor = (fte or 1.0) if c.pro_rata else 1.0
        expected = c.at_least * factor * fraction
        if expected < 1:
            return None
        return Quota(since, in_post, math.ceil(expected - 1e-9), factor, fraction)
