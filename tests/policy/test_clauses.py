"""Agreement clauses (issue 19, item 4 and 5): the new kinds validate, a wrong kind lists every kind,
and a choice blank that makes no sense is an error with a fix, located, all in one round."""

from __future__ import annotations

import pytest

from docgen.policy import load_policy_text
from docgen.policy.clauses import CLAUSE_KINDS
from docgen.policy.model import ClauseKind
from docgen.policy.starter import starter_text
from tests.helpers.choice_policy import TERMS, choice_policy_text
from tests.helpers.policies import only_problem as only
from tests.helpers.policies import policy_problems as problems
from tests.helpers.policies import pos

NEW_KINDS = (
    "mode",
    "preparation",
    "supervision_types",
    "record_sharing",
    "disagreement",
    "wellbeing",
    "equality_and_diversity",
    "training",
)


def _terms(*clauses: str) -> str:
    return choice_policy_text("agreement:\n  terms:\n" + "".join(clauses))


def _clause(kind: str = "other", text: str = "We agree.", blanks: str = "", cid: str = "c") -> str:
    out = f'    - id: {cid}\n      kind: {kind}\n      text: "{text}"\n'
    return out + (f"      blanks:\n{blanks}" if blanks else "")


def test_the_choice_policy_validates():
    loaded = load_policy_text(choice_policy_text(), "p.yaml")
    [where, support] = loaded.policy.agreement.terms
    assert [o.key for o in where.blanks[0].options] == ["in_person", "remotely", "a_mix_of_both"]
    assert where.blanks[0].preset == ("in_person",) and support.blanks[0].multiple


@pytest.mark.parametrize("kind", NEW_KINDS)
def test_each_new_clause_kind_validates_and_has_a_meaning(kind):
    loaded = load_policy_text(_terms(_clause(kind)), "p.yaml")
    assert loaded.policy.agreement.terms[0].kind == kind
    assert CLAUSE_KINDS[kind]


def test_every_clause_kind_has_a_meaning():
    assert list(CLAUSE_KINDS) and set(CLAUSE_KINDS) == set(ClauseKind.__args__)  # type: ignore[attr-defined]


def test_a_wrong_kind_lists_every_kind():
    p = only(_terms(_clause("location")))
    assert p.path == "agreement.terms[0].kind"
    for kind in CLAUSE_KINDS:
        assert kind in p.hint, kind
    assert "README" not in p.hint


def test_a_choice_without_options_is_an_error_with_a_fix():
    text = _terms(_clause("mode", "We meet {mode}.", "        - {id: mode, label: How, type: choice}\n"))
    p = only(text)
    assert (p.code, p.path) == ("missing-key", "agreement.terms[0].blanks[0].options")
    assert p.message == "a choice blank needs the options the parties tick"
    assert p.hint == 'add options: ["In person", "Remotely", "A mix of both"]'
    assert (p.line, p.column) == pos(text, "{id: mode")


def test_duplicate_options_are_an_error_each_located():
    blank = "        - {id: mode, label: How, type: choice, options: [In person, Remotely, in person]}\n"
    text = _terms(_clause("mode", "We meet {mode}.", blank))
    p = only(text)
    assert (p.code, p.path) == ("duplicate-id", "agreement.terms[0].blanks[0].options[2]")
    assert p.message == 'the option "In person" is listed twice' and p.hint == "list each option once"
    assert (p.line, p.column) == pos(text, "in person]")


def test_a_blank_in_the_text_with_no_declaration_is_an_error_with_a_fix():
    text = _terms(
        _clause(
            "mode", "We meet {mode} at {place}.", "        - {id: mode, label: How, type: choice, options: [a, b]}\n"
        )
    )
    p = only(text)
    assert (p.code, p.path) == ("bad-reference", "agreement.terms[0].text")
    assert p.message == 'the text uses {place} but no blank has id "place"'
    assert p.hint == "add it under blanks: - {id: place, label: ...}, or write the words without braces"


def test_every_nonsense_in_one_round():
    """A preset that is no option, options on a text blank, a choice of one, a choice written twice,
    braces that are no blank id: all five reported at once."""
    blanks = (
        "        - {id: mode, label: How, type: choice, options: [In person, Remotely], preset: [online]}\n"
        "        - {id: room, label: Room, options: [A, B]}\n"
        "        - {id: only, label: Only, type: choice, options: [Yes]}\n"
    )
    text = _terms(_clause("mode", "We meet {mode} in {room} {only} {mode} {Big One}.", blanks))
    found = {(p.path, p.message) for p in problems(text)}
    assert found == {
        ("agreement.terms[0].blanks[0].preset[0]", 'preset "online" is not one of the options (in_person, remotely)'),
        (
            "agreement.terms[0].blanks[1].options",
            'options is for a blank of type choice, and this blank is of type "text"',
        ),
        ("agreement.terms[0].blanks[2].options", 'a choice of one option ("Yes") leaves nothing to choose'),
        ("agreement.terms[0].text", "the choice {mode} appears 2 times in the text"),
        ("agreement.terms[0].text", 'the text has "{Big One}", which is not a blank id'),
    }


def test_two_presets_on_a_single_choice_is_an_error_and_on_a_multiple_choice_is_not():
    single = TERMS.replace("preset: [in_person]", "preset: [in_person, remotely]")
    p = only(choice_policy_text(single))
    assert p.message == "preset ticks 2 options but only one may be ticked"
    assert p.hint == "preset one option, or write multiple: true"
    several = TERMS.replace("preset: [counselling]", "preset: [counselling, peer]")
    assert load_policy_text(choice_policy_text(several), "p.yaml").policy.agreement.terms[1].blanks[0].preset == (
        "counselling",
        "peer",
    )


def test_the_starter_policy_shows_a_choice_clause_and_not_stated():
    text = starter_text(4, "Cyngor Sir Ceredigion")
    [where] = [c for c in load_policy_text(text, "policy.yaml").policy.agreement.terms if c.kind == "mode"]
    assert where.blanks[0].type == "choice" and [o.key for o in where.blanks[0].options] == [
        "in_person",
        "remotely",
        "a_mix_of_both",
    ]
    assert "# preset: [in_person]" in text
    assert "children_identified_by: initials  # name | initials | anonymised | case_number | not_stated" in text
    assert "counts_towards_frequency is true (true | false | not_stated)" in text
    assert "optional: leave the block out when the policy names no functions" in text
