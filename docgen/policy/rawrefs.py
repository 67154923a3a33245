"""References checked on the YAML itself, for a policy that did not structure: so an author fixes
the wrong references in the same round as the structural errors, not in a second one.

`check_policy` (crossrefs.py) checks every reference of a policy that was read whole. When some
block could not be read, this checks each reference whose structure is readable: the id it names
and the list it names it in both read as ids. A reference at a path that already has a problem
(a value that is not an id, say) is left to that problem.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from ..structure import ID_RE, Context, join
from ..yamlnodes import Node
from .crossrefs import check_reference, check_self_reference
from .sections import Policy


def check_raw_references(root: Node, ctx: Context) -> None:
    """The references of a policy that did not structure, wherever what they need is readable."""
    if root.kind != "map":
        return
    taken = {p.path for p in ctx.problems}
    sources = _top_ids(root, "sources")
    types = _top_ids(root, "supervision_types")
    rules = _ids(_at(root, "frequency", "rules"))
    categories = _ids(_at(root, "case_discussion", "categories"))
    variants = _ids(_at(root, "agreement", "variants"))

    def ref(value: Node | None, known: list[str] | None, path: str, what: str, where: str) -> None:
        if known is None or path in taken or value is None or value.kind != "scalar":
            return
        text = (value.text or "").strip()
        if ID_RE.match(text):
            check_reference(ctx, text, known, path, what, where)

    for path, node in _walk(root, ""):
        if (path == "source" or path.endswith(".source")) and node.kind == "map":
            ref(node.children.get("ref"), sources, join(path, "ref"), "source", "sources")
    for i, rule in _items(_at(root, "frequency", "rules")):
        path = join("frequency.rules", i)
        for j, item in _items(rule.children.get("counts")):
            ref(item, types, join(join(path, "counts"), j), "supervision type", "supervision_types")
        for j, item in _items(_at(rule, "applies_to", "caseload")):
            ref(
                item,
                categories,
                join(join(path, "applies_to.caseload"), j),
                "case category",
                "case_discussion.categories",
            )
        for kind in ("more_often_than", "less_often_than"):
            other = _at(rule, "schedule", kind)
            own = rule.children.get("id")
            at = join(path, f"schedule.{kind}")
            if other is not None and own is not None and rules is not None and at not in taken:
                if other.text and own.text and other.text.strip() == own.text.strip():
                    check_self_reference(ctx, own.text.strip(), kind, rules, at)
                else:
                    others = [r for r in rules if r != (own.text or "").strip()]
                    ref(other, others, at, "frequency rule", "frequency.rules")
    for i, cd_rule in _items(_at(root, "case_discussion", "rules")):
        for j, item in _items(cd_rule.children.get("categories")):
            path = f"case_discussion.rules[{i}].categories[{j}]"
            ref(item, categories, path, "case category", "case_discussion.categories")
    for i, clause in _items(_at(root, "agreement", "terms")):
        for j, item in _items(clause.children.get("variants")):
            ref(item, variants, f"agreement.terms[{i}].variants[{j}]", "agreement variant", "agreement.variants")


def _top_ids(root: Node, key: str) -> list[str] | None:
    """The ids of a top-level list; one the policy does not write is the model's default (docgen's
    three supervision types when `supervision_types` is left out), so a reference to a default is
    not reported as undefined."""
    node = _at(root, key)
    if node is not None:
        return _ids(node)
    default = next((f.default for f in dataclasses.fields(Policy) if f.name == key), ())
    return [str(item.id) for item in default] if isinstance(default, tuple) else []


def _at(node: Node | None, *keys: str) -> Node | None:
    for key in keys:
        if node is None or node.kind != "map":
            return None
        node = node.children.get(key)
    return node


def _items(node: Node | None) -> Iterator[tuple[int, Node]]:
    if node is not None and node.kind == "seq" and isinstance(node.value, list):
        for i, item in enumerate(node.value):
            if item.kind == "map" or item.kind == "scalar":
                yield i, item


def _ids(node: Node | None) -> list[str] | None:
    """The ids of a list of blocks, or None when the list cannot be read (an item without an id)."""
    if node is None:
        return []
    if node.kind != "seq" or not isinstance(node.value, list):
        return None
    ids = []
    for item in node.value:
        value = item.children.get("id") if item.kind == "map" else None
        text = (value.text or "").strip() if value is not None and value.kind == "scalar" else ""
        if not ID_RE.match(text):
            return None
        ids.append(text)
    return ids


def _walk(node: Node, path: str) -> Iterator[tuple[str, Node]]:
    yield path, node
    if node.kind == "map":
        for key, child in node.children.items():
            yield from _walk(child, join(path, key))
    elif node.kind == "seq" and isinstance(node.value, list):
        for i, child in enumerate(node.value):
            yield from _walk(child, join(path, i))
