"""A form's field list: the one shape every stage after the form shares.

A renderer embeds it in every form it makes (`FieldList.of(spec).to_json()`: the DOCX manifest's
`fields`, the PDF's /DocgenFields), a parser reads it back (`FieldList.from_json`), so a file made
under an older policy version is read against the list it was made with; the harvest stores it
(`to_data`/`from_data`, one row of the `forms` table per distinct list) and the report reads each
form's functions of supervision from it (`functions`), never from the policy's current templates.

Each entry says its id, type, label, role, the function of supervision it evidences, its options,
whether it is required and, for a column of a repeat, the repeat (`repeat.child` ids). Lists that
docgen wrote before it embedded functions have no `function` key at all: `functions_known` is then
False (a list that states functions writes `"function": null` for the entries without one).

Field ids also name PDF fields, which may not contain dots: `pdf_name` maps an id (and a row of a
repeat) to its PDF name, `from_pdf_name` maps a name back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property

from ..errors import DocgenError
from .tree import FieldSpec, FormSpec, Option

PDF_SEP = "__"
ID_SEP = "."  # a repeat's column: `repeat.child`


def cell_id(repeat_id: str, short_id: str) -> str:
    """The id of a repeat's column: `actions` + `owner` -> `actions.owner`."""
    return f"{repeat_id}{ID_SEP}{short_id}"


def split_id(field_id: str) -> tuple[str | None, str]:
    """(repeat id, short id) of a repeat's column, (None, id) for any other field."""
    repeat, dot, short = field_id.rpartition(ID_SEP)
    return (repeat, short) if dot else (None, field_id)


def in_repeat(field_id: str) -> bool:
    return ID_SEP in field_id


def pdf_name(field_id: str, row: int | None = None) -> str:
    """PDF field names may not contain dots: `actions.owner` row 0 -> `actions__0__owner`."""
    if row is None:
        return field_id.replace(ID_SEP, PDF_SEP)
    repeat_id, _, child = field_id.rpartition(ID_SEP)
    return f"{repeat_id.replace(ID_SEP, PDF_SEP)}{PDF_SEP}{row}{PDF_SEP}{child}"


PdfName = tuple[str, str | None, int, str]  # field id (`repeat.child` for a cell), repeat id, row, short id


def from_pdf_name(name: str, repeat_ids: frozenset[str] | set[str] = frozenset()) -> PdfName:
    """The inverse of `pdf_name`: `actions__0__owner` (with `actions` a repeat) -> ("actions.owner",
    "actions", 0, "owner"); a field outside any repeat -> (its id, None, 0, ""). (A plain tuple: a
    PDF reader asks this for every field of every file.)"""
    if PDF_SEP not in name:
        return name, None, 0, ""
    parts = name.split(PDF_SEP)
    if len(parts) == 3 and parts[0] in repeat_ids and parts[1].isascii() and parts[1].isdigit():
        return cell_id(parts[0], parts[2]), parts[0], int(parts[1]), parts[2]
    return name.replace(PDF_SEP, ID_SEP), None, 0, ""


class FieldListError(DocgenError, ValueError):
    """An embedded field list that is not one (damaged or forged): the parser says so plainly."""


@dataclass(frozen=True)
class FieldEntry:
    id: str  # `repeat.child` for a column of a repeat
    type: str  # a key of docgen.forms.fields.FIELD_TYPES
    label: str
    role: str | None = None
    function: str | None = None  # the function of supervision this field evidences
    options: tuple[tuple[str, str], ...] = ()  # (key, label)
    required: bool = False
    repeat: str | None = None  # the repeat this field is a column of

    @property
    def short_id(self) -> str:
        return split_id(self.id)[1]

    def spec(self) -> FieldSpec:
        """The field as the field types coerce it (docgen.forms.fields)."""
        return FieldSpec(
            self.id,
            self.type,
            self.label,
            required=self.required,
            role=self.role,
            options=tuple(Option(k, lab) for k, lab in self.options),
            function=self.function,
        )

    def to_data(self, functions: bool = True) -> dict:
        out: dict[str, object] = {"id": self.id, "type": self.type, "label": self.label}
        if self.options:
            out["options"] = [[k, lab] for k, lab in self.options]
        if self.required:
            out["required"] = True
        if self.role:
            out["role"] = self.role
        if functions:
            out["function"] = self.function
        return out


@dataclass(frozen=True)
class RepeatEntry:
    id: str
    label: str = ""
    layout: str = "table"  # table | block
    role: str | None = None
    function: str | None = None

    def to_data(self, functions: bool = True) -> dict:
        out: dict[str, object] = {"id": self.id, "label": self.label, "layout": self.layout, "role": self.role}
        if functions:
            out["function"] = self.function
        return out


