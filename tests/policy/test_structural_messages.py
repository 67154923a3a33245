"""Issue 20, item 5: a structural mistake (a plain text where key: value lines or a list go, a list
where a block goes, an unquoted colon) says what to write instead, built from what the policy format
expects at that path, with the text as written carried into the suggestion; located; all in one round.
Each planted mistake has its near miss, written as the suggestion says, which validates."""

from __future__ import annotations

import pytest

from docgen.policy import load_policy_text
from tests.helpers.policies import SHIPPED, minimal_policy, pos
from tests.helpers.policies import only_problem as only
from tests.helpers.policies import policy_problems as problems

EVERY = "schedule: {every: 1 month}"
KINDS = "(or another kind: {others}; see docs/policy-format.md#frequency)"  # every kind but the one suggested
ALL = ("every", "between", "count", "steps", "set_in_agreement", "more_often_than", "less_often_than")


def _others(best: str) -> str:
    return KINDS.format(others=", ".join(f"`{k}:`" for k in ALL if k != best))


def _at(text: str, needle: str) -> tuple[int, int]:
    """Where `needle` is in `text`; with a "|", where the part after it starts."""
    before, _, after = needle.rpartition("|")
    line, column = pos(text, before + after)
    return line, column + len(before)


def _valid(text: str) -> None:
    assert load_policy_text(text, "p.yaml").policy.frequency.rules


@pytest.mark.parametrize(
    ("written", "suggested", "kind"),
    [
        ("every 3 weeks", 'every: "3 weeks"', "every"),
        ("4 weeks", 'every: "4 weeks"', "every"),
        ("monthly", 'every: "1 month"', "every"),
        ("once a fortnight", 'every: "2 weeks"', "every"),
        ("3 per year", 'count: {at_least: 3, per: "1 year"}', "count"),
        ("10 a year", 'count: {at_least: 10, per: "1 year"}', "count"),
        ("at least 10 times a year", 'count: {at_least: 10, per: "1 year"}', "count"),
        ("every 6 to 8 weeks", 'between: {min: "6 weeks", max: "8 weeks"}', "between"),
        ("as agreed in the supervision agreement", "set_in_agreement: true", "set_in_agreement"),
    ],
)
def test_a_schedule_written_as_words_says_which_kind_to_write(written, suggested, kind):
    text = minimal_policy(**{EVERY: f"schedule: {written}"})
    p = only(text)
    assert (p.code, p.path, (p.line, p.column)) == ("wrong-type", "frequency.rules[0].schedule", pos(text, written))
    assert p.message == f'`schedule` needs one kind, written as a key, not the text "{written}"'
    assert p.hint == f"write `{suggested}` {_others(kind)}"
    assert str(p) == (
        f"p.yaml:{p.line}:{p.column}: frequency.rules[0].schedule: `schedule` needs one kind, written as a key, not "
        f'the text "{written}". Write `{suggested}` {_others(kind)}.'
    )
    _valid(minimal_policy(**{EVERY: f"schedule: {{{suggested}}}"}))  # the near miss: as suggested


def test_a_schedule_in_words_no_kind_reads_lists_the_kinds():
    p = only(minimal_policy(**{EVERY: "schedule: regularly"}))
    listed = ", ".join(f"`{k}:`" for k in ALL)
    assert (
        p.hint == "write one kind with its value, e.g. `every: ...` "
        f"(the kinds: {listed}; see docs/policy-format.md#frequency)"
    )


def test_a_schedule_as_a_one_item_list_is_read_for_its_words():
    p = only(minimal_policy(**{EVERY: "schedule: [every 3 weeks]"}))
    assert p.message == "`schedule` needs one kind, written as a key, not a list"
    assert p.hint == f'write `every: "3 weeks"` {_others("every")}'


