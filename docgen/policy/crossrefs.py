"""Checks that span blocks of a policy: ids unique, references resolve, sources cited."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ..errors import did_you_mean
from ..structure import Context, join
from .adopted import FORM_BLOCKS, is_own, source_doc, tool_blocks
from .model import Source
from .sections import Policy


def check_policy(policy: Policy, ctx: Context) -> None:
    _unique(ctx, "sources", [s.id for s in policy.sources])
    _unique(ctx, "definitions", [d.id for d in policy.definitions])
    _unique(ctx, "supervision_types", [t.id for t in policy.supervision_types])
    _unique(ctx, "functions.items", [f.id for f in policy.functions.items])
    _unique(ctx, "frequency.rules", [r.id for r in policy.frequency.rules])
    _check_sources(policy, ctx)
    _check_adopted(policy, ctx)

    type_ids = [t.id for t in policy.supervision_types]
    rule_ids = [r.id for r in policy.frequency.rules]
    categories = [c.id for c in policy.case_discussion.categories] if policy.case_discussion else []
    for i, rule in enumerate(policy.frequency.rules):
        path = join("frequency.rules", i)
        for j, type_id in enumerate(rule.counts):
            _ref(ctx, type_id, type_ids, join(join(path, "counts"), j), "supervision type", "supervision_types")
        for j, cat in enumerate(rule.applies_to.caseload):
            _ref(
                ctx,
                cat,
                categories,
                join(join(path, "applies_to.caseload"), j),
                "case category",
                "case_discussion.categories",
            )
        other = rule.schedule.refers_to()
        if other and other == rule.id:
            check_self_reference(
                ctx, rule.id, rule.schedule.kind, rule_ids, join(path, f"schedule.{rule.schedule.kind}")
            )
        elif other:
            _ref(
                ctx,
                other,
                [r for r in rule_ids if r != rule.id],
                join(path, f"schedule.{rule.schedule.kind}"),
                "frequency rule",
                "frequency.rules",
            )
    if policy.frequency.set_by == "policy" and not policy.frequency.rules:
        ctx.problem_at(
            "missing-key",
            'frequency.set_by is "policy" but there are no rules',
            "add rules:, or write set_by: agreement (or agency) if the policy leaves it open",
            "frequency",
        )

    if policy.case_discussion:
        cd = policy.case_discussion
        _unique(ctx, "case_discussion.categories", categories)
        _unique(ctx, "case_discussion.rules", [r.id for r in cd.rules])
        for i, case_rule in enumerate(cd.rules):
            for j, cat in enumerate(case_rule.categories):
                _ref(
                    ctx,
                    cat,
                    categories,
                    f"case_discussion.rules[{i}].categories[{j}]",
                    "case category",
                    "case_discussion.categories",
                )

    if policy.agreement:
        _check_agreement(policy, ctx)
    _check_documents(policy, ctx)


def _check_agreement(policy: Policy, ctx: Context) -> None:
    agreement = policy.agreement
    assert agreement is not None
    _unique(ctx, "agreement.terms", [c.id for c in agreement.terms])
    _unique(ctx, "agreement.variants", [v.id for v in agreement.variants])
    seen: list[str] = []
    variant_ids = [v.id for v in agreement.variants]
    for i, clause in enumerate(agreement.terms):
        for j, variant in enumerate(clause.variants):
            _ref(
                ctx,
                variant,
                variant_ids,
                f"agreement.terms[{i}].variants[{j}]",
                "agreement variant",
                "agreement.variants",
            )
        for j, blank in enumerate(clause.blanks):
            if blank.same_as:
                _ref(
                    ctx,
                    blank.same_as,
                    seen,
                    f"agreement.terms[{i}].blanks[{j}].same_as",
                    "earlier blank",
                    "an earlier clause's blanks (clause_id.blank_id)",
                )
        seen.extend(f"{clause.id}.{b.id}" for b in clause.blanks)


def _check_documents(policy: Policy, ctx: Context) -> None:
    variants = [v.id for v in policy.agreement.variants] if policy.agreement else []
    forms = policy.documents.forms
    for key in forms:
        kind, _, variant = key.partition(":")
        path = join("documents.forms", key)
        if variant:
            _ref(ctx, variant, variants, path, "agreement variant", "agreement.variants")
        if kind == "agreement" and policy.agreement is None:
            ctx.problem_at(
                "missing-key",
                "an agreement form is listed but the policy has no agreement block",
                "add agreement: with its terms",
                path,
            )
        if kind == "evaluation" and policy.evaluation is None:
            ctx.problem_at(
                "missing-key",
                "an evaluation form is listed but the policy has no evaluation block",
                "add evaluation: with its statements",
                path,
            )
    _check_handouts(policy, ctx)
    for variant in variants:
        if f"agreement:{variant}" not in forms:
            ctx.problem_at(
                "missing-key",
                f'the agreement variant "{variant}" has no form',
                f"add agreement:{variant}: <template id> under documents.forms",
                "documents.forms",
            )


def _check_handouts(policy: Policy, ctx: Context) -> None:
    """A handout the policy lists must have something to draw on."""
    for i, handout in enumerate(policy.documents.handouts):
        path = join("documents.handouts", i)
        if handout == "preparation_sheet" and "preparation-sheet" not in policy.documents.forms:
            ctx.problem_at(
                "missing-key",
                "the preparation_sheet handout is the preparation-sheet form, which documents.forms does not list",
                "add preparation-sheet: preparation_sheet under documents.forms",
                path,
            )
        if handout == "reflective_cycle" and not any(len(m.stages) >= 3 for m in policy.reflective_models):
            ctx.problem_at(
                "missing-key",
                "the reflective_cycle handout needs a reflective model with its stages",
                "add reflective_models: with a model of at least three stages (and their questions)",
                path,
            )
        if handout == "seven_minute_briefing" and not _briefing_words(policy):
            ctx.problem_at(
                "missing-key",
                "the seven_minute_briefing handout has nothing to say: the policy names no functions and has no"
                " introduction, purpose, definitions, principles, case discussion or briefing: words",
                "add briefing: with the panels' words (background, why_it_matters, information, principles,"
                " case_discussion, what_to_do, questions), or remove seven_minute_briefing from the handouts",
                path,
            )
        if handout == "functions_sheet" and not policy.functions.items:
            ctx.problem_at(
                "missing-key",
                "the functions_sheet handout shows the functions of supervision, which this policy does not name",
                "add functions: with the functions and their prompts, or remove functions_sheet from the handouts",
                path,
            )
        elif handout == "functions_sheet" and not any(f.prompts for f in policy.functions.items):
            ctx.problem_at(
                "missing-key",
                "the functions_sheet handout needs prompts for the functions",
                "add prompts: under the functions of supervision",
                path,
            )
    _unique_names(ctx, "documents.handouts", list(policy.documents.handouts))


def _briefing_words(policy: Policy) -> bool:
    """Whether any panel of the 7-minute briefing has words (documents/briefing.py draws them)."""
    cases = policy.case_discussion
    return bool(
        policy.functions.items
        or policy.briefing
        or policy.introduction
        or policy.purpose
        or policy.definitions
        or policy.principles
        or (policy.statutory_basis and policy.statutory_basis.paragraphs)
        or (policy.guide and (policy.guide.why or policy.guide.principles))
        or (cases and (cases.intro or cases.rules))
    )


def _unique_names(ctx: Context, path: str, names: list[str]) -> None:
    for i, name in enumerate(names):
        if name in names[:i]:
            ctx.problem_at("duplicate-id", f'"{name}" is listed twice', "list each handout once", join(path, i))


def _check_sources(policy: Policy, ctx: Context) -> None:
    """Every `source: {ref: ...}` anywhere in the policy must name an entry of `sources`."""
    known = [s.id for s in policy.sources]

    def walk(value, path: str) -> None:
        if isinstance(value, Source):
            _ref(ctx, value.ref, known, join(path, "ref"), "source", "sources")
        elif dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name), join(path, f.metadata.get("key", f.name)))
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                walk(item, join(path, i))

    walk(policy, "")


def _check_adopted(policy: Policy, ctx: Context) -> None:
    """Another organisation's tool is used only when the policy says it adopts it (adopted.py), and
    a form or handout is never built on a tool block marked as docgen's default."""
    for path, words, block in tool_blocks(policy):
        source = block.source
        doc = source_doc(policy, source)
        if source is None or doc is None:
            continue  # no source, or a ref that names no source (reported by _check_sources)
        at = join(path, "source")
        whose = f"{doc.publisher}'s" if doc.publisher else "another organisation's"
        if source.basis == "adopted" and is_own(policy, doc):
            ctx.problem_at(
                "bad-value",
                f"{words} is marked adopted, but \"{doc.id}\" is this policy's own source, not another organisation's",
                "write basis: stated (or leave basis out); adopted is for a tool taken from another organisation",
                join(at, "basis"),
            )
        elif source.basis != "adopted" and not is_own(policy, doc):
            said = "marked as docgen's default" if source.basis == "default" else f"marked basis: {source.basis}"
            ctx.problem_at(
                "bad-value",
                f'{words} comes from "{doc.title}" ({whose} document) but is {said}: another '
                "organisation's tool is used only when the policy says it adopts it",
                f'write source: {{ref: {doc.id}, at: "{source.at or "where in it"}", basis: adopted}} so the '
                f"documents credit it, or remove the block; if {doc.id} is your agency's own document, give it "
                f"publisher: {policy.agency.name}",
                join(at, "basis") if join(at, "basis") in ctx.nodes else at,
            )
    _check_default_tools(policy, ctx)


