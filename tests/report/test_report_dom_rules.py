"""The HTML report's DOM rules (tests/helpers/report_dom.py) can fail: small HTML pages, each with one
fault a reader would trip over, are caught by their rule; the same pages with the words right pass;
and the page checked is the DOM headless Chromium built, with a screenshot to look at."""

from __future__ import annotations

import pytest

from tests.helpers import report_dom
from tests.helpers.report_dom import check_dom, check_report

CLEAN = """<!DOCTYPE html><html><body>
<h1>Supervision compliance report</h1>
<h2>Summary</h2>
<ul><li>63 supervisees in post</li><li>1 record not signed; 2 records read late</li></ul>
<p>On-time rate for 57 of the 63 supervisees: the other 6 have no supervision interval yet.</p>
<h2>Findings by team and supervisee</h2>
<h3>Team A (1 finding)</h3>
<h4>Ann Example, supervised by Bea Example</h4>
<table><tr><th>Check</th><th>Finding</th><th>Policy clause</th></tr>
<tr><td>S3</td><td>1 formal session in the last 12 months; the policy asks for 10 on 1 January.</td>
<td class="clause">docgen's default (your policy does not set this)</td></tr></table>
<p>Sessions last 1 hour to 2 hours; 1.5 days on average; 11 days at most.</p>
</body></html>"""


def rules(page: str) -> dict[int, list]:
    found: dict[int, list] = {}
    for v in check_dom(page):
        found.setdefault(v.rule, []).append(v)
    return found


def test_a_clean_report_page_passes_every_rule():
    assert rules(CLEAN) == {}


def test_a_heading_that_repeats_the_heading_above_it_is_caught():
    page = CLEAN.replace("<h4>Ann Example", "<h4>Findings for Team A</h4><h5>Ann Example")
    found = rules(page)
    assert set(found) == {14}
    assert [v.text for v in found[14]] == ["Findings for Team A"]
    assert "Team A (1 finding)" in found[14][0].message


@pytest.mark.parametrize(
    ("words", "caught"),
    [
        ("1 records", "1 records"),
        ("1 formal sessions", "1 formal sessions"),
        ("only 1 days' grace", "1 days"),
        ("1 \u25a0 breach findings", "1 \u25a0 breach findings"),
        ("3 record.", "3 record"),
        ("12 session were missed", "12 session"),
    ],
)
def test_a_number_that_does_not_agree_with_its_noun_is_caught(words, caught):
    found = rules(CLEAN.replace("<p>Sessions last", f"<p>{words} Sessions last"))
    assert set(found) == {16}
    assert [v.message.split('"')[1] for v in found[16]] == [caught]


def test_counts_of_people_that_differ_without_a_word_on_why_are_caught():
    unexplained = CLEAN.replace(
        "On-time rate for 57 of the 63 supervisees: the other 6 have no supervision interval yet.",
        "On-time rate for each of 57 supervisees with a supervision interval to rate.",
    )
    found = rules(unexplained)
    assert set(found) == {15}
    (v,) = found[15]
    assert "57 and 63" in v.message and "63 supervisees in post" in v.message
    # the difference said in the paragraph is an explanation too
    told = unexplained.replace("to rate.", "to rate (6 have none yet).")
    assert rules(told) == {}
    # a count of supervisors is not a count of the people they supervise
    assert rules(CLEAN.replace("<h2>Summary</h2>", "<h2>Summary</h2><p>5 supervisors</p>")) == {}


def test_a_clause_cell_citing_docgen_s_default_is_caught():
    page = CLEAN.replace(
        "docgen's default (your policy does not set this)",
        "Next session date on every record (docgen\u2019s default: the policy does not cite a source)",
    )
    found = rules(page)
    assert set(found) == {17}


def test_the_charts_drawing_and_scripts_are_not_read_as_words():
    page = CLEAN.replace("<h2>Summary</h2>", "<h2>Summary</h2><svg><text>1 records</text></svg><style>p{}</style>")
    assert rules(page) == {}


def test_the_report_is_checked_as_chromium_built_it_with_a_screenshot(tmp_path):
    bad = CLEAN.replace("<p>Sessions last", "<p>1 records. Sessions last")
    result = check_report(bad, "bad_report", tmp_path)
    assert [v.rule for v in result.violations] == [16]
    png = (tmp_path / "bad_report.png").read_bytes()
    assert result.screenshot == tmp_path / "bad_report.png" and png.startswith(b"\x89PNG") and len(png) > 5_000
    assert "16:plural" in result.table() and "1 records" in result.listing()


def test_the_demo_report_is_the_one_docgen_demo_writes():
    page = report_dom.demo_report_html()
    assert "<h1>Supervision compliance report: Northshire Children" in page
    assert "supervisees in post" in page
