"""A blank form is listed, not recorded: the harvest stores it as failed with the code `blank`
(in documents and problems.csv, never as a row of its form's table); a form with only the names
is a record, as before."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pikepdf
import pytest

from docgen.harvest import harvest, read_records
from docgen.parse.record import BLANK
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from tests.helpers.harvesting import problems, query, snapshot
from tests.helpers.policies import POLICIES, spec_for
from tests.helpers.stores import connect_store, table_names


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    """Each test runs in its own folder: a PostgreSQL store's problems.csv is written in the current one."""
    monkeypatch.chdir(tmp_path)


LEEDS = POLICIES / "leeds.yaml"


def _names(spec) -> dict:
    return {f.id: f"Name {f.id}" for f in spec.fields() if f.role in ("supervisee", "supervisor")}


def _documents(db: Path | str) -> dict[str, tuple]:
    rows = query(db, "SELECT path, status, code, message FROM documents")
    return {Path(p).name: tuple(rest) for p, *rest in rows}


def _problems(db: Path | str) -> dict[str, dict]:
    return {Path(r["path"]).name: r for r in problems(db)}


def test_blank_forms_are_failed_blank_and_not_rows_and_a_form_with_names_is_a_record(
    tmp_path, store_target, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # problems.csv of a PostgreSQL store is written in the current folder
    agreement, record = spec_for(LEEDS, "agreement"), spec_for(LEEDS, "session-record")
    inbox, db = tmp_path / "in", store_target
    inbox.mkdir()
    (inbox / "blank-agreement.pdf").write_bytes(render_pdf(agreement).data)
    (inbox / "blank-agreement.docx").write_bytes(render_docx(agreement).data)
    (inbox / "blank-record.pdf").write_bytes(render_pdf(record).data)
    (inbox / "names.pdf").write_bytes(render_pdf(agreement, _names(agreement)).data)
    result = harvest([inbox], db, jobs=1)
    docs = _documents(db)
    for name in ("blank-agreement.pdf", "blank-agreement.docx", "blank-record.pdf"):
        assert docs[name] == ("failed", "blank", BLANK), name
    assert docs["names.pdf"][:2] == ("ok_with_issues", None)
    con = connect_store(db)
    assert con.execute("SELECT count(*) FROM agreement").fetchone()[0] == 1
    tables = table_names(con)
    assert "session_record" not in tables or con.execute("SELECT count(*) FROM session_record").fetchone()[0] == 0
    con.close()
    assert [r["path"] for r in read_records(db)] == [str((inbox / "names.pdf").resolve())]
    problems = _problems(db)
    assert problems["blank-agreement.docx"]["code"] == "blank"
    assert problems["blank-agreement.docx"]["problem"] == BLANK
    assert "blank form is not stored" in problems["blank-agreement.docx"]["what to do"]
    assert problems["names.pdf"]["code"].split()[0] in ("not-signed", "missing-required")
    assert result.counts["failed"] == 3
    before = snapshot(db)
    again = harvest([inbox], db, jobs=1)  # running again changes nothing
    assert again.counts == {"unchanged": 4} and snapshot(db) == before


def test_a_record_whose_file_is_now_blank_goes_to_history(tmp_path, store_target):
    spec = spec_for(LEEDS, "agreement")
    inbox, db = tmp_path / "in", store_target
    inbox.mkdir()
    (inbox / "a.pdf").write_bytes(render_pdf(spec, _names(spec), document_id="doc-1").data)
    harvest([inbox], db, jobs=1)
    (inbox / "a.pdf").write_bytes(render_pdf(spec, document_id="doc-1").data)  # saved over with a blank form
    harvest([inbox], db, jobs=1)
    assert query(db, "SELECT count(*) FROM agreement") == [(0,)]
    assert _documents(db)["a.pdf"] == ("failed", "blank", BLANK)
    history = [json.loads(record)["document"]["document_id"] for (record,) in query(db, "SELECT record FROM history")]
    assert history == ["doc-1"]


def test_a_blank_form_carrying_javascript_still_warns(tmp_path, store_target):
    spec = spec_for(LEEDS, "agreement")
    pdf = pikepdf.open(io.BytesIO(render_pdf(spec).data))
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name("/JavaScript"), JS=pikepdf.String("app.alert(1);"))
    out = io.BytesIO()
    pdf.save(out)
    inbox, db = tmp_path / "in", store_target
    inbox.mkdir()
    (inbox / "blank-with-script.pdf").write_bytes(out.getvalue())
    (inbox / "blank.pdf").write_bytes(render_pdf(spec).data)  # the near miss: a plain blank form
    harvest([inbox], db, jobs=1)
    docs = _documents(db)
    assert docs["blank.pdf"] == ("failed", "blank", BLANK)
    status, code, message = docs["blank-with-script.pdf"]
    assert (status, code) == ("failed", "blank") and message.startswith(BLANK + "; but the file also holds: ")
    assert "JavaScript" in message
