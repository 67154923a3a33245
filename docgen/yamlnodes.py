"""Safe YAML reading that keeps every value's line and column.

docgen never lets YAML guess types. Scalars stay as the text the author wrote (so `NO` stays
"NO" and `012` stays "012"); the policy/template schema decides later whether a value must be a
number, a yes/no or a date, and says so precisely when it is not. On top of that:

- duplicate keys are an error (PyYAML silently keeps the last one);
- only the standard YAML tags are accepted (no `!python/...` or custom tags);
- aliases are capped, and so is the number of values after expanding them ("billion laughs");
- nesting deeper than `MAX_DEPTH` is an error at the value that goes too deep (not a RecursionError);
- files over `MAX_BYTES` are refused: reading stops after MAX_BYTES + 1 bytes, and a FIFO or a
  device is refused without reading (see `inputs.read_capped`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.events import AliasEvent

from .errors import DocgenError, Problem, ProblemsFound
from .inputs import read_capped

MAX_BYTES = 1_000_000
MAX_ALIASES = 50
MAX_NODES = 100_000
MAX_DEPTH = 64  # a policy nests about 8 deep; PyYAML's composer recurses once per level
_SURROGATE = re.compile("[\ud800-\udfff]")
_NULLS = {"", "~", "null", "Null", "NULL"}
_ALLOWED_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")}


@dataclass
class Node:
    """A YAML value with its position. `kind` is "scalar", "seq" or "map"."""

    kind: str
    value: object  # str | None for scalars, list[Node] for seq, list[tuple[Node, Node]] for map
    line: int  # 1-based
    column: int  # 1-based
    file: str = ""
    quoted: bool = False
    children: dict[str, Node] = field(default_factory=dict)  # map only: key text -> value
    key_nodes: dict[str, Node] = field(default_factory=dict)  # map only: key text -> key

    @property
    def text(self) -> str | None:
        return self.value if self.kind == "scalar" else None  # type: ignore[return-value]

    def kind_name(self) -> str:
        if self.kind == "map":
            return "a mapping (key: value lines)"
        if self.kind == "seq":
            return "a list"
        if self.value is None:
            return "empty"
        return f'"{self.value}"'

    def to_python(self) -> object:
        """Plain Python (str / None / list / dict) with no positions, e.g. for hashing."""
        if self.kind == "seq":
            assert isinstance(self.value, list)  # a seq's value is its list of nodes
            return [n.to_python() for n in self.value]
        if self.kind == "map":
            return {k: v.to_python() for k, v in self.children.items()}
        return self.value


class _CountingLoader(yaml.SafeLoader):
    """SafeLoader's composer, counting aliases as they are met."""

    def __init__(self, stream):
        super().__init__(stream)
        self.alias_count = 0
        self.depth = 0

    def compose_node(self, parent, index):  # noqa: D401 (PyYAML API)
        if self.check_event(AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                event = self.peek_event()
                raise _TooManyAliases(event.start_mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _TooManyAliases(DocgenError):
    def __init__(self, mark):
        self.mark = mark


class _TooDeep(_TooManyAliases):
    pass


def _problem(code, message, hint, file, mark=None, path="") -> Problem:
    line = mark.line + 1 if mark is not None else 0
    col = mark.column + 1 if mark is not None else 0
    return Problem(code, message, hint, file=file, line=line, column=col, path=path)


def load_text(text: str, file: str = "<input>") -> Node | None:
    """Parse YAML text into a `Node` tree. Raises `ProblemsFound` for every problem found."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise ProblemsFound(
            [
                _problem(
                    "yaml-too-large",
                    f"the file is larger than {MAX_BYTES:,} bytes",
                    "a policy or form template is a few tens of kilobytes; check this is the right file",
                    file,
                )
            ]
        )
    loader = None
    try:
        loader = _CountingLoader(text)
        root = loader.get_single_node()
    except _TooDeep as exc:
        raise ProblemsFound(
            [
                _problem(
                    "yaml-too-deep",
                    f"the values here are nested more than {MAX_DEPTH} levels deep",
                    "a policy or form template nests a few levels; check for brackets [ { left open",
                    file,
                    exc.mark,
                )
            ]
        ) from None
    except _TooManyAliases as exc:
        raise ProblemsFound(
            [
                _problem(
                    "yaml-aliases",
                    f"more than {MAX_ALIASES} YAML aliases (*name)",
                    "write the values out instead of repeating them with aliases",
                    file,
                    exc.mark,
                )
            ]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "not valid YAML"
        raise ProblemsFound(
            [
                _problem(
                    "yaml-syntax",
                    f"this is not valid YAML: {what}",
                    "check the indentation and that text containing ': ' or '#' is in quotes",
                    file,
                    mark,
                )
            ]
        ) from None
    except yaml.reader.ReaderError as exc:
        raise ProblemsFound(
            [
                _problem(
                    "yaml-syntax",
                    f"the file contains a character YAML does not allow (code {exc.character:#x})",
                    "remove control characters; save the file as plain UTF-8 text",
                    file,
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise ProblemsFound(
            [_problem("yaml-syntax", f"this is not valid YAML: {exc}", "check the file is plain YAML text", file)]
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    if root is None:
        return None
    problems: list[Problem] = []
    budget = [MAX_NODES]
    node = _convert(root, file, problems, budget, "")
    if problems:
        raise ProblemsFound(problems)
    return node


def load_file(path: str | Path) -> Node | None:
    path = Path(path)
    raw = read_capped(
        path,
        MAX_BYTES,
        "file",
        code="yaml-too-large",
        hint="a policy or form template is a few tens of kilobytes; check this is the right file",
    )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProblemsFound(
            [
                Problem(
                    "yaml-syntax",
                    f"the file is not UTF-8 text (byte {exc.start})",
                    "save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
                    file=str(path),
                )
            ]
        ) from None
    return load_text(text, str(path))


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _convert(ynode, file, problems, budget, path) -> Node:
    budget[0] -= 1
    if budget[0] < 0:
        if budget[0] == -1:
            problems.append(
                _problem(
                    "yaml-aliases",
                    f"the file expands to more than {MAX_NODES:,} values",
                    "write the values out instead of nesting aliases",
                    file,
                    ynode.start_mark,
                    path,
                )
            )
        return Node("scalar", None, 0, 0, file)
    mark = ynode.start_mark
    line, col = mark.line + 1, mark.column + 1
    tag = ynode.tag or ""
    if tag not in _ALLOWED_TAGS:
        problems.append(
            _problem(
                "yaml-tag",
                f'the tag "{tag}" is not allowed',
                "remove the tag; docgen decides the type of each value itself",
                file,
                mark,
                path,
            )
        )
    if isinstance(ynode, yaml.ScalarNode):
        quoted = ynode.style in ("'", '"', "|", ">")
        value = None if (not quoted and ynode.value in _NULLS) else ynode.value
        if value and _SURROGATE.search(value):
            problems.append(
                _problem(
                    "yaml-syntax",
                    "this text contains an invalid character (a lone surrogate)",
                    "remove the \\uD800-\\uDFFF escape",
                    file,
                    mark,
                    path,
                )
            )
            value = _SURROGATE.sub("\ufffd", value)
        return Node("scalar", value, line, col, file, quoted=quoted)
    if isinstance(ynode, yaml.SequenceNode):
        items = [_convert(c, file, problems, budget, f"{path}[{i}]") for i, c in enumerate(ynode.value)]
        return Node("seq", items, line, col, file)
    pairs: list[tuple[Node, Node]] = []
    node = Node("map", pairs, line, col, file)
    for knode, vnode in ynode.value:
        if not isinstance(knode, yaml.ScalarNode):
            problems.append(
                _problem(
                    "wrong-type",
                    "a key must be a plain word",
                    "write keys as plain words such as name:",
                    file,
                    knode.start_mark,
                    path,
                )
            )
            continue
        key = knode.value
        if key == "<<" and not knode.style:
            problems.append(
                _problem(
                    "yaml-tag",
                    "YAML merge keys (<<) are not allowed",
                    "write the keys out in full",
                    file,
                    knode.start_mark,
                    path,
                )
            )
            continue
        if key in node.children:
            first = node.key_nodes[key]
            problems.append(
                _problem(
                    "yaml-duplicate-key",
                    f'the key "{key}" appears twice in this mapping',
                    f"delete one of them (the other is on line {first.line})",
                    file,
                    knode.start_mark,
                    _join(path, key),
                )
            )
            continue
        kn = Node("scalar", key, knode.start_mark.line + 1, knode.start_mark.column + 1, file)
        vn = _convert(vnode, file, problems, budget, _join(path, key))
        pairs.append((kn, vn))
        node.children[key] = vn
        node.key_nodes[key] = kn
    return node
