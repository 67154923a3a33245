"""The staff CSV: one reader for the staff list `docgen generate --prefill` personalises forms
from and the roster `docgen report --roster` checks against. One file can serve both.

A CSV file (UTF-8, a header row; the order of columns does not matter). Every column is checked
the same way for both commands, and dates are read one way (docgen.dates, "staff" mode):

| column        | meaning                                                                    |
|---------------|----------------------------------------------------------------------------|
| staff_id      | your own unique id for the person (the roster needs it; forms use it in file names) |
| name          | full name, as written on the forms; `supervisee` is another name for this column |
| supervisor    | the supervisor's full name (printed on personalised forms)                 |
| supervisor_id | the staff_id of the person's supervisor                                    |
| team          | team name (findings and charts are grouped by it)                          |
| role          | role ids matched against the policy's rules (several separated by `;`)     |
| experience    | student, newly_qualified, newly_appointed or experienced                   |
| start_date    | start in post (dd/mm/yyyy, YYYY-MM-DD or dd-mm-yyyy); a form's agreement date |
| asye_start    | start of the ASYE year, for newly qualified social workers                 |
| employment    | full_time, part_time, volunteer, sessional or agency                       |
| fte           | full-time equivalent, e.g. 0.6                                             |
| contact       | direct or indirect (contact with children and families)                    |
| leaving_date  | last day in post, if the person has left                                   |

What each command needs is a `Purpose`: the roster needs `staff_id` and `name` and one row per
staff_id (supervisor_id must name someone in it); the staff list needs only the name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import get_args

from ..dates import parse_date
from ..errors import Problem, ProblemsFound, did_you_mean
from ..inputs import csv_table, read_csv_text
from .model import Contact, Employment, Experience
from .rules import FTE_HINT, StaffProfile, parse_fte

COLUMNS = (
    "staff_id",
    "name",
    "team",
    "role",
    "experience",
    "start_date",
    "asye_start",
    "employment",
    "fte",
    "supervisor_id",
    "contact",
    "leaving_date",
    "supervisor",
)
ALIASES = {"supervisee": "name"}  # another name a header may give a column -> the column
DATES = ("start_date", "asye_start", "leaving_date")
DATE_HINT = "write it as dd/mm/yyyy or YYYY-MM-DD"
_CHOICES = {"experience": get_args(Experience), "contact": get_args(Contact), "employment": get_args(Employment)}


@dataclass(frozen=True)
class Purpose:
    """How one command reads the file: what it calls it, which columns it needs, how it says so."""

    what: str  # in messages: "cannot read the roster"
    required: dict[str, tuple[str, str]]  # column -> (its name in messages, hint when the header lacks it)
    empty: dict[str, tuple[str, str]]  # column -> (problem code, message) when a row leaves it empty
    whole_roster: bool = False  # staff ids unique, and every supervisor_id one of them


ROSTER = Purpose(
    "roster",
    {"staff_id": ("staff_id", "add a staff_id column"), "name": ("name", "add a name column")},
    {"staff_id": ("missing-key", "the staff_id is empty"), "name": ("missing-key", "the name is empty")},
    whole_roster=True,
)
STAFF_LIST = Purpose(
    "staff list",
    {"name": ("supervisee", "add a supervisee column with each person's name")},
    {"name": ("bad-value", "the supervisee's name is empty")},
)


@dataclass(frozen=True)
class StaffEntry:
    """One person, one row of the file."""

    line: int
    staff_id: str = ""
    name: str = ""
    supervisor: str = ""  # the supervisor column, or else the name of the supervisor_id's person
    supervisor_id: str = ""
    team: str = ""
    profile: StaffProfile = StaffProfile()
    start_date: dt.date | None = None
    asye_start: dt.date | None = None
    leaving_date: dt.date | None = None


def read_staff(
    path: str | Path, purpose: Purpose, max_rows: int | None = None, rows_hint: str = ""
) -> list[StaffEntry]:
    return parse_staff(read_csv_text(Path(path), purpose.what), str(path), purpose, max_rows, rows_hint)


def parse_staff(
    text: str, file: str, purpose: Purpose, max_rows: int | None = None, rows_hint: str = ""
) -> list[StaffEntry]:
    """Every row, or ProblemsFound with every bad header name, row and cell, located by line and column."""
    header, records = csv_table(text, file, purpose.what, max_rows, rows_hint)
    columns, problems = _columns(header, file, purpose)
    if problems:
        raise ProblemsFound(problems)
    entries = [
        entry
        for line, cells in records
        if (
            entry := _row(
                {column: cells.get(name, "") for column, (_, name) in columns.items()},
                line,
                file,
                columns,
                purpose,
                problems,
            )
        )
    ]
    if purpose.whole_roster:
        _check_roster(entries, file, columns, problems)
    if problems:
        raise ProblemsFound(problems)
    names = {e.staff_id: e.name for e in entries if e.staff_id}
    return [
        entry
        if entry.supervisor or not entry.supervisor_id
        else replace(entry, supervisor=names.get(entry.supervisor_id, ""))
        for entry in entries
    ]


def _columns(header: list[str], file: str, purpose: Purpose) -> tuple[dict[str, tuple[int, str]], list[Problem]]:
    """column -> (1-based position, the name the header gives it), and the header's problems."""
    problems: list[Problem] = []
    columns: dict[str, tuple[int, str]] = {}
    for col, name in enumerate(header, 1):
        column = ALIASES.get(name, name)
        if column not in COLUMNS:
            problems.append(
                Problem(
                    "unknown-key",
                    f'unknown column "{name}"',
                    did_you_mean(name, COLUMNS + tuple(ALIASES)),
                    file=file,
                    line=1,
                    column=col,
                    path=name,
                )
            )
        elif column in columns:
            problems.append(
                Problem(
                    "duplicate-column",
                    f'the columns "{columns[column][1]}" and "{name}" are one '
                    f"column (columns {columns[column][0]} and {col})",
                    "keep only one of them",
                    file=file,
                    line=1,
                    column=col,
                    path=name,
                )
            )
        else:
            columns[column] = (col, name)
    for needed, (said, hint) in purpose.required.items():
        if needed not in columns:
            problems.append(
                Problem("missing-key", f'the column "{said}" is missing', hint, file=file, line=1, column=1)
            )
    return columns, problems


