"""Fillable Word forms: structure of what is generated, and parse(fill(generate(spec))) == values."""

import io
import zipfile

import docx as python_docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from docgen.forms import form_keys
from docgen.parse.docx import parse_docx
from docgen.policy import load_policy
from docgen.render.docx import fill_docx, render_docx
from tests.helpers.policies import SHIPPED, spec_for
from tests.helpers.values import empty_answer_codes, expected, form_values

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"

FORMS = [(path, key) for path in SHIPPED for key in form_keys(load_policy(path))]


def parts(data: bytes) -> dict[str, bytes]:
    zf = zipfile.ZipFile(io.BytesIO(data))
    return {name: zf.read(name) for name in zf.namelist()}


@pytest.mark.parametrize("path,key", FORMS, ids=[f"{p.stem}-{k}" for p, k in FORMS])
def test_one_locked_control_per_field_with_tag_alias_and_placeholder(path, key):
    spec = spec_for(path, key)
    data = render_docx(spec).data
    body = etree.fromstring(parts(data)["word/document.xml"])
    controls = [
        s
        for s in body.iter(f"{W}sdt")
        if s.find(f"{W}sdtPr/{W15}repeatingSection") is None
        and s.find(f"{W}sdtPr/{W15}repeatingSectionItem") is None
        and "=" not in s.find(f"{W}sdtPr/{W}tag").get(f"{W}val")  # a tick-box choice's option: below
    ]
    tags = [c.find(f"{W}sdtPr/{W}tag").get(f"{W}val") for c in controls]
    repeats = {r.id: r for r in spec.repeats()}
    want = []
    for f in spec.fields():
        rid = f.id.rpartition(".")[0]
        want += [f.id] * (repeats[rid].rows if rid in repeats else 1)
    assert sorted(tags) == sorted(want)
    labels = {f.id: f.label for f in spec.fields()}
    for control, tag in zip(controls, tags, strict=True):
        pr = control.find(f"{W}sdtPr")
        assert labels[tag].rstrip(" :*")[:200] in pr.find(f"{W}alias").get(f"{W}val")  # and more: test_field_names.py
        assert pr.find(f"{W}lock").get(f"{W}val") == "sdtLocked"
    boxes = [s.find(f"{W}sdtPr") for s in body.iter(f"{W}sdt")]
    options = [p for p in boxes if p.find(f"{W}tag") is not None and "=" in p.find(f"{W}tag").get(f"{W}val")]
    want_options = []
    for f in spec.fields():
        rid = f.id.rpartition(".")[0]
        want_options += [f"{f.id}={o.key}" for o in f.options] * (repeats[rid].rows if rid in repeats else 1)
    assert sorted(p.find(f"{W}tag").get(f"{W}val") for p in options) == sorted(want_options)
    for pr in options:  # each option a locked checkbox, titled by its question and option
        field_id, _, key = pr.find(f"{W}tag").get(f"{W}val").partition("=")
        label = {o.key: o.label for f in spec.fields() if f.id == field_id for o in f.options}[key]
        assert pr.find(f"{W}alias").get(f"{W}val").endswith(f": {label}")
        assert pr.find(f"{W}lock").get(f"{W}val") == "sdtLocked" and pr.find(f"{W14}checkbox") is not None
    sections = [
        s.find(f"{W}sdtPr/{W}tag").get(f"{W}val")
        for s in body.iter(f"{W}sdt")
        if s.find(f"{W}sdtPr/{W15}repeatingSection") is not None
    ]
    assert sections == [r.id for r in spec.repeats()]


