"""The public API (docgen/__init__.py): plain functions returning result objects, end to end, and
an `import docgen` that loads no heavy library."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

import docgen
from tests.helpers.policies import ROOT

POLICY = ROOT / "policies" / "worcestershire.yaml"


def _values(session_date: str, **more) -> dict:
    return {
        "supervisee": "Ann Jones",
        "supervisor": "Bob Smith",
        "session_date": session_date,
        "duration_minutes": 90,
        "supervision_type": "Planned/formal supervision",
        **more,
    }


def test_policy_to_form_to_docx_and_pdf_to_parse_to_harvest_to_report(tmp_path, store_target, monkeypatch):
    """The whole loop, the harvest into an SQLite file or a PostgreSQL store (a URL where a path goes)."""
    monkeypatch.chdir(tmp_path)  # a PostgreSQL store's problems.csv is written here
    loaded = docgen.load_policy(POLICY)
    assert isinstance(loaded, docgen.LoadedPolicy) and "session-record" in docgen.form_keys(loaded)
    spec = docgen.build_form(loaded, "session-record")
    assert isinstance(spec, docgen.FormSpec)

    blank = docgen.render_docx(spec)
    assert isinstance(blank, docgen.Rendered) and blank.data[:2] == b"PK"
    docx = docgen.fill_docx(
        blank.data,
        _values("2025-01-10", actions_management=[{"action": "Book the core group", "by_whom": "Ann Jones"}]),
    )
    pdf = docgen.render_pdf(spec, _values("2025-02-10")).data
    assert pdf.startswith(b"%PDF-")

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "january.docx").write_bytes(docx)
    (inbox / "february.pdf").write_bytes(pdf)
    read_docx, read_pdf = docgen.parse_form(inbox / "january.docx"), docgen.parse_form(pdf)
    assert isinstance(read_docx, docgen.Record) and isinstance(read_pdf, docgen.Record)
    assert (read_docx.values["session_date"], read_pdf.values["session_date"]) == ("2025-01-10", "2025-02-10")
    assert read_docx.values["actions_management"][0]["by_whom"] == "Ann Jones"
    assert read_pdf.manifest["form_id"] == read_docx.manifest["form_id"] == spec.manifest.form_id

    result = docgen.harvest_folders(inbox, store_target, [loaded], jobs=1)
    assert isinstance(result, docgen.HarvestResult)
    assert (result.files, result.counts["ok"] + result.counts["ok_with_issues"]) == (2, 2)
    assert len(docgen.read_records(store_target)) == 2

    roster = tmp_path / "staff.csv"
    roster.write_text(
        "staff_id,supervisee,supervisor_id,team\nM1,Bob Smith,,North\nS1,Ann Jones,M1,North\n", encoding="utf-8"
    )
    report = docgen.build_report(store_target, POLICY, roster, dt.date(2025, 12, 1))
    assert isinstance(report, docgen.Report) and report.sessions == 2
    found = {(f.check, f.staff_id) for f in report.findings}
    assert ("A1", "S1") in found  # supervised, with no signed agreement harvested
    assert ("ACT1", "S1") in found  # January's action has an owner but no deadline
    assert ("ACT1", "M1") not in found  # findings are about the supervisee the forms name
    # the same report from objects already loaded
    again = docgen.build_report(store_target, loaded, docgen.read_roster(roster), dt.date(2025, 12, 1))
    assert again.keys() == report.keys()
    paths = docgen.write_report(report, tmp_path / "report.html", tmp_path / "findings.csv")
    assert [p.name for p in paths] == ["report.html", "findings.csv"]


def test_one_except_catches_what_the_api_raises(tmp_path):
    with pytest.raises(docgen.DocgenError) as caught:
        docgen.parse_form(b"%PDF-1.7 not really")
    assert isinstance(caught.value, docgen.FormError)
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [\n", encoding="utf-8")
    with pytest.raises(docgen.DocgenError) as caught:
        docgen.load_policy(bad)
    assert isinstance(caught.value, docgen.ProblemsFound) and caught.value.problems[0].code == "yaml-syntax"


def test_the_public_names_are_listed_and_load():
    for name in docgen.__all__:
        assert getattr(docgen, name) is not None, name
    assert {
        "load_policy",
        "build_form",
        "render_docx",
        "render_pdf",
        "parse_form",
        "harvest_folders",
        "build_report",
        "DocgenError",
    } <= set(docgen.__all__)
    with pytest.raises(AttributeError):
        docgen.no_such_name  # noqa: B018


def test_import_docgen_loads_no_heavy_library():
    code = (
        "import sys, json, docgen; print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('reportlab', 'lxml', 'matplotlib', 'pikepdf', 'pypdf', 'openpyxl', 'docx', 'yaml', 'jinja2'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == []
