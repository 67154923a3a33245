"""A policy with a logo (agency.logo): every page of every generated form and read-only document
carries a header with the logo (about 12 mm high, aspect kept), the agency's name and the
document's title, in both formats."""

import io
import re
import zipfile

import pikepdf
import pypdfium2 as pdfium
import pytest
from lxml import etree

from docgen.documents.policy_document import build_policy_document
from docgen.forms import build_form
from docgen.policy import load_policy, load_policy_text
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from tests.helpers.policies import LOGO_SVG, logo_png, minimal_policy, policy_with_logo
from tests.helpers.word_validator import needs_validator, summary, validate

MM = 72 / 25.4


@pytest.fixture(scope="module")
def png_policy(tmp_path_factory):
    return load_policy(policy_with_logo(tmp_path_factory.mktemp("png")))


@pytest.fixture(scope="module")
def svg_policy(tmp_path_factory):
    return load_policy(policy_with_logo(tmp_path_factory.mktemp("svg"), "logo.svg", LOGO_SVG.encode()))


def _drawn(container, resources, seen: list, depth: int = 0) -> None:
    """Every XObject a page or form XObject draws (Do), form XObjects followed into."""
    xobjects = resources.get("/XObject", {}) if resources is not None else {}
    for operands, operator in pikepdf.parse_content_stream(container):
        if str(operator) == "Do":
            obj = xobjects[str(operands[0])]
            seen.append(obj)
            if obj.get("/Subtype") == "/Form" and depth < 4:
                _drawn(obj, obj.get("/Resources"), seen, depth + 1)


def _images_per_page(data: bytes) -> list[list[tuple[int, int]]]:
    """The size (pixels) of each image each page draws."""
    pdf = pikepdf.open(io.BytesIO(data))
    out = []
    for page in pdf.pages:
        seen: list = []
        _drawn(page, page.obj.get("/Resources"), seen)
        out.append([(int(o.Width), int(o.Height)) for o in seen if o.get("/Subtype") == "/Image"])
    return out


def _top_text(data: bytes) -> list[str]:
    """The text in the top 20 mm of each page."""
    doc = pdfium.PdfDocument(data)
    try:
        out = []
        for page in doc:
            height = page.get_height()
            out.append(page.get_textpage().get_text_bounded(top=height, bottom=height - 20 * MM))
        return out
    finally:
        doc.close()


def test_every_page_of_a_form_and_the_policy_document_shows_the_png_logo(png_policy):
    for spec in (build_form(png_policy, "session-record"), build_policy_document(png_policy)):
        data = render_pdf(spec).data
        pages = _images_per_page(data)
        assert len(pages) >= 2, spec.title  # the check covers more than a first page
        for images in pages:  # the logo, as the PNG's own pixels, drawn on every page
            assert images == [(240, 80)], spec.title
        for text in _top_text(data):
            assert "Tiny Council" in text and spec.title in text


def test_the_logo_is_12_mm_high_with_its_aspect_kept(png_policy):
    data = render_pdf(build_form(png_policy, "session-record")).data
    pdf = pikepdf.open(io.BytesIO(data))
    forms = [x for x in pdf.pages[0].Resources.XObject.values() if x.get("/Subtype") == "/Form" and "/BBox" in x]
    logos = [
        f
        for f in forms
        if any(v.get("/Subtype") == "/Image" for v in f.get("/Resources", {}).get("/XObject", {}).values())
    ]
    x0, y0, x1, y1 = (float(v) for v in logos[0].BBox)
    assert y1 - y0 == pytest.approx(12 * MM, abs=0.01)
    assert (x1 - x0) / (y1 - y0) == pytest.approx(3.0, abs=0.01)  # 240 x 80 pixels


def test_an_svg_logo_is_drawn_as_vectors_on_every_page(svg_policy):
    data = render_pdf(build_form(svg_policy, "session-record")).data
    pdf = pikepdf.open(io.BytesIO(data))
    for page in pdf.pages:
        seen: list = []
        _drawn(page, page.obj.get("/Resources"), seen)
        forms = [o for o in seen if o.get("/Subtype") == "/Form" and float(o.BBox[3]) == pytest.approx(12 * MM)]
        assert forms and re.search(rb"\bf\b|\bre\b", forms[0].read_bytes())  # filled paths: the logo's shapes


def _docx_header(data: bytes) -> tuple[etree._Element, str, dict[str, bytes]]:
    package = zipfile.ZipFile(io.BytesIO(data))
    header = etree.fromstring(package.read("word/header1.xml"))
    rels = package.read("word/_rels/header1.xml.rels").decode()
    media = {name: package.read(name) for name in package.namelist() if name.startswith("word/media/logo")}
    return header, rels, media


def test_the_docx_header_carries_the_logo_the_agency_and_the_title(png_policy):
    spec = build_form(png_policy, "session-record")
    header, rels, media = _docx_header(render_docx(spec).data)
    text = "".join(header.itertext())
    assert "Tiny Council" in text and spec.title in text
    blips = [
        b.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
        for b in header.iter("{*}blip")
    ]
    assert len(blips) == 1 and f'Id="{blips[0]}"' in rels and 'Target="media/logo.png"' in rels
    assert media == {"word/media/logo.png": logo_png()}
    extent = next(header.iter("{*}extent"))
    assert int(extent.get("cy")) == pytest.approx(12 * MM * 12700, abs=2)
    assert int(extent.get("cx")) == pytest.approx(3 * int(extent.get("cy")), abs=4)
    # the policy document too
    header, _, media = _docx_header(render_docx(build_policy_document(png_policy)).data)
    assert list(header.iter("{*}blip")) and "word/media/logo.png" in media


def test_an_svg_logo_in_word_has_a_png_fallback(svg_policy):
    header, rels, media = _docx_header(render_docx(build_form(svg_policy, "session-record")).data)
    assert [s.tag.split("}")[1] for s in header.iter("{*}svgBlip")] == ["svgBlip"]
    assert set(media) == {"word/media/logo.png", "word/media/logo.svg"}
    assert media["word/media/logo.svg"] == LOGO_SVG.encode()
    assert media["word/media/logo.png"].startswith(b"\x89PNG")


def test_without_a_logo_the_header_is_the_agency_name_alone():
    spec = build_form(load_policy_text(minimal_policy()), "session-record")
    data = render_pdf(spec).data
    assert all(images == [] for images in _images_per_page(data))
    package = zipfile.ZipFile(io.BytesIO(render_docx(spec).data))
    assert "word/_rels/header1.xml.rels" not in package.namelist()
    assert "".join(etree.fromstring(package.read("word/header1.xml")).itertext()) == "Tiny Council"


@needs_validator
def test_word_finds_no_error_in_a_logo_header(png_policy, svg_policy, tmp_path):
    """Microsoft's Open XML SDK validator: the header part, its picture and relationships are valid."""
    paths = []
    for name, loaded in (("png", png_policy), ("svg", svg_policy)):
        for key, spec in (("form", build_form(loaded, "session-record")), ("doc", build_policy_document(loaded))):
            paths.append(tmp_path / f"{name}-{key}.docx")
            paths[-1].write_bytes(render_docx(spec).data)
    assert summary(validate(paths)) == []
