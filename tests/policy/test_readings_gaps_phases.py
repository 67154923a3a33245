"""Issue 19, a session length per phase of a stepped schedule ("90 minutes in the fortnightly phase
only"): a phase's `duration:` takes a length or min: / max: lines like a rule's; the policy document's
Duration column and the prefilled agreement say it phase by phase; S5 holds each session to the
length of the phase it falls in (tests/report/test_gaps_phases.py)."""

from __future__ import annotations

import io

import docx as python_docx

from docgen.demo.synthetic import DEMO_POLICY
from docgen.documents.policy_document import build_policy_document
from docgen.forms import build_form
from docgen.policy import load_policy_text
from docgen.policy.rules import StaffProfile
from docgen.prefill import StaffRow, prefill_values
from docgen.render.docx import render_docx
from tests.helpers.policies import only_problem as only

FORTNIGHTLY = '- {every: "2 weeks", until: "6 months"}'
PHASED = '- {every: "2 weeks", until: "6 months", duration: {min: "90 minutes"}}'
WORDS = "at least 90 minutes in 6 weeks to 6 months from the start of the ASYE year; otherwise 1 hour to 2 hours"


def _demo(old: str = FORTNIGHTLY, new: str = PHASED):
    text = DEMO_POLICY.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def _rule(loaded):
    return next(r for r in loaded.policy.frequency.rules if r.id == "newly_qualified")


def test_a_phase_length_validates_and_is_worded_phase_by_phase():
    loaded = load_policy_text(_demo(), "demo.yaml")
    rule = _rule(loaded)
    assert rule.schedule.length_words(rule.duration) == WORDS
    assert "every 2 weeks (fortnightly; at least 90 minutes each) until 6 months" in rule.schedule.words()
    data = render_docx(build_policy_document(loaded)).data
    body = python_docx.Document(io.BytesIO(data)).element.body
    text = " ".join("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t")) for p in body.iter())
    assert WORDS in text


def test_without_a_phase_length_the_rule_length_is_worded_as_before():
    """Near miss: no phase sets a length: the Duration column is the rule's own."""
    rule = _rule(load_policy_text(_demo(FORTNIGHTLY, FORTNIGHTLY), "demo.yaml"))
    assert rule.schedule.length_words(rule.duration) == "1 hour to 2 hours"


def test_the_prefilled_agreement_gives_the_phase_lengths():
    loaded = load_policy_text(_demo(), "demo.yaml")
    spec = build_form(loaded, "agreement")
    row = StaffRow(2, "Ned Newly", "Bea Boss", profile=StaffProfile(experience="newly_qualified"))
    duration = next(f.id for f in spec.fields() if f.role == "agreement_duration")
    assert prefill_values(loaded, spec, row)[duration] == WORDS
    other = StaffRow(3, "Eve Expert", "Bea Boss", profile=StaffProfile(experience="experienced", contact="direct",
                                                                         employment="full_time"))  # fmt: skip
    assert prefill_values(loaded, spec, other)[duration] == "1 hour to 2 hours"


def test_a_phase_length_with_min_above_max_is_an_error_with_a_fix():
    p = only(_demo(new='- {every: "2 weeks", until: "6 months", duration: {min: "2 hours", max: "90 minutes"}}'))
    assert (p.code, p.path) == ("bad-value", "frequency.rules[4].schedule.steps.phases[1].duration.min")
    assert "min (2 hours) is longer than max (90 minutes)" in p.message and "swap them" in p.hint
