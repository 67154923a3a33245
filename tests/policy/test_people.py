"""Several rules for one person (`frequency.combine`), sign-off deadlines per party counted from
receipt (`recording.sign_within`), and hours on dates (issue 19): what validates, what is an error
with a fix (FILE:LINE:COL: path: what is wrong. How to fix it), and what the policy document says."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.documents.policy_document import build_policy_document
from docgen.policy import load_policy_text
from docgen.policy.periods import Deadline, Interval
from docgen.policy.rules import StaffProfile, applicable_rules, checked_rules, combined_reading, governing_rule
from docgen.policy.signoff import PartyDeadline, SignOff, party_deadlines
from docgen.policy.starter import starter_text
from docgen.policy.stated import defaults
from tests.helpers.policies import MINIMAL, minimal_policy, policy_problems
from tests.helpers.sentences import sentences

PART_TIME = (
    "    - id: part_time\n      label: Part-time staff\n      applies_to: {employment: [part_time]}\n"
    "      schedule: {every: 6 weeks}\n      strength: must\n      source: {ref: own}\n"
)
TWO_RULES = minimal_policy(**{"case_discussion:": PART_TIME + "case_discussion:"})
SIGN_OFF = """\
recording:
  signed_by: [supervisor, supervisee]
  sign_within:
    supervisor: "10 days"
    supervisee: {within: "5 days", from: receipt}
