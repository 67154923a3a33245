"""A filled form rebuilt by a common tool, harvested in place of the original, is the same record
(the same document id and answers: no second record); a print of it is failed/flattened and its
old record goes to history, as any replaced file's does."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from docgen.harvest import harvest, problems_path, read_records
from docgen.harvest.exports import export
from docgen.harvest.store import Store
from docgen.parse.pdf import FLATTENED
from docgen.render.pdf import render_pdf
from tests.helpers.clients import fills_for
from tests.helpers.harvesting import problems, query
from tests.helpers.policies import POLICIES, spec_for
from tests.helpers.rebuilt import REBUILDERS, print_to_pdf


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    """Each test runs in its own folder: a PostgreSQL store's problems.csv is written in the current one."""
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("tool", ["pypdf-append", "qpdf-pages"])
def test_a_rebuilt_form_in_place_of_the_original_is_the_same_record(tool, tmp_path, store_target):
    spec = spec_for(POLICIES / "worcestershire.yaml", "session-record")
    _, want = fills_for(spec)
    original = render_pdf(spec, want, document_id="doc-7").data
    inbox, db = tmp_path / "in", store_target
    inbox.mkdir()
    (inbox / "a.pdf").write_bytes(original)
    harvest([inbox], db, jobs=1)
    (inbox / "a.pdf").write_bytes(REBUILDERS[tool](original))
    result = harvest([inbox], db, jobs=1)
    assert result.counts.get("failed", 0) == 0, result.counts
    [record] = read_records(db)
    assert record["document"]["document_id"] == "doc-7" and record["values"] == want
    assert query(db, "SELECT count(*), min(_document_id) FROM session_record") == [(1, "doc-7")]
    assert query(db, "SELECT status FROM documents") == [("ok",)]


def test_a_print_in_place_of_the_form_is_flattened_and_its_record_goes_to_history(tmp_path, store_target, monkeypatch):
    monkeypatch.chdir(tmp_path)  # problems.csv of a PostgreSQL store is written in the current folder
    spec = spec_for(POLICIES / "leeds.yaml", "agreement")
    _, want = fills_for(spec)
    original = render_pdf(spec, want, document_id="doc-8").data
    inbox, db = tmp_path / "in", store_target
    inbox.mkdir()
    (inbox / "a.pdf").write_bytes(original)
    harvest([inbox], db, jobs=1)
    (inbox / "a.pdf").write_bytes(print_to_pdf(original))
    harvest([inbox], db, jobs=1)
    assert query(db, "SELECT status, code, message FROM documents") == [("failed", "flattened", FLATTENED)]
    assert query(db, "SELECT count(*) FROM agreement") == [(0,)]
    history = [
        (path, json.loads(record)["document"]["document_id"])
        for path, record in query(db, "SELECT path, record FROM history")
    ]
    assert history == [(str((inbox / "a.pdf").resolve()), "doc-8")]
    [row] = problems(db)
    assert (row["code"], row["problem"]) == ("flattened", FLATTENED) and "not a printed" in row["what to do"]


@pytest.mark.parametrize("tool", ["pypdf-append", "qpdf-pages"])
def test_a_rebuilt_copy_beside_the_original_is_one_record_flagged_as_a_copy(tool, tmp_path, store_target, monkeypatch):
    """A copy saved again by another program sits beside the original (other bytes, the same document
    id and answers): before, both were records, counted twice by the report and flagged as "a file with
    different answers"; now the records give it once and problems.csv calls it a copy. Near miss: a
    version with one answer changed is still `same-document-id`, and both stay records."""
    spec = spec_for(POLICIES / "worcestershire.yaml", "session-record")
    _, want = fills_for(spec)
    original = render_pdf(spec, want, document_id="doc-9").data
    monkeypatch.chdir(tmp_path)  # problems.csv of a PostgreSQL store is written in the current folder
    inbox, db = tmp_path / "in", store_target
    inbox.mkdir()
    (inbox / "a.pdf").write_bytes(original)
    (inbox / "b.pdf").write_bytes(REBUILDERS[tool](original))
    result = harvest([inbox], db, jobs=1)
    assert result.counts.get("ok") == 2, result.counts
    assert (result.needs_attention, result.copies) == (0, 2)  # nothing to do: `docgen harvest` exits 0
    listed = problems_path(db).name  # (problems.csv; for a PostgreSQL store, <dbname>-problems.csv)
    assert f"; 2 are copies of another file, counted once (listed in {listed})" in result.summary()
    [record] = read_records(db)
    assert record["document"]["document_id"] == "doc-9" and record["values"] == want
    rows = {Path(r["path"]).name: r for r in problems(db)}
    assert {name: row["code"] for name, row in rows.items()} == {"a.pdf": "copy-of-form", "b.pdf": "copy-of-form"}
    assert rows["a.pdf"]["problem"] == f"the same form with the same answers is also in: {(inbox / 'b.pdf').resolve()}"
    assert rows["b.pdf"]["what to do"].startswith("Nothing to do: docgen counts the form once.")

    # the exports and the labelled views give the form once too (a Power BI count is not doubled); the
    # Files sheet still lists both files
    export(Store(db), ["csv"], tmp_path / "x")
    sheet = list(csv.DictReader(io.StringIO((tmp_path / "x" / "session_records.csv").read_text("utf-8-sig"))))
    assert [row["Record"] for row in sheet] == ["doc-9"]
    files = list(csv.DictReader(io.StringIO((tmp_path / "x" / "files.csv").read_text("utf-8-sig"))))
    assert len(files) == 2
    assert query(db, 'SELECT count(*) FROM "Session records"') == [(1,)]

    changed = dict(want, supervisee="Siân ap Rhŷs")  # near miss: an edited version, not a copy
    (inbox / "b.pdf").write_bytes(render_pdf(spec, changed, document_id="doc-9").data)
    result = harvest([inbox], db, jobs=1)
    assert (result.needs_attention, result.copies) == (2, 0) and "copies" not in result.summary()
    assert sorted(r["values"]["supervisee"] for r in read_records(db)) == sorted([want["supervisee"], "Siân ap Rhŷs"])
    rows = {Path(r["path"]).name: r for r in problems(db)}
    assert {name: row["code"] for name, row in rows.items()} == {
        "a.pdf": "same-document-id",
        "b.pdf": "same-document-id",
    }
    export(Store(db), ["csv"], tmp_path / "y")
    sheet = list(csv.DictReader(io.StringIO((tmp_path / "y" / "session_records.csv").read_text("utf-8-sig"))))
    assert len(sheet) == 2  # both versions are records: both are rows
    assert query(db, 'SELECT count(*) FROM "Session records"') == [(2,)]
