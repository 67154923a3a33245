"""Reading PDF forms: values through every field type, the quirks of real fillers, bad files.

docgen does not draw PDF forms yet (that is the PDF renderer's issue), so these tests make
AcroForm PDFs the way reportlab and a pikepdf pass will: fields named per `pdf_name`, tooltips
= labels, the manifest and field list in the document information, values set as viewers set
them (Unicode /V, /AS for ticks).
"""

import io
import json

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.pdfgen import canvas

from docgen.forms import build_form
from docgen.forms.fieldlist import FieldList, pdf_name
from docgen.parse import FormError, parse_bytes
from docgen.policy import load_policy
from tests.helpers.policies import POLICIES, SHIPPED
from tests.helpers.values import empty_answer_codes, expected, form_values

# Every PDF parsed here is read by both readers (tests/conftest.py), which must agree.
pytestmark = pytest.mark.usefixtures("both_pdf_readers")


def blank_pdf(spec) -> bytes:
    """An AcroForm with one field per spec field (and per repeat row), like docgen's PDF forms."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    form = c.acroForm
    repeats = {r.id: r for r in spec.repeats()}
    names = []
    for f in spec.fields():
        rid = f.id.rpartition(".")[0]
        rows = range(repeats[rid].rows) if rid in repeats else [None]
        for row in rows:
            names.append((pdf_name(f.id, row), f))
    assert len(names) <= 130, "the test helper lays out one page of fields"
    for n, (name, f) in enumerate(names):
        x, y = 30 + 280 * (n // 65), 810 - 12 * (n % 65)
        if f.type == "checkbox":
            form.checkbox(name=name, tooltip=f.label, x=x, y=y, size=10, fieldFlags="", buttonStyle="check")
        elif f.options:
            form.choice(
                name=name,
                tooltip=f.label,
                x=x,
                y=y,
                width=250,
                height=10,
                fieldFlags="combo",
                options=[(o.label, o.key) for o in f.options],
                value=f.options[0].key,
            )
        else:
            form.textfield(
                name=name,
                tooltip=f.label,
                x=x,
                y=y,
                width=250,
                height=10,
                maxlen=0,
                fieldFlags="multiline" if f.type == "multiline" else "",
            )
    c.drawString(30, 825, spec.title)
    c.showPage()
    c.save()
    pdf = pikepdf.open(io.BytesIO(buf.getvalue()))
    manifest = {**spec.manifest.__dict__, "document_id": "pdf-doc-1"}
    pdf.docinfo["/DocgenManifest"] = json.dumps(manifest)
    pdf.docinfo["/DocgenFields"] = FieldList.of(spec).to_json()
    for field in pdf.Root.AcroForm.Fields:  # reportlab preselects a dropdown's first option: start empty
        if field.get("/FT") == "/Ch":
            del field["/V"]
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def fill_pdf(data: bytes, values: dict) -> bytes:
    """Set values as a viewer does: /V as text (UTF-16 when needed), checkboxes /V and /AS."""
    flat = {}
    for key, value in values.items():
        if isinstance(value, list):
            for i, row in enumerate(value):
                flat.update({f"{key}__{i}__{child}": v for child, v in row.items()})
        else:
            flat[key] = value
    pdf = pikepdf.open(io.BytesIO(data))
    for field in pdf.Root.AcroForm.Fields:
        name = str(field.T)
        if name not in flat or flat[name] is None:
            continue
        value = flat[name]
        if field.FT == "/Btn":
            state = pikepdf.Name("/Yes") if value else pikepdf.Name("/Off")
            field.V = state
            field.AS = state
        else:
            field.V = pikepdf.String(str(value))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def worcs():
    return build_form(load_policy(POLICIES / "worcestershire.yaml"), "session-record")


FORMS = [
    ("worcestershire", "session-record"),
    ("hertfordshire", "session-record"),
    ("hertfordshire", "evaluation"),
    ("leeds", "agreement"),
    ("national_baseline", "case-record"),
]


@pytest.mark.parametrize("policy,key", FORMS)
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_round_trip_every_field_type(policy, key, data):
    spec = build_form(load_policy(POLICIES / f"{policy}.yaml"), key)
    values = data.draw(form_values(spec, max_extra_rows=0))
    record = parse_bytes(fill_pdf(blank_pdf(spec), values), "f.pdf")
    assert record.values == expected(spec, values)
    assert record.manifest["form_id"] == spec.manifest.form_id
    assert [i for i in record.issues if i.code not in empty_answer_codes(record.values)] == []


def edit(data: bytes, change) -> bytes:
    pdf = pikepdf.open(io.BytesIO(data))
    change(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def field(pdf, name):
    return next(f for f in pdf.Root.AcroForm.Fields if str(f.get("/T", "")) == name)


def test_any_checkbox_state_but_off_is_ticked_and_as_is_the_fallback():
    spec = build_form(load_policy(POLICIES / "worcestershire.yaml"), "session-record")
    # Worcestershire's session record has no checkbox; make one by hand on a case record copy
    data = blank_pdf(spec)

    def change(pdf):
        box = pikepdf.Dictionary(FT=pikepdf.Name("/Btn"), T=pikepdf.String("supervisee"), V=pikepdf.Name("/Ja"))
        pdf.Root.AcroForm.Fields.append(pdf.make_indirect(box))

    record = parse_bytes(edit(data, change), "f.pdf")
    assert any(i.code == "duplicate-control" for i in record.issues)  # a second "supervisee"
    from docgen.parse.pdffields import _value
    from docgen.parse.pdftokens import Name

    assert _value(Name("/Btn"), None, Name("/On"), None, []) is True  # (/FT, /Ff, /V, /Opt, widget /AS states)
    assert _value(Name("/Btn"), None, None, None, ["/Yes"]) is True
    assert _value(Name("/Btn"), None, None, None, ["/Off"]) is False


def test_inherited_type_and_value_through_parent(worcs):
    def change(pdf):
        leaf = field(pdf, "supervisor")
        fields = pdf.Root.AcroForm.Fields
        index = next(i for i, f in enumerate(fields) if str(f.get("/T", "")) == "supervisor")
        parent = pdf.make_indirect(
            pikepdf.Dictionary(
                T=pikepdf.String("supervisor"),
                FT=pikepdf.Name("/Tx"),
                V=pikepdf.String("Inherited Name"),
                Kids=pikepdf.Array([leaf]),
            )
        )
        del leaf["/T"]
        del leaf["/FT"]
        leaf.Parent = parent
        del fields[index]
        fields.append(parent)

    record = parse_bytes(edit(blank_pdf(worcs), change), "f.pdf")
    assert record.values["supervisor"] == "Inherited Name"


def test_choice_stored_as_its_label_or_as_an_index_maps_to_the_key(worcs):
    def label(pdf):
        field(pdf, "supervision_type").V = pikepdf.String("Planned/formal supervision")

    assert parse_bytes(edit(blank_pdf(worcs), label), "f.pdf").values["supervision_type"] == "one_to_one"
    from docgen.parse.pdffields import _choice_key

    opt = [["a", "Alpha"], ["b", "Beta"]]  # /Opt as both readers give it: [[export value, label], ...]
    assert _choice_key(1, "1", opt) == "b"
    assert _choice_key("Beta", "Beta", opt) == "Beta"  # the field type maps labels to keys


def test_value_given_as_a_stream_is_decoded(worcs):
    def change(pdf):
        field(pdf, "notes").V = pdf.make_stream(b"first line\nsecond line")

    assert parse_bytes(edit(blank_pdf(worcs), change), "f.pdf").values["notes"] == "first line\nsecond line"


def test_a_compression_bomb_in_a_value_is_refused(worcs):
    import zlib

    def change(pdf):
        bomb = pdf.make_stream(zlib.compress(b"A" * 50_000_000, 9))
        bomb.Filter = pikepdf.Name("/FlateDecode")
        field(pdf, "notes").V = bomb

    with pytest.raises(FormError) as info:
        parse_bytes(edit(blank_pdf(worcs), change), "f.pdf")
    assert info.value.code == "zip-bomb"


def test_a_loop_in_the_field_tree_is_an_error_not_a_hang(worcs):
    def change(pdf):
        f = field(pdf, "notes")
        f.Kids = pikepdf.Array([f])
        f.Kids[0].T = pikepdf.String("x")

    with pytest.raises(FormError) as info:
        parse_bytes(edit(blank_pdf(worcs), change), "f.pdf")
    assert info.value.code == "corrupt" and "loop" in info.value.message


def test_empty_user_password_opens_and_a_real_one_is_a_clear_error(worcs):
    filled = fill_pdf(blank_pdf(worcs), {"supervisee": "Siân"})
    pdf = pikepdf.open(io.BytesIO(filled))
    for user, expect in (("", "Siân"), ("secret", None)):
        out = io.BytesIO()
        pdf.save(out, encryption=pikepdf.Encryption(user=user, owner="owner", R=6))
        if expect:
            assert parse_bytes(out.getvalue(), "f.pdf").values["supervisee"] == expect
        else:
            with pytest.raises(FormError) as info:
                parse_bytes(out.getvalue(), "f.pdf")
            assert info.value.code == "encrypted"


@pytest.mark.filterwarnings("ignore::UserWarning")  # pikepdf warns that the removed form's widgets are orphaned
def test_flattened_xfa_foreign_and_broken_files(worcs):
    blank = blank_pdf(worcs)

    def flatten(pdf):
        del pdf.Root["/AcroForm"]

    def xfa(pdf):
        pdf.Root.AcroForm.Fields = pikepdf.Array()
        pdf.Root.AcroForm.XFA = pikepdf.Array()

    def foreign(pdf):
        del pdf.docinfo["/DocgenManifest"]

    cases = [
        (edit(blank, flatten), "flattened"),
        (edit(blank, xfa), "xfa"),
        (edit(blank, foreign), "not-a-form"),
        (b"%PDF-1.7\n" + b"garbage " * 50, "corrupt"),
        (blank[: len(blank) // 3], None),
    ]
    for data, code in cases:
        try:
            parse_bytes(data, "f.pdf")
        except FormError as exc:
            assert code is None or exc.code == code, (code, exc.code, exc.message)
        else:
            assert code is None  # qpdf may recover a truncated file; then it must read without crashing
    with pytest.raises(FormError) as info:
        parse_bytes(b"not a pdf at all", "f.pdf")
    assert info.value.code == "not-pdf"
    with pytest.raises(FormError) as info:
        parse_bytes(edit(blank, foreign), "other.pdf")
    assert "made by other software" in info.value.message


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), min_size=1, max_size=6))
def test_damaged_pdfs_give_a_form_error_or_a_record(worcs, flips):
    data = bytearray(fill_pdf(blank_pdf(worcs), {"supervisee": "A"}))
    for where, byte in flips:
        data[where % len(data)] = byte
    try:
        record = parse_bytes(bytes(data), "f.pdf")
    except FormError as exc:
        assert exc.message
    else:
        assert isinstance(record.values, dict)


def test_shipped_forms_have_names_pdf_accepts():
    for path in SHIPPED:
        loaded = load_policy(path)
        for key in loaded.policy.documents.forms:
            spec = build_form(loaded, key)
            names = [pdf_name(f.id, 0 if "." in f.id else None) for f in spec.fields()]
            assert all("." not in n for n in names) and len(names) == len(set(names))
