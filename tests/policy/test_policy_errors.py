"""Errors people can act on: every problem code, located at the exact line and column.

Expected positions are computed from the input text itself (`pos`), never copied from output.
"""

import shutil

import pytest

from docgen.errors import CODES, ProblemsFound
from docgen.policy import load_policy, load_policy_text
from tests.helpers.policies import POLICIES, minimal_policy, pos
from tests.helpers.policies import only_problem as only
from tests.helpers.policies import policy_problems as problems


def test_minimal_policy_is_valid():
    loaded = load_policy_text(minimal_policy())
    assert loaded.policy.frequency.rules[0].schedule.every.words() == "every calendar month"
    assert len(loaded.digest) == 64


def test_unknown_key_with_did_you_mean():
    text = minimal_policy(**{"schedule: {every: 1 month}": "shedule: {every: 1 month}"})
    found = problems(text)
    unknown = next(p for p in found if p.code == "unknown-key")
    assert (unknown.line, unknown.column) == pos(text, "shedule")
    assert unknown.path == "frequency.rules[0].shedule"
    assert 'did you mean "schedule"' in unknown.hint
    # the required key it replaced is reported too, at the rule
    missing = next(p for p in found if p.code == "missing-key")
    assert missing.path == "frequency.rules[0].schedule"


def test_bad_unit_suggests_the_real_one():
    text = minimal_policy(**{"every: 1 month": "every: 1 montly"})
    p = only(text)
    assert (p.code, p.path) == ("bad-period", "frequency.rules[0].schedule.every")
    assert (p.line, p.column) == pos(text, "1 montly")
    assert 'did you mean "month"' in p.hint


def test_duration_in_words_asks_for_digits():
    text = minimal_policy(**{"duration: 90 minutes": 'duration: "ninety"'})
    p = only(text)
    assert (p.code, p.path) == ("bad-period", "frequency.rules[0].duration")
    assert (p.line, p.column) == pos(text, '"ninety"')
    assert "digits" in p.hint and "90 minutes" in p.hint


def test_bad_choice_suggests():
    text = minimal_policy(**{"strength: must": "strength: mustt"})
    p = only(text)
    assert (p.code, p.path, (p.line, p.column)) == ("bad-choice", "frequency.rules[0].strength", pos(text, "mustt"))
    assert '"must"' in p.hint


def test_wrong_type():
    text = minimal_policy(**{"docgen_policy: 1": "docgen_policy: one"})
    p = only(text)
    assert (p.code, p.path, (p.line, p.column)) == ("wrong-type", "docgen_policy", pos(text, "one"))


def test_missing_key_points_at_the_mapping():
    text = minimal_policy(**{"      strength: must\n": ""})
    p = only(text)
    assert (p.code, p.path) == ("missing-key", "frequency.rules[0].strength")
    assert (p.line, p.column) == pos(text, "id: all_staff")
    assert "strength:" in p.hint


def test_bad_date():
    text = minimal_policy(**{"title: Tiny policy": "title: Tiny policy\nreview_date: 31/03/2027"})
    p = only(text)
    assert (p.code, p.path, (p.line, p.column)) == ("bad-date", "review_date", pos(text, "31/03/2027"))


def test_bad_reference_with_did_you_mean():
    text = minimal_policy(**{"source: {ref: own, at: Frequency}": "source: {ref: onw, at: Frequency}"})
    p = only(text)
    assert (p.code, p.path) == ("bad-reference", "frequency.rules[0].source.ref")
    assert (p.line, p.column) == pos(text, "onw")
    assert '"own"' in p.hint


def test_duplicate_id():
    text = minimal_policy(**{"- {id: support, label: Support": "- {id: management, label: Support"})
    p = only(text)
    assert (p.code, p.path) == ("duplicate-id", "functions.items[1].id")
    assert (p.line, p.column) == pos(text, "management", 3)


