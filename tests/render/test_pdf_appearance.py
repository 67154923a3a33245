"""Appearances that survive an edit in PDFium (Chrome, Edge): after a user types into a field, PDFium
redraws it. What it draws must show every character typed (Welsh, Polish, curly quotes, dashes)
in a font embedded in the saved file, inside the field's box, with the box's border, and a chosen
dropdown label must fit beside the arrow PDFium draws. Checked with PDFium's own form filling and
drawing (tests/helpers/pdfium_fill.py, pdfium_seen.py) and with poppler on the saved file."""

from __future__ import annotations

import io
import re

import pikepdf
import pypdfium2 as pdfium
import pytest

from docgen.forms import build_form
from docgen.policy import load_policy
from docgen.render.pdf import render_pdf
from docgen.render.pdf.fieldfont import field_font
from tests.helpers.pdf_viewers import ticked
from tests.helpers.pdfium_fill import fill_in_subprocess
from tests.helpers.pdfium_seen import pdfium_shown, poppler_shown
from tests.helpers.policies import POLICIES, SHIPPED, spec_for

WELSH = "Siân ap Rhŷs"
MIXED = "Ŵyn O'Brien – ‘quoted’ …"
EASTERN = "Łódź, Žluťoučký kůň, ẁ ẃ ẅ ỳ ĉ"
TYPED = {"supervisee": WELSH, "supervisor": MIXED, "notes": f"{MIXED} {WELSH} {EASTERN}"}
# a long answer in a narrow table cell, and the longest option of each Leeds choice (ticked in a cell)
LEEDS = {
    "actions__0__by_whom": "Ŵyn O'Brien – team manager, with the family’s social worker",
    "children__0__child": "Siân ap Rhŷs and her brother Ŵyn",
}
LEEDS_CHOSEN = {
    "actions__0__function": "Personal support, and the encouragement of reflection",
    "actions__1__function": "Professional Development",
}
BORDER = re.compile(
    rb"0\.45 0\.45 0\.45 (?:rg|RG)\s[^Q]*?re\s+(?:[\d.]+\s+){4}re\s+f\*|0\.45 0\.45 0\.45 RG[^Q]*?re\s+S"
)


def _pdfium_filled(policy: str, fills: dict, folder) -> bytes:
    """A blank session record of `policy` filled in PDFium (select all and paste over it, a
    dropdown's option picked by its label, a tick-box choice's box clicked) and saved in full;
    every field in `fills` filled."""
    spec = spec_for(POLICIES / policy, "session-record")
    blank = render_pdf(spec).data
    fills = ticked(spec, fills)
    saved, summary = fill_in_subprocess(blank, fills, "replace", "full", folder)
    assert sorted(summary["filled"]) == sorted(fills), f"no such fields: {sorted(set(fills) - set(summary['filled']))}"
    return saved


@pytest.fixture(scope="module")
def worcestershire(tmp_path_factory):
    return _pdfium_filled("worcestershire.yaml", TYPED, tmp_path_factory.mktemp("worcestershire"))


@pytest.fixture(scope="module")
def leeds(tmp_path_factory):
    return _pdfium_filled("leeds.yaml", {**LEEDS, **LEEDS_CHOSEN}, tmp_path_factory.mktemp("leeds"))


def squash(text: str) -> str:
    """Text without its white space: where a reader infers spaces and line breaks varies (poppler
    joins narrow letters such as "ẃ ẅ", PDFium breaks "family’s" where it wraps), the letters do not."""
    return re.sub(r"\s+", "", text)


def _shown(data: bytes, values: dict, tmp_path) -> dict[str, tuple[str, str]]:
    """Field name -> (the text PDFium prints inside its box, the text poppler draws inside it):
    pdfium_seen's readings of the saved file, each character (poppler: each word) inside the box."""
    pdfium, poppler = pdfium_shown(data), poppler_shown(data, tmp_path)
    return {name: (squash(pdfium[name]), squash(poppler[name])) for name in values}


def test_welsh_and_punctuation_typed_in_pdfium_show_in_pdfium_and_poppler(worcestershire, tmp_path):
    shown = _shown(worcestershire, TYPED, tmp_path)
    for name, value in TYPED.items():
        assert shown[name] == (squash(value), squash(value)), name


def test_pdfium_redraws_edited_fields_in_an_embedded_font(worcestershire):
    pdf = pikepdf.open(io.BytesIO(worcestershire))
    for f in pdf.Root.AcroForm.Fields:
        if str(f.T) in TYPED:
            fonts = f.AP.N.Resources.Font
            used = set(re.findall(rb"/([A-Za-z0-9_]+) [\d.]+ Tf", f.AP.N.read_bytes()))
            assert used, str(f.T)
            for name in used:
                font = fonts["/" + name.decode()]
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                assert "/FontFile2" in descendant.FontDescriptor, (str(f.T), name)  # embedded, not a system font


def test_every_field_edited_in_pdfium_keeps_its_border(worcestershire, leeds):
    for data, values in ((worcestershire, TYPED), (leeds, LEEDS)):
        pdf = pikepdf.open(io.BytesIO(data))
        for f in pdf.Root.AcroForm.Fields:
            if str(f.T) in values:
                assert float(f.BS.W) >= 1, str(f.T)
                assert BORDER.search(f.AP.N.read_bytes()), f"{f.T}: PDFium's redrawn appearance has no border"


def test_long_answers_and_long_choices_in_table_cells_print_whole(leeds, tmp_path):
    shown = _shown(leeds, LEEDS, tmp_path)
    for name, value in LEEDS.items():
        assert shown[name] == (squash(value), squash(value)), name
    # a tick-box choice: its box ticked, its label printed whole in the cell beside the box
    pdf = pikepdf.open(io.BytesIO(leeds))
    groups = {str(f.T): f for f in pdf.Root.AcroForm.Fields}
    doc = pdfium.PdfDocument(leeds)
    for name, label in LEEDS_CHOSEN.items():
        [kid] = [k for k in groups[name].Kids if k.AS != "/Off"]
        x0, y0, x1, y1 = (float(v) for v in kid.Rect)
        page = doc[[p.objgen for p in pdf.pages].index(kid.P.objgen)]
        beside = page.get_textpage().get_text_bounded(left=x1, bottom=y0 - 12, right=page.get_width(), top=y1 + 12)
        assert squash(label) in squash(beside), name
    doc.close()


def _da_size(field) -> float:
    return float(re.search(r"([\d.]+) Tf", str(field.DA))[1])


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_dropdowns_longest_label_fits_beside_pdfiums_arrow(path):
    policy = load_policy(path)
    font = field_font()
    for key in policy.policy.documents.forms:
        pdf = pikepdf.open(io.BytesIO(render_pdf(build_form(policy, key)).data))
        for f in pdf.Root.AcroForm.Fields:
            if f.get("/FT") != "/Ch":
                continue
            x0, _, x1, _ = (float(v) for v in f.Rect)
            size = _da_size(f)
            assert size >= 5, (key, str(f.T))
            longest = max(font.width(str(o[1]), size) for o in f.Opt)
            # PDFium: a 13 pt arrow at the right, a 1 pt border and 2 pt padding on each side
            assert longest <= x1 - x0 - 13 - 2 * (1 + 2), (key, str(f.T), longest, x1 - x0)
