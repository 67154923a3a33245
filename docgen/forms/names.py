"""Every field's name for people who cannot see the page: one source for the PDF tooltip (/TU) of
each widget and the title (w:alias) of each Word content control.

A sighted reader knows a field by what is around it: the table and row it sits in, the heading
above it, the format printed beside it, the "*" after its label. A screen reader hears only the
field's name, so the name says all of that, briefly:

- a repeat's cell: the table's label and the row, "Management actions, row 2: By whom" (a repeat
  drawn as blocks: "Family discussion, item 2: Category"); a table label that another table or
  field also has gets the section heading too ("Actions agreed, Management, row 1: By whom");
- a field whose label another field of the form also has: the heading it sits under
  ("Supervisee: Signature"), and when that is not enough the words of its id that tell it apart
  ("Signatures: Date, supervisee"), and at last a number;
- the format the page shows ("Date of session (dd/mm/yyyy)"), ", required" for a required field,
  and the first sentence of its hint when that is short ("Supervisee, required. Full name of the
  person being supervised."): never a whole help paragraph.

Names are unique within a form, always. `FieldNames(spec)` answers for any row (a form drawn with
more rows than its template's), `by_pdf_name` for a PDF field's name, `pdf_names` lists them all.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from .fieldlist import from_pdf_name, pdf_name, split_id
from .fields import FIELD_TYPES
from .tree import FieldBlock, FieldSpec, FormSpec, GridBlock, Heading, Paragraph, RepeatBlock, RepeatSpec, same_words

DATE_FORMAT = "dd/mm/yyyy"  # what the page shows beside a date (the PDF's guide, the DOCX control's format)
HINT_LIMIT = 90  # the longest hint sentence a name carries (a longer one is left to the page)
REQUIRED = "required"
SIGNATURE = "digital signature (optional)"  # the unsigned /Sig field beside a typed-name signature


def _plain(text: str) -> str:
    """A label as a name part: spaces squashed, a trailing colon or asterisk dropped."""
    return re.sub(r"\s+", " ", text).strip().rstrip(":* ").strip()


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z0-9]+", text.casefold()))


def hint_of(help_text: str) -> str:
    """The first sentence of a hint, without a date format the name already says; "" when it is
    longer than HINT_LIMIT (a name is heard whole: long help stays on the page)."""
    text = re.sub(r"\s*\(?\s*dd\s*/\s*mm\s*/\s*yyyy\s*\)?", "", help_text, flags=re.IGNORECASE)
    text = re.sub(r"\s+", " ", text).strip()
    first = re.split(r"(?<=[.!?])\s+", text, maxsplit=1)[0].strip() if text else ""
    first = first.rstrip(" .")
    return first if first and len(first) <= HINT_LIMIT else ""


@dataclass(frozen=True)
class _Place:
    field: FieldSpec
    heading: str  # the nearest heading above it (a sub-heading, else the section's)
    section: str
    repeat: RepeatSpec | None = None


def _places(spec: FormSpec) -> Iterator[_Place]:
    """Every field of the form in reading order, with the headings it sits under."""
    for section in spec.sections:
        heading = section.heading
        for block in section.blocks:
            if isinstance(block, Heading):
                heading = block.text
            elif isinstance(block, FieldBlock):
                yield _Place(block.field, heading, section.heading)
            elif isinstance(block, GridBlock):
                yield from (_Place(f, heading, section.heading) for f in block.fields)
            elif isinstance(block, RepeatBlock):
                yield from (_Place(f, heading, section.heading, block.repeat) for f in block.repeat.fields)
            elif isinstance(block, Paragraph):
                yield from (_Place(p, heading, section.heading) for p in block.parts if isinstance(p, FieldSpec))


def _distinct_words(ids: list[str]) -> dict[str, str]:
    """For fields that share a label: the words of each one's id that the others' ids lack
    ("supervisor_signed_date", "supervisee_signed_date" -> "supervisor", "supervisee")."""
    tokens = {fid: [t for t in re.split(r"[_.\W]+", split_id(fid)[1]) if t] for fid in ids}
    shared = set.intersection(*(set(t) for t in tokens.values())) if tokens else set()
    return {fid: " ".join(t for t in toks if t not in shared) for fid, toks in tokens.items()}


def _numbered(names: dict[str, str]) -> None:
    """Names that say the same words as another's numbered in order: "Notes (1)", "Notes (2)"."""
    counts = Counter(_words(v) for v in names.values())
    seen: Counter = Counter()
    for key, name in names.items():
        if counts[_words(name)] > 1:
            seen[_words(name)] += 1
            names[key] = f"{name} ({seen[_words(name)]})"


