"""The store benchmark's synthetic partnership (bench/partnership.py) at a small size: the store it
writes reads back as harvested records, and each agency's report counts exactly the records and
people made for that agency, none of the others' (the counts are kept as the records are made)."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

from docgen.harvest import read_records
from docgen.report.source import report_from_files

BENCH = Path(__file__).resolve().parents[2] / "bench" / "partnership.py"


def _builder():
    spec = importlib.util.spec_from_file_location("bench_partnership", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_partnership"] = module
    spec.loader.exec_module(module)
    return module


def test_each_agency_report_counts_its_own(store_target, tmp_path):
    """In both engines: 12 agencies share 2,000 records, and the report of a shipped policy, of one
    with no agreement form, and of two copies counts that agency's sessions and people only."""
    partnership = _builder().build(store_target, tmp_path, records=2_000, agencies=12, seed=3)
    assert len({a.id for a in partnership.agencies}) == 12
    assert [sum(a.counts.values()) for a in partnership.agencies] == [167] * 8 + [166] * 4  # 2,000 split
    records = read_records(store_target)
    assert len(records) == 2_000
    by_policy = Counter(r["document"]["policy_id"] for r in records)
    assert by_policy == {a.id: sum(a.counts.values()) for a in partnership.agencies}
    for index in (0, 1, 7, 11):  # shipped policies (greater_london_fostering has no agreement), then copies
        agency = partnership.agencies[index]
        report = report_from_files(store_target, agency.loaded, agency.roster(), partnership.as_of)
        sessions = agency.counts["session-record"] + agency.counts["case-record"]
        assert sessions > 100
        assert report.sessions == sessions
        assert report.supervisees == len(agency.roster_rows)
        assert not [n for n in report.notes if "not a form the checks read" in n]  # no other agency's file read
        own = read_records(store_target, [agency.id])
        assert len(own) == sum(agency.counts.values())
        assert {r["document"]["policy_id"] for r in own} == {agency.id}
