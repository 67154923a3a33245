"""The one date parser, with a named mode for each kind of input.

Each mode keeps the formats its callers have always accepted (none widened but the staff CSV's,
which is the union of what `docgen generate --prefill` and `docgen report --roster` accepted):

| mode        | used for                                         | accepts                                        |
|-------------|--------------------------------------------------|------------------------------------------------|
| "iso"       | policy YAML (docgen.structure)                   | YYYY-MM-DD exactly                             |
| "iso-start" | answers stored by a harvest (docgen.report)      | an ISO date at the start of the text           |
| "staff"     | staff and roster CSV cells (docgen.staff)        | dd/mm/yyyy, YYYY-MM-DD, dd-mm-yyyy             |
| "people"    | answers in a completed form (forms.fields.Date)  | the staff forms, dd.mm.yyyy, dd/mm/yy,         |
|             |                                                  | "1 March 2026", "1st Mar 2026"                 |

`parse_date` never raises for bad input: it returns None, and the caller says what is wrong in
its own words (a Problem for a policy or a CSV, an Issue for a form's answer). A date object is
returned as it is. Calendar arithmetic is not here (docgen.report.months).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

Mode = Literal["iso", "iso-start", "staff", "people"]

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STAFF = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")
_PEOPLE = _STAFF + ("%d.%m.%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y")
_ORDINAL = re.compile(r"(\d)(st|nd|rd|th)\b")


def parse_date(value: object, mode: Mode) -> dt.date | None:
    """`value` as a date, read the way `mode` reads dates; None when it is not one."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    if mode == "people":  # first: a harvest reads every date answer of every form
        text = value
        if len(text) == 10 and (text[4] == "-" or text[2] == text[5] == "/"):  # the usual two, fast
            try:
                return (
                    dt.date.fromisoformat(text)
                    if text[4] == "-"
                    else dt.date(int(text[6:]), int(text[3:5]), int(text[:2]))
                )
            except ValueError:
                pass
        return _strptime(without_ordinals(text), _PEOPLE)
    if mode == "iso":
        return _fromisoformat(value) if _ISO.match(value) else None
    if mode == "iso-start":
        return _fromisoformat(value.strip()[:10])
    if mode == "staff":
        return _strptime(value, _STAFF)
    raise ValueError(f"not a date mode: {mode!r}")  # a bug in docgen, not input


def without_ordinals(text: str) -> str:
    """ "1st March" as "1 March" (how a form's date answer is read, and quoted when it is not a date)."""
    return _ORDINAL.sub(r"\1", text)


def _fromisoformat(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _strptime(text: str, forms: tuple[str, ...]) -> dt.date | None:
    for form in forms:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None
