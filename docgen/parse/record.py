"""From raw values (read from a DOCX or PDF) to a typed record and its issues.

The same field types that rendered a form parse its answers back (docgen/forms/fields.py). The
field list comes from the form itself (embedded at generation), so a file made under an older
policy version is read against the spec it was made from.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field

from ..filecodes import meanings
from ..forms.fieldlist import FieldEntry, FieldList, FieldListError, RepeatEntry
from ..forms.fields import FIELD_TYPES
from ..forms.tree import FieldSpec
from .safety import FormError

ISSUE_CODES = meanings("issue")  # what each means and what to do: docgen/filecodes.py
_SIGNERS = {"signature_supervisee": "the supervisee", "signature_supervisor": "the supervisor"}
BLANK = "this form was never filled in: nothing to record"


@dataclass(frozen=True)
class Issue:
    field: str
    code: str
    message: str

    def as_dict(self) -> dict:
        return {"field": self.field, "code": self.code, "message": self.message}


@dataclass
class RawForm:
    """What a reader found: the manifest, the embedded field list, and values by field id."""

    manifest: dict
    form: FieldList  # the form's own field list (embedded at generation)
    values: dict[str, object] = field(default_factory=dict)  # top-level field id -> raw value
    rows: dict[str, list[dict]] = field(default_factory=dict)  # repeat id -> [{child id: raw value}]
    issues: list[Issue] = field(default_factory=list)


@dataclass
class Record:
    manifest: dict
    values: dict
    issues: list[Issue]
    form: FieldList = FieldList(())  # the form's own field list

    @property
    def fields(self) -> tuple[FieldEntry, ...]:
        return self.form.fields

    @property
    def repeats(self) -> tuple[RepeatEntry, ...]:
        return self.form.repeats

    def as_dict(self) -> dict:
        return {"document": self.manifest, "values": self.values, "issues": [i.as_dict() for i in self.issues]}


@functools.lru_cache(maxsize=256)
def field_list(text: str) -> FieldList:
    """The embedded field list, read once per distinct form (a harvest reads the same one often)."""
    try:
        form = FieldList.from_json(text)
    except FieldListError:
        raise FormError("corrupt", "the form's field list is damaged") from None
    if not _unicode(form.to_data()):  # JSON can escape a lone surrogate
        raise FormError("corrupt", "the form's field list is damaged")
    if any(f.type not in FIELD_TYPES for f in form.fields):
        raise FormError("corrupt", "the form's field list names a field type docgen does not know")
    return form


def _unicode(value) -> bool:
    """Whether JSON-decoded data is valid Unicode throughout (JSON can escape a lone surrogate,
    which no database or file can store)."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, ValueError, TypeError):
        return False
    return True


def require_form(manifest: dict, fields: FieldList | None = None) -> None:
    """A docgen document that is not a form (the policy document, handouts) has nothing to read;
    one that says so but lists fields (`fields`, its embedded field list) was edited to say so: it
    is read, and the harvest finds its kind wrong (a tampered form), so its answers are not
    dropped as 'not a form'. Every manifest entry docgen writes is text: anything else is a
    damaged (or forged) manifest."""
    odd = sorted(str(k)[:40] for k, v in manifest.items() if not isinstance(v, str))
    if odd:
        raise FormError("corrupt", f"the form's manifest is damaged: {', '.join(odd[:5])} should be text")
    if not _unicode(manifest):
        raise FormError("corrupt", "the form's manifest is damaged: it holds broken Unicode")
    kind = manifest.get("kind", "")
    if fields is not None and fields.fields:
        return  # it lists fields, so it is a form whatever it claims: the harvest checks its kind (identity.py)
    if kind == "policy-document" or kind.startswith("handout"):
        raise FormError(
            "not-a-form",
            f"this is docgen's read-only {kind.replace('-', ' ')}, not a form; there are no answers to read back",
        )


def coerce(raw: RawForm) -> Record:
    """Typed values for every field of the form (None when empty) and every issue found. A form
    with no answer at all (each field type says what counts: FieldType.answered; an unticked box
    does not) is blank: a `blank` issue, first, says so (before the issues of its empty answers), and
    the harvest stores no record of it (docgen/harvest/workers.py)."""
    issues = list(raw.issues)
    top, repeats = _plan(raw.form)
    values: dict[str, object] = {}
    answered = False
    for spec, ftype in top:
        value = values[spec.id] = _one(spec, ftype, raw.values.get(spec.id), spec.id, issues)
        answered = answered or ftype.answered(value)
    for rid, columns in repeats:
        rows = []
        for i, raw_row in enumerate(raw.rows.get(rid, [])):
            row = {}
            filled = False
            for spec, short, ftype in columns:
                result = ftype.coerce(spec, raw_row.get(short))
                issues.extend(Issue(f"{rid}[{i}].{short}", "bad-value", m) for m in result.issues)
                row[short] = result.value
                filled = filled or ftype.answered(result.value)
            if filled or any(v not in (None, False) for v in row.values()):
                rows.append(row)
        values[rid] = rows
        answered = answered or bool(rows)
    if not answered and raw.form.fields:
        issues.insert(0, Issue("", "blank", BLANK))
    return Record(raw.manifest, values, issues, raw.form)


def is_blank(record: Record) -> bool:
    """Whether the form was never filled in (see coerce)."""
    return any(i.code == "blank" and not i.field for i in record.issues)


_PLANS: dict[int, tuple] = {}


def _plan(form: FieldList) -> tuple:
    """How to coerce a form's fields, worked out once per form (field_list gives each distinct
    list one FieldList): the top-level fields with their types, and each repeat's columns."""
    hit = _PLANS.get(id(form))
    if hit is not None and hit[0] is form:
        return hit[1]
    repeat_ids = [r.id for r in form.repeats]
    top: list[tuple] = []
    children: dict[str, list[tuple]] = {rid: [] for rid in repeat_ids}
    for entry, spec in zip(form.fields, form.specs, strict=True):
        if entry.repeat is not None:
            children[entry.repeat].append((spec, entry.short_id, FIELD_TYPES[spec.type]))
        else:
            top.append((spec, FIELD_TYPES[spec.type]))
    plan = tuple(top), tuple((rid, tuple(children[rid])) for rid in repeat_ids)
    if len(_PLANS) > 256:
        _PLANS.clear()
    _PLANS[id(form)] = (form, plan)
    return plan


def _one(spec: FieldSpec, ftype, raw, where: str, issues: list[Issue]):
    result = ftype.coerce(spec, raw)
    for message in result.issues:
        issues.append(Issue(where, "bad-value", message))
    if spec.role in _SIGNERS and result.value in (None, ""):
        issues.append(
            Issue(where, "not-signed", f'the record is not signed by {_SIGNERS[spec.role]} ("{spec.label}" is empty)')
        )
    elif spec.required and result.value in (None, ""):
        issues.append(Issue(where, "missing-required", f'"{spec.label}" is required but empty'))
    return result.value
