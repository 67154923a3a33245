"""Form templates: the declarative YAML in form_templates/ that describes a form's layout.

Strings in a template may use Jinja2 (`{{ agency.name }}`) to draw values from the policy;
`for_each: "function in functions.on_record"` repeats a section or block per item, and `when:`
keeps a block only if a policy value is set. Nothing here touches DOCX or PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dfield
from pathlib import Path
from typing import Literal

from ..errors import Problem, ProblemsFound
from ..policy.model import FormKind
from ..structure import INVALID, Context, Ident, doc, structure
from ..yamlnodes import load_file
from .fields import FIELD_TYPES

# Where a field, block or heading came from, why it was added, how the seed words it: kept in the
# template for its authors and never put on a document (help: is printed, so it holds only hints).
AUTHORS_NOTES = "for template authors; never printed"

OptionsFrom = Literal["supervision_types", "case_categories", "functions", "rag_scale", "evaluation_scale"]


@dataclass(frozen=True)
class OptionDecl:
    key: Ident
    label: str


@dataclass(frozen=True)
class FieldDecl:
    id: str = dfield(metadata=doc("field id; may use {{ }} inside a for_each", example="supervisee"))
    type: str = dfield(metadata=doc("one of " + ", ".join(FIELD_TYPES), example="text"))
    label: str = dfield(metadata=doc("", example='"Supervisee"'))
    help: str = ""
    required: bool = False
    role: str | None = dfield(default=None, metadata=doc("a semantic role (see docgen/forms/roles.py); may use {{ }}"))
    options: tuple[OptionDecl, ...] = ()
    options_from: OptionsFrom | None = None
    function: str = dfield(default="", metadata=doc("id of the function this field evidences"))
    lines: int = dfield(default=0, metadata=doc("visible lines for multiline fields"))
    default: str = ""
    notes: str = dfield(default="", metadata=doc(AUTHORS_NOTES))

    def _check(self, ctx: Context, node, path: str) -> None:
        from ..errors import did_you_mean

        ftype = FIELD_TYPES.get(self.type)
        if ftype is None:
            ctx.problem_at(
                "bad-choice", f'"{self.type}" is not a field type', did_you_mean(self.type, FIELD_TYPES), f"{path}.type"
            )
            return
        if ftype.needs_options and not (self.options or self.options_from):
            ctx.problem(
                "missing-key",
                f"a {self.type} field needs options",
                "add options: or options_from:",
                node,
                f"{path}.options",
            )


@dataclass(frozen=True)
class RepeatDecl:
    id: str
    label: str
    fields: tuple[FieldDecl, ...]
    rows: int = 3
    role: Ident | None = None
    function: str = ""
    help: str = ""
    layout: Literal["table", "block"] = "table"
    notes: str = dfield(default="", metadata=doc(AUTHORS_NOTES))


@dataclass(frozen=True)
class BlockDecl:
    """One item of a section. Give exactly one of the content keys."""

    text: str | None = None
    note: str | None = None
    heading: str | None = None
    bullets: tuple[str, ...] | None = None
    numbered: tuple[str, ...] | None = None
    bullets_from: str | None = dfield(default=None, metadata=doc("a Jinja expression giving a list of text"))
    numbered_from: str | None = None
    field: FieldDecl | None = None
    repeat: RepeatDecl | None = None
    clauses: Literal["agreement"] | None = dfield(default=None, metadata=doc("the policy's agreement terms"))
    table: str | None = dfield(default=None, metadata=doc("a Jinja expression giving (header, rows)"))
    group: tuple[BlockDecl, ...] | None = None
    for_each: str = dfield(default="", metadata=doc('"name in expression", e.g. "f in functions.on_record"'))
    when: str = dfield(default="", metadata=doc("a Jinja expression; the block is kept when it is true"))

    CONTENT = (
        "text",
        "note",
        "heading",
        "bullets",
        "numbered",
        "bullets_from",
        "numbered_from",
        "field",
        "repeat",
        "clauses",
        "table",
        "group",
    )

    def _check(self, ctx: Context, node, path: str) -> None:
        given = [k for k in self.CONTENT if getattr(self, k) is not None]
        if len(given) != 1:
            found = ", ".join(given) or "none"
            ctx.problem(
                "bad-value",
                f"give exactly one of {', '.join(self.CONTENT)} (found: {found})",
                "split this item into one item per key",
                node,
                path,
            )


@dataclass(frozen=True)
class SectionDecl:
    heading: str = ""
    content: tuple[BlockDecl, ...] = ()
    for_each: str = ""
    when: str = ""
    notes: str = dfield(default="", metadata=doc(AUTHORS_NOTES))


@dataclass(frozen=True)
class FormTemplate:
    docgen_template: int = dfield(metadata=doc("format version; currently 1", example="1"))
    id: Ident = dfield(metadata=doc("", example="my_session_record"))
    kind: FormKind = dfield(metadata=doc("", example="session-record"))
    version: str = dfield(metadata=doc("", example='"1.0"'))
    title: str = dfield(metadata=doc("", example='"Record of Supervision"'))
    sections: tuple[SectionDecl, ...] = dfield(metadata=doc("", example="[...]"))
    source: str = ""
    intro: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()
    notes: str = dfield(default="", metadata=doc(AUTHORS_NOTES))


def load_template(path: str | Path) -> tuple[FormTemplate, Context]:
    """Load and structurally check one template; the context keeps positions for later errors."""
    node = load_file(path)
    ctx = Context(file=str(path))
    if node is None:
        raise ProblemsFound(
            [
                Problem(
                    "missing-key",
                    "the template file is empty",
                    "copy one of the shipped templates as a start",
                    file=str(path),
                )
            ]
        )
    template = structure(node, FormTemplate, "", ctx)
    if ctx.problems or template is INVALID:
        raise ProblemsFound(ctx.problems)
    return template, ctx
