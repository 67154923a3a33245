"""Hypothesis strategies for the answers a person can type into each field type."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

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