def _check_default_tools(policy: Policy, ctx: Context) -> None:
    """A form or handout built on a tool block marked as docgen's default is not generated."""

    def default(block) -> bool:
        return block is not None and block.source is not None and block.source.basis == "default"

    built: list[tuple[str, str, object]] = [
        (join("documents.forms", kind), f"the {kind} form", getattr(policy, name))
        for kind, name in FORM_BLOCKS.items()
        if kind in policy.documents.forms
    ]
    for i, handout in enumerate(policy.documents.handouts):
        path = join("documents.handouts", i)
        if handout == "reflective_cycle":
            built += [(path, "the reflective_cycle handout", m) for m in policy.reflective_models if len(m.stages) >= 3]
        if handout == "seven_minute_briefing":
            built.append((path, "the seven_minute_briefing handout", policy.briefing))
    for path, what, block in built:
        if default(block):
            name = next(w for _, w, b in tool_blocks(policy) if b is block)
            ctx.problem_at(
                "bad-value",
                f"{what} is built on {name}, which the policy marks as docgen's default (basis: default), "
                "not a tool the agency chose",
                "write basis: adopted (citing the document it comes from) or basis: stated if it is the agency's "
                "own tool; or take it out of documents",
                path,
            )


def _unique(ctx: Context, path: str, ids: Sequence[str]) -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(ids):
        if item in seen:
            ctx.problem_at(
                "duplicate-id",
                f'the id "{item}" is used twice (first at item {seen[item] + 1})',
                "give each item its own id",
                f"{path}[{i}].id",
            )
        else:
            seen[item] = i


def check_self_reference(ctx: Context, rule_id: str, kind: str, rule_ids: Sequence[str], path: str) -> None:
    """A rule whose schedule is defined by itself (more_often_than: its own id)."""
    others = [r for r in rule_ids if r != rule_id]
    ctx.problem_at(
        "bad-reference",
        f'the rule "{rule_id}" refers to itself: {kind}: {rule_id} compares it with itself',
        (
            "name another rule here (one of: " + ", ".join(others) + ")"
            if others
            else "name the rule it is compared with (define it under frequency.rules)"
        )
        + ', or give this rule its own schedule, e.g. every: "4 weeks"',
        path,
    )


def check_reference(ctx: Context, value: str, known: Sequence[str], path: str, what: str, where: str) -> None:
    _ref(ctx, value, known, path, what, where)


def _ref(ctx: Context, value: str, known: Sequence[str], path: str, what: str, where: str) -> None:
    if value not in known:
        hint = did_you_mean(value, known) if known else f"define it under {where} first"
        ctx.problem_at("bad-reference", f'"{value}" is not a {what} defined in {where}', hint, path)
