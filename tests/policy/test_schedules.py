"""Schedules as types: every kind reads, words, orders and checks itself; a new kind is one class and
one registry line; and an agreement prefilled from a rule carries its schedule as data, so the
report holds a supervisee to exactly what was agreed (not to the words read back by a regex)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

import pytest

from docgen.generate import generate, plan
from docgen.harvest import harvest, read_records
from docgen.policy import load_policy_text
from docgen.policy.agreed import AGREED
from docgen.policy.periods import Interval
from docgen.policy.schedules import KINDS, AllowedGap, Schedule
from docgen.prefill import read_staff_csv
from docgen.report import build_report
from docgen.report.context import ReportContext
from docgen.report.records import build_history
from docgen.report.roster import parse_roster
from docgen.report.schedule import interval_for
from docgen.structure import unstructure
from tests.helpers.policies import minimal_policy

AGREEMENT = {
    "    session-record: generic_session_record": (
        "    session-record: generic_session_record\n"
        "    agreement: generic_agreement\n"
        "agreement: {title: Supervision agreement}"
    )
}
START = dt.date(2024, 1, 8)  # a Monday
AS_OF = dt.date(2024, 10, 15)


def _policy(schedule: str, version: str = "1.0"):
    return load_policy_text(
        minimal_policy(
            **AGREEMENT,
            **{'version: "1.0"': f'version: "{version}"', "schedule: {every: 1 month}": f"schedule: {schedule}"},
        )
    )


def _roster():
    return parse_roster("staff_id,name,supervisor_id,start_date\nS1,Ann Example,B1,2024-01-08\nB1,Bob Boss,,\n")


def _session(day: dt.date) -> dict:
    """A formal session record of Ann's, as the harvest gives it (read through roles)."""
    return {
        "path": f"s/{day}.docx",
        "document": {"kind": "session-record"},
        "values": {"who": "Ann Example", "when": day.isoformat(), "type": "one_to_one"},
        "roles": {"who": "supervisee", "when": "session_date", "type": "supervision_type"},
    }


@pytest.fixture(scope="module")
def agreed(tmp_path_factory):
    """Agreements prefilled under version 1 of a policy ("between 6 weeks and 2 months", then "every
    10 working days"), written as DOCX and PDF, and harvested; version 2 leaves the frequency to each
    agreement, so the report reads what the agreement says."""
    base = tmp_path_factory.mktemp("agreed")
    csv = base / "staff.csv"
    csv.write_text("supervisee,supervisor,staff_id,start_date\nAnn Example,Bob Boss,S1,08/01/2024\n")
    out = {}
    for name, schedule in (
        ("between", '{between: {min: "6 weeks", max: "2 months"}}'),
        ("working", '{every: "10 working days"}'),
    ):
        v1 = _policy(schedule)
        folder = base / name
        generate(v1, plan(v1, folder, ["agreement"], ["docx", "pdf"], read_staff_csv(csv)))
        assert len(list(folder.iterdir())) == 2
        harvest([folder], base / f"{name}.db", jobs=1)
        out[name] = read_records(base / f"{name}.db")
    return out


@pytest.mark.parametrize(
    ("name", "words", "longest"),
    [
        ("between", "between 6 weeks and 2 months", Interval(2, "month")),
        ("working", "every 10 working days", Interval(10, "working_day")),
    ],
)
def test_an_agreed_frequency_comes_back_exactly(agreed, name, words, longest):
    records = agreed[name]
    assert {r["path"].rsplit(".", 1)[1] for r in records} == {"docx", "pdf"}
    v2 = _policy("{set_in_agreement: true}", "2.0")
    for record in records:  # each format on its own
        assert record["values"]["frequency"] == words  # the person sees the words
        history = build_history([record], v2)
        assert len(history.agreements) == 1
        ctx = ReportContext(v2.policy, _roster(), history, AS_OF)
        person = ctx.roster.find("S1")
        interval, start, rule = interval_for(ctx, person)
        assert (interval, start, rule.id) == (longest, None, "all_staff")
    # and the report holds Ann to it: her last session was on 1 July
    report = build_report([records[0], _session(dt.date(2024, 7, 1))], v2, _roster(), AS_OF)
    s1 = [f for f in report.findings if f.check == "S1"]
    due = longest.after(dt.date(2024, 7, 1))
    assert len(s1) == 1 and f"Supervision was due by {due:%d/%m/%Y}, {longest} after" in s1[0].message


def test_a_changed_frequency_is_read_from_what_the_person_wrote(agreed):
    record = agreed["between"][0]
    changed = {**record, "values": {**record["values"], "frequency": "every 3 weeks"}}
    v2 = _policy("{set_in_agreement: true}", "2.0")
    ctx = ReportContext(v2.policy, _roster(), build_history([changed], v2), AS_OF)
    assert interval_for(ctx, ctx.roster.find("S1"))[0] == Interval(3, "week")


