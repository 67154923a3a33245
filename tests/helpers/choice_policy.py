"""A policy whose agreement carries tick-box choices inside its clauses (issue 19, item 4): a single
choice ("Supervision will take place {mode}") with a preset, and a several-of choice, for the
forms, prefill and real-client round-trip tests of clause choices."""

from __future__ import annotations

from tests.helpers.policies import minimal_policy

FORM = "    session-record: generic_session_record\n"
TERMS = """agreement:
  terms:
    - id: where
      kind: mode
      text: "Supervision will take place {mode}."
      blanks:
        - id: mode
          label: How supervision takes place
          type: choice
          options: [in person, remotely, a mix of both]
          preset: [in_person]
    - id: support
      kind: wellbeing
      text: "We will talk about wellbeing. The supervisee would like support from {offers}"
      blanks:
        - id: offers
          label: Support the supervisee would like
          type: choice
          multiple: true
          options: [Occupational health, Counselling, {key: peer, label: "Peer support (Cefnogaeth cymheiriaid)"}]
          preset: [counselling]
"""


def choice_policy_text(terms: str = TERMS) -> str:
    """The minimal policy with an agreement form (docgen's generic one) and `terms`."""
    return minimal_policy(**{FORM: FORM + "    agreement: generic_agreement\n"}) + terms
