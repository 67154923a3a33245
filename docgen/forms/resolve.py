"""Build: (policy, form template) -> FormSpec, the resolved document tree of one form.

Every problem is located in the template file (line, column, YAML path) and collected.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import __version__
from ..errors import ProblemsFound, did_you_mean
from ..policy import LoadedPolicy
from ..policy.adopted import form_credit
from ..policy.versionline import version_line
from ..structure import Context, join
from .clauses import clause_blocks
from .evaluate import Evaluator
from .fieldlist import pdf_name
from .fields import FIELD_TYPES
from .roles import REQUIRED_ROLES, ROLES
from .template import BlockDecl, FieldDecl, FormTemplate, RepeatDecl, load_template
from .tree import (
    FieldBlock,
    FieldSpec,
    FormSpec,
    Heading,
    ListBlock,
    Manifest,
    Option,
    Paragraph,
    RepeatBlock,
    RepeatSpec,
    Section,
    Table,
    gridded,
    say_once,
)

ID_PART = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_ID = 64  # Word limits a content control's tag to 64 characters


def form_keys(loaded: LoadedPolicy) -> list[str]:
    """The form kinds (and kind:variant) this policy generates, in the policy's order."""
    return list(loaded.policy.documents.forms)


def template_path(template_id: str, loaded: LoadedPolicy) -> Path:
    """A template next to the policy (its own form_templates/ folder) wins over a shipped one."""
    from ..resources import templates_dir

    local = Path(loaded.path).parent / "form_templates" / f"{template_id}.yaml"
    return local if local.exists() else templates_dir() / f"{template_id}.yaml"


def build_form(loaded: LoadedPolicy, key: str) -> FormSpec:
    """Resolve form `key` ("session-record", "agreement:direct") for this policy."""
    forms = loaded.policy.documents.forms
    if key not in forms:
        if key == "agreement" and any(k.startswith("agreement:") for k in forms):
            hint = "this policy has variants: " + ", ".join(k for k in forms if k.startswith("agreement:"))
        else:
            hint = did_you_mean(key, forms)
        raise ProblemsFound(
            [loaded.problem("unknown-form", f'the policy does not define the form "{key}"', hint, "documents.forms")]
        )
    template_id = forms[key].template
    path = template_path(template_id, loaded)
    if not path.exists():
        raise ProblemsFound(
            [
                loaded.problem(
                    "unknown-form",
                    f'there is no form template "{template_id}" (looked for {path})',
                    "check documents.forms, or add the template file",
                    f"documents.forms.{key}",
                )
            ]
        )
    template, ctx = load_template(path)
    return Builder(loaded, template, ctx, key).build()