def test_document_is_a4_en_gb_with_headings_header_footer_and_manifest():
    path = next(p for p in SHIPPED if p.stem == "worcestershire")
    spec = spec_for(path, "session-record")
    rendered = render_docx(spec, document_id="doc-123")
    p = parts(rendered.data)
    body = etree.fromstring(p["word/document.xml"])
    size = body.find(f".//{W}sectPr/{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    assert b'w:lang w:val="en-GB"' in p["word/styles.xml"]
    styles = [s.get(f"{W}val") for s in body.iter(f"{W}pStyle")]
    assert "Heading1" in styles and "Heading2" in styles and styles.index("Heading1") < styles.index("Heading2")
    assert b"Worcestershire Safeguarding Children Board" in p["word/header1.xml"]
    assert b"PAGE" in p["word/footer1.xml"] and b"NUMPAGES" in p["word/footer1.xml"]
    header_rows = [tr for tr in body.iter(f"{W}tr") if tr.find(f"{W}trPr/{W}tblHeader") is not None]
    assert len(header_rows) == len(list(spec.repeats()))
    # python-docx, an independent reader, opens it and sees the core properties
    doc = python_docx.Document(io.BytesIO(rendered.data))
    props = doc.core_properties
    assert (props.identifier, props.version, props.title, props.language) == (
        "doc-123",
        "1.0",
        "Record of Safeguarding Supervision",
        "en-GB",
    )
    manifest = etree.fromstring(p["customXml/item1.xml"])
    assert manifest.get("form_id") == "worcestershire_session_record"
    assert manifest.get("policy_digest") == spec.manifest.policy_digest
    assert manifest.get("document_id") == "doc-123"


def test_each_generated_document_gets_its_own_id():
    spec = spec_for(SHIPPED[0], form_keys(load_policy(SHIPPED[0]))[0])
    assert render_docx(spec).document_id != render_docx(spec).document_id


def test_blank_form_parses_to_empty_values_with_required_issues():
    path = next(p for p in SHIPPED if p.stem == "worcestershire")
    spec = spec_for(path, "session-record")
    record = parse_docx(render_docx(spec).data)
    assert record.values == expected(spec, {})
    signatures = {f.id for f in spec.fields() if f.role in ("signature_supervisee", "signature_supervisor")}
    required = {f.id for f in spec.fields() if f.required} - signatures
    assert len(signatures) == 2 and required
    assert {i.field for i in record.issues if i.code == "missing-required"} == required
    assert {i.field for i in record.issues if i.code == "not-signed"} == signatures
    assert {i.code for i in record.issues} == {"blank", "missing-required", "not-signed"}  # never filled in


@pytest.mark.parametrize("path,key", FORMS, ids=[f"{p.stem}-{k}" for p, k in FORMS])
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_round_trip_fill_then_parse(path, key, data):
    spec = spec_for(path, key)
    values = data.draw(form_values(spec))
    filled = fill_docx(render_docx(spec).data, values)
    record = parse_docx(filled)
    assert record.values == expected(spec, values)
    assert not [i for i in record.issues if i.code not in empty_answer_codes(record.values)]


def test_prefilled_values_render_into_the_form():
    path = next(p for p in SHIPPED if p.stem == "worcestershire")
    spec = spec_for(path, "agreement")
    rendered = render_docx(spec, {"parties_supervisee": "Ann \x0bJones", "review_date": "2027-01-31"})
    record = parse_docx(rendered.data)
    assert record.values["parties_supervisee"] == "Ann \nJones"
    assert record.values["review_date"] == "2027-01-31"
    assert rendered.notes == (
        ("parties_supervisee", "a line break pasted from a spreadsheet was turned into a new line"),
    )


def test_filling_a_filled_form_with_more_rows_starts_new_rows_empty():
    path = next(p for p in SHIPPED if p.stem == "worcestershire")
    spec = spec_for(path, "session-record")
    rows = [{"action": f"a{i}", "by_whom": "A", "by_when": "2026-01-31"} for i in range(3)]
    once = fill_docx(render_docx(spec).data, {"actions_support": rows})
    twice = fill_docx(once, {"actions_support": rows + [{"action": "a3"}]})
    assert parse_docx(twice).values["actions_support"] == rows + [{"action": "a3", "by_whom": None, "by_when": None}]
