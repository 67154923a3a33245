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
from ..forms.fields import FIELD_TYPES
from ..forms.tree import FieldSpec, Option
from .safety import FormError

ISSUE_CODES = meanings("issue")  # what each means and what to do: docgen/filecodes.py
_SIGNERS = {"signature_supervisee": "the supervisee", "signature_supervisor": "the supervisor"}


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
    fields: list[dict]  # compact field entries: id, type, label, options, required, role
    repeats: list[dict]  # id, label, layout, role
    specs: tuple = ()  # FieldSpec for each entry of `fields` (built from them when empty)
    values: dict[str, object] = field(default_factory=dict)  # top-level field id -> raw value
    rows: dict[str, list[dict]] = field(default_factory=dict)  # repeat id -> [{child id: raw value}]
    issues: list[Issue] = field(default_factory=list)


@dataclass
class Record:
    manifest: dict
    values: dict
    issues: list[Issue]
    fields: list[dict] = field(default_factory=list)  # the form's own field list (id, type, label, role...)
    repeats: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"document": self.manifest, "values": self.values, "issues": [i.as_dict() for i in self.issues]}


@functools.lru_cache(maxsize=256)
def field_list(text: str) -> dict:
    """The embedded field list, read once per distinct form (a harvest reads the same one often).
    Returns {"fields": [...], "repeats": [...], "specs": (FieldSpec, ...)}; treat it as read-only."""
    try:
        meta = json.loads(text)
        fields, repeats = meta.get("fields", []), meta.get("repeats", [])
        if not all(isinstance(e, dict) and isinstance(e.get("id"), str) and isinstance(e.get("type"), str)
                   and isinstance(e.get("role"), (str, type(None))) for e in fields) \
                or not all(isinstance(r, dict) and isinstance(r.get("id"), str) for r in repeats):
            raise ValueError("entries without an id")
        specs = tuple(field_spec(e) for e in fields)
        if not _unicode(meta):
            raise ValueError("broken Unicode (a lone surrogate escaped in the JSON)")
    except (json.JSONDecodeError, AttributeError, KeyError, TypeError, ValueError):
        raise FormError("corrupt", "the form's field list is damaged") from None
    if any(s.type not in FIELD_TYPES for s in specs):
        raise FormError("corrupt", "the form's field list names a field type docgen does not know")
    return {"fields": fields, "repeats": repeats, "specs": specs}


def _unicode(value) -> bool:
    """Whether JSON-decoded data is valid Unicode throughout (JSON can escape a lone surrogate,
    which no database or file can store)."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, ValueError, TypeError):
        return False
    return True


def require_form(manifest: dict) -> None:
    """A docgen document that is not a form (the policy document, handouts) has nothing to read.
    Every manifest entry docgen writes is text: anything else is a damaged (or forged) manifest."""
    odd = sorted(str(k)[:40] for k, v in manifest.items() if not isinstance(v, str))
    if odd:
        raise FormError("corrupt", f"the form's manifest is damaged: {', '.join(odd[:5])} should be text")
    if not _unicode(manifest):
        raise FormError("corrupt", "the form's manifest is damaged: it holds broken Unicode")
    kind = manifest.get("kind", "")
    if kind == "policy-document" or kind.startswith("handout"):
        raise FormError("not-a-form", f"this is docgen's read-only {kind.replace('-', ' ')}, not a form; "
                                      "there are no answers to read back")


def field_spec(entry: dict) -> FieldSpec:
    options = tuple(Option(k, lab) for k, lab in entry.get("options", ()))
    return FieldSpec(entry["id"], entry["type"], entry.get("label", entry["id"]), required=entry.get("required", False),
                     role=entry.get("role"), options=options)


def coerce(raw: RawForm) -> Record:
    """Typed values for every field of the form (None when empty) and every issue found."""
    issues = list(raw.issues)
    top, repeats = _plan(raw.specs or tuple(field_spec(e) for e in raw.fields), tuple(r["id"] for r in raw.repeats))
    values: dict[str, object] = {}
    for spec, ftype in top:
        values[spec.id] = _one(spec, ftype, raw.values.get(spec.id), spec.id, issues)
    for rid, columns in repeats:
        rows = []
        for i, raw_row in enumerate(raw.rows.get(rid, [])):
            row = {}
            for spec, short, ftype in columns:
                result = ftype.coerce(spec, raw_row.get(short))
                issues.extend(Issue(f"{rid}[{i}].{short}", "bad-value", m) for m in result.issues)
                row[short] = result.value
            if any(v not in (None, False) for v in row.values()):
                rows.append(row)
        values[rid] = rows
    return Record(raw.manifest, values, issues, raw.fields, raw.repeats)


_PLANS: dict[tuple[int, tuple], tuple] = {}


def _plan(specs: tuple, repeat_ids: tuple) -> tuple:
    """How to coerce a form's fields, worked out once per form (field_list gives each form one
    `specs` tuple): the top-level fields with their types, and each repeat's columns."""
    key = (id(specs), repeat_ids)
    hit = _PLANS.get(key)
    if hit is not None and hit[0] is specs:
        return hit[1]
    top: list[tuple] = []
    children: dict[str, list[tuple]] = {rid: [] for rid in repeat_ids}
    for spec in specs:
        rid, dot, _ = spec.id.rpartition(".")
        if dot and rid in children:
            children[rid].append((spec, spec.short_id, FIELD_TYPES[spec.type]))
        else:
            top.append((spec, FIELD_TYPES[spec.type]))
    plan = tuple(top), tuple((rid, tuple(children[rid])) for rid in repeat_ids)
    if len(_PLANS) > 256:
        _PLANS.clear()
    _PLANS[key] = (specs, plan)
    return plan


def _one(spec: FieldSpec, ftype, raw, where: str, issues: list[Issue]):
    result = ftype.coerce(spec, raw)
    for message in result.issues:
        issues.append(Issue(where, "bad-value", message))
    if spec.role in _SIGNERS and result.value in (None, ""):
        issues.append(Issue(where, "not-signed", f"the record is not signed by {_SIGNERS[spec.role]} "
                                                 f'("{spec.label}" is empty)'))
    elif spec.required and result.value in (None, ""):
        issues.append(Issue(where, "missing-required", f'"{spec.label}" is required but empty'))
    return result.value
