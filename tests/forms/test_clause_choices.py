"""Tick-box choices inside agreement clauses (issue 19, item 4): the agreement form draws a clause's
choice as tick boxes named by the clause and blank, the policy document says the choice in words,
and prefill ticks the policy's preset in a personalised agreement."""

from __future__ import annotations

from docgen.documents.policy_document import build_policy_document
from docgen.forms import build_form
from docgen.forms.fields import FIELD_TYPES
from docgen.forms.tree import FieldBlock, Paragraph
from docgen.policy import load_policy_text
from docgen.prefill import StaffRow, prefill_values
from tests.helpers.choice_policy import TERMS, choice_policy_text
from tests.helpers.sentences import sentences


def _agreement(text: str | None = None):
    return build_form(load_policy_text(text or choice_policy_text(), "p.yaml"), "agreement")


def _clause_blocks(spec) -> list:
    [section] = [s for s in spec.sections if s.heading == "What we agree"]
    return list(section.blocks)


def test_a_single_choice_is_one_tick_box_field_named_by_clause_and_blank():
    spec = _agreement()
    by_id = {f.id: f for f in spec.fields()}
    mode = by_id["where_mode"]
    assert mode.type == "choice" and FIELD_TYPES[mode.type].control_for(mode) == "ticks"
    assert [(o.key, o.label) for o in mode.options] == [
        ("in_person", "In person"),
        ("remotely", "Remotely"),
        ("a_mix_of_both", "A mix of both"),
    ]
    blocks = _clause_blocks(spec)
    i = next(i for i, b in enumerate(blocks) if isinstance(b, FieldBlock) and b.field.id == "where_mode")
    assert blocks[i - 1] == Paragraph(("Supervision will take place:",))  # its words above its boxes
    assert not blocks[i].show_label  # the words above say it; the label stays the field's name


def test_a_multiple_choice_is_a_checkbox_per_option():
    spec = _agreement()
    boxes = [f for f in spec.fields() if f.id.startswith("support_offers_")]
    assert [(f.id, f.type, f.label) for f in boxes] == [
        ("support_offers_occupational_health", "checkbox", "Occupational health"),
        ("support_offers_counselling", "checkbox", "Counselling"),
        ("support_offers_peer", "checkbox", "Peer support (Cefnogaeth cymheiriaid)"),
    ]
    words = [b for b in _clause_blocks(spec) if isinstance(b, Paragraph)]
    assert (
        Paragraph(("We will talk about wellbeing. The supervisee would like support from (tick all that apply):",))
        in words
    )


def test_a_text_blank_stays_inline_in_its_clause():
    """Near miss: a clause without a choice is one paragraph with its blank inline, as before."""
    terms = TERMS.replace(
        "    - id: where\n",
        '    - id: often\n      kind: frequency\n      text: "We meet every {weeks} weeks."\n'
        "      blanks:\n        - {id: weeks, label: Weeks, type: number}\n    - id: where\n",
    )
    blocks = _clause_blocks(_agreement(choice_policy_text(terms)))
    para = next(b for b in blocks if isinstance(b, Paragraph) and "We meet every " in b.parts)
    assert [p if isinstance(p, str) else p.id for p in para.parts] == ["We meet every ", "often_weeks", " weeks."]


def test_the_policy_document_says_the_choice_in_words():
    said = sentences(build_policy_document(load_policy_text(choice_policy_text(), "p.yaml")))
    assert "Supervision will take place in person, remotely or a mix of both." in said
    assert (
        "We will talk about wellbeing. The supervisee would like support from occupational health, counselling"
        " and/or peer support (Cefnogaeth cymheiriaid)" in said
    )


def test_prefill_ticks_the_preset_options():
    loaded = load_policy_text(choice_policy_text(), "p.yaml")
    spec = build_form(loaded, "agreement")
    values = prefill_values(loaded, spec, StaffRow(2, "Siân ap Rhŷs", "Gwenllian Ŷ Ŵ"))
    assert values["where_mode"] == "in_person"
    assert values["support_offers_counselling"] is True
    assert "support_offers_peer" not in values and "support_offers_occupational_health" not in values
    assert values["supervisee"] == "Siân ap Rhŷs"


def test_prefill_leaves_a_choice_without_a_preset_blank():
    """Near miss: no preset, nothing ticked for the person."""
    loaded = load_policy_text(choice_policy_text(TERMS.replace("          preset: [in_person]\n", "")), "p.yaml")
    values = prefill_values(loaded, build_form(loaded, "agreement"), StaffRow(2, "Siân ap Rhŷs"))
    assert "where_mode" not in values
