"""`docgen init`'s starter policy says no count of functions that stops being true when an agency
adds or removes one: with five functions, no generated document says "four" (functions)."""

from __future__ import annotations

import re

import pytest

from docgen.generate import build, select_forms
from docgen.policy import load_policy_text
from docgen.policy.starter import starter_text
from tests.helpers.sentences import strings

FIFTH = """\
    - id: reflection
      label: "Reflection"
      tag: reflection
      prompts: ["Time to think about practice"]
"""


def _with_fifth(functions: int) -> str:
    text = starter_text(functions, "Our Agency")
    head, items, tail = text.partition("  items:\n")
    body, frequency, rest = tail.partition("\nfrequency:")
    return head + items + body + FIFTH + frequency + rest


@pytest.mark.parametrize("functions", [3, 4])
def test_a_starter_given_another_function_never_states_the_old_count(functions):
    loaded = load_policy_text(_with_fifth(functions))
    assert len(loaded.policy.functions.items) == functions + 1
    old = {3: "three", 4: "four"}[functions]
    for key in select_forms(loaded, None):
        said = [
            s
            for s in strings(build(loaded, key, show_gaps=True))
            if re.search(rf"\b{old}\b(\W+\w+){{0,3}}\W+(functions?|elements?)\b", s, re.I)
        ]
        assert not said, (key, said)