class FieldNames:
    """The accessible name of every field of one form (see the module's docstring)."""

    def __init__(self, spec: FormSpec):
        self.spec = spec
        places = list(_places(spec))
        self._fields = {p.field.id: p for p in places}
        self.repeats = frozenset(r.id for r in spec.repeats())
        top = [p for p in places if p.repeat is None]
        repeats = list({p.repeat.id: p.repeat for p in places if p.repeat is not None}.values())
        # labels that say the same words as another's (fields outside tables, and the tables)
        labels = Counter(_words(_plain(p.field.label)) for p in top)
        labels.update(_words(_plain(r.label)) for r in repeats)
        self._tables: dict[str, str] = {}
        section_of = {p.repeat.id: p.section for p in places if p.repeat is not None}
        for r in repeats:
            label = _plain(r.label) or _plain(section_of[r.id])
            section = _plain(section_of[r.id])
            if labels[_words(label)] > 1 and section and not same_words(section, label):
                label = f"{section}, {label}"
            self._tables[r.id] = label
        _numbered(self._tables)  # two tables of the same name under one heading
        self._labels = self._top_labels(top)
        taken = {_words(v) for v in self._labels.values()}
        for rid, label in self._tables.items():  # a table's own name (a Word repeating section's title)
            if _words(label) in taken:
                self._tables[rid] = f"{label}, table"
        self._columns: dict[str, str] = {}  # a table's column -> its label, unique in its table
        for r in repeats:
            columns = {f.id: _plain(f.label) or f.short_id for f in r.fields}
            _numbered(columns)
            self._columns.update(columns)

    def _top_labels(self, top: list[_Place]) -> dict[str, str]:
        """Each field outside a table: its label, with the heading above it when another field
        has the same label, then its id's telling words, then a number, until it is unique."""
        out = {p.field.id: _plain(p.field.label) or p.field.id for p in top}
        by_label: dict[tuple[str, ...], list[_Place]] = defaultdict(list)
        for p in top:
            by_label[_words(out[p.field.id])].append(p)
        for same in by_label.values():
            if len(same) < 2:
                continue
            for p in same:
                head = _plain(p.heading)
                if head and not same_words(head, out[p.field.id]):
                    out[p.field.id] = f"{head}: {out[p.field.id]}"
            still: dict[tuple[str, ...], list[str]] = defaultdict(list)
            for p in same:
                still[_words(out[p.field.id])].append(p.field.id)
            for ids in still.values():
                if len(ids) < 2:
                    continue
                for fid, words in _distinct_words(ids).items():
                    words = " ".join(w for w in words.split() if w not in _words(out[fid]))  # not "Notes, notes"
                    if words:
                        out[fid] = f"{out[fid]}, {words}"
        _numbered(out)  # the last resort
        return out

    # --- the names ----------------------------------------------------------------------------

    def label(self, field_id: str, row: int | None = None) -> str:
        """Where the field is and what it asks: "Management actions, row 2: By whom"."""
        place = self._fields.get(field_id)
        if place is None:
            return field_id
        if place.repeat is None:
            return self._labels[field_id]
        item = "row" if place.repeat.layout == "table" else "item"
        return f"{self._tables[place.repeat.id]}, {item} {(row or 0) + 1}: {self._columns[field_id]}"

    def table(self, repeat_id: str) -> str:
        """A repeat's name as a whole ("Actions agreed, Management"): the title of its Word section."""
        return self._tables.get(repeat_id, repeat_id)

    def short(self, field_id: str, row: int | None = None) -> str:
        """The label, the format the page shows, and ", required": no hint."""
        name = self.label(field_id, row)
        place = self._fields.get(field_id)
        if place is None:
            return name
        f = place.field
        if FIELD_TYPES[f.type].control_for(f) == "date":
            name += f" ({DATE_FORMAT})"
        if f.required:
            name += f", {REQUIRED}"
        return name

    def __call__(self, field_id: str, row: int | None = None) -> str:
        """The field's full name: `short`, then the first sentence of its hint when short."""
        name = self.short(field_id, row)
        place = self._fields.get(field_id)
        hint = hint_of(place.field.help) if place is not None else ""
        return f"{name}. {hint}." if hint else name

    def option(self, field_id: str, option_label: str, row: int | None = None) -> str:
        """A tick box's name: its question's, then the option ("Type of supervision, required: Group")."""
        return f"{self.short(field_id, row)}: {_plain(option_label) or option_label}"

    def signature(self, field_id: str, row: int | None = None) -> str:
        """The unsigned /Sig field beside a typed-name signature."""
        return f"{self.label(field_id, row)}: {SIGNATURE}"

    def by_pdf_name(self, name: str, option: str | None = None) -> str:
        """The name of the PDF field `name` (`pdf_name` of a field and row), or of its `option`'s box."""
        field_id, repeat, row, _ = from_pdf_name(name, self.repeats)
        if option is not None:
            return self.option(field_id, option, row if repeat else None)
        return self(field_id, row if repeat else None)

    def pdf_names(self, rows: dict[str, int] | None = None) -> dict[str, str]:
        """PDF field name -> name, for every field and every row (`rows`: repeat id -> rows, where
        more than the template's)."""
        out: dict[str, str] = {}
        for fid, place in self._fields.items():
            if place.repeat is None:
                out[pdf_name(fid)] = self(fid)
                continue
            for row in range((rows or {}).get(place.repeat.id, place.repeat.rows)):
                out[pdf_name(fid, row)] = self(fid, row)
        return out


def renumbered(name: str, row: int) -> str:
    """A repeat cell's name moved to `row` (0-based): a row copied to make room in a filled form."""
    return re.sub(r", (row|item) \d+: ", lambda m: f", {m.group(1)} {row + 1}: ", name, count=1)


_CACHE: dict[int, tuple[FormSpec, FieldNames]] = {}


def names_for(spec: FormSpec) -> FieldNames:
    """The names of a form's fields, worked out once per spec (a renderer asks for every widget)."""
    hit = _CACHE.get(id(spec))
    if hit is not None and hit[0] is spec:
        return hit[1]
    if len(_CACHE) > 64:
        _CACHE.clear()
    names = FieldNames(spec)
    _CACHE[id(spec)] = (spec, names)
    return names


__all__ = ["FieldNames", "names_for", "renumbered", "hint_of", "DATE_FORMAT", "REQUIRED", "SIGNATURE"]
