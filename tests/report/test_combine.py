"""Several frequency rules for one person (a newly qualified worker who is also part-time): with
`combine: all` (the default) each rule is checked on its own and each breach is reported against its
rule; with `strictest` or `most_specific` only the rule that governs. Every schedule finding of a
person covered by more than one rule states the reading. Records are built by hand through roles;
the expected findings are worked out here from the dates and minutes, not by the code under test."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.demo.agency import generate
from docgen.demo.synthetic import DEMO_POLICY
from docgen.policy import load_policy_text
from docgen.report import build_report, parse_roster

DAY = dt.timedelta(days=1)
START = dt.date(2023, 9, 4)  # start in post and of the ASYE year
AS_OF = dt.date(2024, 3, 7)
_HEAD = "staff_id,name,supervisor_id,team,role,experience,employment,fte,contact,start_date,asye_start,leaving_date\n"
ROSTER = parse_roster(
    _HEAD
    + f"N1,Nia New,B,T,social_worker,newly_qualified,part_time,0.5,direct,{START},{START},\n"
    + f"N2,Ned Full,B,T,social_worker,newly_qualified,full_time,1,direct,{START},{START},\n"
    + "B,Bea Boss,,T,team_manager,experienced,full_time,1,direct,2015-01-01,,\n"
)
_ROLES = {
    "supervisee": "supervisee",
    "session_date": "session_date",
    "supervision_type": "supervision_type",
    "minutes": "session_duration",
}
PART_TIME = "Part-time and sessional staff"
NEWLY_QUALIFIED = "Newly qualified social workers (ASYE)"
READING = f"2 rules apply to this person ({PART_TIME}; {NEWLY_QUALIFIED})"


def session(name: str, day: dt.date, minutes: int) -> dict:
    values = {"supervisee": name, "session_date": day.isoformat(), "supervision_type": "one_to_one"}
    return {
        "path": f"{name}/{day}.docx",
        "status": "ok",
        "document": {"kind": "session-record"},
        "values": values | {"minutes": minutes},
        "roles": _ROLES,
        "issues": [],
    }


def policy(combine: str | None, monthly: bool = False):
    """The demo policy, its part-time rule also covering newly qualified staff, with sessions of at
    least 90 minutes (the newly qualified rule: 60 to 120 minutes); `combine` as given (None: silent)."""
    text = DEMO_POLICY.read_text(encoding="utf-8")
    swaps = {
        "applies_to: {experience: [newly_appointed, experienced], employment: [part_time, sessional]}\n"
        '      duration: {min: "60 minutes", max: "120 minutes"}': "applies_to: {employment: [part_time, sessional]}\n"
        '      duration: {min: "90 minutes", max: "120 minutes"}',
        "  combine: strictest\n": f"  combine: {combine}\n" if combine else "",
    }
    if monthly:  # the part-time rule an interval too (the demo's is a count)
        swaps['schedule: {count: {at_least: 10, per: "1 year", pro_rata: true}}'] = 'schedule: {every: "1 month"}'
    for old, new in swaps.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return load_policy_text(text, "demo.yaml")


def weekly(name: str, minutes: dict[int, int] | None = None) -> list[dict]:
    """A session every 7 days from the start (every phase of the stepped rule kept), 100 minutes each
    unless `minutes` says otherwise for the n-th."""
    days = [START + 7 * k * DAY for k in range((AS_OF - START).days // 7 + 1)]
    return [session(name, d, (minutes or {}).get(k, 100)) for k, d in enumerate(days)]


def s5(report) -> list:
    return [f for f in report.findings if f.check == "S5"]


def test_by_default_each_rule_is_checked_and_a_breach_is_reported_against_its_rule():
    """Planted: one session of 75 minutes: within the newly qualified rule's 60 to 120 minutes, short
    of the part-time rule's 90. The policy is silent on combine, so each rule is checked."""
    report = build_report(weekly("Nia New", {3: 75}), policy(None), ROSTER, AS_OF)
    (f,) = s5(report)
    third = START + 21 * DAY
    assert (f.staff_id, f.date) == ("N1", third)
    assert f.message == f"The session of {third:%d/%m/%Y} lasted 75 minutes, shorter than the minimum of 90 minutes."
    assert f'Frequency rule "{PART_TIME}"' in f.clause
    assert f.checked_as == (  # S5's own reading (the part-time rule's lengths), then how the rules combine
        f"at least 90 minutes and at most 2 hours; {READING}: each rule is checked "
        "(docgen's default: the policy does not say how rules combine)"
    )
    assert "frequency.combine" in {a.path for a in report.assumptions}


