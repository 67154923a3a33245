"""Issue 19, validation and messages: nonsense combinations are errors with a fix, located; a
misplaced key is pointed to where it goes; suggestions rank by meaning and list every allowed value;
a rule naming itself says so; reference errors come in the same round as structural ones."""

from __future__ import annotations

from docgen.errors import did_you_mean
from docgen.policy import load_policy_text
from docgen.policy.starter import starter_text
from tests.helpers.policies import minimal_policy, pos
from tests.helpers.policies import only_problem as only
from tests.helpers.policies import policy_problems as problems

EVERY = "schedule: {every: 1 month}"


def _with(schedule: str) -> str:
    return minimal_policy(**{EVERY: schedule})


def _valid(text: str) -> None:
    assert load_policy_text(text, "p.yaml").policy.frequency.rules


def test_a_range_with_min_above_max_is_an_error_with_a_fix():
    text = _with('schedule: {between: {min: "3 months", max: "6 weeks"}}')
    p = only(text)
    assert (p.code, p.path) == ("bad-value", "frequency.rules[0].schedule.between.min")
    assert (p.line, p.column) == pos(text, '"3 months"')
    assert "min (3 months) is longer than max (6 weeks)" in p.message
    assert 'swap them: min: "6 weeks", max: "3 months"' in p.hint
    assert str(p).startswith(f"p.yaml:{p.line}:{p.column}: frequency.rules[0].schedule.between.min: ")


def test_a_range_with_min_equal_to_max_stays_valid():
    _valid(_with('schedule: {between: {min: "6 weeks", max: "6 weeks"}}'))
    _valid(_with('schedule: {between: {min: "4 weeks", max: "1 month"}}'))


def test_at_least_zero_is_an_error_and_at_least_one_is_not():
    text = _with("schedule: {count: {at_least: 0}}")
    p = only(text)
    assert (p.code, p.path) == ("bad-value", "frequency.rules[0].schedule.count.at_least")
    assert (p.line, p.column) == pos(text, "0}")
    assert "no sessions at all" in p.message and "at_least: 10" in p.hint
    _valid(_with("schedule: {count: {at_least: 1}}"))


def test_min_fte_above_max_fte_is_an_error_and_equal_is_not():
    text = _with(EVERY + "\n      applies_to: {min_fte: 0.8, max_fte: 0.5}")
    p = only(text)
    assert (p.code, p.path) == ("bad-value", "frequency.rules[0].applies_to.min_fte")
    assert (p.line, p.column) == pos(text, "0.8")
    assert "min_fte (0.8) is above max_fte (0.5)" in p.message
    assert "min_fte: 0.5, max_fte: 0.8" in p.hint
    _valid(_with(EVERY + "\n      applies_to: {min_fte: 0.5, max_fte: 0.5}"))


def test_a_phase_shorter_than_its_own_interval_is_an_error():
    text = _with(
        'schedule: {steps: {phases: [{every: "1 week", until: "6 weeks"}, {every: "2 months", until: "2 months"},'
        " {every: 1 month}]}}"
    )
    p = only(text)
    assert (p.code, p.path) == ("bad-value", "frequency.rules[0].schedule.steps.phases[1].until")
    assert (p.line, p.column) == pos(text, '"2 months"}')
    assert "shorter than its own interval (2 months)" in p.message and "never be checked" in p.message
    assert "at least 2 months long" in p.hint
    first = only(_with('schedule: {steps: {phases: [{every: "1 month", until: "2 weeks"}, {every: 1 month}]}}'))
    assert first.path == "frequency.rules[0].schedule.steps.phases[0].until"


def test_a_phase_exactly_as_long_as_its_interval_stays_valid():
    _valid(_with('schedule: {steps: {phases: [{every: "2 weeks", until: "2 weeks"}, {every: 1 month}]}}'))
    _valid(
        _with(
            'schedule: {steps: {phases: [{every: "1 week", until: "6 weeks"}, {every: "2 weeks", until: "8 weeks"},'
            " {every: 1 month}]}}"
        )
    )


def test_count_under_a_rule_points_to_schedule_not_to_counts():
    text = _with(EVERY + "\n      count: {at_least: 10}")
    p = only(text)
    assert (p.code, p.path) == ("unknown-key", "frequency.rules[0].count")
    assert (p.line, p.column) == pos(text, "count:")
    assert "`count` goes under `schedule:` (schedule: {count: {at_least: 10" in p.hint
    assert "counts" not in p.hint
    # the other keys of blocks inside a rule, and a plain typo still spelled out
    assert "goes under `schedule:`, inside count:" in only(_with(EVERY + "\n      at_least: 10")).hint
    assert "goes under `applies_to:`" in only(_with(EVERY + "\n      roles: [social_worker]")).hint
    assert 'did you mean "counts"' in only(_with(EVERY + "\n      countss: []")).hint


