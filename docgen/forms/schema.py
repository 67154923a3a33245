"""The resolved spec as JSON (what `docgen spec` prints) and the JSON Schema of a form's record.
(The field list embedded in every form is docgen/forms/fieldlist.py.)"""

from __future__ import annotations

import dataclasses

from .fieldlist import pdf_name
from .fields import FIELD_TYPES
from .roles import ROLES
from .tree import FieldSpec, FormSpec, Link, Mirror, RepeatSpec

_BLOCK_NAMES = {
    "Heading": "heading",
    "Paragraph": "paragraph",
    "ListBlock": "list",
    "Table": "table",
    "FieldBlock": "field",
    "RepeatBlock": "repeat",
    "GridBlock": "grid",
}


def spec_to_dict(spec: FormSpec) -> dict:
    return {
        "manifest": dataclasses.asdict(spec.manifest),
        "title": spec.title,
        "title_from": spec.title_from,
        "agency": spec.agency,
        "variant": spec.variant,
        "status": spec.status,
        "source": spec.source,
        "intro": list(spec.intro),
        "sections": [{"heading": s.heading, "blocks": [_block(b) for b in s.blocks]} for s in spec.sections],
        "footer": list(spec.footer),
        "fields": [_field(f) for f in spec.fields()],
    }


def _field(f: FieldSpec) -> dict:
    out: dict[str, object] = {"id": f.id, "pdf_name": pdf_name(f.id), "type": f.type, "label": f.label}
    for key in ("help", "role", "function", "default"):
        if getattr(f, key):
            out[key] = getattr(f, key)
    if f.required:
        out["required"] = True
    if f.options:
        out["options"] = [{"key": o.key, "label": o.label} for o in f.options]
    if FIELD_TYPES[f.type].multiline:
        out["lines"] = f.lines
    return out


def _repeat(r: RepeatSpec) -> dict:
    out = {"id": r.id, "label": r.label, "rows": r.rows, "layout": r.layout, "columns": [_field(f) for f in r.fields]}
    for key in ("role", "function", "help"):
        if getattr(r, key):
            out[key] = getattr(r, key)
    return out


def _block(block) -> dict:
    kind = _BLOCK_NAMES[type(block).__name__]
    if kind == "field":
        return {"type": "field", "field": _field(block.field)}
    if kind == "repeat":
        return {"type": "repeat", "repeat": _repeat(block.repeat)}
    if kind == "grid":
        return {"type": "grid", "fields": [_field(f) for f in block.fields]}
    if kind == "paragraph":
        parts = []
        for p in block.parts:
            if isinstance(p, FieldSpec):
                parts.append({"field": p.id})
            elif isinstance(p, Mirror):
                parts.append({"same_as": p.field_id})
            elif isinstance(p, Link):
                parts.append({"text": p.text, "link": p.url})
            else:
                parts.append(p)
        return {"type": "paragraph", "style": block.style, "parts": parts}
    data = dataclasses.asdict(block)
    data = {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}
    return {"type": kind, **data}


def record_json_schema(spec: FormSpec) -> dict:
    """The JSON Schema of the record a completed form of this kind yields (values by field id)."""
    properties: dict = {}
    required: list[str] = []
    in_repeat = set()
    for repeat in spec.repeats():
        row_props = {}
        for f in repeat.fields:
            in_repeat.add(f.id)
            row_props[f.short_id] = _with_role(FIELD_TYPES[f.type].json_schema(f), f)
        properties[repeat.id] = {
            "type": "array",
            "title": repeat.label,
            "items": {"type": "object", "properties": row_props, "additionalProperties": False},
        }
        if repeat.role:
            properties[repeat.id]["x-role"] = repeat.role
    for f in spec.fields():
        if f.id in in_repeat:
            continue
        properties[f.id] = _with_role(FIELD_TYPES[f.type].json_schema(f), f)
        if f.required:
            required.append(f.id)
    m = spec.manifest
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"docgen:{m.policy_id}:{m.form_id}:{m.form_version}",
        "title": f"{spec.title} ({m.policy_id}, {m.kind})",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _with_role(schema: dict, f: FieldSpec) -> dict:
    if f.role:
        schema = {**schema, "x-role": f.role, "description": ROLES[f.role]}
    return schema
