"""What to write instead, when a value has the wrong shape: a mapping or a list expected and a plain
text (or another shape) given. Built from what the schema expects at that path, never a special case:

    schedule: every 3 weeks     ->  `schedule` needs one kind, written as a key: write `every: "3 weeks"`
    source: glf                 ->  write `source: {ref: glf}`
    counts: one_to_one          ->  write it as a list: `counts: [one_to_one]`
    - Reflect: how did it go    ->  write the text in quotes: `- "Reflect: how did it go"`

`advice(node, tp, path, fits)` gives the problem's message and hint; `fits(node, tp)` says whether a
value would be read as `tp` without a problem (docgen/structure.py passes its own reader, so this
module imports no reader and no stage). A type may say how its one-of-several-keys union is written
(`one_kind`, used by the schedule kinds).
"""

from __future__ import annotations

import dataclasses
import json
import re
import types
import typing
from collections.abc import Callable, Iterable
from typing import Any, Literal, get_args, get_origin

from .yamlnodes import Node

Fits = Callable[[Node, Any], bool]
_BARE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.+/-]*$")
_KEY_VALUE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?::|=|\s)\s*(\S.*?)\s*$")
_MAX_KEYS = 8  # keys named in a message; more are left to the docs
DOCS = "docs/policy-format.md"


def _strip_none(tp: Any) -> Any:
    if get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return args[0] if args else tp
    return tp


def yaml_value(text: str, tp: Any = str) -> str:
    """A value as a policy writes it in a flow mapping: bare when safe, else in double quotes."""
    if tp in (int, float, bool) or get_origin(tp) is Literal or (_BARE.match(text) and " " not in text):
        return text
    return json.dumps(text, ensure_ascii=False)


def name_of(path: str) -> str:
    """`schedule` for "frequency.rules[0].schedule"; "each item of `items`" for "functions.items[0]"."""
    if not path:
        return "the file"
    if path.endswith("]"):
        return f"each item of `{name_of(path[: path.rfind('[')]).strip('`')}`"
    return f"`{_last(path)}`"


def _last(path: str) -> str:
    return re.split(r"[.\]]", path)[-1]


def lead(path: str) -> str:
    """What a suggestion starts with: `key: ` for a key, `- ` for an item of a list."""
    if path.endswith("]"):
        return "- "
    return f"{_last(path)}: " if path else ""


def found(node: Node) -> str:
    if node.kind == "scalar":
        text = str(node.value)
        return f'the text "{text if len(text) <= 60 else text[:57].rstrip() + "..."}"'
    return "a list" if node.kind == "seq" else "key: value lines (a mapping)"


def items_of(node: Node) -> list[Node]:
    """The items of a list node ([] for any other node)."""
    return [n for n in node.value if isinstance(n, Node)] if isinstance(node.value, list) and node.kind == "seq" else []


def scalar(text: str, like: Node) -> Node:
    return Node("scalar", text, like.line, like.column, like.file)