def test_an_unknown_anchor_is_matched_by_meaning_and_the_anchors_listed_in_full():
    text = _with(
        'schedule: {steps: {anchor: asye_start_date, phases: [{every: "1 week", until: "6 weeks"}, {every: 1 month}]}}'
    )
    p = only(text)
    assert (p.code, p.path) == ("bad-choice", "frequency.rules[0].schedule.steps.anchor")
    assert p.hint.startswith('did you mean "asye_start"?')
    assert "asye_start (the start of the ASYE year)" in p.hint and "start_date (the start in post)" in p.hint
    for written, meant in (("qualified_date", "asye_start"), ("nqsw_start", "asye_start"), ("appointed", "start_date")):
        assert did_you_mean(written, ["start_date", "asye_start"]).startswith(f'did you mean "{meant}"?'), written
    # near miss: a plain misspelling still finds the word it resembles
    assert did_you_mean("startdate", ["start_date", "asye_start"]) == 'did you mean "start_date"?'


def test_a_rule_that_refers_to_itself_says_so():
    text = _with("schedule: {more_often_than: all_staff}")
    p = only(text)
    assert (p.code, p.path) == ("bad-reference", "frequency.rules[0].schedule.more_often_than")
    assert (p.line, p.column) == pos(text, "all_staff}")
    assert 'the rule "all_staff" refers to itself' in p.message
    assert "is not a frequency rule defined" not in p.message
    # near miss: a rule compared with another rule is fine
    two = minimal_policy(
        **{
            "      source: {ref: own, at: Frequency}\n": (
                "      source: {ref: own, at: Frequency}\n"
                "    - id: students\n      label: Students\n      schedule: {more_often_than: all_staff}\n"
                "      strength: must\n      source: {ref: own}\n"
            )
        }
    )
    _valid(two)


def test_reference_errors_come_in_the_same_round_as_structural_errors():
    # a value that cannot be read (a strength that is not one of the words) stops the policy from
    # structuring; the wrong references, even in that same rule, are reported with it
    broken = {"strength: must": "strength: mandatory"}
    text = minimal_policy(
        **broken,
        **{
            "duration: 90 minutes": "duration: 90 minutes\n      counts: [peer_group]",
            "source: {ref: own, at: Frequency}": "source: {ref: owm, at: Frequency}",
        },
    )
    found = {(p.code, p.path) for p in problems(text)}
    assert found == {
        ("bad-choice", "frequency.rules[0].strength"),
        ("bad-reference", "frequency.rules[0].counts[0]"),
        ("bad-reference", "frequency.rules[0].source.ref"),
    }
    source = next(p for p in problems(text) if p.path.endswith("source.ref"))
    assert (source.line, source.column) == pos(text, "owm") and 'did you mean "own"' in source.hint
    # a self-reference is named as such in that round too
    selfref = minimal_policy(**broken, **{EVERY: "schedule: {more_often_than: all_staff}"})
    assert {p.code for p in problems(selfref)} == {"bad-choice", "bad-reference"}
    assert any("refers to itself" in p.message for p in problems(selfref))
    # near miss: a structural error with every reference right is the only problem
    assert only(minimal_policy(**broken)).code == "bad-choice"


def test_a_reference_to_a_default_list_is_not_undefined_when_another_block_is_wrong():
    """The starter policy leaves supervision_types to docgen's default and counts one_to_one: a
    wrong value elsewhere (an anchor) is the only problem, not also 'one_to_one is not defined'."""
    text = starter_text(4, "Ceredigion Children's Services").replace("anchor: start_date", "anchor: asye_start_date")
    assert "supervision_types:" not in text.replace("(see supervision_types)", "")
    assert only(text).path == "frequency.rules[0].schedule.steps.anchor"


def test_a_bad_clause_kind_lists_every_allowed_kind():
    text = minimal_policy(
        **{
            "    session-record: generic_session_record": (
                "    session-record: generic_session_record\n"
                "    agreement: generic_agreement\n"
                "agreement:\n  terms:\n    - {id: talk, kind: meeting_rules, text: We talk.}"
            )
        }
    )
    p = only(text)
    assert (p.code, p.path) == ("bad-choice", "agreement.terms[0].kind")
    assert "README" not in p.hint and "..." not in p.hint
    from typing import get_args

    from docgen.policy.model import ClauseKind

    assert all(kind in p.hint for kind in get_args(ClauseKind)), p.hint
    assert len(get_args(ClauseKind)) > 12  # more than the 12 the old message listed
