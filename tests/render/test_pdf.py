"""Fillable PDF forms: structure, stamped values read back, independent readers."""

import io
import json
import shutil
import subprocess

import pikepdf
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.cli import main
from docgen.forms import form_keys
from docgen.parse import parse_bytes
from docgen.policy import load_policy
from docgen.render.pdf import render_pdf
from tests.helpers.pdfs import field_names, labelled
from tests.helpers.policies import POLICIES, SHIPPED, spec_for
from tests.helpers.values import empty_answer_codes, expected, form_values

FORMS = [(path, key) for path in SHIPPED for key in form_keys(load_policy(path))]


# Every PDF parsed here is read by both readers (tests/conftest.py), which must agree.
pytestmark = pytest.mark.usefixtures("both_pdf_readers")


@pytest.mark.parametrize("path,key", FORMS, ids=[f"{p.stem}-{k}" for p, k in FORMS])
def test_one_named_field_per_spec_field_with_label_tooltip(path, key):
    spec = spec_for(path, key)
    pdf = pikepdf.open(io.BytesIO(render_pdf(spec, document_id="d1").data))
    fields = {str(f.T): str(f.get("/TU", "")) for f in pdf.Root.AcroForm.Fields}
    assert labelled(fields, spec) == field_names(spec)
    assert json.loads(str(pdf.docinfo["/DocgenManifest"]))["form_id"] == spec.manifest.form_id
    assert json.loads(str(pdf.docinfo["/DocgenManifest"]))["document_id"] == "d1"
    assert str(pdf.docinfo["/Title"]) == spec.title and str(pdf.Root.Lang) == "en-GB"
    assert all([round(float(v)) for v in page.MediaBox] == [0, 0, 595, 842] for page in pdf.pages)
    assert "/NeedAppearances" not in pdf.Root.AcroForm


@pytest.mark.parametrize("path,key", FORMS, ids=[f"{p.stem}-{k}" for p, k in FORMS])
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_round_trip_stamped_values(path, key, data):
    spec = spec_for(path, key)
    values = data.draw(form_values(spec))
    record = parse_bytes(render_pdf(spec, values).data, "form.pdf")
    assert record.values == expected(spec, values)
    assert [i for i in record.issues if i.code not in empty_answer_codes(record.values)] == []


def test_characters_the_form_font_cannot_draw_are_reported_and_kept():
    spec = spec_for(POLICIES / "worcestershire.yaml", "session-record")
    rendered = render_pdf(spec, {"supervisee": "Siân ap Rhŷs ŵ 中文 (a\\b)"})
    assert rendered.notes == (
        ("supervisee", "the form font cannot draw 中文; the value is kept and shows when edited"),
    )
    assert parse_bytes(rendered.data, "f.pdf").values["supervisee"] == "Siân ap Rhŷs ŵ 中文 (a\\b)"


@pytest.mark.skipif(not shutil.which("qpdf"), reason="qpdf is not installed")
def test_hertfordshire_forms_pass_qpdf_check(tmp_path):
    result = CliRunner().invoke(
        main, ["generate", str(POLICIES / "hertfordshire.yaml"), "-o", str(tmp_path), "--format", "pdf"]
    )
    assert result.exit_code == 0, result.stderr
    made = sorted(tmp_path.glob("*.pdf"))
    loaded = load_policy(POLICIES / "hertfordshire.yaml")
    handouts = [h for h in loaded.policy.documents.handouts if h != "preparation_sheet"]  # that one is a form
    assert len(made) == len(form_keys(loaded)) + 1 + len(handouts)  # + the policy document and the handouts
    for pdf in made:
        check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout, check.stdout


def test_generate_both_formats_by_default_when_asked(tmp_path):
    result = CliRunner().invoke(
        main, ["generate", "leeds", "-o", str(tmp_path), "--format", "docx,pdf", "--only", "case-record"]
    )
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leeds_case_record.docx", "leeds_case_record.pdf"]
