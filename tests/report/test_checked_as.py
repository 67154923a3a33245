"""A finding carries the reading of the rule its check used ("checked as: ..."), and every output
shows it beside the finding: the HTML report's clause cell, the CSV and the XLSX findings."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io

from lxml import html as lxml_html
from openpyxl import load_workbook

from docgen.demo.synthetic import DEMO_POLICY
from docgen.policy import load_policy
from docgen.report import build_report
from docgen.report.files import findings_csv, findings_xlsx
from docgen.report.findings import Finding
from docgen.report.html import render_html
from docgen.report.roster import parse_roster

READING = "at least one session in each calendar month"
_ROSTER = (
    "staff_id,name,supervisor_id,team,role,experience,employment,fte,contact,start_date,asye_start,leaving_date\n"
    "W1,Gwenllian Ap Rhys,B,Team Dwyrain,social_worker,experienced,full_time,1,direct,2020-01-01,,\n"
    "B,Bea Boss,,Team Dwyrain,team_manager,experienced,full_time,1,direct,2015-01-01,,\n"
)


def _report(checked_as: str):
    report = build_report([], load_policy(DEMO_POLICY), parse_roster(_ROSTER), dt.date(2024, 3, 7))
    finding = Finding(
        "S1", "breach", "W1", "Gwenllian Ap Rhys", "Team Dwyrain", "Bea Boss", dt.date(2024, 2, 1),
        "No session in February 2024.", "Frequency rule (the policy)", checked_as=checked_as,
    )  # fmt: skip
    return dataclasses.replace(report, findings=[finding])


def test_the_html_report_shows_the_reading_beside_the_finding():
    page = lxml_html.fromstring(render_html(_report(READING)))
    cell = page.xpath('//td[@data-label="Policy clause"]')[0]
    assert cell.text_content().strip().endswith(f"Checked as: {READING}")
    plain = lxml_html.fromstring(render_html(_report("")))
    assert "Checked as" not in plain.xpath('//td[@data-label="Policy clause"]')[0].text_content()


def test_the_csv_and_xlsx_findings_carry_the_reading_in_its_own_column():
    rows = list(csv.DictReader(io.StringIO(findings_csv(_report(READING)).decode("utf-8-sig"))))
    assert rows[0]["checked_as"] == READING
    sheet = load_workbook(io.BytesIO(findings_xlsx(_report(READING)))).active
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("checked_as") + 1).value == READING
