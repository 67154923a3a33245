"""Issue 20, item 5: the report says who its counts leave out and why. A roster of two where one person
is left out for each reason the report has: the summary's sentence ("1 supervisee in post, 1 ...: see
Notes on the data") and that person's line under "Notes on the data", as the HTML shows them; and the
near misses (nobody left out: the number alone, singular for one). Expected words are written here
from the roster, not taken from the code under test."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import html as lxml_html

from docgen.report import build_report, parse_roster
from docgen.report.html import render_html
from docgen.report.terminal import summary
from tests.helpers.records import ROSTER_HEAD, session
from tests.helpers.records import demo_policy as policy
from tests.helpers.report_dom import squash

AS_OF = dt.date(2024, 3, 7)
SEE = ": see Notes on the data."
# Ann has a session record and no supervisor on the roster: a supervisee because records name her
ANN = "A,Ann Able,,T,social_worker,experienced,full_time,1,direct,2015-01-01,,"
RECORDS = [session("Ann Able", AS_OF - dt.timedelta(days=10))]
DIRECT = "applies_to: {experience: [newly_appointed, experienced], employment: [full_time], contact: [direct]}"


def _roster(*rows: str):
    return parse_roster(ROSTER_HEAD + "".join(r + "\n" for r in rows))


def visible(element) -> str:
    """An element's words as a reader sees them (a paragraph or list item: no scripts or drawings)."""
    return squash(element.text_content())


def _page(report):
    page = lxml_html.fromstring(render_html(report))
    counted = visible(page.get_element_by_id("counted"))
    notes = page.xpath('//section[@id="notes"]')
    items = [visible(li) for li in notes[0].iter("li")] if notes else []
    return counted, items, visible(notes[0]) if notes else ""


CASES = {
    "a supervisor only": (
        ("B,Bea Boss,,T,team_manager,experienced,full_time,1,direct,2015-01-01,,", ANN.replace(",,T,", ",B,T,", 1)),
        [],
        "1 supervisee in post, 1 on the roster not supervised (no supervisor and no session records)",
        "Bea Boss (B): not counted as a supervisee: the roster gives them no supervisor (supervisor_id) and no "
        "session record names them (a supervisor only, or a row whose supervisor_id is missing)",
    ),
    "left before the check date": (
        (ANN, "L,Lee Left,A,T,social_worker,experienced,full_time,1,direct,2015-01-01,,2023-12-31"),
        [],
        "1 supervisee in post, 1 on the roster who left before the check date",
        "Lee Left (L): not counted in post: they left on 31/12/2023, before the check date (07/03/2024); their "
        "records up to then are still checked",
    ),
    "starts after the check date": (
        (ANN, "S,Sue Soon,A,T,social_worker,experienced,full_time,1,direct,2024-06-03,,"),
        [],
        "1 supervisee in post, 1 on the roster starting after the check date",
        "Sue Soon (S): not counted in post: they start on 03/06/2024, after the check date (07/03/2024)",
    ),
    "no rule applies": (
        (ANN, "N,Ned Blank,A,T,,,,,,2015-01-01,,"),
        [],
        "2 supervisees in post, 1 with no rule that applies",
        "Ned Blank (N): no frequency rule of the policy applies; check their role, experience, contact and "
        "employment on the roster",
    ),
    "no rule names their role": (
        (ANN, "R,Rae Admin,A,T,admin_officer,experienced,full_time,1,direct,2015-01-01,,"),
        [{DIRECT: DIRECT.replace("{experience", "{roles: [social_worker], experience")}],
        "2 supervisees in post, 1 with no rule that applies",
        'Rae Admin (R): not checked. Their role on the roster, "admin_officer", matches no frequency rule of the '
        "policy (the rules name the roles social_worker), so no schedule check (S1 to S5) ran for them. To fix: "
        'add "admin_officer" to the roles of the rule that applies to them (frequency.rules, applies_to: roles), '
        "or write the role id it stands for in their role column on the roster.",
    ),
    "a name another row has": (
        (
            "J,Jo Bloggs,A,T,social_worker,experienced,full_time,1,direct,2015-01-01,,",
            ANN.replace("Ann Able", "Jo Bloggs"),
        ),
        [],
        "2 supervisees in post, 1 on the roster whose name another row has (their records are counted for that row)",
        'Jo Bloggs (J): another row of the roster, A, has the name "Jo Bloggs", and records are matched by name, so '
        "every record naming it is counted for A only and none for J; give one of them the name as their forms "
        "write it differently (e.g. with a middle initial)",
    ),
}
RECORDS_OF = {"a name another row has": [session("Jo Bloggs", AS_OF - dt.timedelta(days=10))]}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_person_left_out_is_counted_in_the_summary_and_named_in_the_notes(case):
    rows, swaps, sentence, note = CASES[case]
    records = RECORDS_OF.get(case, RECORDS)
    report = build_report(records, policy(**(swaps[0] if swaps else {})), _roster(*rows), AS_OF)
    assert report.counted == sentence + SEE
    assert report.left_out == [note]
    counted, items, notes = _page(report)
    assert counted == sentence + SEE
    assert items.count(note) == 1  # named once, in the notes
    assert notes.startswith("Notes on the data Who the counts leave out, and why: " + note)
    assert sentence + SEE in summary(report).splitlines()  # the terminal says it too


def test_nobody_left_out_is_the_number_alone_in_the_right_number():
    """Near misses: two supervisees in post, every rule applying; then one alone ("1 supervisee")."""
    two = build_report(
        RECORDS,
        policy(),
        _roster(ANN, "W,Wyn Well,A,T,social_worker,experienced,full_time,1,direct,2015-01-01,,"),
        AS_OF,
    )
    assert (two.counted, two.left_out) == ("2 supervisees in post.", [])
    counted, _, notes = _page(two)
    assert counted == "2 supervisees in post."
    assert "Who the counts leave out" not in notes
    one = build_report(RECORDS, policy(), _roster(ANN), AS_OF)
    assert _page(one)[0] == "1 supervisee in post."
    assert "supervisees in post" not in summary(one)


def test_every_reason_at_once_is_one_sentence_in_the_order_of_the_notes():
    rows = (
        "B,Bea Boss,,T,team_manager,experienced,full_time,1,direct,2015-01-01,,",
        ANN.replace(",,T,", ",B,T,", 1),
        "N,Ned Blank,B,T,,,,,,2015-01-01,,",
        "L,Lee Left,B,T,social_worker,experienced,full_time,1,direct,2015-01-01,,2023-12-31",
        "M,Max Left,B,T,social_worker,experienced,full_time,1,direct,2015-01-01,,2024-01-31",
        "S,Sue Soon,B,T,social_worker,experienced,full_time,1,direct,2024-06-03,,",
    )
    report = build_report(RECORDS, policy(), _roster(*rows), AS_OF)
    assert report.counted == (
        "2 supervisees in post, 1 with no rule that applies, 1 on the roster not supervised (no supervisor "
        "and no session records), 1 on the roster starting after the check date, 2 on the roster who "
        "left before the check date" + SEE
    )
    assert [n.split(":")[0] for n in report.left_out] == [
        "Bea Boss (B)",
        "Ned Blank (N)",
        "Lee Left (L)",
        "Max Left (M)",
        "Sue Soon (S)",
    ]