@pytest.mark.parametrize(
    ("old", "new", "path", "needle", "message", "hint", "fixed"),
    [
        (  # a block of keys given a plain text: the text carried into the key it fits
            "source: {ref: own, at: Frequency}",
            "source: own",
            "frequency.rules[0].source",
            "source: |own",
            "`source` is written as key: value lines (its keys: ref (required), at, quote, basis, note), "
            'not the text "own"',
            "write `source: {ref: own}`",
            "source: {ref: own}",
        ),
        (
            "balance: {window: relationship}",
            "balance: relationship",
            "functions.balance",
            "relationship",
            "`balance` is written as key: value lines (its keys: window (required), sessions, period, text, source), "
            'not the text "relationship"',
            "write `balance: {window: relationship}`",
            "balance: {window: relationship}",
        ),
        (  # a key and its value run together
            "balance: {window: relationship}",
            "balance: window relationship",
            "functions.balance",
            "window relationship",
            "`balance` is written as key: value lines (its keys: window (required), sessions, period, text, source), "
            'not the text "window relationship"',
            "write `balance: {window: relationship}`",
            "balance: {window: relationship}",
        ),
        (  # free text goes only to a key that describes the block
            EVERY,
            EVERY + "\n      applies_to: foster carers",
            "frequency.rules[0].applies_to",
            "foster carers",
            "`applies_to` is written as key: value lines (its keys: roles, experience, contact, caseload, employment, "
            'min_fte, max_fte, description), not the text "foster carers"',
            'write `applies_to: {description: "foster carers"}`',
            EVERY + '\n      applies_to: {description: "foster carers"}',
        ),
        (  # a block inside a schedule kind
            EVERY,
            "schedule: {count: 10}",
            "frequency.rules[0].schedule.count",
            "10}",
            "`count` is written as key: value lines (its keys: at_least (required), per, pro_rata, year, rounding, "
            'missing_fte, sessional), not the text "10"',
            "write `count: {at_least: 10}`",
            "schedule: {count: {at_least: 10}}",
        ),
        (  # a list expected, a text given
            EVERY,
            EVERY + "\n      counts: one_to_one",
            "frequency.rules[0].counts",
            "one_to_one",
            '`counts` is a list, not the text "one_to_one"',
            "write it as a list: `counts: [one_to_one]`, or one item per line starting with `- ` (`- one_to_one`)",
            EVERY + "\n      counts: [one_to_one]",
        ),
        (  # each part of a text that names several
            "session-record: generic_session_record",
            "session-record: generic_session_record\n  handouts: one_minute_guide, seven_minute_briefing",
            "documents.handouts",
            "one_minute_guide",
            '`handouts` is a list, not the text "one_minute_guide, seven_minute_briefing"',
            "write it as a list: `handouts: [one_minute_guide, seven_minute_briefing]`, or one item per line starting "
            "with `- ` (`- one_minute_guide`)",
            "session-record: generic_session_record\n  handouts: [one_minute_guide, seven_minute_briefing]",
        ),
        (  # a list of blocks given a text: one block per part, ids made from the labels
            "- {id: child_in_need, label: Child in Need}",
            "Child in need, Child protection",
            "case_discussion.categories",
            "Child in need",
            '`categories` is a list, not the text "Child in need, Child protection"',
            'write it as a list, one item per line starting with `- `: `- {id: child_in_need, label: "Child in '
            'need"}` and `- {id: child_protection, label: "Child protection"}`',
            '\n    - {id: child_in_need, label: "Child in need"}'
            '\n    - {id: child_protection, label: "Child protection"}',
        ),
        (  # a plain text in a list of blocks: the item, with the block's other required keys
            "- {id: support, label: Support, tag: support}",
            "- Support",
            "functions.items[1]",
            "Support",
            "each item of `items` is written as key: value lines (its keys: id (required), label (required), tag "
            "(required), description, prompts, record_label, record_prompts, on_record, and 1 more (see "
            'docs/policy-format.md)), not the text "Support"',
            "write `- {id: support, label: Support, tag: <management | development | support | ...>}`",
            "- {id: support, label: Support, tag: support}",
        ),
        (  # an unquoted colon in a text: YAML read it as a key and its value
            "title: Tiny policy",
            "title: Tiny policy\npurpose:\n  items:\n    - Reflect: how did it go",
            "purpose.items[0]",
            "Reflect",
            "each item of `items` is text, not key: value lines (a mapping): the text has a colon and a space in it, "
            "which YAML reads as a key and its value",
            'put the whole text in quotes: `- "Reflect: how did it go"`',
            'title: Tiny policy\npurpose:\n  items:\n    - "Reflect: how did it go"',
        ),
    ],
)
def test_a_wrong_shape_says_what_to_write(old, new, path, needle, message, hint, fixed):
    text = minimal_policy(**{old: new})
    p = only(text)
    assert (p.code, p.path, (p.line, p.column)) == ("wrong-type", path, _at(text, needle))
    assert (p.message, p.hint) == (message, hint)
    _valid(minimal_policy(**{old: fixed}))


def test_a_list_where_a_block_goes_is_put_under_its_list_key():
    functions = (
        "functions:\n  balance: {window: relationship}\n  items:\n"
        "    - {id: management, label: Management, tag: management}\n"
        "    - {id: support, label: Support, tag: support}\n"
    )
    listed = "functions:\n  - {id: management, label: Management, tag: management}\n"
    text = minimal_policy(**{functions: listed})
    p = only(text)
    assert (p.path, (p.line, p.column)) == ("functions", pos(text, "- {id: management"))
    assert p.hint == "put the list under `items:`, a key of `functions` (indented below it), with `balance:` beside it"


def test_a_mapping_where_a_list_goes_is_one_item_or_items_by_id():
    text = minimal_policy(**{"  - id: own\n    title: This policy": "  id: own\n  title: This policy"})
    p = only(text)
    assert (p.path, p.message) == ("sources", "`sources` is a list, not key: value lines (a mapping)")
    assert p.hint == "this is one item of the list: write `- ` before its first key (`- id: ...`)"
    by_id = minimal_policy(
        **{
            "case_discussion:\n  categories:\n    - {id: child_in_need, label: Child in Need}": (
                "case_discussion:\n  categories:\n    child_in_need: {label: Child in Need}"
            )
        }
    )
    p = only(by_id)
    assert p.hint == (
        "write each as an item of the list, its key as its id: `- id: child_in_need` with its other keys indented "
        "under it (each item's keys: id (required), label (required), source)"
    )