class Builder(Evaluator):
    """Resolves one form: the template's sections and blocks, against the policy (an Evaluator)."""

    def __init__(self, loaded: LoadedPolicy, template: FormTemplate, ctx: Context, key: str):
        self.loaded, self.template, self.ctx, self.key = loaded, template, ctx, key
        policy = loaded.policy
        kind, _, variant_id = key.partition(":")
        self.kind = kind
        self.variant = None
        if variant_id and policy.agreement:
            self.variant = next((v for v in policy.agreement.variants if v.id == variant_id), None)
        self.scope = {
            "policy": policy,
            "agency": policy.agency,
            "functions": policy.functions,
            "frequency": policy.frequency,
            "agreement": policy.agreement,
            "recording": policy.recording,
            "booking": policy.booking,
            "case_discussion": policy.case_discussion,
            "rag_scale": policy.rag_scale,
            "evaluation": policy.evaluation,
            "quality_assurance": policy.quality_assurance,
            "supervision_types": policy.supervision_types,
            "variant": self.variant,
            "credit": form_credit(policy, kind),  # "Adapted from: ..." when the form is an adopted tool
        }

    # --- building ---------------------------------------------------------------------------
    def build(self) -> FormSpec:
        t, scope = self.template, self.scope
        if t.kind != self.kind:
            self.ctx.problem_at(
                "bad-value",
                f'this template is a "{t.kind}" but the policy uses it for "{self.kind}"',
                "point documents.forms at a template of the right kind",
                "kind",
            )
        sections = []
        for i, section in enumerate(t.sections):
            path = join("sections", i)
            for s_scope in self.loop(section.for_each, path, scope):
                if not self.keep(section.when, path, s_scope):
                    continue
                blocks = self.blocks(section.content, join(path, "content"), s_scope)
                heading = self.text(section.heading, join(path, "heading"), s_scope)
                sections.append(Section(heading, gridded(say_once(heading, blocks), _ticked)))
        credit = str(scope["credit"])
        if credit:  # an adopted tool is credited under its title, whatever the template
            sections.insert(0, Section("", (Paragraph((credit,), "help"),)))
        policy = self.loaded.policy
        title, title_from = self.title()
        spec = FormSpec(
            manifest=Manifest(t.id, t.version, self.key, policy.id, policy.version, self.loaded.digest, __version__),
            title=title,
            title_from=title_from,
            logo=self.loaded.logo,
            agency=policy.agency.name,
            sections=tuple(sections),
            intro=tuple(filter(None, (self.text(p, join("intro", i), scope) for i, p in enumerate(t.intro)))),
            footer=tuple(filter(None, (self.text(p, join("footer", i), scope) for i, p in enumerate(t.footer)))),
            variant=self.variant.id if self.variant else None,
            source=t.source,
            status=policy.status,
            version_line=version_line(policy.version, policy.last_reviewed),
        )
        if not self.ctx.problems:
            check_spec(spec, self.ctx)
        if self.ctx.problems:
            raise ProblemsFound(self.ctx.problems)
        return spec

    def title(self) -> tuple[str, str]:
        """The form's title and where it came from: the policy's `documents.forms` entry, else the
        agreement variant's own title, else the template's (the default)."""
        stated = self.loaded.policy.documents.forms[self.key].title.strip()
        if stated:
            return stated, "policy"
        if self.variant is not None and self.variant.title.strip():
            return self.variant.title.strip(), "variant"
        return self.text(self.template.title, "title", self.scope), "template"

    def blocks(self, decls: tuple[BlockDecl, ...], path: str, scope: dict) -> list:
        out: list = []
        for i, decl in enumerate(decls):
            p = join(path, i)
            for b_scope in self.loop(decl.for_each, p, scope):
                if self.keep(decl.when, p, b_scope):
                    out.extend(self.block(decl, p, b_scope))
        return out

    def block(self, d: BlockDecl, path: str, scope: dict) -> list:
        text = d.text if d.text is not None else d.note
        if text is not None:
            style = "body" if d.text is not None else "note"
            return [Paragraph((self.text(text, path, scope),), style)]
        if d.heading is not None:
            return [Heading(self.text(d.heading, join(path, "heading"), scope), 3)]
        items = d.bullets if d.bullets is not None else d.numbered
        if items is not None:
            key = "bullets" if d.bullets is not None else "numbered"
            texts = tuple(self.text(x, join(join(path, key), i), scope) for i, x in enumerate(items))
            return [ListBlock(texts, numbered=d.numbered is not None)]
        if d.bullets_from is not None or d.numbered_from is not None:
            key = "bullets_from" if d.bullets_from is not None else "numbered_from"
            items = self.expr(getattr(d, key), join(path, key), scope) or ()
            return [ListBlock(tuple(str(x) for x in items), numbered=d.numbered_from is not None)] if items else []
        if d.field is not None:
            return [FieldBlock(self.field(d.field, join(path, "field"), scope))]
        if d.repeat is not None:
            return [RepeatBlock(self.repeat(d.repeat, join(path, "repeat"), scope))]
        if d.clauses is not None:
            return self.clauses(path, scope)
        if d.table is not None:
            value = self.expr(d.table, join(path, "table"), scope)
            if value is None:
                return []
            header, rows = value
            return [Table(tuple(header), tuple(tuple(r) for r in rows))]
        return self.blocks(d.group or (), join(path, "group"), scope)

    def field(self, d: FieldDecl, path: str, scope: dict, prefix: str = "") -> FieldSpec:
        ftype = FIELD_TYPES[d.type]
        options = tuple(Option(o.key, self.text(o.label, join(path, "options"), scope)) for o in d.options)
        if d.options_from:
            options = self.options_from(d.options_from, path)
        elif not options:
            listed = self._listed(ftype.policy_options) if ftype.policy_options else None
            options = ftype.fixed_options if listed is None else listed  # the policy's list when it has one
        function = self.text(d.function, join(path, "function"), scope) or None
        if function and function not in [f.id for f in self.loaded.policy.functions.items]:
            self.ctx.problem_at(
                "bad-reference",
                f'"{function}" is not a function in the policy',
                did_you_mean(function, [f.id for f in self.loaded.policy.functions.items]),
                join(path, "function"),
            )
        role = self.text(d.role, join(path, "role"), scope) if d.role else None
        self._role(role, path)
        lines = d.lines or ftype.lines
        return FieldSpec(
            prefix + self.text(d.id, join(path, "id"), scope),
            d.type,
            self.text(d.label, join(path, "label"), scope),
            self.text(d.help, join(path, "help"), scope),
            d.required,
            role,
            options,
            function,
            lines,
            self.text(d.default, join(path, "default"), scope),
        )

    def repeat(self, d: RepeatDecl, path: str, scope: dict) -> RepeatSpec:
        rid = self.text(d.id, join(path, "id"), scope)
        fields = tuple(
            self.field(f, join(join(path, "fields"), i), scope, prefix=rid + ".")
            for i, f in enumerate(d.fields)
            if not (f.options_from and self._listed(f.options_from) == ())  # a policy naming no functions: no column
        )
        self._role(d.role, path)
        function = self.text(d.function, join(path, "function"), scope) or None
        return RepeatSpec(
            rid,
            self.text(d.label, join(path, "label"), scope),
            fields,
            d.rows,
            d.role,
            function,
            self.text(d.help, join(path, "help"), scope),
            d.layout,
        )

    def _role(self, role: str | None, path: str) -> None:
        if role and role not in ROLES:
            self.ctx.problem_at(
                "bad-choice", f'"{role}" is not a field role', did_you_mean(role, ROLES), join(path, "role")
            )

    def options_from(self, name: str, path: str) -> tuple[Option, ...]:
        listed = self._listed(name)
        if listed is not None:
            return listed
        where = {
            "case_categories": "case_discussion.categories",
            "rag_scale": "rag_scale",
            "evaluation_scale": "evaluation.scale",
        }[name]
        self.ctx.problem_at(
            "template-error",
            f"options_from: {name} needs {where} in the policy, which it lacks",
            f"add {where} to the policy, or list options: in the template",
            join(path, "options_from"),
        )
        return (Option("unset", "unset"),)

    def _listed(self, name: str) -> tuple[Option, ...] | None:
        """The options the policy lists under `name`, or None when it lacks that list."""
        p = self.loaded.policy
        if name == "supervision_types":
            return tuple(Option(t.id, t.label) for t in p.supervision_types)
        if name == "functions":
            return tuple(Option(f.id, f.record_label or f.label) for f in p.functions.items)
        if name == "case_categories" and p.case_discussion and p.case_discussion.categories:
            return tuple(Option(c.id, c.label) for c in p.case_discussion.categories)
        if name == "rag_scale" and p.rag_scale:
            return tuple(Option(lv.key, lv.label) for lv in p.rag_scale.levels)
        if name == "evaluation_scale" and p.evaluation:
            return tuple(Option(o.key, o.label) for o in p.evaluation.scale)
        return None

    def clauses(self, path: str, scope: dict) -> list:
        agreement = self.loaded.policy.agreement
        if agreement is None:
            self.ctx.problem_at(
                "template-error",
                "clauses: agreement needs an agreement block in the policy",
                "add agreement: with its terms to the policy",
                join(path, "clauses"),
            )
            return []
        out: list = []
        ids: dict[str, FieldSpec] = {}
        for clause in agreement.terms:
            if clause.variants and (self.variant is None or self.variant.id not in clause.variants):
                continue
            out += clause_blocks(clause, ids)
            if clause.items:
                out.append(ListBlock(clause.items, numbered=True))
        return out