def _row(
    cells: dict[str, str],
    line: int,
    file: str,
    columns: dict[str, tuple[int, str]],
    purpose: Purpose,
    problems: list[Problem],
) -> StaffEntry | None:
    def bad(column: str, code: str, message: str, hint: str) -> None:
        col, name = columns[column]
        problems.append(Problem(code, message, hint, file=file, line=line, column=col, path=name))

    if not any(cells.values()):
        return None
    for column, (code, message) in purpose.empty.items():
        if not cells.get(column):
            bad(column, code, message, "fill it in or delete the row")
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
    for column in DATES:
        dates[column] = parse_date(cells.get(column, ""), "staff")
        if cells.get(column) and dates[column] is None:
            bad(column, "bad-value", f'"{cells[column]}" is not a date', DATE_HINT)
    if dates["start_date"] and dates["leaving_date"] and dates["leaving_date"] < dates["start_date"]:
        bad("leaving_date", "bad-value", "the leaving date is before the start date", "check both dates")
    profile = StaffProfile(
        roles=tuple(r.strip() for r in cells.get("role", "").split(";") if r.strip()),
        experience=cells.get("experience") or None,
        contact=cells.get("contact") or None,
        employment=cells.get("employment") or None,
        fte=fte,
    )
    return StaffEntry(
        line,
        cells.get("staff_id", ""),
        cells.get("name", ""),
        cells.get("supervisor", ""),
        cells.get("supervisor_id", ""),
        cells.get("team", ""),
        profile,
        dates["start_date"],
        dates["asye_start"],
        dates["leaving_date"],
    )


def _check_roster(
    entries: list[StaffEntry], file: str, columns: dict[str, tuple[int, str]], problems: list[Problem]
) -> None:
    seen: dict[str, int] = {}
    for person in entries:
        if person.staff_id in seen:
            problems.append(
                Problem(
                    "duplicate-id",
                    f'staff_id "{person.staff_id}" is also on line {seen[person.staff_id]}',
                    "give each person their own id",
                    file=file,
                    line=person.line,
                    column=columns["staff_id"][0],
                    path="staff_id",
                )
            )
        seen.setdefault(person.staff_id, person.line)
    for person in entries:
        if person.supervisor_id and person.supervisor_id not in seen:
            problems.append(
                Problem(
                    "bad-reference",
                    f'supervisor_id "{person.supervisor_id}" is not anyone\'s staff_id',
                    "use the supervisor's staff_id from this roster",
                    file=file,
                    line=person.line,
                    column=columns["supervisor_id"][0],
                    path="supervisor_id",
                )
            )
