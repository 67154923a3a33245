"""The value in force for a decision the agency did not make, and the decisions the model marks."""

from __future__ import annotations

from docgen.policy import load_policy_text
from docgen.policy.stated import defaults, stated, used
from tests.helpers.policies import MINIMAL

MARKED = """\
recording:
  children_identified_by: initials
  source: {ref: own, basis: default}
"""


def test_a_value_in_a_block_marked_docgens_default_is_the_value_in_force_but_not_stated():
    loaded = load_policy_text(MINIMAL + MARKED)
    assert not stated(loaded, "recording.children_identified_by")
    assert used(loaded, "recording.children_identified_by") == ("initials", False)
    found = {d.path: d for d in defaults(loaded)}
    assert found["recording.children_identified_by"].value == "initials"
    assert found["recording.children_identified_by"].words == "their initials"


def test_docgens_own_supervision_types_and_balance_are_defaults_not_the_agencys():
    loaded = load_policy_text(
        MINIMAL.replace(
            "balance: {window: relationship}", "balance: {window: relationship, source: {ref: own, basis: default}}"
        )
    )
    found = {d.path: d for d in defaults(loaded)}
    assert found["supervision_types"].words == (
        "One-to-one formal supervision, Group supervision and Ad hoc or informal supervision"
    )
    assert found["functions.balance.window"].value == "relationship"
    assert "every function" in found["functions.balance.window"].topic


def test_an_agreement_without_signers_or_review_lists_both_as_undecided():
    loaded = load_policy_text(MINIMAL + "agreement: {title: Supervision agreement}\n")
    found = {d.path: d for d in defaults(loaded)}
    assert found["agreement.signed_by"].words == "supervisor and supervisee"
    # the report checks reviews on docgen's 12 months (the field's fallback=), and says so
    assert found["agreement.review_every"].words == "12 months"
    stated_too = load_policy_text(MINIMAL + "agreement: {title: A, signed_by: [supervisor], review_every: 1 year}\n")
    assert not {"agreement.signed_by", "agreement.review_every"} & {d.path for d in defaults(stated_too)}
