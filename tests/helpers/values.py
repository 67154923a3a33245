"""What people enter in a form and what docgen must read back: Hypothesis strategies for random
answers (`form_values`, `expected`), and `plan`, the one planner of the real-client fillers (a value
for every field of every row, and what parsing must return)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hypothesis import strategies as st

from docgen.forms.fieldlist import pdf_name
from docgen.forms.tree import FieldSpec, FormSpec

TRICKY = ["ŵ ŷ Ŵ Ŷ", "Siân O'Brien", "<&>\"'", "😀 emoji", "עברית", "中文", "a\tb", "  spaced  out  "]
_chars = st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"), blacklist_characters="\u2028\u2029\x85")
_line = st.one_of(st.sampled_from(TRICKY), st.text(_chars, min_size=1, max_size=40))
month_ends = st.sampled_from(
    [dt.date(2024, 2, 29), dt.date(2026, 2, 28), dt.date(2026, 4, 30), dt.date(2026, 12, 31), dt.date(2027, 1, 31)]
)
dates = st.one_of(month_ends, st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))


def _stripped(s: str) -> str:
    return s.strip()


def _not_a_prompt(s: str) -> bool:
    """An answer equal to one of docgen's prompts is read as "left empty" (by design)."""
    from docgen.formats.docx import is_prompt

    return not is_prompt(s)


def text_value(multiline: bool):
    if multiline:
        body = st.lists(_line, min_size=1, max_size=4).map("\n".join)
        long = st.text(_chars, min_size=300, max_size=1200)
        return st.one_of(body, long).map(_stripped).filter(bool).filter(_not_a_prompt)
    return _line.map(_stripped).filter(bool).filter(_not_a_prompt)


def value_for(f: FieldSpec):
    if f.type in ("choice", "yes_no_maybe", "rag"):
        return st.sampled_from([o.key for o in f.options])
    if f.type == "checkbox":
        return st.booleans()
    if f.type == "date":
        return dates.map(dt.date.isoformat)
    if f.type == "number":
        return st.integers(min_value=0, max_value=100000)
    return text_value(f.type == "multiline")


def form_values(spec: FormSpec, max_extra_rows: int = 2):
    """A dict of answers for a random subset of fields, and rows for each repeat."""
    repeat_children = {f.id for r in spec.repeats() for f in r.fields}
    top = {f.id: f for f in spec.fields() if f.id not in repeat_children}
    parts = {fid: st.one_of(st.none(), value_for(f)) for fid, f in top.items()}
    for r in spec.repeats():
        row = st.fixed_dictionaries({f.short_id: value_for(f) for f in r.fields})
        parts[r.id] = st.lists(row, max_size=r.rows + max_extra_rows)
    return st.fixed_dictionaries(parts).map(lambda d: {k: v for k, v in d.items() if v is not None})


def expected(spec: FormSpec, values: dict) -> dict:
    """What parsing must return for `values`: every field present, None when not given."""
    repeat_children = {f.id for r in spec.repeats() for f in r.fields}
    out = {}
    for f in spec.fields():
        if f.id in repeat_children:
            continue
        out[f.id] = values.get(f.id, False if f.type == "checkbox" else None)
    for r in spec.repeats():
        out[r.id] = values.get(r.id, [])
    return out


# --- the real clients' fills ---------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One value a person enters: in which field (its id, `repeat.child` in a repeat) and row,
    the PDF field's name, what is entered (text, a choice's label, True for a tick, a date as a
    `datetime.date` for the client to write its own way) and what docgen must read back."""

    field_id: str
    row: int
    name: str
    typed: object
    parsed: object


@dataclass(frozen=True)
class Plan:
    entries: list[Entry]
    want: dict  # what parsing must return: every field, each repeat's rows

    def by_name(self, date_format: str = "%d/%m/%Y") -> dict:
        """PDF field name -> what a person enters, dates written in `date_format` (the PDF viewers)."""
        return {e.name: _written(e.typed, date_format) for e in self.entries}

    def by_control(self, date_format: str | None = None) -> list[tuple[str, int, object]]:
        """(field id, row, what a person enters) per control, dates in `date_format`, or left as
        dates for a filler that writes them as its client does (the Word forms)."""
        return [(e.field_id, e.row, _written(e.typed, date_format)) for e in self.entries]


def _written(typed, date_format: str | None):
    return typed.strftime(date_format) if date_format and isinstance(typed, dt.date) else typed


def plan(spec: FormSpec, texts: list[str], extra_rows: int = 0) -> Plan:
    """A value for every field of `spec` (every row of each repeat, and `extra_rows` more that the
    client adds) and what docgen must read back. The n-th field gets the n-th of `texts` (round
    again; a line of its own added in a multi-line box, line breaks as spaces in a one-line box),
    an option in turn, a tick, a date (29 February 2024 every third) or a number."""
    entries: list[Entry] = []
    want: dict = {}
    n = 0

    def one(f: FieldSpec, row: int | None) -> object:
        nonlocal n
        n += 1
        typed: object
        if f.options:  # choice, yes_no_maybe, rag: entered by its label
            option = f.options[(n + (row or 0)) % len(f.options)]
            typed, parsed = option.label, option.key
        elif f.type == "checkbox":
            typed = parsed = True
        elif f.type == "date":
            day = dt.date(2024, 2, 29) if n % 3 == 0 else dt.date(2026, 1 + n % 12, 1 + n % 28)
            typed, parsed = day, day.isoformat()
        elif f.type == "number":
            typed, parsed = str(10 + n), 10 + n
        else:
            text = texts[n % len(texts)]
            if f.type != "multiline":
                text = text.replace("\n", " ")
            elif "\n" not in text:
                text += f"\nline two {n}"
            typed = parsed = text
        entries.append(Entry(f.id, row or 0, pdf_name(f.id, row), typed, parsed))
        return parsed

    repeat_children = {f.id for r in spec.repeats() for f in r.fields}
    for f in spec.fields():
        if f.id not in repeat_children:
            want[f.id] = one(f, None)
    for r in spec.repeats():
        want[r.id] = [{f.short_id: one(f, i) for f in r.fields} for i in range(r.rows + extra_rows)]
    return Plan(entries, want)


def empty_answer_codes(want: dict) -> tuple[str, ...]:
    """The issue codes a form read back with the answers `want` may carry for answers left empty:
    a required answer missing, a signature missing and, when nothing at all was answered (every
    value empty, every box unticked, no rows), the form being blank."""
    answered = any(v not in (None, False, "", []) for v in want.values())
    return ("missing-required", "not-signed") if answered else ("missing-required", "not-signed", "blank")
