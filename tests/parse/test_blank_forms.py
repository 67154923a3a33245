"""A form never filled in is blank: one `blank` issue says so (docgen/parse/record.py), whatever
its kind or format; a form with any answer (only the names, or what prefill wrote) is not."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.forms import form_keys
from docgen.forms.fieldlist import FieldList
from docgen.forms.fields import FIELD_TYPES
from docgen.parse import RawForm, coerce, parse_bytes
from docgen.parse.record import BLANK
from docgen.policy import load_policy
from docgen.prefill import StaffRow, prefill_manifest, prefill_values
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from tests.helpers.policies import POLICIES, SHIPPED, spec_for

FORMS = [(path, key) for path in SHIPPED for key in form_keys(load_policy(path))]
RENDER = {"pdf": render_pdf, "docx": render_docx}


def codes(record) -> list[str]:
    return [i.code for i in record.issues]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("path,key", FORMS, ids=[f"{p.stem}-{k}" for p, k in FORMS])
def test_every_blank_form_of_every_kind_reads_as_blank(path, key, fmt):
    record = parse_bytes(RENDER[fmt](spec_for(path, key)).data, f"form.{fmt}")
    assert record.issues[0].as_dict() == {"field": "", "code": "blank", "message": BLANK}
    assert codes(record).count("blank") == 1
    assert all(v in (None, False, []) for v in record.values.values())


def _by_role(spec, *roles: str) -> dict:
    return {f.id: f"Name {f.id}" for f in spec.fields() if f.role in roles and "." not in f.id}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_form_with_only_the_names_is_not_blank_but_is_not_signed(fmt):
    spec = spec_for(POLICIES / "leeds.yaml", "agreement")
    names = _by_role(spec, "supervisee", "supervisor")
    assert len(names) == 2
    record = parse_bytes(RENDER[fmt](spec, names).data, f"form.{fmt}")
    assert "blank" not in codes(record) and "not-signed" in codes(record)
    assert {k: record.values[k] for k in names} == names


def test_one_ticked_box_or_one_row_is_an_answer_and_an_unticked_box_is_not():
    form = FieldList.from_data(
        [
            {"id": "consent", "type": "checkbox", "label": "Consent"},
            {"id": "notes", "type": "multiline", "label": "Notes"},
            {"id": "actions.what", "type": "text", "label": "Action"},
            {"id": "actions.done", "type": "checkbox", "label": "Done"},
        ],
        [{"id": "actions"}],
    )
    for values, rows, blank in (
        ({"consent": "/Yes"}, [], False),
        ({"consent": "/Off", "notes": "  "}, [], True),
        ({}, [{"what": "", "done": "/Off"}], True),
        ({}, [{"what": "Call the school", "done": "/Off"}], False),
        ({}, [{"what": "", "done": "/Yes"}], False),
    ):
        record = coerce(RawForm({"kind": "agreement"}, form, dict(values), {"actions": rows}))
        assert ("blank" in codes(record)) is blank, (values, rows)
    spec = spec_for(POLICIES / "worcestershire.yaml", "session-record")  # a real form: one row is an answer
    repeat = next(iter(spec.repeats()))
    cell = next(f for f in repeat.fields if FIELD_TYPES[f.type].control == "text")
    for render, name in ((render_pdf, "f.pdf"), (render_docx, "f.docx")):
        record = parse_bytes(render(spec, {repeat.id: [{cell.id.rpartition(".")[2]: "Call the school"}]}).data, name)
        assert "blank" not in codes(record), name


def test_what_counts_as_an_answer_is_the_field_types_to_say():
    assert FIELD_TYPES["checkbox"].answered(True) and not FIELD_TYPES["checkbox"].answered(False)
    assert not FIELD_TYPES["checkbox"].answered(None)
    for name in ("text", "multiline", "date", "choice", "number", "signature"):
        assert not FIELD_TYPES[name].answered(None) and not FIELD_TYPES[name].answered(""), name
    assert FIELD_TYPES["number"].answered(0) and FIELD_TYPES["choice"].answered("monthly")
    assert FIELD_TYPES["text"].answered("not a date")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_form_prefilled_from_the_staff_list_and_never_filled_in_is_not_blank(fmt):
    """Decision: prefill writes the names (and the agreed frequency, the start date), and a form
    with the names is ok_with_issues (issue 20), so a prefilled form is a record, not signed."""
    loaded = load_policy(POLICIES / "leeds.yaml")
    spec = spec_for(POLICIES / "leeds.yaml", "agreement")
    row = StaffRow(line=2, supervisee="Ann Example", supervisor="Bo Example", start_date=dt.date(2026, 1, 5))
    values = prefill_values(loaded, spec, row)
    extra = prefill_manifest(loaded, spec, row, values)
    record = parse_bytes(RENDER[fmt](spec, values, manifest_entries=extra).data, f"form.{fmt}")
    assert "blank" not in codes(record) and "not-signed" in codes(record)
    assert "Ann Example" in record.values.values()


def test_docgen_parse_says_a_blank_form_was_never_filled_in(tmp_path):
    spec = spec_for(POLICIES / "leeds.yaml", "agreement")
    (tmp_path / "blank.pdf").write_bytes(render_pdf(spec).data)
    (tmp_path / "names.pdf").write_bytes(render_pdf(spec, _by_role(spec, "supervisee")).data)
    for name, blank in (("blank.pdf", True), ("names.pdf", False)):
        result = CliRunner().invoke(main, ["parse", str(tmp_path / name)])
        assert result.exit_code == 1, result.output  # a blank form, like a form with issues, needs attention
        issues = json.loads(result.stdout)["issues"]
        assert (issues[0] == {"field": "", "code": "blank", "message": BLANK}) is blank, name
