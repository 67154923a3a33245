"""Turn a located YAML `Node` tree into typed, frozen dataclasses, collecting every problem.

The models (docgen/policy/model.py, docgen/forms/template.py) are plain frozen dataclasses with
type hints; this module reads those hints, so a key is declared once, in the model. Supported
field types: str, int, float, bool, datetime.date, `Ident`, Literal[...], tuple[X, ...],
X | None, nested dataclasses, and any class with a `__structure__` classmethod (for values that
have their own little syntax, such as "every 4 weeks").

A dataclass may define `_check(self, ctx, node, path)` for rules that span several keys
("give exactly one of every / count / steps"); it reports through `ctx.problem`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import types
import typing
from dataclasses import MISSING, dataclass, field
from typing import Any, Literal, get_args, get_origin

from . import shapes
from .dates import parse_date
from .errors import Problem, did_you_mean
from .yamlnodes import Node

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_INT_RE = re.compile(r"^[+-]?\d+$")
_FLOAT_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_TRUE = {"true", "yes"}
_FALSE = {"false", "no"}


class Ident(str):
    """An id: lower-case letters, digits and underscores, starting with a letter."""


@dataclass
class Context:
    """What structuring carries along: the file, the problems found, where each path was."""

    file: str = ""
    problems: list[Problem] = field(default_factory=list)
    nodes: dict[str, Node] = field(default_factory=dict)
    quiet: bool = False  # only whether there are problems matters (`fits`): no advice is worked out

    def problem(self, code: str, message: str, hint: str, node: Node | None, path: str) -> None:
        line = node.line if node is not None else 0
        col = node.column if node is not None else 0
        self.problems.append(Problem(code, message, hint, file=self.file, line=line, column=col, path=path))

    def problem_at(self, code: str, message: str, hint: str, path: str) -> None:
        """A problem at a path seen earlier (for checks that run after structuring)."""
        self.problem(code, message, hint, self.nodes.get(path) or self._nearest(path), path)

    def _nearest(self, path: str) -> Node | None:
        while path:
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
            if path in self.nodes:
                return self.nodes[path]
        return None


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class _Invalid:
    """Marker for a value that could not be read (a problem has been recorded)."""


INVALID: Any = _Invalid()


def yaml_key(f: dataclasses.Field) -> str:
    return f.metadata.get("key", f.name)


def structure(node: Node | None, tp: Any, path: str, ctx: Context) -> Any:
    """Convert `node` to `tp`. Returns INVALID (and records a problem) when it cannot."""
    if node is not None:
        ctx.nodes.setdefault(path, node)
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if node is None or (node.kind == "scalar" and node.value is None):
            return None
        words = [w for a in args[1:] if get_origin(a) is Literal for w in get_args(a)]
        if words and node.kind == "scalar":  # `bool | Literal["not_stated"]`: one of the words, else a bool
            text = (node.text or "").strip()
            if text in words:
                return text
            if args[0] is bool and text.lower() not in _TRUE | _FALSE:
                allowed = ", ".join(["true", "false", *words])
                ctx.problem("bad-choice", f'"{text}" is not allowed here', f"write one of: {allowed}", node, path)
                return INVALID
        return structure(node, args[0], path, ctx)
    if node is None or (node.kind == "scalar" and node.value is None and tp is not str):
        ctx.problem("wrong-type", "a value is needed here", _example_for(tp), node, path)
        return INVALID
    if hasattr(tp, "__structure__"):
        return tp.__structure__(node, path, ctx)
    if dataclasses.is_dataclass(tp):
        return _structure_dataclass(node, tp, path, ctx)
    if origin is tuple:
        return _structure_tuple(node, get_args(tp)[0], path, ctx)
    if origin is dict:
        return _structure_dict(node, get_args(tp)[1], path, ctx)
    if origin is Literal:
        return _structure_choice(node, get_args(tp), path, ctx)
    if node.kind != "scalar":
        return wrong_shape(node, tp, path, ctx)
    text = (node.value or "").strip() if isinstance(node.value, str) else ""
    if node.value is None and tp is str:
        ctx.problem("wrong-type", "this is empty", "write the text, or remove the key", node, path)
        return INVALID
    return _structure_scalar(node, text, tp, path, ctx)


def wrong_shape(node: Node, tp: Any, path: str, ctx: Context) -> Any:
    """Record that `node` is not the shape `tp` needs (a mapping, a list, a single value), with what to
    write instead, built from what `tp` expects (docgen/shapes.py). Returns INVALID."""
    message, hint = ("", "") if ctx.quiet else shapes.advice(node, tp, path, fits)
    ctx.problem("wrong-type", message, hint, node, path)
    return INVALID


def fits(node: Node, tp: Any) -> bool:
    """Whether `node` would be read as `tp` with no problem (nothing is recorded)."""
    return structure(node, tp, "", Context(quiet=True)) is not INVALID


def _structure_scalar(node: Node, text: str, tp: Any, path: str, ctx: Context) -> Any:
    if tp is str:
        return node.value
    if tp is Ident:
        if ID_RE.match(text):
            return Ident(text)
        ctx.problem(
            "bad-id",
            f'"{text}" is not a valid id',
            'use lower-case letters, digits and underscores, starting with a letter, e.g. "child_in_need"',
            node,
            path,
        )
        return INVALID
    if tp is int:
        if _INT_RE.match(text):
            return int(text)
        ctx.problem("wrong-type", f'expected a whole number, found "{text}"', "write digits, e.g. 90", node, path)
        return INVALID
    if tp is float:
        if _FLOAT_RE.match(text):
            return float(text)
        ctx.problem("wrong-type", f'expected a number, found "{text}"', "write digits, e.g. 0.6", node, path)
        return INVALID
    if tp is bool:
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        ctx.problem("wrong-type", f'expected true or false, found "{text}"', "write true or false", node, path)
        return INVALID
    if tp is dt.date:
        day = parse_date(text, "iso")
        if day is not None:
            return day
        ctx.problem("bad-date", f'"{text}" is not a date written as YYYY-MM-DD', "e.g. 2026-03-31", node, path)
        return INVALID
    raise TypeError(f"docgen.structure cannot handle {tp!r}")  # a bug in a model, not user input


def _structure_choice(node: Node, choices: tuple, path: str, ctx: Context) -> Any:
    text = (node.text or "").strip() if node.kind == "scalar" else None
    if text in choices:
        return text
    shown = text if text is not None else node.kind_name()
    ctx.problem("bad-choice", f'"{shown}" is not allowed here', did_you_mean(shown, choices), node, path)
    return INVALID


def _structure_tuple(node: Node, item_tp: Any, path: str, ctx: Context) -> Any:
    if node.kind != "seq":
        return wrong_shape(node, tuple[item_tp, ...], path, ctx)
    assert isinstance(node.value, list)  # a seq's value is its list of nodes
    out = [structure(item, item_tp, join(path, i), ctx) for i, item in enumerate(node.value)]
    if any(v is INVALID for v in out):
        return INVALID
    return tuple(out)


def _structure_dict(node: Node, value_tp: Any, path: str, ctx: Context) -> Any:
    if node.kind != "map":
        return wrong_shape(node, dict[str, value_tp], path, ctx)
    out = {key: structure(child, value_tp, join(path, key), ctx) for key, child in node.children.items()}
    if any(v is INVALID for v in out.values()):
        return INVALID
    return out


def _hints(cls) -> dict[str, Any]:
    cached = cls.__dict__.get("_docgen_hints")
    if cached is None:
        cached = typing.get_type_hints(cls)
        cls._docgen_hints = cached
    return cached


def _structure_dataclass(node: Node, cls: Any, path: str, ctx: Context) -> Any:
    if node.kind == "scalar" and hasattr(cls, "from_scalar"):
        return cls.from_scalar(node, path, ctx)
    if node.kind != "map":
        return wrong_shape(node, cls, path, ctx)
    hints = _hints(cls)
    fields = {yaml_key(f): f for f in dataclasses.fields(cls) if f.init and not f.name.startswith("_")}
    for key, knode in node.key_nodes.items():
        if key not in fields:
            hint = getattr(cls, "misplaced", lambda _key: None)(key) or did_you_mean(
                key, fields
            )  # a key of a block below
            ctx.problem("unknown-key", f'unknown key "{key}"', hint, knode, join(path, key))
    kwargs: dict[str, Any] = {}
    bad = False
    for key, f in fields.items():
        child = node.children.get(key)
        if child is None:
            if f.default is MISSING and f.default_factory is MISSING:
                ctx.problem(
                    "missing-key",
                    f'the key "{key}" is missing',
                    f"add {key}: {_example_value(f)}",
                    node,
                    join(path, key),
                )
                bad = True
            continue
        value = structure(child, hints[f.name], join(path, key), ctx)
        if value is INVALID:
            bad = True
        else:
            kwargs[f.name] = value
    if bad:
        raw = getattr(cls, "_check_raw", None)  # checks that need no valid block, in the same round
        if raw is not None:
            raw(ctx, node, path)
        return INVALID
    obj = cls(**kwargs)
    check = getattr(obj, "_check", None)
    if check is not None:
        before = len(ctx.problems)
        check(ctx, node, path)
        if len(ctx.problems) > before:
            return INVALID
    return obj


def _example_for(tp: Any) -> str:
    example = getattr(tp, "EXAMPLE", None)
    if example:
        return f"e.g. {example}"
    if dataclasses.is_dataclass(tp):
        return "write it as key: value lines, indented under this key"
    return {
        str: "write the text",
        int: "write digits, e.g. 90",
        bool: "write true or false",
        dt.date: "e.g. 2026-03-31",
    }.get(tp, "see docs/policy-format.md for the format")


def _example_value(f: dataclasses.Field) -> str:
    return f.metadata.get("example", "...")


def doc(text: str = "", *, key: str | None = None, example: str | None = None, **kw) -> dict:
    """Field metadata: a description for the schema docs, an optional YAML key, an example."""
    meta = {"doc": text}
    if key:
        meta["key"] = key
    if example:
        meta["example"] = example
    meta.update(kw)
    return meta


def unstructure(value: Any) -> Any:
    """Dataclasses back to plain JSON-able data (dates as ISO text), omitting None and empty; a
    value with an `__unstructure__` method (a dataclass too) gives its own."""
    if hasattr(value, "__unstructure__"):
        return value.__unstructure__()
    if dataclasses.is_dataclass(value):
        out = {}
        for f in dataclasses.fields(value):
            if f.name.startswith("_"):
                continue
            v = unstructure(getattr(value, f.name))
            if v is None or v == () or v == [] or v == {}:
                continue
            out[yaml_key(f)] = v
        return out
    if isinstance(value, (tuple, list)):
        return [unstructure(v) for v in value]
    if isinstance(value, dict):
        return {k: unstructure(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
