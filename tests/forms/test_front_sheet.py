"""The supervision file front sheet (issue 19): supervisee, supervisor, start date, agreement date
and an index of what the file holds, with dates. Real clients (LibreOffice for the DOCX, poppler and
pdf.js for the PDF) fill every field and docgen reads back exactly what they wrote; a filled front
sheet is harvested into its own tables, and the report files it as nothing to check (not a note)."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.forms import build_form
from docgen.forms.roles import REQUIRED_ROLES
from docgen.harvest import harvest, read_records
from docgen.parse import parse_bytes
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from docgen.report import build_report, parse_roster
from tests.helpers.clients import fill_with_libreoffice
from tests.helpers.pdf_viewers import fill_with, pdfjs, poppler
from tests.helpers.policies import minimal_policy
from tests.helpers.stores import connect_store

FORMS = "session-record: generic_session_record"


def policy_file(write):
    return write("policy.yaml", minimal_policy(**{FORMS: FORMS + "\n    front-sheet: front_sheet"}))


@pytest.fixture
def sheet_spec(write):
    return build_form(load_policy(policy_file(write)), "front-sheet")


def test_the_front_sheet_has_its_roles_and_an_index_with_room_for_a_file():
    from docgen.policy import load_policy_text

    spec = build_form(
        load_policy_text(minimal_policy(**{FORMS: FORMS + "\n    front-sheet: front_sheet"})), "front-sheet"
    )
    roles = {f.role for f in spec.fields()} | {r.role for r in spec.repeats()}
    assert set(REQUIRED_ROLES["front-sheet"]) <= roles
    (index,) = spec.repeats()
    assert [f.type for f in index.fields] == ["text", "date"] and index.rows >= 12


def test_libreoffice_fills_every_control_of_the_word_front_sheet(libreoffice, sheet_spec, tmp_path):
    saved, want, _, _ = fill_with_libreoffice(libreoffice, sheet_spec, tmp_path)
    record = parse_bytes(saved, "filled.docx")
    assert record.values == want
    assert record.issues == []


@pytest.mark.parametrize("client", [pytest.param("poppler", marks=poppler), pytest.param("pdfjs", marks=pdfjs)])
def test_a_real_pdf_viewer_fills_every_field_of_the_front_sheet(client, sheet_spec, tmp_path):
    _, saved, want = fill_with(client, sheet_spec, tmp_path)
    record = parse_bytes(saved, "filled.pdf")
    assert record.values == want
    assert record.issues == []


def test_a_front_sheet_is_harvested_into_its_own_tables(write, tmp_path, store_target, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a PostgreSQL store's problems.csv is written here
    loaded = load_policy(policy_file(write))
    spec = build_form(loaded, "front-sheet")
    values = {
        "supervisee": "Nia Newydd",
        "supervisor": "Bea Boss",
        "start_date": "2023-09-01",
        "agreement_date": "2023-09-14",
        "contents": [
            {"item": "Supervision agreement", "dated": "2023-09-14"},
            {"item": "Record of supervision", "dated": "2023-10-02"},
        ],
    }
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "front.pdf").write_bytes(render_pdf(spec, values).data)
    (folder / "front.docx").write_bytes(render_docx(spec, values).data)
    harvest([folder], store_target, {loaded.policy.id: loaded})
    con = connect_store(store_target)
    assert (
        sorted(con.execute("SELECT supervisee, start_date, agreement_date FROM front_sheet"))
        == [("Nia Newydd", "2023-09-01", "2023-09-14")] * 2
    )
    assert sorted(con.execute("SELECT item, dated FROM front_sheet__contents")) == [
        ("Record of supervision", "2023-10-02"),
        ("Record of supervision", "2023-10-02"),
        ("Supervision agreement", "2023-09-14"),
        ("Supervision agreement", "2023-09-14"),
    ]
    con.close()
    roster = parse_roster("staff_id,name,supervisor_id\nB,Bea Boss,\nN1,Nia Newydd,B\n")
    report = build_report(read_records(store_target), loaded, roster, dt.date(2024, 6, 1))
    assert not any("front" in n for n in report.notes)  # an index: nothing to check, and not "not a form"
