"""examples/: the files the README's worked example uses still harvest, still match the script
that makes them (docgen/demo/examples.py), stay small, and give the report the README describes."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from docgen.demo.examples import write_examples
from docgen.harvest import harvest
from docgen.parse import parse_file
from docgen.policy import load_policy
from docgen.report import build_report, read_harvest
from docgen.report.roster import read_roster
from tests.helpers.policies import POLICIES, ROOT

EXAMPLES = ROOT / "examples"
COMPLETED = EXAMPLES / "completed"


@pytest.fixture(scope="module")
def harvested(tmp_path_factory) -> tuple:
    db = tmp_path_factory.mktemp("examples") / "harvest.db"
    result = harvest([COMPLETED], db, jobs=1)
    return result, read_harvest(db)


def test_the_shipped_forms_all_harvest_ok(harvested):
    result, records = harvested
    assert result.files == 11
    assert '("11 ok")' in (ROOT / "README.md").read_text(encoding="utf-8") and "11 ok" in result.summary()
    assert result.counts["ok"] == 11
    assert result.counts["failed"] == 0 and result.counts["ok_with_issues"] == 0
    kinds = Counter(r["document"]["kind"] for r in records)
    assert kinds == {"agreement": 4, "session-record": 6, "case-record": 1}
    formats = Counter(Path(r["path"]).suffix for r in records)
    assert formats[".pdf"] >= 4 and formats[".docx"] >= 4  # both formats, as an inbox would have


def test_the_forms_name_the_roster_welsh_names_included(harvested):
    _, records = harvested
    names = {r["values"].get("supervisee") or r["values"].get("parties_supervisee") for r in records}
    assert names == {"Siân ap Rhŷs", "Gethin Pryce", "Ffion Hughes", "Aisha Khan"}
    roster = (EXAMPLES / "roster.csv").read_text(encoding="utf-8")
    assert all(name in roster for name in names)


def test_the_report_finds_what_the_readme_says(harvested):
    """README: Aisha's and Ffion's supervision is overdue, one record was signed late, one action has
    no deadline (as of 31 March 2025, the date the README's command gives)."""
    _, records = harvested
    policy = load_policy(POLICIES / "worcestershire.yaml")
    roster = read_roster(EXAMPLES / "roster.csv")
    report = build_report(records, policy, roster, dt.date(2025, 3, 31))
    found = sorted((f.check, f.staff_id) for f in report.findings)
    assert found == [("ACT1", "WS02"), ("R1", "WS03"), ("S1", "WS03"), ("S1", "WS04")]
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "--as-of 2025-03-31" in readme and "it finds four things to follow up" in readme


def test_the_script_rebuilds_the_shipped_files(tmp_path):
    written = write_examples(tmp_path)
    assert sorted(p.relative_to(tmp_path) for p in written) == sorted(
        p.relative_to(EXAMPLES) for p in EXAMPLES.rglob("*") if p.suffix in (".csv", ".pdf", ".docx")
    )
    for name in ("staff.csv", "roster.csv"):
        assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes()
    for path in sorted(COMPLETED.iterdir()):
        shipped, rebuilt = parse_file(path), parse_file(tmp_path / "completed" / path.name)
        assert shipped.values == rebuilt.values, path.name
        assert shipped.manifest["document_id"] == rebuilt.manifest["document_id"], path.name


def test_the_examples_stay_small():
    total = sum(p.stat().st_size for p in EXAMPLES.rglob("*") if p.is_file())
    assert total < 1_500_000
    assert 6 <= len(list(COMPLETED.iterdir())) <= 12
