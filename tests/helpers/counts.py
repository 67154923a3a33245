"""Count rules for S3 tests: the demo policy with its part-time count rule rewritten, a roster row of
one person (Pat Part) and session records built by hand through roles (tests/report/test_counts*.py)."""

from __future__ import annotations

import datetime as dt

from docgen.demo.synthetic import DEMO_POLICY
from docgen.policy import load_policy_text
from docgen.report import build_report, parse_roster
from tests.helpers.records import ROSTER_HEAD, session

DAY = dt.timedelta(days=1)
AS_OF = dt.date(2024, 3, 7)
COUNT = 'schedule: {count: {at_least: 10, per: "1 year", pro_rata: true}}'  # the demo's part-time rule
_HEAD = ROSTER_HEAD
BOSS = "B,Bea Boss,,T,team_manager,experienced,full_time,1,direct,2015-01-01,,"


def policy(count: str):
    """The demo policy with its part-time count rule written as `count` (the inside of count: {...})."""
    text = DEMO_POLICY.read_text(encoding="utf-8")
    assert COUNT in text
    return load_policy_text(text.replace(COUNT, f"schedule: {{count: {{{count}}}}}", 1), "demo.yaml")


def person(fte: str = "1", start: str = "2000-01-01", employment: str = "part_time", left: str = "") -> str:
    return f"P1,Pat Part,B,T,social_worker,experienced,{employment},{fte},direct,{start},,{left}"


def s3(count: str, days: list[dt.date], row: str, as_of: dt.date = AS_OF):
    roster = parse_roster(_HEAD + BOSS + "\n" + row + "\n")
    report = build_report([session("Pat Part", d) for d in days], policy(count), roster, as_of)
    return [f for f in report.findings if f.check == "S3"], report.notes


def spread(first: dt.date, last: dt.date, n: int) -> list[dt.date]:
    """n session dates evenly inside [first, last]."""
    step = (last - first).days / n
    return [first + int(step * k + step / 2) * DAY for k in range(n)]