def test_bad_id():
    text = minimal_policy(**{"id: tiny": "id: Tiny Council"})
    p = only(text)
    assert (p.code, p.path, (p.line, p.column)) == ("bad-id", "id", pos(text, "Tiny Council"))


def test_stepped_schedule_rules():
    text = minimal_policy(
        **{
            "schedule: {every: 1 month}": (
                "schedule:\n            steps:\n              phases:\n"
                "                - {every: 1 week, until: 6 months}\n"
                "                - {every: 2 weeks, until: 6 weeks}\n"
                "                - {every: 1 month, until: 1 year}"
            )
        }
    )
    found = problems(text)
    assert {(p.code, p.path) for p in found} == {
        ("bad-value", "frequency.rules[0].schedule.steps.phases[1].until"),
        ("bad-value", "frequency.rules[0].schedule.steps.phases[2].until"),
    }


def test_schedule_needs_exactly_one_kind():
    text = minimal_policy(**{"schedule: {every: 1 month}": "schedule: {every: 1 month, set_in_agreement: true}"})
    p = only(text)
    assert p.code == "bad-value" and "exactly one" in p.message and "every, set_in_agreement" in p.message


def test_all_problems_are_collected_not_just_the_first():
    text = minimal_policy(
        **{
            "every: 1 month": "every: 1 montly",
            "strength: must": "strength: mustt",
            "name: Tiny Council": "nmae: Tiny Council",
        }
    )
    assert len(problems(text)) >= 3


def test_printed_form_is_file_line_col_path_message_hint():
    text = minimal_policy(**{"strength: must": "strength: mustt"})
    line, col = pos(text, "mustt")
    assert (
        str(only(text)) == f'p.yaml:{line}:{col}: frequency.rules[0].strength: "mustt" is not allowed here. '
        'Did you mean "must"?'
    )


def test_weak_suggestions_also_list_the_allowed_values():
    text = minimal_policy(**{"tag: support}": "tag: engagement}"})
    hint = only(text).hint
    assert hint.startswith('did you mean "management"?') and "mediation" in hint and "support" in hint


def test_frequency_words_are_translated_into_units():
    text = minimal_policy(**{"every: 1 month": "every: quarterly"})
    assert "3 months" in only(text).hint


def test_three_mistakes_in_a_shipped_policy(tmp_path):
    """The issue's acceptance case: a misspelt key, a unit "montly" and a duration "ninety"."""
    copy = tmp_path / "worcs.yaml"
    shutil.copy(POLICIES / "worcestershire.yaml", copy)
    text = copy.read_text()
    text = text.replace("  short_name: WSCB", "  shortname: WSCB", 1)
    text = text.replace("      duration: {max: 2 hours}", '      duration: {max: "ninety"}', 1)
    text = text.replace("  review_every:", "  review_every:", 1)
    text = text.replace(
        '  signed_by: [supervisor, supervisee]\n  source: {ref: worcs, at: "6. Agreement',
        '  signed_by: [supervisor, supervisee]\n  review_every: 1 montly\n  source: {ref: worcs, at: "6. Agreement',
        1,
    )
    copy.write_text(text)
    with pytest.raises(ProblemsFound) as info:
        load_policy(copy)
    found = info.value.problems
    assert [p.code for p in found] == ["unknown-key", "bad-period", "bad-period"]
    assert [(p.line, p.column) for p in found] == [pos(text, "shortname"), pos(text, '"ninety"'), pos(text, "1 montly")]
    assert 'did you mean "short_name"' in found[0].hint
    assert "digits" in found[1].hint
    assert 'did you mean "month"' in found[2].hint
    assert all(p.file == str(copy) for p in found)


def test_every_problem_code_is_exercised_somewhere():
    """A code nobody can trigger is dead; one no test triggers is untested."""
    from tests.helpers.layout import every_test_module

    tests = "".join(p.read_text() for p in every_test_module())
    untested = [code for code in CODES if f'"{code}"' not in tests]
    assert untested == []
