"""The store benchmark's synthetic partnership (bench/partnership.py) at a small size: the store it
writes reads back as harvested records, and each agency's report counts exactly the records and
people made for that agency, none of the others' (the counts are kept as the records are made)."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

from docgen.harvest import read_records
from docgen.report.source import report_from_files

BENCH = Path(__file__).resolve().parents[2] / "bench" / "partnership.py"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("bench_partnership", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_partnership"] = module
    spec.loader.exec_module(module)
    folder = tmp_path_factory.mktemp("partnership")
    partnership = module.build(folder / "store.db", folder, records=2_000, agencies=12, seed=3)
    return folder / "store.db", partnership


def test_twelve_agencies_share_the_records(built):
    store, partnership = built
    assert len({a.id for a in partnership.agencies}) == 12
    assert [sum(a.counts.values()) for a in partnership.agencies] == [167] * 8 + [166] * 4  # 2,000 split
    records = read_records(store)
    assert len(records) == 2_000
    by_policy = Counter(r["document"]["policy_id"] for r in records)
    assert by_policy == {a.id: sum(a.counts.values()) for a in partnership.agencies}


@pytest.mark.parametrize("index", [0, 1, 7, 11])  # shipped policies (one with no agreement form), then copies
def test_each_agency_report_counts_its_own(built, index):
    store, partnership = built
    agency = partnership.agencies[index]
    report = report_from_files(store, agency.loaded, agency.roster(), partnership.as_of)
    sessions = agency.counts["session-record"] + agency.counts["case-record"]
    assert sessions > 100
    assert report.sessions == sessions
    assert report.supervisees == len(agency.roster_rows)
    assert not [n for n in report.notes if "not a form the checks read" in n]  # no other agency's file read
    own = read_records(store, [agency.id])
    assert len(own) == sum(agency.counts.values())
    assert {r["document"]["policy_id"] for r in own} == {agency.id}
