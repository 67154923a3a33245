"""Stated, defaulted or silent: which of a policy's decisions the agency wrote, and which docgen supplies.

A *decision* is a model field marked `decision="..."` in its metadata (the topic in plain words,
e.g. "How children are identified on supervision records"). For a loaded policy, each decision is

- **stated**: the key is in the policy file (its position is known), and the block it sits in is
  not marked `source: {basis: default}` or `{basis: gap}`;
- **defaulted**: the key is absent (or its block is docgen's default), so docgen uses the field's
  default: `fallback=` in the metadata when the default is not the field's own (a `None` field
  whose checks still need a value, such as the 14-day signing limit), else the field's default;
- a decision may say when it matters (`relevant=`, a test on its block: which of several rules
  applies matters only when there are several); where it does not, it is not listed;
- **silent**: the whole block is missing and nothing uses the value without it (a field with no
  `fallback=`): nothing is asserted and nothing is listed.

    for d in defaults(loaded): print(d.path, d.topic, d.words)
    stated(loaded, "recording.children_identified_by")      # True / False
    value, was_stated = used(loaded, "recording.sign_within")

Documents assert only stated values; the gaps list and the report name every default in use.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from typing import Any

from ..structure import join, yaml_key
from .model import Source

NOT_STATED = ("default", "gap")  # a block whose source has one of these bases is docgen's, not the agency's
NOT_SAID = "not_stated"  # a value written out as left open (`counts_towards_frequency: not_stated`)


@dataclass(frozen=True)
class Default:
    """One decision the policy leaves to docgen: where, what it is about, and the value used."""

    path: str  # e.g. "recording.sign_within", "supervision_types[2].counts_towards_frequency"
    topic: str  # plain words: "How soon session records are signed"
    value: Any  # the value docgen uses
    words: str  # that value in words: "14 days"
    line: int = 0  # of the nearest part of the file that is there (0: none)
    column: int = 0


def decision_fields(cls: type) -> list[dataclasses.Field]:
    """The fields of a model class marked as decisions."""
    return [f for f in dataclasses.fields(cls) if f.metadata.get("decision")]


def stated(loaded, path: str) -> bool:
    """True when the policy file states the value at `path` (and its block is not docgen's default)."""
    if path not in loaded.positions or _value(loaded.policy, path) == NOT_SAID:
        return False  # absent, or written `not_stated`
    return not _default_block(loaded.policy, path)


def fallback(cls: type, name: str) -> Any:
    """The value docgen uses for field `name` of `cls` when the policy is silent."""
    f = next(f for f in dataclasses.fields(cls) if f.name == name)
    if "fallback" in f.metadata:
        return f.metadata["fallback"]
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return None


def used(loaded, path: str) -> tuple[Any, bool]:
    """(the value in force at `path`, whether the policy stated it). `path` names a decision field,
    e.g. "recording.sign_within"; when its block is missing the field's fallback is used."""
    parent, _, name = path.rpartition(".")
    obj, cls = _resolve(loaded.policy, parent)
    if obj is not None and stated(loaded, path):
        return getattr(obj, name), True
    return _in_force(loaded, cls, obj, name, path), False


def _in_force(loaded, cls: type, obj: Any, name: str, path: str) -> Any:
    """The value docgen uses for a decision the agency did not make: the file's own value when the
    key is there in a block marked docgen's default, else the fallback."""
    if obj is not None and path in loaded.positions and getattr(obj, name) != NOT_SAID:
        return getattr(obj, name)
    f = next(f for f in dataclasses.fields(cls) if f.name == name)
    if obj is not None and "fallback_of" in f.metadata:  # a reading that depends on the rest of the policy
        return f.metadata["fallback_of"](loaded, obj, stated)
    return fallback(cls, name)


def defaults(loaded) -> list[Default]:
    """Every decision the policy leaves to docgen, in the order of the model."""
    out: list[Default] = []
    _walk(loaded, type(loaded.policy), loaded.policy, "", out)
    return out


def words(value: Any) -> str:
    """A default value in plain words."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value is None:
        return "not set"
    if isinstance(value, tuple):
        said = [words(getattr(v, "label", v)) for v in value]
        return " and ".join([", ".join(said[:-1]), said[-1]] if len(said) > 2 else said) or "none"
    if isinstance(value, str):
        return value.replace("_", " ")
    return str(value)


def _walk(loaded, cls: type, obj: Any, path: str, out: list[Default]) -> None:
    for f in dataclasses.fields(cls):
        key = join(path, yaml_key(f))
        topic = f.metadata.get("decision")
        if topic and (obj is None or not stated(loaded, key)):
            if obj is None and "fallback" not in f.metadata:
                continue  # the block is missing and nothing uses this value without it: silent
            if not f.metadata.get("relevant", lambda _: True)(obj):
                continue  # nothing turns on it here (one frequency rule: no choice between rules)
            value = _in_force(loaded, cls, obj, f.name, key)
            line, column = _nearest(loaded, key)
            label = getattr(obj, "label", "") if obj is not None else ""
            said = f.metadata.get("words", {}).get(value) if isinstance(value, (str, bool)) else None
            if isinstance(value, int) and not isinstance(value, bool) and f.metadata.get("unit"):
                said = f"{value} {f.metadata['unit']}{'' if value == 1 else 's'}"  # "7 days", "6 sessions"
            out.append(Default(key, topic.format(label=label), value, said or words(value), line, column))
            continue
        inner = _dataclass_of(cls, f)
        if inner is None:
            continue
        value = getattr(obj, f.name) if obj is not None else None
        if isinstance(value, tuple):
            for i, item in enumerate(value):
                if dataclasses.is_dataclass(item):
                    _walk(loaded, type(item), item, join(key, i), out)
        elif value is None or isinstance(value, inner):  # not another type the field allows
            if value is None and not _has_decisions(inner):
                continue
            _walk(loaded, inner, value, key, out)


def _has_decisions(cls: type, seen: frozenset = frozenset()) -> bool:
    if cls in seen:
        return False
    for f in dataclasses.fields(cls):
        if f.metadata.get("decision"):
            return True
        inner = _dataclass_of(cls, f)
        if inner is not None and _has_decisions(inner, seen | {cls}):
            return True
    return False


def _dataclass_of(cls: type, f: dataclasses.Field) -> type | None:
    """The dataclass a field holds (directly, optionally or as a tuple of them), else None."""
    hint = typing.get_type_hints(cls).get(f.name)
    candidates = [hint]
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType) or origin is tuple:
        candidates = list(typing.get_args(hint))
    for c in candidates:
        if isinstance(c, type) and dataclasses.is_dataclass(c) and c is not Source:
            return c
    return None


def _resolve(policy: Any, path: str) -> tuple[Any, type]:
    """The object at a dotted path (None when a block on the way is missing) and its class."""
    obj, cls = policy, type(policy)
    for part in path.split(".") if path else ():
        name, _, index = part.partition("[")
        f = next(f for f in dataclasses.fields(cls) if yaml_key(f) == name)
        inner = _dataclass_of(cls, f)
        if inner is None:
            raise KeyError(path)
        obj = getattr(obj, f.name) if obj is not None else None
        if index and obj is not None:
            obj = obj[int(index.rstrip("]"))]
        cls = inner
    return obj, cls


def _default_block(policy: Any, path: str) -> bool:
    """True when a block on the way to `path` has `source: {basis: default}` (or gap)."""
    obj = policy
    for part in path.split(".")[:-1]:
        name, _, index = part.partition("[")
        fields = {yaml_key(f): f.name for f in dataclasses.fields(obj)} if dataclasses.is_dataclass(obj) else {}
        if name not in fields:
            return False
        obj = getattr(obj, fields[name])
        if index and isinstance(obj, tuple):
            obj = obj[int(index.rstrip("]"))]
        source = getattr(obj, "source", None)
        if isinstance(source, Source) and source.basis in NOT_STATED:
            return True
    return False


def _value(policy: Any, path: str) -> Any:
    """The value at a dotted path of decision fields, or None when a block on the way is missing."""
    parent, _, name = path.rpartition(".")
    try:
        obj, _ = _resolve(policy, parent)
    except (KeyError, StopIteration, IndexError):
        return None
    return getattr(obj, name, None) if obj is not None else None


def _nearest(loaded, path: str) -> tuple[int, int]:
    probe = path
    while probe and probe not in loaded.positions:
        cut = max(probe.rfind("."), probe.rfind("["))
        probe = probe[:cut] if cut > 0 else ""
    return loaded.positions.get(probe, (0, 0))
