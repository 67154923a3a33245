"""`docgen report --pseudonymise`: the report made from records whose children's names and dates of
birth are the pseudonyms the harvest's exports give them (docgen.harvest.exports.Pseudonyms).

The records are pseudonymised before any check runs, so no finding, table or note can hold a
real name from a private answer. The checks count spellings of one child that differ only in
case, spacing or dots as one child (roster.name_key); such spellings get one pseudonym here (the
one the exports give the first spelling in sort order), so a pseudonymised report has exactly the
findings of the plain one. Names typed into free-text answers and file names are not changed.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from .roster import name_key

PRIVATE_ROLES = ("child_identifier", "child_dob")


def pseudonymise_records(records: list[dict], pseudonyms: Callable[[str, object], object]) -> list[dict]:
    """Copies of the records with private answers replaced by `pseudonyms(role, value)`."""
    from ..harvest.exports import pseudonymise_record

    first: dict[tuple[str, str], str] = {}  # (role, matching key) -> the first spelling in sort order
    for role, value in sorted(_private(records), key=lambda rv: (rv[0], str(rv[1]))):
        first.setdefault((role, _key(role, value)), value)

    def same_child(role: str, value):
        if value in (None, ""):
            return value
        return pseudonyms(role, first.get((role, _key(role, value)), value))

    out = copy.deepcopy(records)
    for record in out:
        if isinstance(record.get("values"), dict):
            pseudonymise_record(record, same_child)
    return out


def _key(role: str, value) -> str:
    return name_key(value) if role == "child_identifier" and isinstance(value, str) else str(value)


def _private(records: list[dict]):
    """(role, value) of every private answer."""
    for record in records:
        roles, values = record.get("roles") or {}, record.get("values")
        if not isinstance(values, dict):
            continue
        for key, value in values.items():
            if isinstance(value, list):
                for row in value:
                    for short, cell in row.items() if isinstance(row, dict) else ():
                        if roles.get(f"{key}.{short}") in PRIVATE_ROLES and cell not in (None, ""):
                            yield roles[f"{key}.{short}"], cell
            elif roles.get(key) in PRIVATE_ROLES and value not in (None, ""):
                yield roles[key], value
