"""Field types. Each type is one class that knows, for its kind of answer:

- which options it offers (fixed, declared, or drawn from the policy);
- the JSON Schema of its value in a harvested record;
- how a raw value read back from a completed DOCX or PDF becomes a typed value (`coerce`),
  with plain-English issues when it cannot.

Renderers ask the type how to draw it (`control`); adding a field type is one class here plus
one line in FIELD_TYPES.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import NamedTuple

from ..dates import parse_date, without_ordinals
from .tree import FieldSpec, Option


class Coerced(NamedTuple):  # a named tuple: made for every answer read, and 5x cheaper than a frozen dataclass
    value: object
    issues: tuple[str, ...] = ()


def _text(raw: object) -> str | None:
    """A raw value as text: line ends made \\n, trimmed; None when there is nothing."""
    if raw is None:
        return None
    return str(raw).replace("\r\n", "\n").strip() or None


class FieldType:
    name = ""
    control = "text"  # what renderers draw: text | date | dropdown | checkbox | signature
    fixed_options: tuple[Option, ...] = ()
    needs_options = False

    def json_schema(self, f: FieldSpec) -> dict:
        return {"type": ["string", "null"], "title": f.label}

    def coerce(self, f: FieldSpec, raw: object) -> Coerced:
        return Coerced(_text(raw))


class Text(FieldType):
    name = "text"


class Multiline(FieldType):
    name = "multiline"


class Signature(FieldType):
    """A typed name standing for a signature (a viewer's signing tool may add a real one)."""

    name = "signature"
    control = "signature"


class Date(FieldType):
    name = "date"
    control = "date"

    def json_schema(self, f: FieldSpec) -> dict:
        return {"type": ["string", "null"], "format": "date", "title": f.label}

    def coerce(self, f: FieldSpec, raw: object) -> Coerced:
        if isinstance(raw, dt.date):
            return Coerced(raw.isoformat())
        text = _text(raw)
        if text is None:
            return Coerced(None)
        day = parse_date(text, "people")
        if day is not None:
            return Coerced(day.isoformat())
        text = without_ordinals(text)
        return Coerced(text, (f'"{text}" is not a date docgen can read; write it as dd/mm/yyyy',))


class Choice(FieldType):
    name = "choice"
    control = "dropdown"
    needs_options = True

    def json_schema(self, f: FieldSpec) -> dict:
        return {"enum": [o.key for o in f.options] + [None], "title": f.label}

    def coerce(self, f: FieldSpec, raw: object) -> Coerced:
        text = _text(raw)
        if text is None:
            return Coerced(None)
        for option in f.options:  # a key, or the label a viewer stored instead of the key
            if text == option.key or text.casefold() == option.label.casefold():
                return Coerced(option.key)
        allowed = ", ".join(o.label for o in f.options)
        return Coerced(text, (f'"{text}" is not one of the choices ({allowed})',))


class YesNoMaybe(Choice):
    name = "yes_no_maybe"
    fixed_options = (Option("yes", "Yes"), Option("no", "No"), Option("maybe", "Maybe"))
    needs_options = False


class Rag(Choice):
    """Red / amber / green; labels come from the policy's RAG scale when it has one."""

    name = "rag"
    fixed_options = (Option("red", "Red"), Option("amber", "Amber"), Option("green", "Green"))
    needs_options = False


class Checkbox(FieldType):
    name = "checkbox"
    control = "checkbox"

    def json_schema(self, f: FieldSpec) -> dict:
        return {"type": "boolean", "title": f.label}

    def coerce(self, f: FieldSpec, raw: object) -> Coerced:
        if isinstance(raw, bool):
            return Coerced(raw)
        text = "" if raw is None else str(raw).strip().lstrip("/").casefold()
        if text in ("", "off", "false", "0", "no", "☐"):
            return Coerced(False)
        return Coerced(True)  # any state other than off is ticked (viewers use many on-names)


class Number(FieldType):
    name = "number"

    def json_schema(self, f: FieldSpec) -> dict:
        return {"type": ["number", "null"], "title": f.label}

    def coerce(self, f: FieldSpec, raw: object) -> Coerced:
        text = _text(raw)
        if text is None:
            return Coerced(None)
        plain = text.replace(",", "")  # 1,250 as people write it
        try:
            number = float(plain)
        except ValueError:
            return Coerced(text, (f'"{text}" is not a number',))
        if not math.isfinite(number):  # "nan", "inf", 1e999
            return Coerced(text, (f'"{text}" is not a number',))
        if number != int(number):
            return Coerced(number)
        try:
            whole = int(plain)  # exactly as written (a float would round 20-digit numbers)
        except ValueError:
            whole = int(number)  # 1e3, 12.0
        # SQLite (the harvest) holds whole numbers of up to 64 bits; a larger one is kept as a float
        return Coerced(whole if -2**63 <= whole < 2**63 else number)


FIELD_TYPES: dict[str, FieldType] = {
    t.name: t for t in (Text(), Multiline(), Date(), Choice(), YesNoMaybe(), Rag(), Checkbox(),
                        Signature(), Number())
}
