"""`docgen demo`: a made-up agency's forms filled, harvested, checked and reported in one command."""

from __future__ import annotations

import csv
import io
import sqlite3

from click.testing import CliRunner
from openpyxl import load_workbook

from docgen.cli import main
from docgen.demo.agency import generate


def test_demo_runs_the_whole_loop_and_finds_exactly_the_planted_breaches(tmp_path):
    out = tmp_path / "demo"
    result = CliRunner().invoke(main, ["demo", "-o", str(out), "--staff", "6"])
    assert result.exit_code == 0, result.output
    left = sorted(p.name for p in out.iterdir() if p.name.endswith((".lock", "-wal", "-shm")))
    assert left == []  # issue 20: a clean exit leaves no lock file and no SQLite WAL files in the folder
    agency = generate(staff=6, years=1, seed=7)
    forms = sorted(p for p in (out / "forms").rglob("*") if p.is_file())
    assert len(forms) == len(agency.records)
    assert {p.suffix for p in forms} == {".docx", ".pdf"}  # Word and PDF forms, both harvested
    con = sqlite3.connect(out / "harvest.db")
    statuses = dict(con.execute("SELECT status, count(*) FROM documents GROUP BY status"))
    assert statuses.get("failed", 0) == 0 and sum(statuses.values()) == len(forms)
    book = load_workbook(out / "findings.xlsx")
    sheet = book.active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)]
    found = {(r["check"], r["staff_id"], str(r["date"])[:10]) for r in rows}
    assert found == {(c, s, d.isoformat()) for c, s, d in agency.expected}
    html = (out / "report.html").read_text("utf-8")
    assert "<svg" in html and "Findings by team and supervisee" in html
    assert f"{len(agency.expected)} of the {len(agency.expected)} planted breaches found" in result.output
    roster = list(csv.DictReader(io.StringIO((out / "staff.csv").read_text("utf-8-sig"))))
    assert len(roster) == len(agency.roster_rows)


def test_demo_is_deterministic_and_never_overwrites_without_force(tmp_path):
    runner = CliRunner()
    first = runner.invoke(main, ["demo", "-o", str(tmp_path / "a"), "--staff", "3"])
    second = runner.invoke(main, ["demo", "-o", str(tmp_path / "b"), "--staff", "3"])
    assert first.exit_code == second.exit_code == 0
    names = [sorted(p.relative_to(tmp_path / d) for p in (tmp_path / d / "forms").rglob("*.docx")) for d in "ab"]
    assert names[0] == names[1]
    assert (tmp_path / "a" / "staff.csv").read_bytes() == (tmp_path / "b" / "staff.csv").read_bytes()
    again = runner.invoke(main, ["demo", "-o", str(tmp_path / "a"), "--staff", "3"])
    assert again.exit_code == 2 and "--force" in again.output
    forced = runner.invoke(main, ["demo", "-o", str(tmp_path / "a"), "--staff", "3", "--force"])
    assert forced.exit_code == 0, forced.output


def test_demo_says_what_its_report_assumes(tmp_path):
    """The demo policy sets no signing limit, leaves evaluations' anonymity to docgen and has no rule
    on actions: the terminal and report.html list those defaults in words and those checks, and no
    R1 finding cites a clause for the limit."""
    out = tmp_path / "demo"
    result = CliRunner().invoke(main, ["demo", "-o", str(out), "--staff", "3"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assumes = lines.index("What this report assumes:")
    assert "  - Whether evaluations are anonymous: no (used by E1)" in lines[assumes:]
    assert "  - How soon session records are signed: 14 days (used by R1)" in lines[assumes:]
    assert "  - ACT1: Action without owner or deadline" in lines[assumes:]
    assert not any("(s)" in line for line in lines)  # plurals said, not hedged
    html = (out / "report.html").read_text("utf-8")
    assert '<section id="assumes"><h2>What this report assumes</h2>' in html
    assert "Whether evaluations are anonymous: <strong>no</strong> (used by E1)" in html
    assert "How soon session records are signed: <strong>14 days</strong> (used by R1)" in html