def test_a_session_long_enough_for_both_rules_is_quiet():
    """Near miss: exactly 90 minutes, the part-time rule's minimum."""
    assert s5(build_report(weekly("Nia New", {3: 90}), policy(None), ROSTER, AS_OF)) == []


def test_the_strictest_reading_checks_only_the_rule_that_governs():
    """The same records under `combine: strictest`: the newly qualified rule (weekly at first) governs
    and 75 minutes is within it, so nothing is found: `all` is the stricter reading."""
    strictest = build_report(weekly("Nia New", {3: 75}), policy("strictest"), ROSTER, AS_OF)
    assert s5(strictest) == []
    every = build_report(weekly("Nia New", {3: 75}), policy("all"), ROSTER, AS_OF)
    (f,) = s5(every)
    assert f.checked_as == f"at least 90 minutes and at most 2 hours; {READING}: each rule is checked"


def test_the_rates_are_measured_against_each_persons_strictest_rule_whichever_reading():
    """With a second interval rule (the part-time rule monthly), checking it too adds no intervals to
    the on-time rates: a missed month is a finding against its rule, not a second rate."""
    records = [r for k, r in enumerate(weekly("Nia New")) if not 20 <= k < 25]
    strictest = build_report(records, policy("strictest", monthly=True), ROSTER, AS_OF)
    every = build_report(records, policy("all", monthly=True), ROSTER, AS_OF)
    assert [f for f in every.findings if f.check == "S2" and f'"{PART_TIME}"' in f.clause]  # checked on its own
    assert (every.people, every.teams, every.by_month) == (strictest.people, strictest.teams, strictest.by_month)


def test_a_breach_of_the_rule_that_governs_says_how_the_rules_were_read():
    """Planted: a 130-minute session breaks both maximums: under `strictest` one finding, against the
    newly qualified rule, saying the strictest governs; under `most_specific` the part-time rule (it
    names the employment and nothing else, like the other, so the strictest of the two governs)."""
    records = weekly("Nia New", {5: 130})
    (f,) = s5(build_report(records, policy("strictest"), ROSTER, AS_OF))
    assert f'Frequency rule "{NEWLY_QUALIFIED}"' in f.clause
    assert f.checked_as == f"at least 1 hour and at most 2 hours; {READING}: the strictest governs"
    both = s5(build_report(records, policy("all"), ROSTER, AS_OF))
    assert sorted(f.clause.split('"')[1] for f in both) == sorted([NEWLY_QUALIFIED, PART_TIME])
    (g,) = s5(build_report(records, policy("most_specific"), ROSTER, AS_OF))
    assert g.checked_as.endswith(f"; {READING}: the most specific governs")


def test_a_person_covered_by_one_rule_states_no_combining():
    """Near miss for the reading: a full-time newly qualified worker is covered by one rule only."""
    (f,) = s5(build_report(weekly("Ned Full", {4: 130}), policy(None), ROSTER, AS_OF))
    assert f.checked_as == "at least 1 hour and at most 2 hours"  # S5's reading only: no combining


def test_a_gap_is_checked_against_each_rule_too():
    """Planted: no session for 5 weeks from the 20th week (the monthly phase of the stepped rule is not
    reached until 6 months): S4 against the newly qualified rule, with the reading."""
    records = [r for k, r in enumerate(weekly("Nia New")) if not 20 <= k < 25]
    report = build_report(records, policy(None), ROSTER, AS_OF)
    found = [f for f in report.findings if f.check.startswith("S") and f.staff_id == "N1"]
    assert {f.check for f in found} == {"S4"}
    assert all(f'Frequency rule "{NEWLY_QUALIFIED}"' in f.clause for f in found)
    assert all(f"; {READING}: each rule is checked" in f.checked_as for f in found)