"""


def _combine(word: str) -> str:
    return TWO_RULES.replace("frequency:\n", f"frequency:\n  combine: {word}\n")


def _where(problem) -> tuple[int, int]:
    return problem.line, problem.column


def _line_of(text: str, piece: str) -> int:
    return text[: text.index(piece)].count("\n") + 1


# --- frequency.combine ---------------------------------------------------------------------------


def test_by_default_every_rule_that_applies_is_checked():
    """A policy silent on combine: each rule that applies to a part-timer is checked (the stricter
    reading), the strictest still governs what an agreement is prefilled with."""
    loaded = load_policy_text(TWO_RULES)
    policy = loaded.policy
    part_timer = StaffProfile(employment="part_time")
    assert policy.frequency.combine == "all"
    (said,) = [d for d in defaults(loaded) if d.path == "frequency.combine"]  # "not yet decided", in words
    assert (said.topic, said.words) == (
        "Which rule applies when more than one covers a person",
        "all of them, each checked on its own",
    )
    assert [r.id for r in checked_rules(policy, part_timer)] == ["all_staff", "part_time"]
    assert governing_rule(policy, part_timer).id == "all_staff"
    assert combined_reading(policy, part_timer) == (
        "2 rules apply to this person (All staff; Part-time staff): each rule is checked"
    )
    full_timer = StaffProfile(employment="full_time")  # near miss: one rule, no reading to state
    assert [r.id for r in checked_rules(policy, full_timer)] == ["all_staff"]
    assert combined_reading(policy, full_timer) == ""


@pytest.mark.parametrize(
    ("word", "checked", "reading"),
    [
        ("all", ["all_staff", "part_time"], "each rule is checked"),
        ("strictest", ["all_staff"], "the strictest governs"),
        ("most_specific", ["part_time"], "the most specific governs"),
    ],
)
def test_each_way_of_combining_rules_is_a_stated_reading(word, checked, reading):
    policy = load_policy_text(_combine(word)).policy
    part_timer = StaffProfile(employment="part_time")
    assert [r.id for r in checked_rules(policy, part_timer)] == checked
    assert combined_reading(policy, part_timer).endswith(f"(All staff; Part-time staff): {reading}")
    assert [r.id for r in applicable_rules(policy, part_timer)][0] == checked[0]


def test_a_way_of_combining_rules_written_in_other_words_points_to_all_and_lists_every_value():
    text = _combine("each")
    (problem,) = policy_problems(text)
    assert problem.path == "frequency.combine" and problem.line == _line_of(text, "combine:")
    assert problem.message == '"each" is not allowed here'
    assert problem.hint == (
        'did you mean "all"? (use one of: all (each rule that applies is checked), most_specific (only the rule '
        "naming the most keys), strictest (only the rule with the shortest gap))"
    )


def test_the_policy_document_says_how_rules_combine_only_when_the_policy_does():
    said = sentences(build_policy_document(load_policy_text(_combine("all"))))
    assert (
        "Where more than one rule applies to a person, each of them applies: every rule that applies must be "
        "met, and each is checked on its own." in said
    )
    silent = sentences(build_policy_document(load_policy_text(TWO_RULES)))
    assert not [s for s in silent if s.startswith("Where more than one rule applies")]
    strictest = sentences(build_policy_document(load_policy_text(_combine("strictest"))))
    assert "Where more than one rule applies to a person, the strictest applies." in strictest


# --- recording.sign_within per party ---------------------------------------------------------------


def test_a_deadline_per_party_counted_from_receipt_validates():
    recording = load_policy_text(MINIMAL + SIGN_OFF).policy.recording
    assert recording.sign_within == SignOff(
        supervisor=PartyDeadline(Deadline(10, "day")),
        supervisee=PartyDeadline(Deadline(5, "day"), "receipt"),
    )
    deadlines = party_deadlines(recording.sign_within, recording.signed_by)
    assert deadlines["supervisee"].from_ == "receipt" and deadlines["supervisor"].from_ == "session"


def test_one_length_keeps_its_meaning_every_party_from_the_session():
    text = MINIMAL + 'recording:\n  signed_by: [supervisor, supervisee]\n  sign_within: "14 days"\n'
    recording = load_policy_text(text).policy.recording
    assert recording.sign_within.amount == 14 and recording.sign_within.unit == "day"
    deadlines = party_deadlines(recording.sign_within, recording.signed_by)
    assert {p: (d.within.amount, d.from_) for p, d in deadlines.items()} == {
        "supervisor": (14, "session"),
        "supervisee": (14, "session"),
    }


def test_the_policy_document_states_each_partys_deadline_and_what_it_counts_from():
    said = sentences(build_policy_document(load_policy_text(MINIMAL + SIGN_OFF)))
    assert (
        "Records are signed by the supervisor within 10 days of the session and by the supervisee within 5 days "
        "of receiving it (the date the supervisor signs it)." in said
    )
    hours = MINIMAL + SIGN_OFF.replace('within: "5 days"', 'within: "48 hours"')
    said = sentences(build_policy_document(load_policy_text(hours)))
    assert any("the supervisee within 48 hours of receiving it" in s for s in said)


SIGN_OFF_ERRORS = [
    (
        SIGN_OFF.replace("[supervisor, supervisee]", "[supervisor]"),
        "recording.sign_within.supervisee",
        "supervisee:",
        "sign_within gives the supervisee a deadline, but the supervisee does not sign records (signed_by: "
        "[supervisor]). How to fix it: add supervisee to signed_by: [supervisor, supervisee], or remove "
        "supervisee: here",
    ),
    (
        SIGN_OFF.replace('    supervisee: {within: "5 days", from: receipt}\n', ""),
        "recording.sign_within",
        'supervisor: "10 days"',  # the block under the key
        "sign_within gives a deadline for the supervisor but not the supervisee, who also signs records "
        '(signed_by: [supervisor, supervisee]). How to fix it: add supervisee: "14 days" (from the session) '
        'or supervisee: {within: "5 days", from: receipt}; or write one length for every party: '
        'sign_within: "14 days"',
    ),
    (
        SIGN_OFF.replace('supervisor: "10 days"', 'supervisor: {within: "10 days", from: receipt}'),
        "recording.sign_within.supervisee",
        "supervisee:",
        "both deadlines count from receipt, so each party waits for the other and neither clock starts. How to "
        "fix it: count the first to sign from the session: write from: session (or just the length) for one of "
        "them",
    ),
    (
        SIGN_OFF.replace("[supervisor, supervisee]", "[supervisee]").replace('    supervisor: "10 days"\n', ""),
        "recording.sign_within.supervisee.from",
        "from:",
        "the supervisee's deadline counts from receipt, but no one else signs the record first. How to fix it: "
        "write from: session, or add the other party to signed_by",
    ),
    (
        SIGN_OFF.replace('"5 days"', '"36 hours"'),
        "recording.sign_within.supervisee.within",
        '"36 hours"',
        '"36 hours" cannot be checked on dates: records carry dates, not times. How to fix it: write whole days '
        'of hours (24, 48, 72 hours) or days: "1 day" (24 hours) to read it strictly, or "2 days" (48 hours)',
    ),
    (
        SIGN_OFF.replace("from: receipt", "from: sent"),
        "recording.sign_within.supervisee.from",
        "sent}",
        '"sent" is not allowed here. How to fix it: did you mean "receipt"? (use one of: receipt (the date the '
        "record reached them), session (the session date))",
    ),
    (
        SIGN_OFF.replace(
            '    supervisor: "10 days"\n    supervisee: {within: "5 days", from: receipt}\n', "    {}\n"
        ).replace("sign_within:\n    {}", "sign_within: {}"),
        "recording.sign_within",
        "sign_within:",
        'sign_within gives no party\'s deadline. How to fix it: add supervisor: "10 days" and supervisee: '
        '{within: "5 days", from: receipt}, or write one length for every party: sign_within: "14 days"',
    ),
]


@pytest.mark.parametrize(("block", "path", "at", "says"), SIGN_OFF_ERRORS)
def test_a_nonsense_sign_off_is_an_error_with_a_fix(block, path, at, says):
    text = MINIMAL + block
    (problem,) = policy_problems(text)
    assert problem.path == path
    assert problem.line == _line_of(text, at), str(problem)
    message, _, hint = says.partition(". How to fix it: ")
    assert (problem.message, problem.hint) == (message, hint), str(problem)


@pytest.mark.parametrize(
    "block",
    [
        SIGN_OFF,
        SIGN_OFF.replace('"5 days"', '"48 hours"'),
        SIGN_OFF.replace('"10 days"', '"24 hours"'),
        SIGN_OFF.replace('"10 days"', '"5 working days"'),
        'recording:\n  signed_by: [supervisor, supervisee]\n  sign_within: "72 hours"\n',
        "recording:\n  signed_by: [supervisor]\n  sign_within: {supervisor: 10 days}\n",
    ],
)
def test_near_misses_of_a_sign_off_validate(block):
    assert load_policy_text(MINIMAL + block).policy.recording.sign_within is not None


def test_every_problem_of_the_file_is_reported_in_one_round():
    text = _combine("each") + SIGN_OFF.replace("from: receipt", "from: sent")
    assert {p.path for p in policy_problems(text)} == {"frequency.combine", "recording.sign_within.supervisee.from"}


# --- hours -------------------------------------------------------------------------------------------


def test_hours_are_read_on_dates_as_whole_days():
    day = dt.date(2024, 2, 28)
    assert Deadline(48, "hour").after(day) == dt.date(2024, 3, 1)  # 29 February in between
    assert Deadline(24, "hour").after(day) == dt.date(2024, 2, 29)
    assert str(Deadline(48, "hour")) == "48 hours"
    assert Deadline(48, "hour").on_dates("the session date") == "48 hours read as 2 days after the session date"
    assert Deadline(10, "day").on_dates("the session date") == ""


@pytest.mark.parametrize(
    ("schedule", "fix"),
    [
        ('{every: "48 hours"}', 'e.g. "2 days"'),
        ('{every: "36 hours"}', 'e.g. "4 weeks"'),
    ],
)
def test_a_frequency_in_hours_is_refused_with_a_fix(schedule, fix):
    text = minimal_policy(**{"schedule: {every: 1 month}": f"schedule: {schedule}"})
    (problem,) = policy_problems(text)
    assert problem.message.endswith("is in hours, but this is planned on dates (records carry dates, not times)")
    assert problem.hint == f"use one of: days, working days, weeks, months, years ({fix})"
    assert isinstance(load_policy_text(MINIMAL).policy.frequency.rules[0].schedule.every, Interval)  # near miss


# --- docgen init ---------------------------------------------------------------------------------------


def test_the_starter_shows_how_rules_combine_and_a_deadline_per_party():
    text = starter_text(4, "Our Agency")
    assert "combine: strictest" in text and "all (each rule that applies is checked; the default)" in text
    example = '  # sign_within:\n  #   supervisor: "10 days"'
    assert example in text
    # uncommented in place of the single length, the example validates
    lines = text.splitlines()
    start = lines.index("  # sign_within:")
    uncommented = [ln.replace("  # ", "  ", 1) for ln in lines[start : start + 3]]
    single = lines.index(next(ln for ln in lines if ln.startswith('  sign_within: "14 days"')))
    edited = "\n".join(lines[:single] + uncommented + lines[start + 3 :]) + "\n"
    recording = load_policy_text(edited).policy.recording
    assert isinstance(recording.sign_within, SignOff) and recording.sign_within.supervisee.from_ == "receipt"