def fields(cls: Any) -> list[tuple[str, Any, bool, dataclasses.Field]]:
    """(yaml key, type, required, field) of a model's keys, in declaration order."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        if not f.init or f.name.startswith("_"):
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        out.append((f.metadata.get("key", f.name), hints[f.name], required, f))
    return out


def keys_listed(cls: Any) -> str:
    """ "ref (required), at, quote, basis, note": the keys of a block, the required ones marked."""
    listed = [f"{key} (required)" if required else key for key, _, required, _ in fields(cls)]
    if len(listed) > _MAX_KEYS:
        listed = [*listed[:_MAX_KEYS], f"and {len(listed) - _MAX_KEYS} more (see {DOCS})"]
    return ", ".join(listed)


def _example(f: dataclasses.Field, tp: Any, carried: str) -> str:
    if "example" in f.metadata:
        return f.metadata["example"]
    if f.name == "id" and carried:
        slug = "_".join(re.sub(r"[^a-z0-9]+", " ", carried.lower()).split()[:3])
        if slug[:1].isalpha():
            return slug
    if dataclasses.is_dataclass(_strip_none(tp)):  # a block inside: its required keys
        inner = [f"{key}: ..." for key, _, required, _ in fields(_strip_none(tp)) if required]
        return "{" + ", ".join(inner) + "}" if inner else "..."
    choices = get_args(_strip_none(tp)) if get_origin(_strip_none(tp)) is Literal else ()
    return f"<{' | '.join(choices[:3])}{' | ...' if len(choices) > 3 else ''}>" if choices else "..."


_NAMES = {"name", "label", "title", "term"}  # free text a short plain text may be
_TEXTS = {"text", "description", "topic", "intro"}  # free text a sentence may be


def _ranked(cls: Any, like: Node, fits: Fits, text: str) -> list[tuple[str, Any, bool, dataclasses.Field]]:
    """A block's keys in the order a plain text is tried as their value: required before optional,
    typed (a choice, an id, a number, a length of time) before free text; never a yes/no, and free
    text (which any text fits) only for a required key, a key that names the block (for a text of a
    few words) or one that describes it."""
    short = len(text.split()) <= 4 and not text.endswith(".")
    out = []
    for k in fields(cls):
        inner = _strip_none(k[1])
        if inner is bool or get_origin(inner) is tuple:
            continue
        free = fits(scalar("\u2063 ?", like), k[1])  # a type any text fits: free text
        if free and not (k[2] or (k[0] in _NAMES and short) or k[0] in _TEXTS):
            continue
        out.append((free, k))
    return [k for free, k in sorted(out, key=lambda fk: (not fk[1][2], fk[0]))]


def mapping_for(cls: Any, text: str, like: Node, fits: Fits) -> str | None:
    """The flow mapping `{key: value, ...}` that `text` was meant to be, with the block's other
    required keys beside it; None when the text fits none of its keys."""
    split = _KEY_VALUE.match(text)
    keyed = {k[0]: k for k in fields(cls)}
    chosen = None
    if split and split.group(1).lower() in keyed:  # "window relationship", "ref=glf": a key and its value
        key, value = split.group(1).lower(), split.group(2).strip("\"'")
        if fits(scalar(value, like), keyed[key][1]):
            chosen = (key, value)
    if chosen is None:
        for key, tp, _, _ in _ranked(cls, like, fits, text):
            if fits(scalar(text, like), tp):
                chosen = (key, text)
                break
    if chosen is None:
        return None
    pairs = []
    for key, tp, required, f in fields(cls):
        if key == chosen[0]:
            pairs.append(f"{key}: {yaml_value(chosen[1], _strip_none(tp))}")
        elif required:
            pairs.append(f"{key}: {_example(f, tp, chosen[1])}")
    return "{" + ", ".join(pairs) + "}"


def _skeleton(cls: Any) -> str:
    pairs = [f"{key}: {_example(f, tp, '')}" for key, tp, required, f in fields(cls) if required]
    return "{" + ", ".join(pairs) + "}" if pairs else ""


def advice(node: Node, tp: Any, path: str, fits: Fits) -> tuple[str, str]:
    """The message and hint for `node`, which is not the shape `tp` needs."""
    tp = _strip_none(tp)
    if dataclasses.is_dataclass(tp):
        return _block(node, tp, path, fits)
    if get_origin(tp) is tuple:
        return _list(node, get_args(tp)[0], path, fits)
    if get_origin(tp) is dict:
        return _dict(node, get_args(tp)[1], path, fits)
    return _plain(node, tp, path, fits)


def _block(node: Node, cls: Any, path: str, fits: Fits) -> tuple[str, str]:
    """A block of keys (a model) expected."""
    message = f"{name_of(path)} is written as key: value lines (its keys: {keys_listed(cls)}), not {found(node)}"
    if node.kind == "scalar" and node.value is not None:
        made = mapping_for(cls, str(node.value).strip(), node, fits)
        if made:
            return message, f"write `{lead(path)}{made}`"
    if node.kind == "seq":
        items = items_of(node)
        if len(items) == 1 and items[0].kind == "scalar" and fits(items[0], cls):  # a block that may be a text
            return message, f"write it without `- ` or brackets: `{lead(path)}{yaml_value(str(items[0].value), cls)}`"
        if items and all(n.kind == "map" and len(n.children) == 1 for n in items):
            names = [next(iter(n.children)) for n in items]
            if set(names) <= {k[0] for k in fields(cls)}:
                return (
                    message,
                    f"remove the `- ` before {', '.join(names)}: they are keys of {name_of(path)}, not items",
                )
        for key, tp, _, _ in fields(cls):
            inner = _strip_none(tp)
            if get_origin(inner) is tuple and items and fits(items[0], get_args(inner)[0]):
                others = [f"`{k}:`" for k, _, required, _ in fields(cls) if required and k != key]
                beside = f", with {' and '.join(others)} beside it" if others else ""
                return message, f"put the list under `{key}:`, a key of {name_of(path)} (indented below it){beside}"
        if len(items) == 1 and items[0].kind == "scalar":
            made = mapping_for(cls, str(items[0].value or "").strip(), node, fits)
            if made:
                return message, f"write `{lead(path)}{made}` (no `- ` and no brackets)"
    example = getattr(cls, "EXAMPLE", "")
    if example and not _skeleton(cls):  # a block with no required key says what it usually holds
        return message, f"write it as key: value lines indented under it, e.g. {example}"
    skeleton = _skeleton(cls) or "{" + f"{fields(cls)[0][0]}: ..." + "}"
    return message, f"write `{lead(path)}{skeleton}`, or the keys on lines indented under it"


def _split(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r",|;|\band\b|&", text) if p.strip()]
    return parts or [text]


def _list(node: Node, item: Any, path: str, fits: Fits) -> tuple[str, str]:
    """A list expected."""
    message = f"{name_of(path)} is a list, not {found(node)}"
    key = lead(path)
    item = _strip_none(item)
    if node.kind == "scalar" and node.value is not None:
        text = str(node.value).strip()
        if dataclasses.is_dataclass(item):
            made = [m for part in _split(text) if (m := mapping_for(item, part, node, fits))]
            if made:
                lines = " and ".join(f"`- {m}`" for m in made[:3])
                return message, f"write it as a list, one item per line starting with `- `: {lines}"
        parts = _split(text) if item is not str else [text]
        if not all(fits(scalar(p, node), item) for p in parts):
            parts = [text]
        flow = ", ".join(yaml_value(p, item) for p in parts)
        return message, f"write it as a list: `{key}[{flow}]`, or one item per line starting with `- ` (`- {parts[0]}`)"
    if node.kind == "map" and dataclasses.is_dataclass(item):
        own = {k[0] for k in fields(item)}
        first = next(iter(node.children), "")
        if node.children and set(node.children) <= own:
            return message, f"this is one item of the list: write `- ` before its first key (`- {first}: ...`)"
        if "id" in own and node.children and all(v.kind == "map" for v in node.children.values()):
            return message, (
                f"write each as an item of the list, its key as its id: `- id: {first}` with its other keys "
                "indented under it (each item's keys: " + keys_listed(item) + ")"
            )
    return message, f"write it as a list, one item per line starting with `- ` (or `{key}[a, b]`)"


def _dict(node: Node, value: Any, path: str, fits: Fits) -> tuple[str, str]:
    """Key: value lines of free keys (a kind of form -> its template) expected."""
    message = f"{name_of(path)} is written as key: value lines, one per entry, not {found(node)}"
    names: list[str] = []
    if node.kind == "seq":
        names = [str(n.value) for n in items_of(node) if n.kind == "scalar"]
    elif node.kind == "scalar" and node.value is not None:
        names = _split(str(node.value))
    example = getattr(_strip_none(value), "EXAMPLE", "")
    each = f" (each value: {example})" if example else ""
    if names:
        flow = ", ".join(f"{yaml_value(n)}: ..." for n in names[:4])
        return message, f"write each as a key with its value: `{lead(path)}{{{flow}}}`{each}"
    return message, f"write one key: value line per entry{each}"


def _plain(node: Node, tp: Any, path: str, fits: Fits) -> tuple[str, str]:
    """A single value (text, a number, a choice) expected, and a list or key: value lines given."""
    what = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}.get(tp, "a single value")
    message = f"{name_of(path)} is {what}, not {found(node)}"
    if node.kind == "map" and len(node.children) == 1 and tp is str:
        ((key, child),) = node.children.items()
        if child.kind == "scalar":
            text = f"{key}: {child.value or ''}".strip()
            return (
                f"{message}: the text has a colon and a space in it, which YAML reads as a key and its value",
                f"put the whole text in quotes: `{lead(path)}{json.dumps(text, ensure_ascii=False)}`",
            )
    listed = items_of(node)
    if len(listed) == 1:
        only = listed[0]
        if only.kind == "scalar" and fits(only, tp):
            return message, f"write it without `- ` or brackets: `{lead(path)}{yaml_value(str(only.value), tp)}`"
    if tp is str:
        return message, "write the text on the same line as the key, in quotes if it has a colon in it"
    example = getattr(tp, "EXAMPLE", "")
    return message, f"write {what}" + (f", e.g. {example}" if example else "")


def one_kind(
    node: Node, path: str, kinds: dict[str, Any], guesses: Iterable[Callable[[str], str | None]], fits: Fits
) -> tuple[str, str]:
    """A union written as exactly one of several keys (a schedule: every, count, steps, ...): the key
    `node`'s text most looks like, the text carried into it. `kinds` maps each key to the type of its
    value; `guesses` are the kinds' own readings of words ("10 a year" -> count), tried in order."""
    name = name_of(path)
    message = f"{name} needs one kind, written as a key, not {found(node)}"
    text = ""
    if node.kind == "scalar" and node.value is not None:
        text = str(node.value).strip()
    elif len(items_of(node)) == 1 and items_of(node)[0].kind == "scalar":
        text = str(items_of(node)[0].value or "").strip()
    best = _guess_kind(text, node, kinds, guesses, fits) if text else None
    see = f"see {DOCS}#{_section(path)}"
    if best is None:
        listed = ", ".join(f"`{k}:`" for k in kinds)
        return message, f"write one kind with its value, e.g. `{next(iter(kinds))}: ...` (the kinds: {listed}; {see})"
    others = ", ".join(f"`{k}:`" for k in kinds if not best.startswith(f"{k}:"))
    return message, f"write `{best}` (or another kind: {others}; {see})"