def test_forms_written_as_a_list_name_each_as_a_key():
    text = minimal_policy(**{"session-record: generic_session_record": "- session-record\n    - agreement:direct"})
    p = only(text)
    assert p.path == "documents.forms"
    assert p.hint == (
        'write each as a key with its value: `forms: {session-record: ..., "agreement:direct": ...}` (each value: '
        "a template id, or template: and title: lines)"
    )


def test_every_mistake_is_reported_in_one_round_each_located():
    text = minimal_policy(
        **{
            EVERY: "schedule: every 3 weeks",
            "source: {ref: own, at: Frequency}": "source: own",
            "balance: {window: relationship}": "balance: relationship",
        }
    )
    found = {(p.path, (p.line, p.column)) for p in problems(text)}
    assert found == {
        ("frequency.rules[0].schedule", pos(text, "every 3 weeks")),
        ("frequency.rules[0].source", _at(text, "source: |own")),
        ("functions.balance", pos(text, "relationship")),
    }


def _has_rules(path) -> bool:
    return any(line.strip().startswith("schedule:") for line in path.read_text(encoding="utf-8").splitlines())


WITH_RULES = [p for p in SHIPPED if _has_rules(p)]  # a policy whose frequency is set by each agency has none


def test_the_shipped_policies_with_rules_are_most_of_them():
    assert len(WITH_RULES) >= len(SHIPPED) - 1


@pytest.mark.parametrize("path", WITH_RULES, ids=lambda p: p.stem)
def test_every_shipped_policy_with_rules_suggests_the_kind_for_a_schedule_in_words(path):
    """The first `schedule:` of each shipped policy written as words, in a copy."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("schedule:"))
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    end = at + 1
    while end < len(lines) and len(lines[end]) - len(lines[end].lstrip()) > len(indent) and lines[end].strip():
        end += 1  # the schedule's own lines, when it is written as a block
    planted = "".join([*lines[:at], f"{indent}schedule: 10 a year\n", *lines[end:]])
    p = next(p for p in problems(planted) if p.path.endswith(".schedule"))
    assert p.hint == f'write `count: {{at_least: 10, per: "1 year"}}` {_others("count")}'
    assert (p.line, p.column) == (at + 1, len(indent) + len("schedule: ") + 1)
    fixed = "".join([*lines[:at], f'{indent}schedule: {{count: {{at_least: 10, per: "1 year"}}}}\n', *lines[end:]])
    load_policy_text(fixed, path.name)  # the near miss: written as suggested, the copy validates


def test_a_sentence_goes_to_a_key_that_describes_a_block_and_a_few_words_to_one_that_names_it():
    text = minimal_policy(**{"title: Tiny policy": "title: Tiny policy\nagreement: We agree to meet every month."})
    assert only(text).hint == 'write `agreement: {intro: "We agree to meet every month."}`'
    _valid(minimal_policy(**{"title: Tiny policy": 'title: Tiny policy\nagreement: {intro: "We agree to meet."}'}))
    text = minimal_policy(**{"title: Tiny policy": "title: Tiny policy\nagreement: Supervision contract"})
    assert only(text).hint == 'write `agreement: {title: "Supervision contract"}`'
    _valid(minimal_policy(**{"title: Tiny policy": 'title: Tiny policy\nagreement: {title: "Supervision contract"}'}))


def test_a_length_of_time_written_as_a_unit_and_a_number_is_one_text():
    text = minimal_policy(**{EVERY: "schedule: {every: {weeks: 3}}"})
    p = only(text)
    assert (p.code, p.path) == ("bad-period", "frequency.rules[0].schedule.every")
    assert p.hint == 'write the number and the unit as one text: "3 weeks"'
    _valid(minimal_policy(**{EVERY: 'schedule: {every: "3 weeks"}'}))


def test_a_block_with_no_required_key_given_a_text_shows_what_it_usually_holds():
    text = minimal_policy(**{"frequency:\n  rules:": "frequency: every 4 weeks\nfrequency_rules:\n  rules:"})
    p = next(p for p in problems(text) if p.path == "frequency")
    assert p.hint == (
        'write it as key: value lines indented under it, e.g. `frequency: {rules: [{id: all_staff, label: "All '
        'staff", schedule: {every: "4 weeks"}, strength: must, source: {ref: ...}}]}`'
    )
    example = (
        'frequency: {rules: [{id: all_staff, label: "All staff", schedule: {every: "4 weeks"}, strength: must, '
        "source: {ref: own}}]}"
    )
    head, _, rest = minimal_policy().partition("frequency:\n")
    _valid(head + example + "\n" + rest[rest.index("case_discussion:") :])
