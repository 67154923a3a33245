"""The kinds of schedule defined by another rule, with no number: `more_often_than: <rule id>` and
`less_often_than: <rule id>` (a service supervised less often than the main one).

Each names the rule it is compared with (`refers_to`, checked by crossrefs.py and, in the same round
as structural errors, rawrefs.py) and sorts just stricter or just less strict than it. Neither gives
a number, so the report can hold no session date to them: `unchecked` says why, and the report lists
the people they govern as not checked. Registered in `KINDS` by schedules.py, with the other kinds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from ..structure import Ident, doc
from . import schedulewords
from .schedulebase import Schedule


@dataclass(frozen=True)
class MoreOftenThan(Schedule):
    more_often_than: Ident = field(metadata=doc("id of another rule; no number given"))
    kind: ClassVar[str] = "more_often_than"
    from_words = staticmethod(schedulewords.more_often)

    def words(self, labels=None) -> str:
        other = (labels or {}).get(self.more_often_than, self.more_often_than)
        return f'more often than under "{other}" (the policy gives no number)'

    def sort_days(self, schedules, depth=0) -> float:
        other = schedules.get(self.more_often_than)
        if other is None or depth >= 10:
            return float("inf")
        return other.sort_days(schedules, depth + 1) - 0.5

    def refers_to(self) -> Ident | None:
        return self.more_often_than

    def unchecked(self) -> str:
        return f'the rule says only "more often than" another rule ({self.more_often_than}), with no number to check'


@dataclass(frozen=True)
class LessOftenThan(Schedule):
    """Less often than under another rule (a service supervised less frequently than the main one): no
    number, so nothing the report can hold a session date to. It says no floor (how rarely is not
    said) and a session more often is no breach, so the report names the people it could not check."""

    less_often_than: Ident = field(metadata=doc("id of another rule; no number given"))
    kind: ClassVar[str] = "less_often_than"
    from_words = staticmethod(schedulewords.less_often)

    def words(self, labels=None) -> str:
        other = (labels or {}).get(self.less_often_than, self.less_often_than)
        return f'less often than under "{other}" (the policy gives no number)'

    def sort_days(self, schedules, depth=0) -> float:
        other = schedules.get(self.less_often_than)
        if other is None or depth >= 10:
            return float("inf")
        return other.sort_days(schedules, depth + 1) + 0.5  # less strict than the rule it names

    def refers_to(self) -> Ident | None:
        return self.less_often_than

    def unchecked(self) -> str:
        return f'the rule says only "less often than" another rule ({self.less_often_than}), with no number to check'