@dataclass(frozen=True)
class FieldList:
    fields: tuple[FieldEntry, ...]
    repeats: tuple[RepeatEntry, ...] = ()
    functions_known: bool = True  # False: written by a docgen that did not embed functions

    @classmethod
    def of(cls, spec: FormSpec) -> FieldList:
        """The field list of a resolved form (what a renderer embeds)."""
        repeats = tuple(spec.repeats())
        in_repeat = {f.id: r.id for r in repeats for f in r.fields}
        fields = tuple(
            FieldEntry(
                f.id,
                f.type,
                f.label,
                f.role,
                f.function or None,
                tuple((o.key, o.label) for o in f.options),
                f.required,
                in_repeat.get(f.id),
            )
            for f in spec.fields()
        )
        return cls(fields, tuple(RepeatEntry(r.id, r.label, r.layout, r.role, r.function or None) for r in repeats))

    # writing and reading

    def to_data(self) -> tuple[list[dict], list[dict]]:
        """(fields, repeats) as JSON-ready lists (what the embedded JSON and the harvest's `forms` hold)."""
        known = self.functions_known
        return [f.to_data(known) for f in self.fields], [r.to_data(known) for r in self.repeats]

    def to_json(self) -> str:
        """The compact JSON a renderer embeds in a form."""
        fields, repeats = self.to_data()
        return json.dumps({"fields": fields, "repeats": repeats}, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> FieldList:
        """A list embedded in a form (by this docgen or an older one), checked: FieldListError if damaged."""
        try:
            meta = json.loads(text)
            fields, repeats = meta.get("fields", []), meta.get("repeats", [])
            if not all(
                isinstance(e, dict)
                and isinstance(e.get("id"), str)
                and isinstance(e.get("type"), str)
                and isinstance(e.get("role"), (str, type(None)))
                and isinstance(e.get("function"), (str, type(None)))
                for e in fields
            ) or not all(
                isinstance(r, dict)
                and isinstance(r.get("id"), str)
                and isinstance(r.get("function"), (str, type(None)))
                for r in repeats
            ):
                raise FieldListError("entries without an id")
            return cls.from_data(fields, repeats, strict=True)
        except (json.JSONDecodeError, AttributeError, KeyError, TypeError, ValueError) as exc:
            raise FieldListError(str(exc)) from None

    @classmethod
    def from_data(cls, fields: list, repeats: list, strict: bool = False) -> FieldList:
        """A list from its JSON-ready form (`to_data`): as embedded (`strict`: options must be pairs),
        or as a harvest stored it (read as it is)."""
        repeat_list = tuple(
            RepeatEntry(r["id"], r.get("label", ""), r.get("layout", "table"), r.get("role"), r.get("function"))
            for r in repeats
        )
        ids = {r.id for r in repeat_list}
        entries = []
        for e in fields:
            fid = e["id"]
            rid = split_id(fid)[0]
            options = (
                tuple((k, lab) for k, lab in e.get("options", ()))
                if strict
                else tuple(tuple(o) for o in e.get("options", ()))
            )
            entries.append(
                FieldEntry(
                    fid,
                    e["type"],
                    e.get("label", fid),
                    e.get("role"),
                    e.get("function"),
                    options,
                    e.get("required", False),
                    rid if rid in ids else None,
                )
            )
        known = any("function" in e for e in (*fields, *repeats))
        return cls(tuple(entries), repeat_list, known)

    # what the stages ask of it

    @cached_property
    def specs(self) -> tuple[FieldSpec, ...]:
        """Each entry as a FieldSpec, made once per list (the parser coerces through these)."""
        return tuple(f.spec() for f in self.fields)

    @cached_property
    def ids(self) -> frozenset[str]:
        return frozenset(f.id for f in self.fields)

    @cached_property
    def repeat_ids(self) -> frozenset[str]:
        return frozenset(r.id for r in self.repeats)

    def entries(self) -> tuple[FieldEntry | RepeatEntry, ...]:
        """Every field, then every repeat."""
        return (*self.fields, *self.repeats)

    @cached_property
    def top(self) -> tuple[FieldEntry, ...]:
        """The fields outside any repeat."""
        return tuple(f for f in self.fields if f.repeat is None)

    def columns(self, repeat_id: str) -> list[FieldEntry]:
        return [f for f in self.fields if f.repeat == repeat_id]

    def roles(self) -> dict[str, str]:
        """field id, repeat id and `repeat.child` -> role."""
        return {e.id: e.role for e in self.entries() if e.role}

    def functions(self) -> dict[str, str] | None:
        """field id and repeat id -> the function of supervision it evidences (None: the list
        predates functions, so it cannot say)."""
        if not self.functions_known:
            return None
        return {e.id: e.function for e in self.entries() if e.function}
