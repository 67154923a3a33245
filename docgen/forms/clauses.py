"""An agreement's clauses on its form: the clause's words with its blanks inline (text, number,
date fields; a Mirror for `same_as`), and a choice blank as tick boxes below the words before it
(docgen/policy/clauses.py says what a clause may hold)."""

from __future__ import annotations

from ..policy.clauses import BLANK_RE, Blank, Clause
from .fields import FIELD_TYPES
from .tree import FieldBlock, FieldSpec, Mirror, Option, Paragraph

# a clause blank's type -> its field's type (a blank for a person is a text field; a choice: choice_blocks)
BLANK_TYPES = {"text": "text", "multiline": "multiline", "number": "number", "date": "date", "person": "text"}


def clause_blocks(clause: Clause, ids: dict[str, FieldSpec]) -> list:
    """The clause as paragraphs with its blanks inline; a choice blank ends the paragraph before
    it (its words then end in a colon) and is drawn as tick boxes below it (choice_blocks)."""
    blanks: dict[str, Blank] = {b.id: b for b in clause.blanks}
    out: list = []
    parts: list = []
    pos = 0
    for m in BLANK_RE.finditer(clause.text):
        if m.start() > pos:
            parts.append(clause.text[pos : m.start()])
        blank = blanks[m.group(1)]
        if blank.type == "choice":
            lead = "".join(p for p in parts if isinstance(p, str)).rstrip()
            if parts and lead:
                if isinstance(parts[-1], str):  # "Supervision will take place:" above the tick boxes
                    words = parts[-1].rstrip().rstrip(":")
                    parts[-1] = words + (" (tick all that apply):" if blank.multiple else ":")
                out.append(Paragraph(tuple(parts)))
            out += choice_blocks(clause, blank, labelled=not (parts and lead))
            parts = []
        elif blank.same_as:
            parts.append(Mirror(ids[blank.same_as].id, blank.label))
        else:
            ftype = BLANK_TYPES.get(blank.type, "text")
            spec = FieldSpec(
                f"{clause.id}_{blank.id}",
                ftype,
                blank.label,
                blank.help,
                False,
                blank.role,
                lines=FIELD_TYPES[ftype].lines,
            )
            ids[f"{clause.id}.{blank.id}"] = spec
            parts.append(spec)
        pos = m.end()
    rest = clause.text[pos:]
    if rest and (parts or any(c.isalnum() for c in rest)):  # not the full stop after a choice alone
        parts.append(rest if parts else rest.lstrip(" .,;:"))
    if parts:
        out.append(Paragraph(tuple(parts)))
    return out


def choice_blocks(clause: Clause, blank: Blank, labelled: bool) -> list:
    """A choice blank of a clause as tick boxes: one choice field `<clause>_<blank>` (its value the
    ticked option's key), or for `multiple: true` a checkbox per option `<clause>_<blank>_<key>`.
    `preset` becomes the fields' default, which prefill writes in a personalised agreement."""
    options = tuple(Option(o.key, o.label) for o in blank.options)
    base = f"{clause.id}_{blank.id}"
    if not blank.multiple:
        preset = blank.preset[0] if blank.preset else ""
        spec = FieldSpec(base, "choice", blank.label, blank.help, False, blank.role, options, default=preset)
        return [FieldBlock(spec, show_label=labelled)]
    lead = [Paragraph((f"{blank.label} (tick all that apply):",))] if labelled else []
    return lead + [
        FieldBlock(
            FieldSpec(
                f"{base}_{o.key}", "checkbox", o.label, blank.help, default="yes" if o.key in blank.preset else ""
            )
        )
        for o in blank.options
    ]
