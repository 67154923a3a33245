"""The policy document asserts only what the policy states: built from the model's decision flags.

For every decision field of the model (docgen.policy.stated.decision_fields over every model class)
and every place it sits in each shipped policy and the minimal one, three variants of the YAML:
(a) the key silent (removed; or, where the key is required, its block marked `basis: default`),
(b) the key stated as docgen's default value, (c) the key stated as another value. The sentences of
doc(b) that are not in doc(c) are the ones that assert that value: none of them may be in doc(a).
"""

from __future__ import annotations

import copy
import dataclasses
import types
import typing

import pytest
import yaml

from docgen.documents.policy_document import build_policy_document
from docgen.errors import ProblemsFound
from docgen.policy import Policy, load_policy_text
from docgen.policy.periods import Duration, Interval
from docgen.policy.signoff import SignOff
from docgen.policy.stated import decision_fields, fallback
from docgen.structure import unstructure, yaml_key
from tests.helpers.policies import MINIMAL, SHIPPED
from tests.helpers.sentences import sentences

CASES = [pytest.param(p.read_text(encoding="utf-8"), id=p.stem) for p in SHIPPED] + [
    pytest.param(MINIMAL, id="minimal")
]
INTERVALS = ["3 weeks", "6 months", "1 year"]


def model_classes() -> list[type]:
    """Every dataclass of the policy model, reached from `Policy` through its fields' types (so a
    block moved to another module is still found)."""
    found: list[type] = []
    todo: list = [Policy]
    while todo:
        hint = todo.pop()
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            if hint in found:
                continue
            found.append(hint)
            todo += list(typing.get_type_hints(hint).values())
        else:
            todo += list(typing.get_args(hint))
    return found


def decisions() -> list[tuple[type, dataclasses.Field]]:
    return [(cls, f) for cls in model_classes() for f in decision_fields(cls)]


def places(obj, cls: type, path: tuple = ()) -> list[tuple]:
    """Every path (keys and indexes of the YAML) at which an instance of `cls` sits in the policy."""
    found = [path] if type(obj) is cls else []
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            found += places(getattr(obj, f.name), cls, (*path, yaml_key(f)))
    elif isinstance(obj, tuple):
        for i, item in enumerate(obj):
            found += places(item, cls, (*path, i))
    return found


def _plain(value):
    """A model value as the policy YAML writes it."""
    if isinstance(value, (Interval, Duration, str)):
        return str(value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value):
        return _plain(unstructure(value))
    return value


def candidates(cls: type, f: dataclasses.Field, default) -> list:
    """YAML values the field can take: its default first (when it has one), then others."""
    hint = typing.get_type_hints(cls)[f.name]
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
    if hint is bool:
        values = [True, False]
    elif hint is int:
        values = [default + 1, 3]
    elif hint is Interval:
        values = INTERVALS
    elif hint is SignOff:  # recording.sign_within: a deadline per party, or one length for every party
        values = [{"supervisor": "10 days", "supervisee": {"within": "5 days", "from": "receipt"}}, *INTERVALS]
    elif typing.get_origin(hint) is typing.Literal:
        values = list(typing.get_args(hint))
    elif typing.get_origin(hint) is tuple:
        item = typing.get_args(hint)[0]
        if typing.get_origin(item) is typing.Literal:
            values = [list(typing.get_args(item)[:1]), list(typing.get_args(item))]
        else:
            values = [_plain(default[:1])]
    else:
        raise AssertionError(f"no values to try for {cls.__name__}.{f.name}: {hint}")
    first = [_plain(default)] if default is not None else []
    return first + [v for v in values if v not in first]


def at(data, path: tuple):
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
        elif not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def variant(data, path: tuple, change) -> dict:
    out = copy.deepcopy(data)
    change(at(out, path) if path else out)
    return out


def doc(data) -> set[str] | None:
    try:
        loaded = load_policy_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    except ProblemsFound:
        return None
    return sentences(build_policy_document(loaded))


def _stating(key: str, value):
    """Set the key, and make sure its block is not marked docgen's default."""

    def change(block):
        block[key] = value
        source = block.get("source")
        if isinstance(source, dict) and source.get("basis") in ("default", "gap"):
            source["basis"] = "stated"

    return change


def _silent(key: str):
    return lambda block: block.pop(key, None)


def _marked_default(key: str, value, ref: str):
    def change(block):
        block[key] = value
        block["source"] = {"ref": ref, "basis": "default"}

    return change


@pytest.mark.parametrize("text", CASES)
def test_no_sentence_of_the_policy_document_asserts_a_value_the_policy_does_not_state(text):
    data = yaml.safe_load(text)
    loaded = load_policy_text(text)
    ref = data["sources"][0]["id"]
    compared = 0
    for cls, f in decisions():
        key, default = yaml_key(f), fallback(cls, f.name)
        for path in places(loaded.policy, cls):
            block = at(data, path) if path else data
            if not isinstance(block, dict):
                continue  # the block is docgen's own (not in the file): nothing to vary
            values = candidates(cls, f, default)  # the default first; a value the policy cannot take is passed over
            stated_docs = ((v, d) for v in values if (d := doc(variant(data, path, _stating(key, v)))) is not None)
            (b_value, b_doc), (_, c_doc) = next(stated_docs, (None, None)), next(stated_docs, (None, None))
            assert b_doc is not None and c_doc is not None, (path, key, values)
            asserted = b_doc - c_doc
            silent_docs = [doc(variant(data, path, _silent(key)))]
            if any(g.name == "source" for g in dataclasses.fields(cls)):
                silent_docs.append(doc(variant(data, path, _marked_default(key, b_value, ref))))
            silent_docs = [d for d in silent_docs if d is not None]
            assert silent_docs, f"{path} {key}: no silent variant loads"
            for silent in silent_docs:
                assert not asserted & silent, f"{'.'.join(map(str, path))}.{key}: {sorted(asserted & silent)}"
            compared += 1
    assert compared


def test_the_decisions_the_document_words_are_all_compared():
    """The comparison above sees each decision the document has words for, in some policy."""
    asserting = set()
    for param in CASES:
        text = param.values[0]
        data, loaded = yaml.safe_load(text), load_policy_text(text)
        for cls, f in decisions():
            key, values = yaml_key(f), candidates(cls, f, fallback(cls, f.name))
            for path in places(loaded.policy, cls):
                if not isinstance(at(data, path) if path else data, dict):
                    continue
                docs = [doc(variant(data, path, _stating(key, v))) for v in values[:2]]
                if None not in docs and docs[0] - docs[1]:
                    asserting.add(f"{cls.__name__}.{f.name}")
    assert {
        "Recording.children_identified_by",
        "SupervisionType.counts_towards_frequency",
        "Frequency.combine",
        "Balance.window",
        "Agreement.signed_by",
        "Agreement.review_every",
        "Policy.supervision_types",
    } <= asserting
