"""Borrowed material is named as borrowed: a tool block (evaluation, reflective model, briefing)
taken from another organisation's document says `basis: adopted` in its source, or the policy
does not load; a form or handout is never built on a tool marked as docgen's default.

Expected positions are computed from the input text itself (`pos`), never copied from output."""

import pytest
import yaml

from docgen.forms import form_keys
from docgen.policy import load_policy, load_policy_text
from docgen.policy.adopted import adopted_from, is_own, source_doc, tool_blocks
from tests.helpers.adopting import HERTS_AT, HERTS_PUBLISHER, SOURCES, adopting_policy
from tests.helpers.policies import POLICIES, SHIPPED, minimal_policy, pos
from tests.helpers.policies import only_problem as only
from tests.helpers.policies import policy_problems as problems

KOLB = """reflective_models:
  - id: kolb
    name: "Kolb's cycle"
    stages:
      - {id: experience, label: Experience, questions: ["What happened?"]}
      - {id: reflection, label: Reflection, questions: ["What did you feel?"]}
      - {id: analysis, label: Analysis, questions: ["How do you explain it?"]}
      - {id: plan, label: Action planning, questions: ["What next?"]}
    source: {ref: herts, at: "Appendix II, Example 3"SOURCE_TAIL}
"""
BRIEFING = """briefing:
  questions: ["How can we improve supervision?"]
  source: {ref: herts, at: "07 Questions"SOURCE_TAIL}
"""


def with_herts(block: str) -> str:
    return minimal_policy(**{"sources:\n  - id: own\n    title: This policy\n": SOURCES}) + block


def test_a_policy_adopting_another_agencys_evaluation_tool_loads_and_knows_where_it_came_from():
    policy = load_policy_text(adopting_policy()).policy
    doc = adopted_from(policy, policy.evaluation)
    assert doc is not None and (doc.id, doc.publisher) == ("herts", HERTS_PUBLISHER)
    assert not is_own(policy, doc) and is_own(policy, policy.sources[0])


@pytest.mark.parametrize("basis", ["", ", basis: stated", ", basis: paraphrased", ", basis: default"])
def test_another_agencys_evaluation_tool_not_marked_adopted_is_a_located_load_error(basis):
    text = adopting_policy(f'{{ref: herts, at: "{HERTS_AT}"{basis}}}')
    p = next(p for p in problems(text) if p.path.startswith("evaluation.source"))
    if basis:
        assert (p.path, (p.line, p.column)) == ("evaluation.source.basis", pos(text, basis.split(": ")[1] + "}"))
    else:
        assert (p.path, (p.line, p.column)) == ("evaluation.source", pos(text, "{ref: herts"))
    assert p.code == "bad-value" and p.file == "p.yaml"
    assert f"{HERTS_PUBLISHER}'s document" in p.message and "adopts it" in p.message
    assert f'source: {{ref: herts, at: "{HERTS_AT}", basis: adopted}}' in p.hint
    assert "publisher: Tiny Council" in p.hint  # the other way out: it is the agency's own document
    assert str(p).startswith(f"p.yaml:{p.line}:{p.column}: evaluation.source")


@pytest.mark.parametrize("block,path", [(KOLB, "reflective_models[0].source"), (BRIEFING, "briefing.source")])
def test_a_reflective_model_or_briefing_from_another_agency_must_say_it_is_adopted(block, path):
    text = with_herts(block.replace("SOURCE_TAIL", ", basis: paraphrased"))
    p = only(text)
    assert (p.path, (p.line, p.column)) == (path + ".basis", pos(text, "paraphrased"))
    assert "adopts it" in p.message and "basis: adopted" in p.hint
    assert load_policy_text(with_herts(block.replace("SOURCE_TAIL", ", basis: adopted"))).policy


def test_a_source_with_no_publisher_that_is_not_the_policys_own_counts_as_another_organisations():
    text = minimal_policy(
        **{"sources:\n  - id: own\n    title: This policy\n": SOURCES + "  - id: briefing\n    title: A briefing\n"}
    )
    p = only(text + BRIEFING.replace("ref: herts", "ref: briefing").replace("SOURCE_TAIL", ""))
    assert p.path == "briefing.source" and "another organisation's document" in p.message


