"""The staff roster for `docgen report`: who is supervised, by whom, in which team, since when.

A CSV file (UTF-8, a header row; order of columns does not matter). Required: `staff_id` and
`name`. The other columns:

| column        | meaning                                                                  |
|---------------|--------------------------------------------------------------------------|
| staff_id      | your own unique id for the person                                        |
| name          | full name, as written on the forms                                       |
| team          | team name (findings and charts are grouped by it)                        |
| role          | role ids matched against the policy's rules (several separated by `;`)   |
| experience    | student, newly_qualified, newly_appointed or experienced                 |
| start_date    | start in post (dd/mm/yyyy or YYYY-MM-DD)                                 |
| asye_start    | start of the ASYE year, for newly qualified social workers               |
| employment    | full_time, part_time, volunteer, sessional or agency                     |
| fte           | full-time equivalent, e.g. 0.6                                           |
| supervisor_id | the staff_id of the person's supervisor                                  |
| contact       | direct or indirect (contact with children and families)                  |
| leaving_date  | last day in post, if the person has left                                 |
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem, ProblemsFound, did_you_mean
from ..inputs import csv_table, read_csv_text
from ..policy.model import Contact, Employment, Experience
from ..policy.rules import FTE_HINT, StaffProfile, parse_fte

COLUMNS = ("staff_id", "name", "team", "role", "experience", "start_date", "asye_start", "employment",
           "fte", "supervisor_id", "contact", "leaving_date")
_CHOICES = {"experience": Experience.__args__, "contact": Contact.__args__,  # type: ignore[attr-defined]
            "employment": Employment.__args__}  # type: ignore[attr-defined]
_DATES = ("start_date", "asye_start", "leaving_date")


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
    return parse_roster(read_csv_text(path, "roster"), str(path))


def parse_roster(text: str, file: str = "<roster>") -> Roster:
    """Every bad row and cell is reported at once, located by line and column."""
    header, records = csv_table(text, file, "roster")
    problems: list[Problem] = []
    for col, name in enumerate(header, 1):
        if name not in COLUMNS:
            problems.append(Problem("unknown-key", f'unknown column "{name}"', did_you_mean(name, COLUMNS),
                                    file=file, line=1, column=col, path=name))
    for needed in ("staff_id", "name"):
        if needed not in header:
            problems.append(Problem("missing-key", f'the column "{needed}" is missing',
                                    f"add a {needed} column", file=file, line=1, column=1))
    if problems:
        raise ProblemsFound(problems)
    staff: list[Staff] = []
    seen: dict[str, int] = {}
    for line, cells in records:
        person = _row(cells, line, file, header, problems)
        if person is None:
            continue
        if person.staff_id in seen:
            problems.append(Problem("duplicate-id",
                                    f'staff_id "{person.staff_id}" is also on line {seen[person.staff_id]}',
                                    "give each person their own id", file=file, line=person.line,
                                    column=header.index("staff_id") + 1, path="staff_id"))
        seen.setdefault(person.staff_id, person.line)
        staff.append(person)
    for person in staff:
        if person.supervisor_id and person.supervisor_id not in seen:
            problems.append(Problem("bad-reference",
                                    f'supervisor_id "{person.supervisor_id}" is not anyone\'s staff_id',
                                    "use the supervisor's staff_id from this roster", file=file, line=person.line,
                                    column=header.index("supervisor_id") + 1, path="supervisor_id"))
    if problems:
        raise ProblemsFound(problems)
    return Roster(tuple(staff))


def _row(cells: dict, line: int, file: str, header: list[str], problems: list[Problem]) -> Staff | None:
    def bad(column: str, code: str, message: str, hint: str) -> None:
        problems.append(Problem(code, message, hint, file=file, line=line, column=header.index(column) + 1,
                                path=column))

    if not any(cells.values()):
        return None
    for column in ("staff_id", "name"):
        if not cells.get(column):
            bad(column, "missing-key", f"the {column} is empty", "fill it in or delete the row")
    for column, allowed in _CHOICES.items():
        value = cells.get(column, "")
        if value and value not in allowed:
            bad(column, "bad-choice", f'"{value}" is not allowed in {column}', did_you_mean(value, allowed))
    fte = None
    if cells.get("fte"):
        try:
            fte = parse_fte(cells["fte"])
        except ValueError:
            bad("fte", "bad-value", f'"{cells["fte"]}" is not a full-time equivalent', FTE_HINT)
    dates = {}
    for column in _DATES:
        dates[column] = parse_date(cells.get(column, ""))
        if cells.get(column) and dates[column] is None:
            bad(column, "bad-value", f'"{cells[column]}" is not a date', "write it as dd/mm/yyyy or YYYY-MM-DD")
    if dates["start_date"] and dates["leaving_date"] and dates["leaving_date"] < dates["start_date"]:
        bad("leaving_date", "bad-value", "the leaving date is before the start date", "check both dates")
    profile = StaffProfile(roles=tuple(r.strip() for r in cells.get("role", "").split(";") if r.strip()),
                           experience=cells.get("experience") or None, contact=cells.get("contact") or None,
                           employment=cells.get("employment") or None, fte=fte)
    return Staff(cells.get("staff_id", ""), cells.get("name", ""), cells.get("team", ""), profile,
                 dates["start_date"], dates["asye_start"], cells.get("supervisor_id", ""), dates["leaving_date"], line)


def parse_date(text: str) -> dt.date | None:
    for form in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def roster_csv(rows: list[dict]) -> str:
    """Roster rows (dicts keyed by column) as CSV text, e.g. for the synthetic agency."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row[k]) for k in COLUMNS})
    return out.getvalue()
