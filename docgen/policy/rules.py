"""Which frequency rules apply to a member of staff, which one governs, and which are checked.

Several rules can apply to one person (a newly qualified worker who is also part-time).
`frequency.combine` says how they combine: `all` (the default, the stricter reading: every rule
that applies must be met, and each is checked on its own), `strictest` (only the rule with the
shortest first gap) or `most_specific` (only the rule whose selector names the most keys). The
governing rule (the strictest that applies) prefills agreements ("Frequency of Supervision");
`checked_rules` are what the compliance checks hold the records to (docgen/report/context.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import FrequencyRule, Selector
from .schedules import Schedule
from .sections import Policy

FTE_HINT = "write a number such as 1 or 0.6"


def parse_fte(text: str) -> float:
    """A full-time equivalent as a person writes it in a staff list ("1", "0.6"); ValueError if it is not one."""
    fte = float(text)
    if not 0 < fte <= 1.5:
        raise ValueError(text)
    return fte


@dataclass(frozen=True)
class StaffProfile:
    """What the selectors of a policy can ask about one supervisee."""

    roles: tuple[str, ...] = ()
    experience: str | None = None  # student | newly_qualified | newly_appointed | experienced
    contact: str | None = None  # direct | indirect
    caseload: tuple[str, ...] = ()  # case category ids
    employment: str | None = None  # full_time | part_time | volunteer | sessional | agency
    fte: float | None = None


def matches(selector: Selector, staff: StaffProfile) -> bool:
    """Every key the selector gives must match; an empty selector matches everyone."""
    if selector.roles and not set(selector.roles) & set(staff.roles):
        return False
    if selector.experience and staff.experience not in selector.experience:
        return False
    if selector.contact and staff.contact not in selector.contact:
        return False
    if selector.caseload and not set(selector.caseload) & set(staff.caseload):
        return False
    if selector.employment and staff.employment not in selector.employment:
        return False
    if selector.min_fte is not None and (staff.fte is None or staff.fte < selector.min_fte):
        return False
    if selector.max_fte is not None and (staff.fte is None or staff.fte > selector.max_fte):  # noqa: SIM103 - one guard per key, as above
        return False
    return True


def matching_rules(policy: Policy, staff: StaffProfile) -> list[FrequencyRule]:
    """Every rule whose selector matches, in the policy's order (before `combine` chooses)."""
    return [r for r in policy.frequency.rules if matches(r.applies_to, staff)]


def applicable_rules(policy: Policy, staff: StaffProfile) -> list[FrequencyRule]:
    """The rules that apply, strictest first; with combine: most_specific, only the most specific."""
    rules = matching_rules(policy, staff)
    if policy.frequency.combine == "most_specific" and rules:
        top = max(r.applies_to.specificity() for r in rules)
        rules = [r for r in rules if r.applies_to.specificity() == top]
    schedules: dict[str, Schedule] = {r.id: r.schedule for r in policy.frequency.rules}
    return sorted(rules, key=lambda r: r.schedule.sort_days(schedules))  # the longest first gap, shortest first


def governing_rule(policy: Policy, staff: StaffProfile) -> FrequencyRule | None:
    """The rule that sets how often this person is supervised (the strictest that applies): what an
    agreement is prefilled with, whatever `combine` says."""
    rules = applicable_rules(policy, staff)
    return rules[0] if rules else None


def checked_rules(policy: Policy, staff: StaffProfile) -> list[FrequencyRule]:
    """The rules this person's records are checked against, as `frequency.combine` says: with
    `all` (the default) every rule that applies, each on its own, strictest first; with `strictest`
    or `most_specific` the one that governs."""
    rules = applicable_rules(policy, staff)
    return rules if policy.frequency.combine == "all" else rules[:1]


COMBINE = {
    "all": "each rule is checked",
    "strictest": "the strictest governs",
    "most_specific": "the most specific governs",
}  # how overlapping rules were read, for a finding's "checked as"


def combined_reading(policy: Policy, staff: StaffProfile) -> str:
    """ "2 rules apply to this person (Newly qualified; Part-time staff): each rule is checked";
    "" when fewer than two rules apply."""
    rules = matching_rules(policy, staff)
    if len(rules) < 2:
        return ""
    labels = "; ".join(r.label for r in rules)
    return f"{len(rules)} rules apply to this person ({labels}): {COMBINE[policy.frequency.combine]}"
