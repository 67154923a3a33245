"""The staff roster for `docgen report`: who is supervised, by whom, in which team, since when.

The file and its columns are docgen/policy/staff.py's (the same file can personalise forms with
`docgen generate --prefill`). Required: `staff_id` and `name` (or `supervisee`); each staff_id once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..policy.rules import StaffProfile
from ..policy.staff import COLUMNS as STAFF_COLUMNS
from ..policy.staff import ROSTER, StaffEntry, parse_staff, read_staff

# The columns roster_csv writes: every column the staff list accepts but the supervisor's name (a roster
# names the supervisor by supervisor_id).
COLUMNS = tuple(c for c in STAFF_COLUMNS if c != "supervisor")


@dataclass(frozen=True)
class Staff:
    staff_id: str
    name: str
    team: str = ""
    profile: StaffProfile = StaffProfile()
    start_date: dt.date | None = None
    asye_start: dt.date | None = None
    supervisor_id: str = ""
    leaving_date: dt.date | None = None
    line: int = field(default=0, compare=False)

    def active_on(self, day: dt.date) -> bool:
        started = self.start_date is None or self.start_date <= day
        return started and (self.leaving_date is None or self.leaving_date >= day)


def name_key(name: str) -> str:
    """How names are matched between roster and forms: case, spacing and dots do not matter."""
    return re.sub(r"[\s.]+", " ", (name or "").casefold()).strip()


@dataclass(frozen=True)
class Roster:
    staff: tuple[Staff, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {s.staff_id: s for s in self.staff})
        object.__setattr__(self, "_by_name", {name_key(s.name): s for s in self.staff})

    def get(self, staff_id: str) -> Staff | None:
        return self._by_id.get(staff_id)  # type: ignore[attr-defined]

    def find(self, name_or_id) -> Staff | None:
        """The person a form names, by name (or by staff id written in the name box)."""
        if not isinstance(name_or_id, str) or not name_or_id.strip():
            return None
        text = name_or_id.strip()
        return self._by_name.get(name_key(text)) or self._by_id.get(text)  # type: ignore[attr-defined]

    def supervisor_name(self, person: Staff) -> str:
        boss = self.get(person.supervisor_id)
        return boss.name if boss else ""


def read_roster(path: str | Path) -> Roster:
    return _roster(read_staff(path, ROSTER))


def parse_roster(text: str, file: str = "<roster>") -> Roster:
    """Every bad row and cell is reported at once, located by line and column."""
    return _roster(parse_staff(text, file, ROSTER))


def _roster(entries: list[StaffEntry]) -> Roster:
    return Roster(
        tuple(
            Staff(
                e.staff_id,
                e.name,
                e.team,
                e.profile,
                e.start_date,
                e.asye_start,
                e.supervisor_id,
                e.leaving_date,
                e.line,
            )
            for e in entries
        )
    )


def roster_csv(rows: list[dict]) -> str:
    """Roster rows (dicts keyed by column) as CSV text, e.g. for the synthetic agency."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row[k]) for k in COLUMNS})
    return out.getvalue()
