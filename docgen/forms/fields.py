"""Field types. Each type is one class that knows, for its kind of answer:

- how renderers draw it: `control` (the kind of widget: text, date, dropdown, checkbox,
  signature; each renderer keeps a table of how it draws each control), `multiline`, the
  prompt an empty DOCX control shows (`prompt_for`), its default writing space (`lines`) and
  its share of a repeat table's width (`column_weight`);
- which options it offers (fixed, declared, or drawn from the policy);
- the JSON Schema of its value in a harvested record;
- its SQLite column type in a harvest (`sql_type`) and how a stored value is read back (`from_sql`);
- which value prefill writes into it (`prefill`);
- how a stored answer shows in the harvest's exports (`export_value`: a choice's label, a real date);
- how a raw value read back from a completed DOCX or PDF becomes a typed value (`coerce`),
  with plain-English issues when it cannot, and whether that value is an answer at all
  (`answered`: a form with none is blank, docgen/parse/record.py).

Code elsewhere asks the type (`FIELD_TYPES[f.type].multiline`, `.control`, ...) instead of comparing
type names. Adding a field type is one class here (or anywhere) plus one `register(TheType())`;
a type that draws like an existing one reuses its `control` and needs no renderer edit.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from ..dates import parse_date, without_ordinals
from ..formats import docx as ooxml
from .tree import FieldSpec, Option


class Coerced(NamedTuple):  # a named tuple: made for every answer read, and 5x cheaper than a frozen dataclass
    value: object
    issues: tuple[str, ...] = ()


def _text(raw: object) -> str | None:
    """A raw value as text: line ends made \\n, trimmed; None when there is nothing."""
    if raw is None:
        return None
    return str(raw).replace("\r\n", "\n").strip() or None


# The widgets renderers know how to draw (each renderer has a table keyed by these). "ticks" is a
# choice drawn as its options, each with a box to tick (on paper and on screen); "dropdown" a list.
CONTROLS = ("text", "date", "dropdown", "ticks", "checkbox", "signature")
TICK_LIMIT = 7  # a choice of up to this many options is drawn as tick boxes, a longer one as a dropdown

# Room to write on paper, shared by both renderers and the layout checker (points; 1 mm = 2.835 pt).
WRITING_LINE = 20.0  # one handwritten line (about 7 mm)
ONE_LINE_BOX = 18.0  # the least height of a one-line answer box
ROW_LINES = 2  # the least writing lines of a repeat table's row
LONG_LINES = 4  # the least writing lines of a multi-line answer outside a table row


def sql_text(text: str) -> str:
    """Text as an SQL string literal (a NUL, which SQL text cannot hold, dropped)."""
    return "'" + str(text).replace("\0", "").replace("'", "''") + "'"


class FieldType:
    name = ""
    control = "text"  # the widget renderers draw: one of CONTROLS
    multiline = False  # text that wraps over several lines (a taller box, line breaks kept)
    lines = 1  # default writing space in lines, when a template does not say
    column_weight = 2.0  # relative width of its column in a repeat's table
    sql_type = "TEXT"  # its column in a harvest's SQLite tables
    prompt = ooxml.PROMPT_TEXT  # what an empty DOCX control shows (register adds it to formats.docx.PROMPTS)
    prefill_takes: tuple[type, ...] = (object,)  # the kinds of value prefill may write into it
    fixed_options: tuple[Option, ...] = ()
    needs_options = False
    policy_options: str | None = None  # a policy list (an `options_from` name) that replaces fixed_options

    def control_for(self, f: FieldSpec) -> str:
        """The widget drawn for this field (renderers ask this, not `control`, which is the type's usual one)."""
        return self.control

    def min_height(self, f: FieldSpec, in_row: bool = False) -> float:
        """The least height of this field's answer box on paper, in points: its lines of writing
        (`f.lines`, the template's or the type's default) for a multi-line answer, at least
        LONG_LINES (ROW_LINES in a repeat table's row); a one-line answer in a table row ROW_LINES
        (it wraps there); else one line."""
        if self.multiline:
            return max(f.lines, ROW_LINES if in_row else LONG_LINES) * WRITING_LINE
        if in_row and self.control == "text":
            return ROW_LINES * WRITING_LINE
        return ONE_LINE_BOX

    def prompt_for(self, f: FieldSpec) -> str:
        """The prompt an empty control of this field shows."""
        return self.prompt

    def prompts(self) -> tuple[str, ...]:
        """Every prompt this type can leave in an empty control (the parser reads them as empty)."""
        return (self.prompt,)

    def from_sql(self, value: object) -> object:
        """A value as the harvest's SQLite table holds it, as the record had it (None stays None)."""
        return value

    def export_value(self, value: object, options: Mapping[str, str], as_date: bool) -> object:
        """A stored answer (as its harvest column holds it) as the exports show it to a person: as it
        is here. `options`: key -> label of this field's form; `as_date`: the file holds real dates (XLSX)."""
        return value

    def export_sql(self, column: str, options: Mapping[str, str]) -> str:
        """`export_value` in SQL, for the harvest's labelled views: `column` is the quoted column."""
        return column

    def prefill(self, offered: Sequence[object]) -> object:
        """The value prefill writes: the first it offers that this type can hold, or None."""
        return next((v for v in offered if isinstance(v, self.prefill_takes)), None)

    def json_schema(self, f: FieldSpec) -> dict:
        return {"type": ["string", "null"], "title": f.label}

    def coerce(self, f: FieldSpec, raw: object) -> Coerced:
        return Coerced(_text(raw))

    def answered(self, value: object) -> bool:
        """Whether a coerced value is an answer someone gave (a blank form has none: parse/record.py):
        any text, date, number or choice; an empty box, None or "" is none."""
        return value is not None and value != ""


class Text(FieldType):
    name = "text"


class Multiline(FieldType):
    name = "multiline"
    multiline = True
    lines = 4
    column_weight = 3.0
    prompt = ooxml.PROMPT_LONG_TEXT


class Signature(FieldType):
    """A typed name standing for a signature (a viewer's signing tool may add a real one)."""

    name = "signature"
    control = "signature"
    prompt = ooxml.PROMPT_SIGNATURE


class Date(FieldType):
    name = "date"
    control = "date"
    column_weight = 1.4
    prompt = ooxml.PROMPT_DATE
    prefill_takes = (dt.date,)

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

    def export_value(self, value: object, options: Mapping[str, str], as_date: bool) -> object:
        """A real date where the file holds dates; an answer that is not a date stays its text, and
        so does one before March 1900 (a typing slip), which Excel cannot show as a date."""
        if as_date and isinstance(value, str) and len(value) == 10:
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                return value
            return day if day >= _EXCEL_FIRST_DAY else value
        return value


_EXCEL_FIRST_DAY = dt.date(1900, 3, 1)  # Excel's dates before this are off by a day (its 1900 leap year) or none


class Choice(FieldType):
    name = "choice"
    control = "dropdown"
    needs_options = True
    prompt = ooxml.PROMPT_CHOICE

    def control_for(self, f: FieldSpec) -> str:
        """Its options with a tick box each when there are few enough to show, else a dropdown."""
        return "ticks" if 0 < len(f.options) <= TICK_LIMIT else "dropdown"

    def prompt_for(self, f: FieldSpec) -> str:
        """Its options' labels when they are short enough to list, else the general prompt."""
        shown = ", ".join(o.label for o in f.options)
        return f"{ooxml.PROMPT_CHOICE_PREFIX}{shown}" if len(shown) <= 60 else self.prompt

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

    def export_value(self, value: object, options: Mapping[str, str], as_date: bool) -> object:
        """The option's label (an answer that is not one of the options stays as it is)."""
        return options.get(value, value) if isinstance(value, str) else value

    def export_sql(self, column: str, options: Mapping[str, str]) -> str:
        if not options:
            return column
        whens = " ".join(f"WHEN {sql_text(k)} THEN {sql_text(v)}" for k, v in options.items())
        text = f"CAST({column} AS TEXT)"  # (a column made by an earlier version may be of another type)
        return f"CASE {text} {whens} ELSE {text} END"


class YesNoMaybe(Choice):
    name = "yes_no_maybe"
    fixed_options = (Option("yes", "Yes"), Option("no", "No"), Option("maybe", "Maybe"))
    needs_options = False
    column_weight = 1.4


class Rag(Choice):
    """Red / amber / green; labels come from the policy's RAG scale when it has one."""

    name = "rag"
    fixed_options = (Option("red", "Red"), Option("amber", "Amber"), Option("green", "Green"))
    needs_options = False
    policy_options = "rag_scale"


class Checkbox(FieldType):
    name = "checkbox"
    control = "checkbox"
    column_weight = 1.4
    sql_type = "INTEGER"  # 0 or 1

    def from_sql(self, value: object) -> object:
        return None if value is None else bool(value)

    def export_value(self, value: object, options: Mapping[str, str], as_date: bool) -> object:
        """Yes or No (blank when the form did not hold the box)."""
        return None if value is None else ("Yes" if value else "No")

    def export_sql(self, column: str, options: Mapping[str, str]) -> str:
        return f"CASE WHEN {column} IS NULL THEN NULL WHEN {column} <> 0 THEN 'Yes' ELSE 'No' END"

    def json_schema(self, f: FieldSpec) -> dict:
        return {"type": "boolean", "title": f.label}

    def coerce(self, f: FieldSpec, raw: object) -> Coerced:
        if isinstance(raw, bool):
            return Coerced(raw)
        text = "" if raw is None else str(raw).strip().lstrip("/").casefold()
        if text in ("", "off", "false", "0", "no", "☐"):
            return Coerced(False)
        return Coerced(True)  # any state other than off is ticked (viewers use many on-names)

    def answered(self, value: object) -> bool:
        """A ticked box is an answer; an unticked one is how every blank form starts, so it is none."""
        return value is True


class Number(FieldType):
    name = "number"
    column_weight = 1.4
    sql_type = "NUMERIC"
    prompt = ooxml.PROMPT_NUMBER
    prefill_takes = (int,)

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
        return Coerced(whole if -(2**63) <= whole < 2**63 else number)


FIELD_TYPES: dict[str, FieldType] = {}


def register(field_type: FieldType) -> FieldType:
    """Make a field type known by its name: templates may declare it, renderers draw it by its
    `control`, parsers coerce it, and a DOCX parser reads its prompts as an empty answer."""
    if not field_type.name or field_type.control not in CONTROLS:
        raise ValueError(
            f"field type {field_type.name!r} needs a name and a control, one of {', '.join(CONTROLS)} "
            f"(it has {field_type.control!r})"
        )
    FIELD_TYPES[field_type.name] = field_type
    ooxml.PROMPTS.update(field_type.prompts())
    return field_type


for _type in (Text(), Multiline(), Date(), Choice(), YesNoMaybe(), Rag(), Checkbox(), Signature(), Number()):
    register(_type)


def type_of(name: str) -> FieldType:
    """The field type of this name; a type this docgen does not know (a stored form from a later
    version, a plug-in not loaded) is handled as text."""
    return FIELD_TYPES.get(name) or FIELD_TYPES["text"]


def column_weights(fields: Iterable[FieldSpec]) -> list[float]:
    """Relative column widths of a repeat's table (the same in every format), from the fields' types;
    a choice column is widened for its longest option label (about ten characters a unit, at most
    as wide as a multi-line column), so the chosen label is not cut off (the PDF layout also checks
    the measured width: render/pdf/widgets.fit_choices)."""
    return [max(FIELD_TYPES[f.type].column_weight, min(3.0, _longest_label(f) / 10)) for f in fields]


def _longest_label(f: FieldSpec) -> int:
    return max((len(o.label) for o in f.options), default=0)
