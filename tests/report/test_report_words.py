"""The report's own words: counts with their nouns in the right number, date windows that say
which days they include, and the summary's counts explained where two counts of people differ."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from lxml import html as lxml_html

from docgen.demo.agency import generate
from docgen.demo.synthetic import DEMO_POLICY
from docgen.policy import load_policy_text
from docgen.report import build_report
from docgen.report.html import render_html
from docgen.report.words import count, days, grace, span


@pytest.mark.parametrize(
    ("n", "noun", "words"),
    [
        (1, "formal session", "1 formal session"),
        (3, "formal session", "3 formal sessions"),
        (1, "record", "1 record"),
        (2, "finding", "2 findings"),
        (1, "supervisee", "1 supervisee"),
        (1200, "record", "1,200 records"),
        (2, "box", "2 boxes"),
        (2, "policy", "2 policies"),
        (2, "day", "2 days"),
    ],
)
def test_a_count_and_its_noun_agree(n, noun, words):
    assert count(n, noun) == words


def test_zero_irregular_plurals_days_and_grace():
    assert count(0, "formal session", none="No") == "No formal sessions"
    assert count(0, "finding") == "0 findings"
    assert count(2, "child", "children") == "2 children" and count(1, "child", "children") == "1 child"
    assert days(1) == "1 day" and days(14) == "14 days"
    assert grace(1) == "1 day's grace" and grace(7) == "7 days' grace" and grace(0) == "no grace"


def test_a_window_names_its_first_and_last_days():
    assert span(dt.date(2024, 12, 31), dt.date(2025, 12, 31)) == ("from 31/12/2024 to 31/12/2025, both days included")
    assert span(dt.date(2025, 1, 6), dt.date(2025, 1, 6)) == "on 06/01/2025"


@pytest.fixture(scope="module")
def report():
    agency = generate(staff=40, years=1, seed=7)
    return build_report(agency.records, agency.policy, agency.roster(), agency.as_of)


_SINGULAR_AS_PLURAL = re.compile(
    r"(?<![\d,.])1 (findings|supervisees|records|days|formal sessions|sessions|session and case records)\b"
)


def test_one_of_anything_is_singular_on_the_page(report):
    """A team with one finding, one finding of a severity: the page says "1 finding"."""
    one = next(f for f in report.findings if f.check == "R1")
    page = render_html(dataclasses.replace(report, findings=[one], supervisees=1, sessions=1))
    text = lxml_html.fromstring(page).text_content()
    assert not _SINGULAR_AS_PLURAL.search(" ".join(text.split())), _SINGULAR_AS_PLURAL.search(text)
    tree = lxml_html.fromstring(page)
    assert tree.xpath("//section[@id='findings']/h3")[0].text_content().endswith("(1 finding)")
    figures = [" ".join(li.text_content().split()) for li in tree.xpath("//ul[@class='figures']/li")]
    assert "1 supervisee in post" in figures and "1 session and case record read" in figures
    assert "1 ■ breach finding" in figures


def test_one_formal_session_without_an_agreement_is_said_in_the_singular():
    """A1 on a supervisee with a single formal session: "1 formal session since ...", not "sessions"."""
    agency = generate(staff=40, years=1, seed=7)
    report = build_report(agency.records, agency.policy, agency.roster(), agency.as_of)
    person = next(f.name for f in report.findings if f.check == "A1")
    mine = sorted(
        (
            r
            for r in agency.records
            if r["document"]["kind"] == "session-record" and r["values"]["supervisee"] == person
        ),
        key=lambda r: r["values"]["session_date"],
    )
    records = [r for r in agency.records if r not in mine[1:]]
    report = build_report(records, agency.policy, agency.roster(), agency.as_of)
    a1 = next(f for f in report.findings if f.check == "A1" and f.name == person)
    assert a1.message.startswith("1 formal session since "), a1.message
    text = " ".join(f.message + " " + f.clause for f in report.findings)
    assert not _SINGULAR_AS_PLURAL.search(text), _SINGULAR_AS_PLURAL.search(text)


def test_the_people_rated_are_explained_against_the_people_in_post(report):
    """ "63 supervisees in post" beside "on-time rate for each of 57": the page says why."""
    tree = lxml_html.fromstring(render_html(report))
    summary = tree.xpath("//section[@id='summary']")[0]
    in_post = int(summary.xpath(".//ul[@class='figures']/li[1]/strong")[0].text)
    rows = len(summary.xpath(".//details//tbody/tr"))
    note = " ".join(summary.xpath("./p[contains(., 'to rate')]")[0].text_content().split())
    match = re.match(
        r"(\d+) supervisees with an interval between formal sessions to rate: (\d+) of the (\d+) supervisees in "
        r"post and (\d+) who have left \(rated for their time in post\)\. (\d+) supervisees in post are not "
        r"rated: (.*)\.$",
        note,
    )
    assert match, note
    rated, rated_in_post, post, left, unrated, reasons = match.groups()
    assert int(rated) == rows and int(post) == in_post
    assert int(rated_in_post) + int(left) == rows and int(rated_in_post) + int(unrated) == in_post
    counts = [int(part.split(" because ")[0]) for part in reasons.split("; ")]  # two reasons here, so counted
    assert len(counts) > 1 and sum(counts) == int(unrated)
    assert "S3" in reasons  # part-time staff under a count rule: checked by S3, not by intervals
    details = summary.xpath(".//details/summary")[0].text_content()
    assert f"each of the {rows} supervisees rated" in details


def test_date_windows_say_which_days_they_include(report):
    """S4's window and an F1 period window name their first and last days, both included."""
    s4 = [f for f in report.findings if f.check == "S4"]
    assert s4 and all(
        re.search(r"\(from \d\d/\d\d/\d{4} to \d\d/\d\d/\d{4}, both days included\)", f.message) for f in s4
    )
    text = DEMO_POLICY.read_text(encoding="utf-8").replace(
        "window: sessions\n    sessions: 6", 'window: period\n    period: "3 months"'
    )
    agency = generate(staff=40, years=1, seed=7)
    report = build_report(agency.records, load_policy_text(text), agency.roster(), agency.as_of)
    f1 = [f for f in report.findings if f.check == "F1"]
    assert f1
    for f in f1:
        assert re.search(
            r"was not covered in the 3 months from 08/12/2023 to 07/03/2024, both days included "
            r"\((no formal sessions|1 formal session|\d+ formal sessions) in it\)\.$",
            f.message,
        ), f.message
