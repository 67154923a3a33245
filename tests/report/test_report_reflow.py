"""The HTML compliance report at 320 px wide (400 % zoom) as well as at 1280 px (issue 18 item 5): axe-core's
WCAG 2.2 AA rules find nothing at either width, the page never scrolls sideways (wide tables scroll in a
labelled, focusable region of their own or stack into cards), each chart is described once, and the
per-supervisee table's row header is the person. Checked on the demo's report and on a report over a
policy with long Welsh names and many supervisees; one browser for both (tests/helpers/axe.py)."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

from docgen.demo.agency import generate
from docgen.demo.synthetic import DEMO_POLICY
from docgen.policy import load_policy
from docgen.report import build_report
from docgen.report.html import render_html
from docgen.report.roster import parse_roster, roster_csv
from tests.helpers.axe import check_pages
from tests.helpers.report_dom import demo_report_html

# The longest place name in Wales, unbroken: no table, heading or card may push the page wider for it.
LLAN = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"
AGENCY = f"Cyngor Bwrdeistref Sirol Rhondda Cynon Taf: Gwasanaethau Cymdeithasol {LLAN}"
FIRST = ("Gwenllian", "Llywelyn", "Angharad", "Cadwaladr", "Rhiannon", "Gruffydd", "Myfanwy", "Bleddyn")
LAST = ("ap Gruffydd-Llewelyn", "Pritchard-Llwyd", "Vaughan-Rhys ab Owain", "Tudur-Bowen", LLAN)
TEAMS = {
    "Assessment": "Tîm Asesu a Chymorth Cynnar Gwasanaethau Plant",
    "Child Protection": f"Tîm Amddiffyn Plant {LLAN}",
    "Children in Care": "Tîm Plant sy'n Derbyn Gofal a Gadael Gofal",
    "Family Support": "Tîm Cefnogi Teuluoedd Cymunedol Cwm Rhondda",
    "Early Help": "Tîm Help Cynnar a Lles Teuluoedd Pen-y-bont ar Ogwr",
}


def _welsh_report(tmp_path) -> tuple[str, object]:
    policy = tmp_path / "cymru.yaml"
    text = DEMO_POLICY.read_text(encoding="utf-8")
    policy.write_text(text.replace("Northshire Children's Services (synthetic)", AGENCY), encoding="utf-8")
    agency = generate(staff=150, years=1, seed=11, policy=load_policy(policy))
    renamed: dict[str, str] = dict(TEAMS)
    rows = []
    for i, row in enumerate(agency.roster_rows):
        welsh = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST) + i) % len(LAST)]} {i + 1}"
        renamed[row["name"]] = welsh
        rows.append({**row, "name": welsh, "team": TEAMS.get(row["team"], row["team"])})
    records = [{**r, "values": {k: _renamed(v, renamed) for k, v in r["values"].items()}} for r in agency.records]
    report = build_report(records, agency.policy, parse_roster(roster_csv(rows)), agency.as_of)
    return render_html(report), report


def _renamed(value, names: dict[str, str]):
    return names.get(value, value) if isinstance(value, str) else value


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """{name: (html, report or None, PageCheck)}: both reports checked in one browser."""
    folder = tmp_path_factory.mktemp("reflow")
    welsh, report = _welsh_report(folder)
    pages = {"demo": (demo_report_html(), None), "cymru": (welsh, report)}
    paths = []
    for name, (page, _) in pages.items():
        paths.append(folder / f"{name}.html")
        paths[-1].write_text(page, encoding="utf-8")
    checks = check_pages(paths)
    return {name: (*pages[name], check) for name, check in zip(pages, checks, strict=True)}


def test_the_welsh_report_is_a_hard_case(reports):
    page, report, _ = reports["cymru"]
    assert len(report.people.rows) >= 150 and LLAN in page
    assert len(lxml_html.fromstring(page).xpath("//section[@id='findings']//table")) >= 20


@pytest.mark.parametrize("name", ["demo", "cymru"])
def test_no_axe_violations_at_1280_or_320_px(reports, name):
    check = reports[name][2]
    assert set(check.violations) == {"1280", "320"}
    assert not [p for p in check.problems() if "scrolls sideways" not in p]


@pytest.mark.parametrize("name", ["demo", "cymru"])
def test_no_sideways_scroll_at_320_px(reports, name):
    check = reports[name][2]
    assert check.client_width == 320 and not check.sideways, check.problems()
    assert check.outside == []


@pytest.mark.parametrize("name", ["demo", "cymru"])
def test_tables_that_scroll_do_so_in_a_labelled_focusable_region(reports, name):
    tree = lxml_html.fromstring(reports[name][0])
    regions = tree.xpath("//*[@role='region']")
    assert len(regions) >= 3  # the summary tables: by team, by supervisee, by check
    for region in regions:
        assert region.get("tabindex") == "0" and region.xpath(".//table")
        label = tree.xpath(f"//*[@id='{region.get('aria-labelledby')}']")
        assert label and label[0].text_content().strip()
    for table in tree.xpath("//table"):  # the others stack on a narrow page: every cell says its column
        if not table.xpath("ancestor::*[@role='region']"):
            assert "stack" in table.get("class", "").split()
            assert all(td.get("data-label") for td in table.xpath("./tbody/tr/td[not(@colspan)]"))


@pytest.mark.parametrize("name", ["demo", "cymru"])
def test_each_chart_is_described_once(reports, name):
    tree = lxml_html.fromstring(reports[name][0])
    figures = tree.xpath("//section[@id='charts']//figure")
    assert len(figures) == 4
    for figure in figures:
        (image,) = figure.xpath(".//*[@role='img']")
        (caption,) = figure.xpath("./figcaption")
        words = [re.sub(r"\s+", " ", w).strip().rstrip(".") for w in (image.get("aria-label"), caption.text_content())]
        assert all(words) and words[0] not in words[1] and words[1] not in words[0], words
        assert not figure.xpath(".//@aria-describedby | .//@title")
        svgs = image.xpath(".//*[local-name()='svg']")
        assert svgs and all(s.get("viewbox") and not s.get("width") for s in svgs)  # it scales with the page


@pytest.mark.parametrize("name", ["demo", "cymru"])
def test_the_per_supervisee_table_s_row_header_is_the_person(reports, name):
    page, report, _ = reports[name]
    tree = lxml_html.fromstring(page)
    (table,) = tree.xpath("//table[@aria-labelledby='people-caption']")
    header = [th.text_content() for th in table.xpath("./thead/tr/th")]
    assert header[0] == "Supervisee"
    people = [th.text_content() for th in table.xpath("./tbody/tr/th[@scope='row']")]
    rows = table.xpath("./tbody/tr")
    assert len(people) == len(rows) > 20
    if report is not None:
        assert people == [row[1] for row in report.people.rows]
        assert not set(people) & set(TEAMS.values())
    for table in tree.xpath("//section[@id='summary' or @id='charts']//table"):
        for row in table.xpath("./tbody/tr[not(td[@colspan])]"):
            assert [c.tag for c in row][0] == "th" and row[0].get("scope") == "row"
            assert not row.xpath("./th[position() > 1]")
