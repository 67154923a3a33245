"""Forms that lost their document information are still docgen's: a filled form rebuilt by pypdf's
append, qpdf --empty --pages or pdftk cat reads as the same form with the same answers (the first
page carries the manifest again: docgen/render/pdf `carry_manifest`); a print of a filled form
(poppler's cairo output, which GTK's "Print to File" uses) is reported as flattened, with what to
do; other software's PDFs are reported as before."""

from __future__ import annotations

import io
import json

import pikepdf
import pytest
from reportlab.pdfgen import canvas

from docgen.parse import FormError, parse_bytes
from docgen.parse.pdf import FLATTENED, MAX_CARRIED, NO_MANIFEST
from docgen.render.pdf import render_pdf
from tests.helpers.clients import fills_for
from tests.helpers.pdf_viewers import fill_with, poppler
from tests.helpers.policies import POLICIES, spec_for
from tests.helpers.rebuilt import REBUILDERS, print_to_pdf, qpdf_pages

WORCS = POLICIES / "worcestershire.yaml"


@pytest.fixture(scope="module")
def filled():
    spec = spec_for(WORCS, "session-record")
    _, want = fills_for(spec)
    return render_pdf(spec, want, document_id="rebuilt-1").data, want


@pytest.mark.parametrize("tool", REBUILDERS)
def test_a_rebuilt_filled_form_reads_as_the_same_form_with_the_same_answers(tool, filled, both_pdf_readers):
    data, want = filled
    rebuilt = REBUILDERS[tool](data)
    with pikepdf.open(io.BytesIO(rebuilt)) as pdf:  # the tool did drop the document information and the XMP
        assert "/DocgenManifest" not in pdf.docinfo and "/Metadata" not in pdf.Root
    original, record = parse_bytes(data, "a.pdf"), parse_bytes(rebuilt, "a.pdf")
    assert record.manifest == original.manifest and record.manifest["document_id"] == "rebuilt-1"
    assert record.values == want == original.values
    assert record.issues == original.issues and record.form == original.form
    assert both_pdf_readers["fast"] == 2  # the fast reader reads the rebuilt file too (and agrees with qpdf)


@poppler
def test_a_form_filled_in_a_viewer_then_rebuilt_by_qpdf_reads_back(tmp_path):
    _, saved, want = fill_with("poppler", spec_for(WORCS, "agreement"), tmp_path)
    assert parse_bytes(qpdf_pages(saved), "f.pdf").values == want


def test_a_print_of_a_filled_form_is_reported_flattened_with_what_to_do(filled):
    printed = print_to_pdf(filled[0])
    with pikepdf.open(io.BytesIO(printed)) as pdf:
        assert "/AcroForm" not in pdf.Root and "/DocgenManifest" not in pdf.pages[0].obj
    with pytest.raises(FormError) as info:
        parse_bytes(printed, "printed.pdf")
    assert (info.value.code, info.value.message) == ("flattened", FLATTENED)
    assert "Ask for the filled form itself" in FLATTENED and "printed or flattened" in FLATTENED


def _other_pdf(lines: list[str], pages: int = 1, total: int | None = None) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for n in range(1, pages + 1):
        for i, line in enumerate(lines):
            c.drawString(72, 720 - 14 * i, line)
        c.drawString(72, 40, f"Page {n} of {total or pages}")
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize(
    "lines,pages,total",
    [
        (["Minutes of the team meeting"], 2, None),  # a footer like docgen's, but nothing else of a docgen form
        (["Digital signature (optional)"], 1, 3),  # docgen's caption, and a footer that is not the file's pages
    ],
)
def test_other_softwares_pdfs_are_still_not_docgens(lines, pages, total):
    with pytest.raises(FormError) as info:
        parse_bytes(_other_pdf(lines, pages, total), "other.pdf")
    assert (info.value.code, info.value.message) == ("not-a-form", NO_MANIFEST)


def test_a_print_with_docgens_footer_and_caption_on_every_page_is_flattened():
    """The near miss's planted twin: the same other-software PDF, with both marks, is a print."""
    with pytest.raises(FormError) as info:
        parse_bytes(_other_pdf(["Signed (Supervisor)", "Digital signature (optional)"], 2), "p.pdf")
    assert info.value.code == "flattened"


def _carrying(data: bytes, change) -> bytes:
    """The form rebuilt by qpdf (no document information left), its first page's carried entries changed."""
    pdf = pikepdf.open(io.BytesIO(qpdf_pages(data)))
    change(pdf.pages[0].obj)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_the_carried_manifest_is_checked_as_the_main_one_is(filled, both_pdf_readers):
    data, _ = filled
    with pikepdf.open(io.BytesIO(data)) as pdf:
        manifest = str(pdf.docinfo["/DocgenManifest"])

    def set_(key, value):
        return lambda page: page.__setitem__(key, value)

    cases = {
        "not JSON": set_("/DocgenManifest", pikepdf.String("{not json")),
        "not text": set_("/DocgenManifest", 42),
        "too long": set_("/DocgenManifest", pikepdf.String(manifest[:-1] + ', "x": "' + "a" * MAX_CARRIED + '"}')),
        "no field list": lambda page: page.__delitem__("/DocgenFields"),
        "a damaged field list": set_("/DocgenFields", pikepdf.String('{"fields": 3}')),
        "a number in the manifest": set_("/DocgenManifest", pikepdf.String(manifest[:-1] + ', "kind2": 3}')),
    }
    for what, change in cases.items():
        with pytest.raises(FormError) as info:
            parse_bytes(_carrying(data, change), "f.pdf")
        assert info.value.code == "corrupt", what
    # the carried manifest of a read-only document says so, as the main one would
    kind = json.loads(manifest) | {"kind": "policy-document"}
    with pytest.raises(FormError) as info:
        parse_bytes(
            _carrying(
                data,
                lambda page: (
                    page.__setitem__("/DocgenManifest", pikepdf.String(json.dumps(kind))),
                    page.__setitem__("/DocgenFields", pikepdf.String('{"fields": [], "repeats": []}')),
                ),
            ),
            "f.pdf",
        )
    assert info.value.code == "not-a-form"


def test_the_carried_copy_adds_no_field_widget_or_drawing(filled):
    data, want = filled
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0].obj
        assert str(page.DocgenManifest) == str(pdf.docinfo["/DocgenManifest"])
        assert str(page.DocgenFields) == str(pdf.docinfo["/DocgenFields"])
        names = {str(f.T) for f in pdf.Root.AcroForm.Fields}
    assert not any("docgen" in n.lower() for n in names)
    assert set(parse_bytes(data, "f.pdf").values) == set(want)