def check_spec(spec: FormSpec, ctx: Context) -> None:
    """Ids unique and valid (as Word tags and, mapped, as PDF names); required roles present."""
    seen: dict[str, str] = {}
    for item in spec.walk():
        parts = item.id.split(".")
        if not all(ID_PART.match(p) for p in parts) or len(item.id) > MAX_ID or "__" in item.id:
            ctx.problem_at(
                "bad-id",
                f'the field id "{item.id}" is not valid',
                f"use lower-case letters, digits and single underscores, at most {MAX_ID} characters",
                "sections",
            )
        name = pdf_name(item.id)
        if name in seen:
            ctx.problem_at(
                "duplicate-id",
                f'the field id "{item.id}" is used twice in "{spec.manifest.form_id}"',
                "give each field its own id (inside for_each, use {{ }} in the id)",
                "sections",
            )
        seen[name] = item.id
    roles = {f.role for f in spec.fields()} | {r.role for r in spec.repeats()}
    missing = [r for r in REQUIRED_ROLES.get(spec.manifest.kind.split(":")[0], ()) if r not in roles]
    if missing:
        ctx.problem_at(
            "missing-key",
            f"the form lacks fields with the roles: {', '.join(missing)}",
            "compliance checks need them; add a field with each role",
            "sections",
        )


def _ticked(f: FieldSpec) -> bool:
    """Whether a field is drawn as tick boxes (a run of such fields with the same options is a grid)."""
    return FIELD_TYPES[f.type].control_for(f) == "ticks"
