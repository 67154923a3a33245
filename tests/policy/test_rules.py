"""Which frequency rule governs a supervisee."""

from hypothesis import given
from hypothesis import strategies as st

from docgen.policy import load_policy, load_policy_text
from docgen.policy.model import Selector
from docgen.policy.rules import StaffProfile, applicable_rules, governing_rule, matches
from tests.helpers.policies import POLICIES, minimal_policy


def test_national_baseline_newly_qualified_get_the_stepped_schedule():
    policy = load_policy(POLICIES / "national_baseline.yaml").policy
    nq = governing_rule(policy, StaffProfile(experience="newly_qualified"))
    assert nq.schedule.kind == "steps"
    assert [str(p.every) for p in nq.schedule.steps.phases] == ["1 week", "2 weeks", "1 month"]
    experienced = governing_rule(policy, StaffProfile(experience="experienced"))
    assert experienced.schedule.every.words() == "every calendar month"
    assert experienced.duration.min.minutes == 90 and experienced.duration.uninterrupted


def test_hertfordshire_newly_appointed_are_seen_more_often_than_quarterly():
    policy = load_policy(POLICIES / "hertfordshire.yaml").policy
    rules = applicable_rules(policy, StaffProfile(experience="newly_appointed", contact="direct"))
    assert rules[0].schedule.kind == "more_often_than"
    assert rules[1].schedule.every.words() == "every 3 months"


def test_most_specific_keeps_only_the_most_specific_rules():
    extra = (
        "    - id: part_time\n      label: Part-time staff\n      applies_to: {employment: [part_time]}\n"
        "      schedule: {every: 6 weeks}\n      strength: must\n      source: {ref: own}\n"
    )
    text = minimal_policy(**{"case_discussion:": extra + "case_discussion:"})
    strict = load_policy_text(text).policy
    assert governing_rule(strict, StaffProfile(employment="part_time")).id == "all_staff"  # monthly beats 6 weeks
    specific = load_policy_text(text.replace("frequency:\n", "frequency:\n  combine: most_specific\n")).policy
    assert governing_rule(specific, StaffProfile(employment="part_time")).id == "part_time"
    assert governing_rule(specific, StaffProfile(employment="full_time")).id == "all_staff"


def test_fte_bounds():
    sel = Selector(min_fte=0.5)
    assert matches(sel, StaffProfile(fte=0.6)) and not matches(sel, StaffProfile(fte=0.4))
    assert not matches(sel, StaffProfile())


profiles = st.builds(
    StaffProfile,
    roles=st.lists(st.sampled_from(["a", "b"])).map(tuple),
    experience=st.sampled_from([None, "student", "experienced"]),
    contact=st.sampled_from([None, "direct", "indirect"]),
    fte=st.none() | st.floats(0, 1),
)


@given(profiles)
def test_an_empty_selector_matches_everyone(staff):
    assert matches(Selector(), staff)