def _section(path: str) -> str:
    return re.split(r"[.\[]", path)[0] or "top-level-keys"


def _guess_kind(
    text: str, like: Node, kinds: dict[str, Any], guesses: Iterable[Callable[[str], str | None]], fits: Fits
) -> str | None:
    split = _KEY_VALUE.match(text)
    words = text.lower().replace(" ", "_")
    for key, tp in kinds.items():  # "every 3 weeks", "count: 10": the key and then its value
        if split and split.group(1).lower() == key and fits(scalar(split.group(2), like), tp):
            return f"{key}: {yaml_value(split.group(2), _strip_none(tp))}"
        if words.startswith(key + "_") and key.count("_"):  # "more often than all_staff"
            rest = text[len(key.replace("_", " ")) :].strip()
            if rest and fits(scalar(rest, like), tp):
                return f"{key}: {yaml_value(rest, _strip_none(tp))}"
    for guess in guesses:
        made = guess(text)
        if made:
            return made
    for key, tp in kinds.items():  # "4 weeks": the value alone (an id or a yes/no would fit too much)
        inner = _strip_none(tp)
        if inner is not bool and getattr(inner, "__name__", "") != "Ident" and fits(scalar(text, like), tp):
            return f"{key}: {yaml_value(text, inner)}"
    return None