@pytest.mark.parametrize(
    ("written", "longest"),
    [
        ("every 4 weeks", Interval(4, "week")),
        (6, Interval(6, "week")),
        ("monthly", Interval(1, "month")),
        ("between 6 weeks and 2 months", Interval(6, "week")),  # what older versions made of these words
        ("as often as we can", None),
    ],
)
def test_agreements_that_carry_only_words_are_read_as_before(written, longest):
    record = {
        "path": "a.docx",
        "document": {"kind": "agreement"},
        "values": {"who": "Ann Example", "freq": written},
        "roles": {"who": "supervisee", "freq": "agreement_frequency"},
    }
    v2 = _policy("{set_in_agreement: true}", "2.0")
    ctx = ReportContext(v2.policy, _roster(), build_history([record], v2), AS_OF)
    assert interval_for(ctx, ctx.roster.find("S1"))[0] == longest


def test_a_damaged_carried_schedule_falls_back_to_the_words():
    v2 = _policy("{set_in_agreement: true}", "2.0")
    for entry in (
        '{"schedule": {"every": "10 fortnights"}, "as_written": "every 2 weeks"}',
        "{not json",
        '{"schedule": [], "as_written": "every 2 weeks"}',
        "[1]",
        "x" * 5000,
        "[" * 1990 + "]" * 1990,
        '{"as_written": "every 2 weeks", "schedule": ' + '{"every": ' * 100 + '"1 day"' + "}" * 101,
    ):
        record = {
            "path": "a.docx",
            "document": {"kind": "agreement", AGREED: entry},
            "values": {"who": "Ann Example", "freq": "every 2 weeks"},
            "roles": {"who": "supervisee", "freq": "agreement_frequency"},
        }
        ctx = ReportContext(v2.policy, _roster(), build_history([record], v2), AS_OF)
        assert interval_for(ctx, ctx.roster.find("S1"))[0] == Interval(2, "week"), entry


def test_the_policy_fingerprint_keeps_the_shape_it_had_before_schedules_were_types():
    rules = {r.id: r.schedule for r in _policy('{every: "4 weeks"}').policy.frequency.rules}
    assert unstructure(rules["all_staff"]) == {"every": {"amount": 4, "unit": "week"}, "set_in_agreement": False}
    agreed = _policy("{set_in_agreement: true}").policy.frequency.rules[0].schedule
    assert unstructure(agreed) == {"set_in_agreement": True}


# --- a new kind: one class and one registry line ------------------------------------------------------


@dataclass(frozen=True)
class Within(Schedule):
    """`within: "10 days"`: no more than this long between sessions (the example of CONTRIBUTING)."""

    within: Interval
    kind: ClassVar[str] = "within"

    def words(self, labels=None) -> str:
        return f"no more than {self.within} apart"

    def sort_days(self, schedules, depth=0) -> float:
        return self.within.approx_days()

    def gap(self, person, agreed=lambda: None) -> AllowedGap | None:
        return AllowedGap(self.within)


def test_a_new_kind_is_one_class_and_one_registry_line(monkeypatch):
    monkeypatch.setitem(KINDS, "within", Within)
    text = minimal_policy(**{"schedule: {every: 1 month}": 'schedule: {within: "10 days"}'})
    loaded = load_policy_text(
        text.replace(
            "case_discussion:",
            (
                "    - id: monthly\n      label: Monthly\n      schedule: {every: 1 month}\n      strength: must\n"
                "      source: {ref: own}\ncase_discussion:"
            ),
            1,
        )
    )
    rules = loaded.policy.frequency.rules
    assert isinstance(rules[0].schedule, Within) and rules[0].schedule.words() == "no more than 10 days apart"
    from docgen.policy.rules import StaffProfile, applicable_rules

    assert [r.id for r in applicable_rules(loaded.policy, StaffProfile())] == ["all_staff", "monthly"]
    report = build_report([_session(dt.date(2024, 9, 1))], loaded, _roster(), AS_OF)
    s1 = next(f for f in report.findings if f.check == "S1")
    assert "due by 11/09/2024, 10 days after" in s1.message and "no more than 10 days apart" in s1.clause


def test_an_unknown_kind_is_named_with_the_kinds_there_are():
    from docgen.errors import ProblemsFound

    with pytest.raises(ProblemsFound) as caught:
        load_policy_text(minimal_policy(**{"schedule: {every: 1 month}": 'schedule: {evrey: "4 weeks"}'}))
    found = {(p.code, p.path) for p in caught.value.problems}
    assert found == {("unknown-key", "frequency.rules[0].schedule.evrey"), ("bad-value", "frequency.rules[0].schedule")}
    hint = next(p.hint for p in caught.value.problems if p.code == "unknown-key")
    assert 'did you mean "every"' in hint
