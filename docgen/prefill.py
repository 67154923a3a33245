"""Personalised forms: values for one supervisee's form, from one row of the staff CSV.

The staff CSV and its columns are docgen/policy/staff.py's (the same file serves
`docgen report --roster`). Only the name is required: a `supervisee` (or `name`) column.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .forms.fieldlist import in_repeat
from .forms.fields import FIELD_TYPES
from .outfiles import ascii_letters
from .policy import LoadedPolicy
from .policy.agreed import AGREED, carry
from .policy.rules import StaffProfile, governing_rule
from .policy.staff import STAFF_LIST, read_staff

MAX_ROWS = 2_000  # each row writes one file per format; more needs generate --max-rows


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
        base = ascii_letters(self.staff_id or self.supervisee)
        return (re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-") or "row")[:40]


def read_staff_csv(path: str | Path, max_rows: int = MAX_ROWS) -> list[StaffRow]:
    """The staff list's rows; more than `max_rows` rows stop with a problem (each row writes files)."""
    entries = read_staff(
        path,
        STAFF_LIST,
        max_rows,
        f"each row writes one form per format; check this is the right file, or pass "
        f"--max-rows with the number of rows to accept (default {MAX_ROWS:,})",
    )
    return [StaffRow(e.line, e.name, e.supervisor, e.staff_id, e.team, e.profile, e.start_date) for e in entries]


def prefill_values(loaded: LoadedPolicy, spec, row: StaffRow) -> dict:
    """Values by field id for one supervisee, found through field roles: names, the agreement's
    frequency and duration (from the rule that governs this person) and its start date."""
    rule = governing_rule(loaded.policy, row.profile)
    by_role = {"supervisee": row.supervisee, "supervisor": row.supervisor, "agreement_date": row.start_date}
    if rule is not None:
        by_role["agreement_frequency"] = _words(loaded, rule)
        if rule.schedule.length_words(rule.duration):  # with each phase's own length, where one is set
            by_role["agreement_duration"] = rule.schedule.length_words(rule.duration)
    values = {}
    for f in spec.fields():
        if in_repeat(f.id) or f.role not in by_role or by_role[f.role] in (None, ""):
            continue
        value: object
        if f.role == "agreement_frequency" and f.options:  # a choice: one of its option keys, or nothing
            value = option_for(f.options, rule)
        else:  # the field's type picks what it can hold: a number field the frequency's weeks, a date a date
            offered = (by_role[f.role], _weeks(rule)) if f.role == "agreement_frequency" else (by_role[f.role],)
            value = FIELD_TYPES[f.type].prefill(offered)
        if value not in (None, ""):
            values[f.id] = value
    for f in spec.fields():  # an agreement clause's choice the policy presets (docgen/forms/clauses.py)
        if f.default and f.id not in values and f.type in ("choice", "checkbox") and not in_repeat(f.id):
            values[f.id] = True if f.type == "checkbox" else f.default
    return values


def prefill_notes(loaded: LoadedPolicy, spec, row: StaffRow) -> list[tuple[str, str]]:
    """What prefill left for the person to fill in, and why (field id, in words): a frequency
    offered as a choice none of whose options says the governing rule's schedule."""
    rule = governing_rule(loaded.policy, row.profile)
    if rule is None:
        return []
    return [
        (
            f.id,
            f'frequency left for the person to choose: the rule "{rule.label}" ({_words(loaded, rule)}) matches '
            "none of the options (" + ", ".join(o.label for o in f.options) + ")",
        )
        for f in spec.fields()
        if f.role == "agreement_frequency" and f.options and not in_repeat(f.id) and option_for(f.options, rule) is None
    ]


def option_for(options, rule) -> str | None:
    """The key of the option that says the rule's schedule (by its key or its label, in the words a
    person writes for it: "monthly", "every calendar month", "1 month"), or None when none does."""
    if rule is None:
        return None
    said = {_plain(rule.schedule.words())}
    every = rule.schedule.interval()
    if every is not None:
        said |= {
            _plain(str(every)),
            _plain(every.words()),
            _plain(f"every {every}"),
            *_ADVERBS.get(every.unit, {}).get(every.amount, ()),
        }
    for option in options:
        if _plain(option.key) in said or _plain(option.label) in said:
            return option.key
    return None


_ADVERBS: dict[str, dict[int, tuple[str, ...]]] = {  # what people call an interval ("fortnightly")
    "week": {
        1: ("weekly",),
        2: ("fortnightly", "every fortnight", "2 weekly", "two weekly"),
        3: ("3 weekly", "three weekly"),
        4: ("4 weekly", "four weekly"),
        6: ("6 weekly", "six weekly"),
    },
    "month": {1: ("monthly",), 3: ("quarterly",), 6: ("6 monthly", "six monthly")},
    "year": {1: ("annually", "yearly")},
}


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.casefold()).split())


def _words(loaded: LoadedPolicy, rule) -> str:
    return rule.schedule.words({r.id: r.label for r in loaded.policy.frequency.rules})


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
