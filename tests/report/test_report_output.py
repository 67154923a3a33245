"""The report's files: an accessible, self-contained HTML page that Chromium opens without
console errors; findings as CSV (BOM, formulas neutralised) and XLSX; the `docgen report` command."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html

from docgen.demo.agency import generate
from docgen.report import build_report, findings_csv, findings_xlsx, write_report
from docgen.report.html import render_html
from tests.helpers.harvesting import stored
from tests.helpers.policies import ROOT

SCREENS = ROOT / "output" / "client-previews"


@pytest.fixture(scope="module")
def agency():
    return generate(staff=30, years=2, seed=5)


@pytest.fixture(scope="module")
def report(agency):
    return build_report(agency.records, agency.policy, agency.roster(), agency.as_of)


@pytest.fixture(scope="module")
def page(report):
    return render_html(report)


def test_html_is_self_contained(page):
    tree = lxml_html.fromstring(page)
    assert not tree.xpath("//script | //link | //iframe | //object | //embed | //img")
    refs = tree.xpath("//@src | //@href | //@*[local-name()='href']")
    assert refs and all(r.startswith("#") for r in refs), [r for r in refs if not r.startswith("#")]
    assert "url(http" not in page and "@import" not in page


def test_html_headings_are_in_order_and_every_chart_has_text_and_a_table(page):
    tree = lxml_html.fromstring(page)
    levels = [int(h.tag[1]) for h in tree.xpath("//h1|//h2|//h3|//h4")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    figures = tree.xpath("//figure")
    assert len(figures) == 4
    for figure in figures:
        image = figure.xpath("./div[@role='img']")[0]
        assert len(image.get("aria-label")) > 30 and image.xpath(".//*[local-name()='svg']")
        following = figure.getnext()
        assert following.tag == "table" and following.xpath("./caption") and following.xpath(".//th[@scope='col']")
    titles = [h.text_content() for h in tree.xpath("//section[@id='charts']/h3")]
    assert titles == [
        "On-time rate by month",
        "Function coverage",
        "Supervision overdue by team",
        "Newly-qualified schedule adherence",
    ]
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids)), "ids repeat across the inline SVGs"


def test_html_findings_grouped_by_team_and_person_with_words_not_only_colour(page, report):
    tree = lxml_html.fromstring(page)
    section = tree.xpath("//section[@id='findings']")[0]
    teams = [h.text_content().split(" (")[0] for h in section.xpath("./h3")]
    assert teams == sorted({f.team for f in report.findings})
    rows = section.xpath(".//tbody/tr")
    assert len(rows) == len(report.findings)
    for row in rows:
        severity = row.xpath("./td[2]")[0].text_content()
        assert re.fullmatch(r"[■▲●○] (breach|warning|advisory|info)", severity)
    for f in report.findings[:5]:
        assert f.message.replace('"', "&#34;") in page or f.message in tree.text_content()
    summary = tree.xpath("//section[@id='summary']//table")[0].text_content()
    assert "meets target" in summary or "below target" in summary


def test_each_person_s_findings_table_is_named_by_its_heading_not_a_repeat_of_it(page, report):
    """The person's heading names the table (aria-labelledby), so no caption repeats the heading's
    words on the page; every table still has an accessible name."""
    tree = lxml_html.fromstring(page)
    section = tree.xpath("//section[@id='findings']")[0]
    people = section.xpath("./h4")
    assert len(people) == len({(f.team, f.staff_id) for f in report.findings})
    for heading in people:
        table = heading.getnext()
        assert table.tag == "table" and table.get("aria-labelledby") == heading.get("id")
        assert not table.xpath("./caption")
    ids = [h.get("id") for h in tree.xpath("//*[@id]")]
    assert len(ids) == len(set(ids))
    for table in tree.xpath("//table"):
        named = table.xpath("./caption") or tree.xpath(f"//*[@id='{table.get('aria-labelledby')}']")
        assert named and named[0].text_content().strip()


def test_csv_has_a_bom_and_neutralises_formulas(report):
    data = findings_csv(report)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == len(report.findings)
    assert {r["check"] for r in rows} == {f.check for f in report.findings}
    assert rows[0]["date"] == report.findings[0].date.isoformat()


def test_formula_cells_are_neutralised_in_csv_and_xlsx(agency):
    rows = [dict(r) for r in agency.roster_rows]
    victim = next(r for r in rows if r["staff_id"] == next(iter(agency.expected))[1])
    old = victim["name"]
    victim["name"] = '=HYPERLINK("http://example.invalid")'
    records = [_renamed(r, old, victim["name"]) for r in agency.records]
    from docgen.report.roster import parse_roster, roster_csv

    report = build_report(records, agency.policy, parse_roster(roster_csv(rows)), agency.as_of)
    text = findings_csv(report).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(findings_xlsx(report))).active
    names = [c.value for c in sheet["E"][1:]]
    assert "'" + victim["name"] in names and victim["name"] not in names
    assert sheet.max_row == len(report.findings) + 1 and sheet["A1"].value == "check"


def _renamed(record: dict, old: str, new: str) -> dict:
    values = {k: (new if v == old else v) for k, v in record["values"].items()}
    return {**record, "values": values}


def test_write_report_writes_files_only_their_owner_can_read(tmp_path, report):
    written = write_report(report, tmp_path / "r" / "report.html", tmp_path / "r" / "findings.xlsx")
    assert [p.name for p in written] == ["report.html", "findings.xlsx"]
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in written), "a report names people (issue 13, item 11)"
    with pytest.raises(ValueError, match=".csv or .xlsx"):
        write_report(report, tmp_path / "x.html", tmp_path / "x.txt")


# --- headless Chromium -------------------------------------------------------------------------


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        pytest.skip(reason="Chromium is not installed (apt-get install chromium; see .ci/install-clients)")
    return exe


def _open(exe: str, page: Path, screenshot: Path) -> list[str]:
    """Open a page headless, save a screenshot, return the console messages Chromium logged."""
    result = subprocess.run(
        [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            f"--user-data-dir={page.parent / 'profile'}",
            f"--screenshot={screenshot}",
            "--window-size=1280,2400",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return [line for line in result.stderr.splitlines() if ":CONSOLE" in line]


def test_chromium_reports_console_errors_of_a_bad_page(tmp_path):
    exe = _chromium()
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html><body><script>console.error('boom'); missing();</script></body></html>")
    messages = _open(exe, bad, tmp_path / "bad.png")
    assert any("boom" in m for m in messages) and any("missing is not defined" in m for m in messages)


def test_report_opens_in_chromium_without_console_errors(tmp_path, report):
    exe = _chromium()
    SCREENS.mkdir(parents=True, exist_ok=True)
    page = tmp_path / "report.html"
    write_report(report, page)
    shot = SCREENS / "compliance_report.png"
    shot.unlink(missing_ok=True)
    assert _open(exe, page, shot) == []
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 50_000  # a page with text and charts, not blank


# --- the command ---------------------------------------------------------------------------------


def _cli(monkeypatch, agency, *args):
    from click.testing import CliRunner

    from docgen import cli

    monkeypatch.setattr("docgen.report.source.read_harvest", lambda path, policy_ids=None: agency.records)
    result = CliRunner().invoke(cli.main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_report_command_writes_html_and_findings(tmp_path, monkeypatch, agency):
    db, roster = tmp_path / "harvest.db", tmp_path / "staff.csv"
    db.write_bytes(b"")
    roster.write_text(agency.roster_csv(), encoding="utf-8")
    policy = str(ROOT / "docgen" / "demo" / "demo_policy.yaml")
    args = [
        str(db),
        "--policy",
        policy,
        "--roster",
        str(roster),
        "-o",
        str(tmp_path / "out.html"),
        "--as-of",
        agency.as_of.isoformat(),
        "--findings",
        str(tmp_path / "f.csv"),
    ]
    code, out, err = _cli(monkeypatch, agency, "report", *args)
    assert code == 1, err
    assert out.split() == [str(tmp_path / "out.html"), str(tmp_path / "f.csv")]
    assert f"{len(agency.expected)} findings for" in err and "as of 2024-03-07" in err
    code, _, err = _cli(monkeypatch, agency, "report", *args)
    assert code == 2 and "--force" in err
    assert _cli(monkeypatch, agency, "report", *args, "--force")[0] == 1
    bad = [a if a != str(tmp_path / "f.csv") else str(tmp_path / "f.txt") for a in args]
    assert _cli(monkeypatch, agency, "report", *bad)[0] == 2


def test_report_command_names_a_missing_database_and_a_bad_roster(tmp_path, monkeypatch, agency):
    from click.testing import CliRunner

    from docgen import cli

    roster = tmp_path / "staff.csv"
    roster.write_text("staff_id,name,fte\nA,Ann,lots\n", encoding="utf-8")
    base = [
        "report",
        str(tmp_path / "none.db"),
        "--policy",
        "hertfordshire",
        "--roster",
        str(roster),
        "-o",
        str(tmp_path / "r.html"),
    ]
    result = CliRunner().invoke(cli.main, base)  # a missing file is a usage error (2), named before anything is read
    assert result.exit_code == 2 and "none.db (HARVEST_DB) does not exist" in result.stderr
    (tmp_path / "in").mkdir()
    assert (
        CliRunner().invoke(cli.main, ["harvest", str(tmp_path / "in"), "-o", str(tmp_path / "none.db")]).exit_code == 0
    )
    result = CliRunner().invoke(cli.main, base)
    assert result.exit_code == 1 and "staff.csv:2:3: fte:" in result.stderr


def test_report_from_a_postgresql_store_names_a_bad_roster(tmp_path, monkeypatch, pg_url):
    from click.testing import CliRunner

    from docgen import cli

    monkeypatch.chdir(tmp_path)  # a PostgreSQL store's problems.csv is written here
    roster = tmp_path / "staff.csv"
    roster.write_text("staff_id,name,fte\nA,Ann,lots\n", encoding="utf-8")
    (tmp_path / "in").mkdir()
    assert CliRunner().invoke(cli.main, ["harvest", str(tmp_path / "in"), "-o", pg_url]).exit_code == 0
    args = ["report", pg_url, "--policy", "hertfordshire", "--roster", str(roster), "-o", str(tmp_path / "r.html")]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 1 and "staff.csv:2:3: fte:" in result.stderr


def test_report_from_real_word_forms_through_the_harvest(tmp_path, agency, store_target, monkeypatch):
    """The whole loop: synthetic records filled into the agency's Word forms, harvested, reported,
    from an SQLite file and from a PostgreSQL store. (Runs once `docgen harvest` is part of the build.)"""
    pytest.importorskip("docgen.harvest.store", reason="docgen harvest is not part of this build yet")
    from click.testing import CliRunner

    from docgen import cli
    from docgen.demo.synthetic import DEMO_POLICY
    from docgen.forms import build_form
    from docgen.render.docx import render_docx

    small = generate(staff=4, years=1, seed=4)
    forms = tmp_path / "forms"
    forms.mkdir()
    specs: dict = {}
    for i, record in enumerate(small.records):
        kind = record["document"]["kind"]
        spec = specs.get(kind) or specs.setdefault(kind, build_form(small.policy, kind))
        values = {k: v for k, v in record["values"].items() if v is not None}
        (forms / f"{i:05d}_{kind}.docx").write_bytes(render_docx(spec, values).data)
    db, roster = store_target, tmp_path / "staff.csv"
    roster.write_text(small.roster_csv(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # a PostgreSQL store's problems.csv is written here
    runner = CliRunner()
    harvested = runner.invoke(
        cli.main, ["harvest", str(forms), "-o", str(db), "--policy", str(DEMO_POLICY), "--no-progress", "--jobs", "1"]
    )
    assert stored(db) == len(small.records), harvested.output
    result = runner.invoke(
        cli.main,
        [
            "report",
            str(db),
            "--policy",
            str(DEMO_POLICY),
            "--roster",
            str(roster),
            "-o",
            str(tmp_path / "report.html"),
            "--as-of",
            small.as_of.isoformat(),
            "--findings",
            str(tmp_path / "findings.csv"),
        ],
    )
    assert result.exit_code == 1, result.output
    rows = csv.DictReader(io.StringIO((tmp_path / "findings.csv").read_text(encoding="utf-8-sig")))
    found = {(r["check"], r["staff_id"], dt.date.fromisoformat(r["date"])) for r in rows}
    assert found == small.expected
