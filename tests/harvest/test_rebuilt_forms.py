"""A filled form rebuilt by a common tool, harvested in place of the original, is the same record
(the same document id and answers: no second record); a print of it is failed/flattened and its
old record goes to history, as any replaced file's does."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

from docgen.harvest import harvest, read_records
from docgen.harvest.exports import export
from docgen.harvest.store import Store
from docgen.parse.pdf import FLATTENED
from docgen.render.pdf import render_pdf
from tests.helpers.clients import fills_for
from tests.helpers.policies import POLICIES, spec_for
from tests.helpers.rebuilt import REBUILDERS, print_to_pdf


@pytest.mark.parametrize("tool", ["pypdf-append", "qpdf-pages"])
def test_a_rebuilt_form_in_place_of_the_original_is_the_same_record(tool, tmp_path):
    spec = spec_for(POLICIES / "worcestershire.yaml", "session-record")
    _, want = fills_for(spec)
    original = render_pdf(spec, want, document_id="doc-7").data
    inbox, db = tmp_path / "in", tmp_path / "h.db"
    inbox.mkdir()
    (inbox / "a.pdf").write_bytes(original)
    harvest([inbox], db, jobs=1)
    (inbox / "a.pdf").write_bytes(REBUILDERS[tool](original))
    result = harvest([inbox], db, jobs=1)
    assert result.counts.get("failed", 0) == 0, result.counts
    [record] = read_records(db)
    assert record["document"]["document_id"] == "doc-7" and record["values"] == want
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*), min(_document_id) FROM session_record").fetchone() == (1, "doc-7")
    assert con.execute("SELECT status FROM documents").fetchall() == [("ok",)]


def test_a_print_in_place_of_the_form_is_flattened_and_its_record_goes_to_history(tmp_path):
    spec = spec_for(POLICIES / "leeds.yaml", "agreement")
    _, want = fills_for(spec)
    original = render_pdf(spec, want, document_id="doc-8").data
    inbox, db = tmp_path / "in", tmp_path / "h.db"
    inbox.mkdir()
    (inbox / "a.pdf").write_bytes(original)
    harvest([inbox], db, jobs=1)
    (inbox / "a.pdf").write_bytes(print_to_pdf(original))
    harvest([inbox], db, jobs=1)
    con = sqlite3.connect(db)
    assert con.execute("SELECT status, code, message FROM documents").fetchall() == [("failed", "flattened", FLATTENED)]
    assert con.execute("SELECT count(*) FROM agreement").fetchone()[0] == 0
    history = con.execute("SELECT path, json_extract(record, '$.document.document_id') FROM history").fetchall()
    assert history == [(str((inbox / "a.pdf").resolve()), "doc-8")]
    [row] = csv.DictReader(io.StringIO(Path(db.parent / "problems.csv").read_text("utf-8-sig")))
    assert (row["code"], row["problem"]) == ("flattened", FLATTENED) and "not a printed" in row["what to do"]


@pytest.mark.parametrize("tool", ["pypdf-append", "qpdf-pages"])
def test_a_rebuilt_copy_beside_the_original_is_one_record_flagged_as_a_copy(tool, tmp_path):
    """A copy saved again by another program sits beside the original (other bytes, the same document
    id and answers): before, both were records, counted twice by the report and flagged as "a file with
    different answers"; now the records give it once and problems.csv calls it a copy. Near miss: a
    version with one answer changed is still `same-document-id`, and both stay records."""
    spec = spec_for(POLICIES / "worcestershire.yaml", "session-record")
    _, want = fills_for(spec)
    original = render_pdf(spec, want, document_id="doc-9").data
    inbox, db = tmp_path / "in", tmp_path / "h.db"
    inbox.mkdir()
    (inbox / "a.pdf").write_bytes(original)
    (inbox / "b.pdf").write_bytes(REBUILDERS[tool](original))
    result = harvest([inbox], db, jobs=1)
    assert result.counts.get("ok") == 2, result.counts
    assert (result.needs_attention, result.copies) == (0, 2)  # nothing to do: `docgen harvest` exits 0
    assert "; 2 are copies of another file, counted once (listed in problems.csv)" in result.summary()
    [record] = read_records(db)
    assert record["document"]["document_id"] == "doc-9" and record["values"] == want
    rows = {
        Path(r["path"]).name: r for r in csv.DictReader(io.StringIO((tmp_path / "problems.csv").read_text("utf-8-sig")))
    }
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
    con = sqlite3.connect(db)
    assert con.execute('SELECT count(*) FROM "Session records"').fetchone() == (1,)
    con.close()

    changed = dict(want, supervisee="Siân ap Rhŷs")  # near miss: an edited version, not a copy
    (inbox / "b.pdf").write_bytes(render_pdf(spec, changed, document_id="doc-9").data)
    result = harvest([inbox], db, jobs=1)
    assert (result.needs_attention, result.copies) == (2, 0) and "copies" not in result.summary()
    assert sorted(r["values"]["supervisee"] for r in read_records(db)) == sorted([want["supervisee"], "Siân ap Rhŷs"])
    rows = {
        Path(r["path"]).name: r for r in csv.DictReader(io.StringIO((tmp_path / "problems.csv").read_text("utf-8-sig")))
    }
    assert {name: row["code"] for name, row in rows.items()} == {
        "a.pdf": "same-document-id",
        "b.pdf": "same-document-id",
    }
    export(Store(db), ["csv"], tmp_path / "y")
    sheet = list(csv.DictReader(io.StringIO((tmp_path / "y" / "session_records.csv").read_text("utf-8-sig"))))
    assert len(sheet) == 2  # both versions are records: both are rows
    con = sqlite3.connect(db)
    assert con.execute('SELECT count(*) FROM "Session records"').fetchone() == (2,)
    con.close()
