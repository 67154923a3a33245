"""Stated, defaulted or silent: `docgen.policy.stated` reads which decisions the policy file makes."""

from __future__ import annotations

from docgen.policy import load_policy_text
from docgen.policy.periods import Interval
from docgen.policy.stated import defaults, stated, used
from tests.helpers.policies import MINIMAL

RECORDING = """\
recording:
  signed_by: [supervisor, supervisee]
  sign_within: 5 working days
  children_identified_by: initials
"""


def test_a_silent_policy_lists_the_defaults_docgen_uses_and_their_values():
    loaded = load_policy_text(MINIMAL)
    found = {d.path: d for d in defaults(loaded)}
    assert found["recording.sign_within"].value == Interval(14, "day")
    assert found["recording.sign_within"].words == "14 days"
    assert found["compliance.grace_days"].value == 7
    # a missing block whose values nothing uses without it is silent, not defaulted
    assert "recording.children_identified_by" not in found
    assert used(loaded, "recording.sign_within") == (Interval(14, "day"), False)


def test_a_stated_value_is_not_a_default_and_is_used_as_written():
    loaded = load_policy_text(MINIMAL + RECORDING)
    paths = {d.path for d in defaults(loaded)}
    assert "recording.sign_within" not in paths
    assert "recording.children_identified_by" not in paths
    assert stated(loaded, "recording.children_identified_by")
    value, was_stated = used(loaded, "recording.sign_within")
    assert was_stated and value.amount == 5


def test_a_block_marked_as_docgens_default_is_not_stated_by_the_agency():
    text = MINIMAL + RECORDING.replace(
        "children_identified_by: initials", "children_identified_by: initials\n  source: {ref: own, basis: default}"
    )
    loaded = load_policy_text(text)
    assert not stated(loaded, "recording.sign_within")
    assert {"recording.sign_within", "recording.children_identified_by"} <= {d.path for d in defaults(loaded)}


def test_a_list_item_default_names_the_item_and_where_it_is():
    text = MINIMAL + "supervision_types:\n  - {id: one_to_one, label: One-to-one}\n"
    loaded = load_policy_text(text)
    d = next(d for d in defaults(loaded) if d.path == "supervision_types[0].counts_towards_frequency")
    assert "One-to-one" in d.topic and d.words == "yes"
    assert d.line == len(MINIMAL.splitlines()) + 2


def test_a_decision_that_nothing_turns_on_is_not_listed():
    # one frequency rule: which of several rules applies is no decision; no evaluation block: its interval is none
    paths = {d.path for d in defaults(load_policy_text(MINIMAL))}
    assert "frequency.combine" not in paths
    assert "evaluation.every" not in paths
    two_rules = MINIMAL.replace(
        "  rules:\n",
        "  rules:\n    - {id: newly_qualified, label: Newly qualified, schedule: {every: 2 weeks}, strength: must,"
        " source: {ref: own}}\n",
    )
    assert "frequency.combine" in {d.path for d in defaults(load_policy_text(two_rules))}


def test_a_number_of_days_or_sessions_is_said_with_its_unit():
    found = {d.path: d.words for d in defaults(load_policy_text(MINIMAL))}
    assert found["compliance.grace_days"] == "7 days"
    assert found["compliance.function_window_sessions"] == "6 sessions"
