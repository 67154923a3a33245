"""The policy document reads as written by the agency: one heading per section, numbered by the
document; lists right after their own lead-in; forms and handouts by their titles; counts computed;
with --show-gaps, a last "Not yet decided" appendix naming every default docgen uses."""

from __future__ import annotations

import re

import pytest

from docgen.documents.handouts import build_handout, handout_keys, is_handout
from docgen.documents.policy_document import build_policy_document
from docgen.forms import build_form
from docgen.forms.tree import Heading, ListBlock, Paragraph
from docgen.policy import load_policy, load_policy_text
from docgen.policy.stated import defaults
from docgen.render.pdf import render_pdf
from tests.helpers.pdfs import pdf_text
from tests.helpers.policies import MINIMAL, POLICIES, SHIPPED, minimal_policy
from tests.helpers.sentences import strings


def _section(spec, heading):
    return next(s for s in spec.sections if s.heading == heading)


def _plain(text: str) -> str:
    return re.sub(r"[^a-z]+", " ", re.sub(r"^\s*\d+(\.\d+)*\.?\s+", "", text.lower())).strip()


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_each_section_has_one_heading_numbered_by_the_document(path):
    spec = build_policy_document(load_policy(path))
    body = [s for s in spec.sections if not s.heading.startswith("Appendix") and not s.number.startswith("Appendix")]
    assert [s.number for s in body] == [f"{n}." for n in range(1, len(body) + 1)]
    for section in spec.sections:
        for block in section.blocks:
            if isinstance(block, Heading):
                assert not re.match(r"^\s*\d+(\.\d+)*\.?\s", block.text), (section.heading, block.text)  # seed's number
                assert _plain(block.text) != _plain(section.heading), (section.heading, block.text)
    assert f"1. {body[0].heading}" in pdf_text(render_pdf(spec).data)


def test_worcestershire_drops_the_seeds_numbered_headings_under_its_own():
    spec = build_policy_document(load_policy(POLICIES / "worcestershire.yaml"))
    every = strings(spec)
    for seed_heading in ("1. Introduction", "3. Purpose of supervision", "9. Types/methods of supervision"):
        assert seed_heading not in every
    assert not [b for b in _section(spec, "Purpose and benefits").blocks if isinstance(b, Heading)]


def test_a_list_follows_its_own_lead_in_and_the_paragraph_after_it_stays_after():
    blocks = _section(build_policy_document(load_policy(POLICIES / "worcestershire.yaml")), "Principles").blocks
    at = next(i for i, b in enumerate(blocks) if isinstance(b, ListBlock))
    assert blocks[at - 1] == Paragraph(("Supervision must:",))
    assert blocks[at].items[0] == "Keep a focus on the child"
    assert blocks[at + 1].parts[0].startswith("Where the requirement to provide supervision")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_the_forms_appendix_names_forms_and_handouts_by_their_titles_only(path):
    loaded = load_policy(path)
    appendix = next(s for s in build_policy_document(loaded).sections if s.heading == "Forms and handouts")
    listed = [item for b in appendix.blocks if isinstance(b, ListBlock) for item in b.items]
    titles = {build_form(loaded, key).title for key in loaded.policy.documents.forms}
    titles |= {build_handout(loaded, key).title for key in handout_keys(loaded) if is_handout(key)}
    assert set(listed) == titles
    kinds = [f"({k})" for k in loaded.policy.documents.forms] + [k for k in loaded.policy.documents.forms if ":" in k]
    text = " ".join(strings(appendix))
    assert not [k for k in kinds + ["session-record", "case-record", "one minute guide", "handout-"] if k in text]


def test_counts_of_functions_are_computed_when_the_policy_gives_no_intro():
    spec = build_policy_document(load_policy_text(MINIMAL))
    assert Paragraph(("The two functions of supervision are:",)) in _section(spec, "Functions of supervision").blocks
    support = "    - {id: support, label: Support, tag: support}\n"
    more = support + "    - {id: development, label: Development, tag: development}\n"
    three = minimal_policy(**{support: more})
    spec = build_policy_document(load_policy_text(three))
    assert Paragraph(("The three functions of supervision are:",)) in _section(spec, "Functions of supervision").blocks


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_show_gaps_ends_the_document_with_what_is_not_yet_decided(path):
    loaded = load_policy(path)
    assert not [s for s in build_policy_document(loaded).sections if s.heading == "Not yet decided"]
    spec = build_policy_document(loaded, show_gaps=True)
    last = spec.sections[-1]
    assert last.heading == "Not yet decided" and last.number.startswith("Appendix")
    listed = " ".join(strings(last))
    for d in defaults(loaded):
        assert d.topic in listed
        if d.value is not None:
            assert f"{d.topic}: for now, {d.words}" in listed
    for gap in loaded.policy.gaps:
        assert gap.topic in listed
    assert "Not yet decided" in pdf_text(render_pdf(spec).data)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_no_sentence_sends_the_reader_here_with_no_link(path):
    """A source's link with no known target ("can be accessed here") is left out, not printed."""
    spec = build_policy_document(load_policy(path))
    assert not [t for t in strings(spec) if re.search(r"\b(accessed|available|found|click|see) here\b", t, re.I)]


def test_a_sentence_that_is_both_intro_and_rule_is_said_once():
    spec = build_policy_document(load_policy(POLICIES / "leeds.yaml"))
    blocks = _section(spec, "Case discussion").blocks
    said = [b.parts[0] for b in blocks if isinstance(b, Paragraph)]
    assert said.count(said[0]) == 1, said


@pytest.mark.parametrize("sessions,words", [(1, "in every session."), (4, "within every 4 sessions.")])
def test_a_balance_over_sessions_says_session_or_sessions_as_the_number_needs(sessions, words):
    text = MINIMAL.replace("balance: {window: relationship}", f"balance: {{window: sessions, sessions: {sessions}}}")
    said = strings(_section(build_policy_document(load_policy_text(text)), "Functions of supervision"))
    assert f"Every function is covered {words}" in said


def test_an_edition_that_names_itself_is_not_called_a_version():
    baseline = build_policy_document(load_policy(POLICIES / "national_baseline.yaml")).title_page
    assert "Standard 5" in baseline and not any(line.startswith("Version Standard") for line in baseline)
    leeds = build_policy_document(load_policy(POLICIES / "leeds.yaml")).title_page
    assert "No. 63, January 2025" in leeds and not any(line.startswith("Version No.") for line in leeds)
    sussex = build_policy_document(load_policy(POLICIES / "sussex.yaml")).title_page
    assert any(line.startswith("Version 9.2") for line in sussex)


def test_the_sources_a_policy_adopts_tools_from_are_credited_as_adapted_from():
    leeds = build_policy_document(load_policy(POLICIES / "leeds.yaml")).footer
    assert leeds[0].startswith("Source: One minute guide")  # its own document
    assert any(line.startswith("Adapted from: HSCB Multi-Agency Strategy") for line in leeds)  # the Kolb questions
    worcs = build_policy_document(load_policy(POLICIES / "worcestershire.yaml")).footer
    assert "Adapted from: 7-minute briefing: Supervision" in worcs
    assert not any(line.startswith("Adapted from") for line in worcs[:1])
