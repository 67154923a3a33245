"""The one date parser (docgen/dates.py): each mode keeps what its callers accepted before."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.dates import parse_date

D = dt.date(2026, 3, 1)


@pytest.mark.parametrize("text", ["2026-03-01"])
def test_iso_mode_reads_only_yyyy_mm_dd(text):
    assert parse_date(text, "iso") == D


@pytest.mark.parametrize(
    "text", ["01/03/2026", "2026-3-1", "20260301", " 2026-03-01", "2026-03-01T10:00", "2026-02-30", "", "1 March 2026"]
)
def test_iso_mode_refuses_everything_else(text):
    assert parse_date(text, "iso") is None


@pytest.mark.parametrize("text", ["2026-03-01", " 2026-03-01 ", "2026-03-01T10:00:00", "2026-03-01 10:00"])
def test_iso_start_mode_reads_the_date_a_stored_answer_starts_with(text):
    assert parse_date(text, "iso-start") == D


@pytest.mark.parametrize("value", ["01/03/2026", "soon", "", None, 3, "2026-02-30"])
def test_iso_start_mode_refuses_the_rest(value):
    assert parse_date(value, "iso-start") is None


@pytest.mark.parametrize("text", ["01/03/2026", "1/3/2026", "2026-03-01", "01-03-2026"])
def test_staff_mode_reads_the_csv_forms(text):
    assert parse_date(text, "staff") == D


@pytest.mark.parametrize("text", ["01.03.2026", "01/03/26", "1 March 2026", "31/02/2026", "03/2026", "x"])
def test_staff_mode_refuses_the_rest(text):
    assert parse_date(text, "staff") is None


@pytest.mark.parametrize(
    "text",
    [
        "01/03/2026",
        "1/3/2026",
        "2026-03-01",
        "01-03-2026",
        "01.03.2026",
        "01/03/26",
        "1 March 2026",
        "1st March 2026",
        "1st Mar 2026",
        "01 Mar 2026",
    ],
)
def test_people_mode_reads_what_people_write_in_a_form(text):
    assert parse_date(text, "people") == D


@pytest.mark.parametrize("text", ["31/02/2026", "next Tuesday", "2026", "March 1 2026", "13/13/2026"])
def test_people_mode_refuses_what_is_not_a_date(text):
    assert parse_date(text, "people") is None


@pytest.mark.parametrize("mode", ["iso", "iso-start", "staff", "people"])
def test_a_date_is_a_date_in_every_mode(mode):
    assert parse_date(D, mode) == D


def test_every_caller_reads_dates_through_the_one_parser(monkeypatch):
    """Structure (policy YAML), the report's stored answers, the form's Date field and the staff
    CSV all call docgen.dates.parse_date, each with its own mode."""
    import docgen.dates
    import docgen.forms.fields
    import docgen.policy.staff
    import docgen.report.months
    import docgen.structure

    calls = []

    def spy(value, mode):
        calls.append(mode)
        return D

    for module in (docgen.structure, docgen.report.months, docgen.forms.fields, docgen.policy.staff):
        monkeypatch.setattr(module, "parse_date", spy)
    from docgen.forms.tree import FieldSpec
    from docgen.yamlnodes import load_text

    context = docgen.structure.Context(file="p.yaml")
    assert docgen.structure.structure(load_text("whenever", "p.yaml"), dt.date, "day", context) == D
    assert docgen.report.months.parse_iso("whenever") == D
    assert (
        docgen.forms.fields.FIELD_TYPES["date"].coerce(FieldSpec(id="d", type="date", label="D"), "whenever").value
        == "2026-03-01"
    )
    [ann] = docgen.policy.staff.parse_staff(
        "staff_id,name,start_date\ns1,Ann,whenever\n", "s.csv", docgen.policy.staff.ROSTER
    )
    assert ann.start_date == D
    assert calls == ["iso", "iso-start", "people", "staff", "staff", "staff"]  # start, ASYE, leaving
