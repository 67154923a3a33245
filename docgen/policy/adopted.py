"""Borrowed material: another organisation's tool that a policy adopts, and the credit it gets.

A policy says it adopts a tool one way, in the tool block's source:

    evaluation:
      ...
      source: {ref: herts, at: "Appendix I", basis: adopted}

The tool blocks are `evaluation`, each of `reflective_models` and `briefing`: the parts of a
policy that agencies copy from one another whole. A source is the policy's own when it is the
first of `sources` (the document the policy is drawn from) or its publisher is the agency;
any other source is another organisation's. The checks are in crossrefs.py; the documents built
on an adopted block print `credit()` where a reader sees it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .model import Source, SourceDoc

# a form kind -> the tool block it is built on
FORM_BLOCKS = {"evaluation": "evaluation"}


def tool_blocks(policy) -> Iterator[tuple[str, str, Any]]:
    """(YAML path, the block in words, the block) for each tool block the policy has."""
    if policy.evaluation is not None:
        yield "evaluation", "the evaluation tool", policy.evaluation
    for i, model in enumerate(policy.reflective_models):
        yield f"reflective_models[{i}]", f'the reflective model "{model.name}"', model
    if policy.briefing is not None:
        yield "briefing", "the 7-minute briefing", policy.briefing


def source_doc(policy, source: Source | None) -> SourceDoc | None:
    return next((s for s in policy.sources if source is not None and s.id == source.ref), None)


def _same(a: str, b: str) -> bool:
    a, b = a.strip().casefold(), b.strip().casefold()
    return bool(a and b) and (a in b or b in a)


def is_own(policy, doc: SourceDoc) -> bool:
    """The policy's own document: the first of `sources`, or one whose publisher is the agency."""
    if policy.sources and doc.id == policy.sources[0].id:
        return True
    agency = policy.agency
    return any(_same(doc.publisher, name) for name in (agency.name, agency.short_name))


def adopted_from(policy, block) -> SourceDoc | None:
    """The document a block is adopted from, when its source says `basis: adopted`."""
    source = getattr(block, "source", None)
    if source is None or source.basis != "adopted":
        return None
    return source_doc(policy, source)


def origin(policy, block) -> str:
    """ "<title> (<where>), <publisher>" of the document an adopted block comes from, else ""."""
    doc = adopted_from(policy, block)
    if doc is None:
        return ""
    at = block.source.at.strip()
    where = f" ({at})" if at and at.casefold() not in doc.title.casefold() else ""
    return f"{doc.title}{where}" + (f", {doc.publisher}" if doc.publisher else "")


def credit(policy, block) -> str:
    """The credit line of an adopted block, "Adapted from: <title> (<where>), <publisher>", else ""."""
    words = origin(policy, block)
    return f"Adapted from: {words}" if words else ""


# characters of small print on one line of an A4 form (10 pt on 17 cm holds about a hundred)
FORM_LINE = 100


def form_credit(policy, kind: str) -> str:
    """The credit line of a form built on an adopted tool block ("" if none). A form has room for
    one line of it (the Hertfordshire tool fills its page), so it is the fullest of "<title>
    (<where>), <publisher>", "<title>, <publisher>", "<where>, <publisher>" and "<publisher>" that
    fits one line; the policy document gives the origin whole."""
    name = FORM_BLOCKS.get(kind)
    block = getattr(policy, name) if name else None
    doc = adopted_from(policy, block) if block is not None else None
    if block is None or doc is None:
        return ""
    at = block.source.at.strip()
    by = f", {doc.publisher}" if doc.publisher else ""
    fuller = [origin(policy, block), f"{doc.title}{by}", f"{at}{by}" if at else "", doc.publisher]
    lines = [f"Adapted from: {c}" for c in fuller if c]
    return next((line for line in lines if len(line) <= FORM_LINE), lines[-1])
