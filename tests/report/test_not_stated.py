"""Yes / no / not stated (issue 19, item 1): a policy can leave open whether a supervision type counts
towards how often, and how children are identified on records; and a policy may name no functions of
supervision. The document then asserts nothing, the report reads the open value the stricter way
and says so among its assumptions, and F1 says it did not run. Records are built by hand, through
roles; the expected findings are worked out here from the dates."""

from __future__ import annotations

import datetime as dt

from lxml import html as lxml_html

from docgen.documents.policy_document import build_policy_document
from docgen.policy import load_policy_text
from docgen.report import build_report, parse_roster
from docgen.report.html import render_html
from docgen.report.terminal import summary
from tests.helpers.policies import MINIMAL, minimal_policy
from tests.helpers.sentences import sentences

_ROLES = {"supervisee": "supervisee", "session_date": "session_date", "supervision_type": "supervision_type"}
_HEAD = "staff_id,name,supervisor_id,team,role,experience,employment,fte,contact,start_date,asye_start,leaving_date\n"
ROSTER = (
    "B,Bea Boss,,T,team_manager,experienced,full_time,1,direct,2015-01-01,,\n"
    "P1,Pat Jones,B,T,social_worker,experienced,full_time,1,direct,2020-01-01,,\n"
)
AS_OF = dt.date(2024, 3, 7)
TYPES = (
    "supervision_types:\n"
    "  - {id: one_to_one, label: One-to-one, counts_towards_frequency: true}\n"
    "  - {id: group, label: Group supervision, counts_towards_frequency: %s}\n"
)
FUNCTIONS = """functions:
  balance: {window: relationship}
  items:
    - {id: management, label: Management, tag: management}
    - {id: support, label: Support, tag: support}
"""


def session(day: dt.date, kind: str) -> dict:
    values = {"supervisee": "Pat Jones", "session_date": day.isoformat(), "supervision_type": kind}
    return {"path": f"Pat/{day}.docx", "status": "ok", "document": {"kind": "session-record"}, "values": values,
            "roles": _ROLES, "issues": []}  # fmt: skip


# One-to-one on 1 December and 1 March, group sessions on 1 January and 1 February: monthly only if
# the group sessions count. Not counting them, the gap 1 December -> 1 March is 91 days against
# a month plus 7 days' grace.
RECORDS = [
    session(dt.date(2023, 12, 1), "one_to_one"),
    session(dt.date(2024, 1, 1), "group"),
    session(dt.date(2024, 2, 1), "group"),
    session(dt.date(2024, 3, 1), "one_to_one"),
]


def _report(counts: str):
    loaded = load_policy_text(MINIMAL + TYPES % counts, "p.yaml")
    return build_report(RECORDS, loaded, parse_roster(_HEAD + ROSTER), AS_OF)


def test_a_type_whose_counting_is_not_stated_is_not_counted_and_the_report_says_so():
    """Planted: group counting not stated: the stricter reading (not counted) finds the 91-day gap,
    and "What this report assumes" names the reading."""
    report = _report("not_stated")
    gaps = [f for f in report.findings if f.check == "S2"]
    assert [f.message.split(";")[0] for f in gaps] == [
        "91 days from the session of 01/12/2023 to the session of 01/03/2024"
    ]
    (said,) = [a for a in report.assumptions if a.path == "supervision_types[1].counts_towards_frequency"]
    assert said.topic == "Whether Group supervision counts towards how often supervision happens"
    assert said.words == "no (not counted: the stricter reading)"
    assert "S2" in said.checks
    assert "no (not counted: the stricter reading)" in summary(report)


def test_a_type_stated_to_count_makes_the_same_sessions_on_time():
    """Near miss: the policy says group sessions count: every gap is a month; nothing is assumed about them."""
    report = _report("true")
    assert [f for f in report.findings if f.check in ("S1", "S2")] == []
    assert not [a for a in report.assumptions if a.path.startswith("supervision_types")]


def test_with_no_type_said_to_count_the_first_type_listed_counts():
    """Not stated for every type: the frequency is of something, the first type (one-to-one): the
    same 91-day gap, and one-to-one is assumed to count."""
    text = (
        MINIMAL + TYPES.replace("counts_towards_frequency: true", "counts_towards_frequency: not_stated") % "not_stated"
    )
    report = build_report(RECORDS, load_policy_text(text, "p.yaml"), parse_roster(_HEAD + ROSTER), AS_OF)
    assert [f.message.split(";")[0] for f in report.findings if f.check == "S2"] == [
        "91 days from the session of 01/12/2023 to the session of 01/03/2024"
    ]
    words = {a.path: a.words for a in report.assumptions}
    assert words["supervision_types[0].counts_towards_frequency"] == "yes"
    assert words["supervision_types[1].counts_towards_frequency"] == "no (not counted: the stricter reading)"


def _said(text: str) -> set[str]:
    return sentences(build_policy_document(load_policy_text(text, "p.yaml")))


def test_the_policy_document_says_nothing_of_a_value_left_open():
    open_ = _said(MINIMAL + TYPES % "not_stated" + "recording:\n  children_identified_by: not_stated\n")
    said = _said(MINIMAL + TYPES % "false" + "recording:\n  children_identified_by: initials\n")
    assert {
        "Group supervision | Counts towards how often: No",
        "Children are identified by their initials only.",
    } <= said
    assert not [s for s in open_ if s.startswith("Group supervision | Counts") or s.startswith("Children are")]
    assert not [s for s in open_ if "not_stated" in s or "not stated" in s]


# --- functions absent ------------------------------------------------------------------------------


def _no_functions(text: str = MINIMAL) -> str:
    assert FUNCTIONS in text
    return text.replace(FUNCTIONS, "")


def test_a_policy_naming_no_functions_is_not_checked_for_function_balance():
    """Planted: no functions: F1 says it did not run (terminal and HTML), and finds nothing."""
    loaded = load_policy_text(_no_functions(), "p.yaml")
    report = build_report(RECORDS, loaded, parse_roster(_HEAD + ROSTER), AS_OF)
    assert [f for f in report.findings if f.check == "F1"] == []
    assert "Not checked: the policy names no functions (F1: " in summary(report)
    page = lxml_html.fromstring(render_html(report))
    assert "Not checked: the policy names no functions" in page.text_content()
    assert "function_window_sessions" not in {a.path.split(".")[-1] for a in report.assumptions}


def test_a_policy_with_functions_is_checked_for_them():
    """Near miss: the same records under the policy with its functions: F1 runs (no function is
    evidenced, the window not yet full: no finding) and the report does not say "Not checked"."""
    loaded = load_policy_text(MINIMAL, "p.yaml")
    report = build_report(RECORDS, loaded, parse_roster(_HEAD + ROSTER), AS_OF)
    assert "Not checked: the policy names no functions" not in summary(report)
    assert report.not_checked == []


def test_the_policy_document_of_a_policy_naming_no_functions_has_no_functions_section():
    without = build_policy_document(load_policy_text(_no_functions(), "p.yaml"))
    with_them = build_policy_document(load_policy_text(minimal_policy(), "p.yaml"))
    assert "Functions of supervision" in [s.heading for s in with_them.sections]
    assert "Functions of supervision" not in [s.heading for s in without.sections]
    assert not [s for s in sentences(without) if "functions" in s.lower()]