@given(
    gaps=st.lists(st.integers(3, 20), min_size=3, max_size=30),
    minutes=st.lists(st.sampled_from([55, 75, 95, 130]), min_size=30, max_size=30),
)
@settings(max_examples=15, deadline=None)
def test_each_rule_checked_finds_everything_the_strictest_finds_and_more_only_of_the_other_rule(gaps, minutes):
    """The default is the stricter reading: every finding under `strictest` is found under `all`
    (same check, date, message and rule), and each further one cites the part-time rule."""
    days, day = [], START
    for gap in gaps:
        day += gap * DAY
        if day <= AS_OF:
            days.append(day)
    records = [session("Nia New", d, minutes[i]) for i, d in enumerate(days)]

    def seen(combine):
        report = build_report(records, policy(combine), ROSTER, AS_OF)
        return {
            (f.check, f.date, f.message, f.clause)
            for f in report.findings
            if f.check.startswith("S") and f.staff_id == "N1"
        }

    strict, every = seen("strictest"), seen(None)
    assert strict <= every
    assert all(f'Frequency rule "{PART_TIME}"' in clause for *_, clause in every - strict)


def test_the_demo_finds_exactly_its_planted_breaches_when_its_policy_is_silent_on_combine():
    """The demo's rules cover each person once, so the default (each rule checked) changes nothing."""
    agency = generate(staff=30, years=1, seed=5)
    text = DEMO_POLICY.read_text(encoding="utf-8")
    assert "  combine: strictest\n" in text
    silent = load_policy_text(text.replace("  combine: strictest\n", "", 1), "demo.yaml")
    assert silent.policy.frequency.combine == "all"
    report = build_report(agency.records, silent, agency.roster(), agency.as_of)
    assert report.keys() == agency.expected


def test_the_calendar_check_runs_against_each_rule_that_applies():
    """S6 (a calendar month with no session) is a schedule check like S1 to S5: under `combine: all` it
    runs against the second rule too. The newly qualified rule (the strictest, weekly at first) is made
    six-weekly after its first 6 weeks, so sessions six weeks apart keep it; the part-time rule
    ("every 1 month", both readings by default) then finds each calendar month left empty."""
    demo = DEMO_POLICY.read_text(encoding="utf-8")
    swaps = {
        "applies_to: {experience: [newly_appointed, experienced], employment: [part_time, sessional]}\n"
        '      duration: {min: "60 minutes", max: "120 minutes"}': "applies_to: {employment: [part_time, sessional]}\n"
        '      duration: {min: "90 minutes", max: "120 minutes"}',
        "  combine: strictest\n": "  combine: all\n",
        'schedule: {count: {at_least: 10, per: "1 year", pro_rata: true}}': 'schedule: {every: "1 month"}',
        '            - {every: "2 weeks", until: "6 months"}\n            - {every: "1 month"}': (
            '            - {every: "6 weeks"}'
        ),
    }
    for old, new in swaps.items():
        assert old in demo, old
        demo = demo.replace(old, new, 1)
    loaded = load_policy_text(demo, "demo.yaml")
    # weekly for the first 6 weeks, then every 42 days: 16/10, 27/11, 08/01, 19/02
    days = [START + 7 * k * DAY for k in range(7)]
    while days[-1] + 42 * DAY <= AS_OF:
        days.append(days[-1] + 42 * DAY)
    records = [session("Nia New", d, 100) for d in days]
    report = build_report(records, loaded, ROSTER, AS_OF)
    months = {(d.year, d.month) for d in days}
    empty = [(y, m) for y, m in ((2023, 10), (2023, 11), (2023, 12), (2024, 1), (2024, 2)) if (y, m) not in months]
    assert empty == [(2023, 12)]  # 16/10 and 27/11, then 08/01: December has none
    s6 = [f for f in report.findings if f.check == "S6" and f.staff_id == "N1"]
    assert [(f.date.year, f.date.month) for f in s6] == empty
    assert PART_TIME in s6[0].clause and READING in s6[0].checked_as
