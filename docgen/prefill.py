"""Staff CSV for personalised forms: one row per supervisee, checked with located errors.

Columns (a header row is required; only `supervisee` is required; order does not matter):

| column      | meaning                                                                   |
|-------------|---------------------------------------------------------------------------|
| supervisee  | the supervisee's full name                                                |
| supervisor  | the supervisor's full name                                                |
| staff_id    | an id of your own (used in file names when given)                         |
| team        | team name (not printed; kept for later reports)                           |
| role        | role id, matched against the policy's rules (e.g. social_worker)          |
| experience  | student, newly_qualified, newly_appointed or experienced                  |
| contact     | direct or indirect (contact with children and families)                   |
| employment  | full_time, part_time, volunteer, sessional or agency                      |
| fte         | full-time equivalent, e.g. 0.6                                            |
| start_date  | start in post, dd/mm/yyyy or YYYY-MM-DD (the agreement's date)            |
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, ProblemsFound, did_you_mean
from .inputs import csv_table, read_csv_text
from .policy import LoadedPolicy
from .policy.agreed import AGREED, carry
from .policy.model import Contact, Employment, Experience
from .policy.rules import FTE_HINT, StaffProfile, governing_rule, parse_fte

COLUMNS = ("supervisee", "supervisor", "staff_id", "team", "role", "experience", "contact", "employment",
           "fte", "start_date")
MAX_ROWS = 2_000  # each row writes one file per format; more needs generate --max-rows
_CHOICES = {"experience": Experience.__args__, "contact": Contact.__args__,  # type: ignore[attr-defined]
            "employment": Employment.__args__}  # type: ignore[attr-defined]


@dataclass(frozen=True)
class StaffRow:
    line: int
    supervisee: str
    supervisor: str = ""
    staff_id: str = ""
    team: str = ""
    profile: StaffProfile = StaffProfile()
    start_date: dt.date | None = None

    def slug(self) -> str:
        """A safe piece of a file name: lower-case letters, digits and hyphens only."""
        base = unicodedata.normalize("NFKD", self.staff_id or self.supervisee).encode("ascii", "ignore").decode()
        return (re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-") or "row")[:40]


def read_staff_csv(path: str | Path, max_rows: int = MAX_ROWS) -> list[StaffRow]:
    """The staff list's rows; more than `max_rows` rows stop with a problem (each row writes files)."""
    path = Path(path)
    text = read_csv_text(path, "staff list")
    header, records = csv_table(text, str(path), "staff list", max_rows,
                                f"each row writes one form per format; check this is the right file, or pass "
                                f"--max-rows with the number of rows to accept (default {MAX_ROWS:,})")
    problems: list[Problem] = []
    for col, name in enumerate(header, 1):
        if name not in COLUMNS:
            problems.append(Problem("unknown-key", f'unknown column "{name}"', did_you_mean(name, COLUMNS),
                                    file=str(path), line=1, column=col, path=name))
    if "supervisee" not in header:
        problems.append(Problem("missing-key", 'the column "supervisee" is missing',
                                "add a supervisee column with each person's name", file=str(path), line=1, column=1))
    if problems:
        raise ProblemsFound(problems)
    rows = []
    for line, cells in records:
        row = _row(cells, line, str(path), header, problems)
        if row:
            rows.append(row)
    if problems:
        raise ProblemsFound(problems)
    return rows


def _row(cells: dict, line: int, file: str, header: list[str], problems: list[Problem]) -> StaffRow | None:
    def bad(column: str, message: str, hint: str) -> None:
        problems.append(Problem("bad-value", message, hint, file=file, line=line,
                                column=header.index(column) + 1, path=column))

    if not any(cells.values()):
        return None
    if not cells.get("supervisee"):
        bad("supervisee", "the supervisee's name is empty", "fill it in or delete the row")
    for column, allowed in _CHOICES.items():
        value = cells.get(column, "")
        if value and value not in allowed:
            problems.append(Problem("bad-choice", f'"{value}" is not allowed in {column}', did_you_mean(value, allowed),
                                    file=file, line=line, column=header.index(column) + 1, path=column))
    fte = None
    if cells.get("fte"):
        try:
            fte = parse_fte(cells["fte"])
        except ValueError:
            bad("fte", f'"{cells["fte"]}" is not a full-time equivalent', FTE_HINT)
    start = None
    if cells.get("start_date"):
        start = _date(cells["start_date"])
        if start is None:
            bad("start_date", f'"{cells["start_date"]}" is not a date', "write it as dd/mm/yyyy")
    profile = StaffProfile(roles=tuple(r for r in cells.get("role", "").split(";") if r),
                           experience=cells.get("experience") or None, contact=cells.get("contact") or None,
                           employment=cells.get("employment") or None, fte=fte)
    return StaffRow(line, cells.get("supervisee", ""), cells.get("supervisor", ""), cells.get("staff_id", ""),
                    cells.get("team", ""), profile, start)


def _date(text: str) -> dt.date | None:
    for form in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def prefill_values(loaded: LoadedPolicy, spec, row: StaffRow) -> dict:
    """Values by field id for one supervisee, found through field roles: names, the agreement's
    frequency and duration (from the rule that governs this person) and its start date."""
    rule = governing_rule(loaded.policy, row.profile)
    by_role = {"supervisee": row.supervisee, "supervisor": row.supervisor,
               "agreement_date": row.start_date}
    if rule is not None:
        by_role["agreement_frequency"] = rule.schedule.words({r.id: r.label for r in loaded.policy.frequency.rules})
        if rule.duration:
            by_role["agreement_duration"] = rule.duration.words()
    values = {}
    for f in spec.fields():
        if "." in f.id or f.role not in by_role or by_role[f.role] in (None, ""):
            continue
        value: str | dt.date | int | None = by_role[f.role]
        if f.type == "number":
            value = _weeks(rule) if f.role == "agreement_frequency" else None
        if f.type == "date" and not isinstance(value, dt.date):
            value = None
        if value not in (None, ""):
            values[f.id] = value
    return values


def _weeks(rule) -> int | None:
    every = rule.schedule.interval() if rule else None
    return every.amount if every and every.unit == "week" else None


def prefill_manifest(loaded: LoadedPolicy, spec, row: StaffRow, values: dict) -> dict[str, str]:
    """What the prefilled form carries beside its fields (manifest entries, text): for an agreement
    whose frequency was prefilled, the governing rule's schedule as data and the value written, so
    the report reads back exactly what was agreed (docgen/policy/agreed.py `carry`)."""
    rule = governing_rule(loaded.policy, row.profile)
    written = next((values[f.id] for f in spec.fields() if f.role == "agreement_frequency" and f.id in values), None)
    if rule is None or written is None:
        return {}
    return {AGREED: carry(rule.schedule, written)}