def test_a_source_published_by_the_agency_itself_needs_no_adoption():
    text = minimal_policy(
        **{
            "sources:\n  - id: own\n    title: This policy\n": (
                "sources:\n  - id: own\n    title: This policy\n"
                "  - id: toolkit\n    title: Our toolkit\n    publisher: Tiny Council, Children's Services\n"
            )
        }
    )
    policy = load_policy_text(text + BRIEFING.replace("ref: herts", "ref: toolkit").replace("SOURCE_TAIL", "")).policy
    assert is_own(policy, source_doc(policy, policy.briefing.source))


def test_adopting_from_the_policys_own_source_is_an_error():
    text = minimal_policy() + 'briefing:\n  questions: ["Why?"]\n  source: {ref: own, basis: adopted}\n'
    p = only(text)
    assert (p.path, (p.line, p.column)) == ("briefing.source.basis", pos(text, "adopted}"))
    assert "this policy's own source" in p.message and "basis: stated" in p.hint


def test_a_misspelt_basis_gets_a_did_you_mean():
    text = adopting_policy(f'{{ref: herts, at: "{HERTS_AT}", basis: adopt}}')
    p = only(text)
    assert p.path == "evaluation.source.basis" and 'Did you mean "adopted"' in str(p)


def test_an_evaluation_form_built_on_a_tool_marked_as_docgens_default_is_not_generated():
    text = minimal_policy(
        **{
            "    session-record: generic_session_record\n": (
                "    session-record: generic_session_record\n    evaluation: evaluation_questionnaire\n"
            )
        }
    )
    text += 'evaluation:\n  title: Evaluation\n  statements: ["I am given time to reflect"]\n'
    text += "  source: {ref: own, basis: default}\n"
    p = only(text)
    assert (p.path, (p.line, p.column)) == ("documents.forms.evaluation", pos(text, "evaluation_questionnaire"))
    assert "docgen's default" in p.message and "basis: adopted" in p.hint
    # the same tool, not generated, loads: it is only the form that needs the agency's choice
    assert load_policy_text(text.replace("    evaluation: evaluation_questionnaire\n", ""))


def test_a_handout_built_on_a_default_tool_is_not_generated():
    text = minimal_policy(
        **{
            "    session-record: generic_session_record\n": (
                "    session-record: generic_session_record\n  handouts: [reflective_cycle]\n"
            )
        }
    )
    text += KOLB.replace("ref: herts", "ref: own").replace("SOURCE_TAIL", ", basis: default")
    p = only(text)
    assert (p.path, (p.line, p.column)) == ("documents.handouts[0]", pos(text, "reflective_cycle"))
    assert "reflective_cycle handout" in p.message and "Kolb's cycle" in p.message


def test_every_shipped_tool_from_another_organisation_is_adopted_and_none_is_a_default():
    for path in SHIPPED:
        policy = load_policy(path).policy
        for where, _, block in tool_blocks(policy):
            doc = source_doc(policy, block.source)
            if doc is not None and not is_own(policy, doc):
                assert block.source.basis == "adopted", (path.name, where)
            assert block.source is None or block.source.basis != "default", (path.name, where)


def test_worcestershire_has_no_evaluation_tool_and_says_so_in_its_gaps():
    loaded = load_policy(POLICIES / "worcestershire.yaml")
    policy = loaded.policy
    assert policy.evaluation is None and "evaluation" not in form_keys(loaded)
    assert not any("Hertfordshire" in (s.publisher + s.title) for s in policy.sources)
    [gap] = [g for g in policy.gaps if g.topic == "Evaluation"]
    assert "no evaluation tool" in gap.note and "Hertfordshire" not in gap.note
    raw = yaml.safe_load((POLICIES / "worcestershire.yaml").read_text(encoding="utf-8"))
    assert "evaluation" not in raw and "evaluation" not in raw["documents"]["forms"]
