"""The session log form kind (issue 19): one row per planned session (date planned; held, cancelled
or moved; by whom; the date notice was given; the new date; initials). Its template resolves for a
policy with booking rules and states them on the form; real clients (LibreOffice for the DOCX,
poppler and pdf.js for the PDF) fill every field and docgen reads back exactly what they wrote; a
filled log goes through the harvest into its own tables and the report reads it for B2 and B3."""

from __future__ import annotations

import datetime as dt
import re

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

BOOKING = """booking:
  cancellation_notice:
    at_least: "2 days"
    source: {ref: own, at: "4.3", quote: "Give at least two days' notice to cancel a session."}
  rearranged:
    within: "10 days"
    source: {ref: own, at: "4.3"}
case_discussion:
"""
FORMS = "session-record: generic_session_record"


def policy_file(write):
    text = minimal_policy(**{"case_discussion:\n": BOOKING, FORMS: FORMS + "\n    session-log: session_log"})
    return write("policy.yaml", text)


@pytest.fixture
def log_spec(write):
    return build_form(load_policy(policy_file(write)), "session-log")


def _visible(data: bytes, name: str) -> str:
    import io
    import zipfile

    if name.endswith(".docx"):
        xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        return re.sub(r"<[^>]+>", "", re.sub(r"</w:p>", " ", xml))
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    return " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def test_the_session_log_has_every_role_the_report_reads_and_states_the_booking_rules(log_spec):
    roles = {f.role for f in log_spec.fields()} | {r.role for r in log_spec.repeats()}
    assert set(REQUIRED_ROLES["session-log"]) <= roles
    (table,) = log_spec.repeats()
    outcome, by = (f for f in table.fields if f.role in ("log_outcome", "log_cancelled_by"))
    assert [o.key for o in outcome.options] == ["held", "cancelled", "moved"]
    assert [o.key for o in by.options] == ["supervisor", "supervisee", "other"]
    for render, name in ((render_docx, "f.docx"), (render_pdf, "f.pdf")):
        text = " ".join(_visible(render(log_spec).data, name).split())
        assert "A session is not cancelled or moved by the supervisor or the supervisee with less than 2 days" in text
        assert "rearranged to a date within 10 days of it was cancelled" not in text  # words read as a sentence
        assert "rearranged to a date within 10 days of the day it was cancelled" in text, name


def test_libreoffice_fills_every_control_of_the_word_session_log(libreoffice, log_spec, tmp_path):
    saved, want, _, _ = fill_with_libreoffice(libreoffice, log_spec, tmp_path)
    record = parse_bytes(saved, "filled.docx")
    assert record.values == want
    assert record.issues == []


@pytest.mark.parametrize("client", [pytest.param("poppler", marks=poppler), pytest.param("pdfjs", marks=pdfjs)])
def test_a_real_pdf_viewer_fills_every_field_of_the_session_log(client, log_spec, tmp_path):
    _, saved, want = fill_with(client, log_spec, tmp_path)
    record = parse_bytes(saved, "filled.pdf")
    assert record.values == want
    assert record.issues == []


def test_a_filled_session_log_is_harvested_into_its_own_tables_and_read_by_the_report(
    write, tmp_path, store_target, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # a PostgreSQL store's problems.csv is written here
    loaded = load_policy(policy_file(write))
    spec = build_form(loaded, "session-log")
    rows = [
        {"planned": "2024-03-12", "outcome": "cancelled", "by": "supervisor", "notice": "2024-03-11", "initials": "BB"},
        {
            "planned": "2024-04-09",
            "outcome": "moved",
            "by": "supervisee",
            "notice": "2024-04-07",
            "rearranged": "2024-04-12",
            "initials": "NN",
        },
        {"planned": "2024-05-07", "outcome": "held", "initials": "BB"},
    ]
    values = {"supervisee": "Nia Newydd", "supervisor": "Bea Boss", "sessions": rows}
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "log.pdf").write_bytes(render_pdf(spec, values).data)
    (folder / "log2.docx").write_bytes(render_docx(spec, values | {"supervisee": "Eve Old"}).data)
    harvest([folder], store_target, {loaded.policy.id: loaded})
    con = connect_store(store_target)
    got = sorted(con.execute('SELECT planned, outcome, "by", notice, rearranged FROM session_log__sessions'))
    con.close()
    assert got.count(("2024-03-12", "cancelled", "supervisor", "2024-03-11", None)) == 2
    assert ("2024-04-09", "moved", "supervisee", "2024-04-07", "2024-04-12") in got
    roster = parse_roster(
        "staff_id,name,supervisor_id,team,role,experience,employment,fte,contact,start_date\n"
        "B,Bea Boss,,T,manager,experienced,full_time,1,direct,2015-01-01\n"
        "N1,Nia Newydd,B,T,social_worker,experienced,full_time,1,direct,2020-01-01\n"
    )
    report = build_report(read_records(store_target), loaded, roster, dt.date(2024, 6, 1))
    # planted: 1 day's notice, and no new date nor session within 10 days; near miss: exactly 2 days' notice,
    # rearranged 5 days after the notice (the row "held" is never a cancellation)
    assert sorted((f.check, f.date) for f in report.findings if f.check in ("B2", "B3")) == [
        ("B2", dt.date(2024, 3, 12)),
        ("B3", dt.date(2024, 3, 12)),
    ]
    assert any("session-log" in n and '"Eve Old" is not on the roster' in n for n in report.notes)


def test_the_session_log_and_front_sheet_pass_the_layout_checker(write):
    """Both new kinds, as docgen's PDF and as LibreOffice prints the DOCX, blank and filled with long
    Welsh answers: no layout violation (the rules of tests/helpers/layout_rules.py)."""
    from tests.helpers import layout_check

    text = minimal_policy(
        **{"case_discussion:\n": BOOKING, FORMS: "session-log: session_log\n    front-sheet: front_sheet"}
    )
    cases = layout_check.run([write("forms.yaml", text)], ["pdf", "docx"], ["blank", "filled"])
    assert sorted({c.form for c in cases}) == ["front-sheet", "session-log"] and len(cases) == 8
    assert all(c.pages >= 1 for c in cases)
    found = layout_check.listing(cases).splitlines()
    assert not found, "\n".join(found[:40])
