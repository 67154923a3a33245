"""Real PDF clients: poppler (GNOME viewers), pdf.js (Firefox) and MuPDF (SumatraPDF, mupdf-gl)
fill and save every form and docgen reads back exactly what was filled; pdftk and qpdf list
exactly the spec's fields with their labels; pdftoppm renders show ink inside every filled field
(visible without clicking)."""

import io
import json
import re
import shutil
import subprocess

import pikepdf
import pytest

from docgen.forms import build_form, form_keys
from docgen.parse import parse_bytes
from docgen.policy import load_policy
from docgen.render.pdf import render_pdf
from tests.helpers.pdf_viewers import fill_with, fills_for, mupdf, pdfjs, poppler
from tests.helpers.pdfs import field_names, labelled
from tests.helpers.policies import SHIPPED

FORMS = [(path, key) for path in SHIPPED for key in form_keys(load_policy(path))]
IDS = [f"{p.stem}-{k}" for p, k in FORMS]


@pytest.mark.parametrize(
    "client",
    [pytest.param("poppler", marks=poppler), pytest.param("pdfjs", marks=pdfjs), pytest.param("mupdf", marks=mupdf)],
)
@pytest.mark.parametrize("path,key", FORMS, ids=IDS)
def test_a_real_viewer_fills_every_field_and_docgen_reads_it_back(tmp_path, client, path, key, both_pdf_readers):
    spec = build_form(load_policy(path), key)
    blank, saved, want = fill_with(client, spec, tmp_path)
    record = parse_bytes(saved, "filled.pdf")  # read by qpdf and by the fast reader, which agree
    assert record.values == want
    assert record.issues == []
    assert both_pdf_readers == {"fast": 1, "qpdf": 0}  # what the viewer saved needs no repair
    # what the viewer saved shows every value; MuPDF 1.21 (Debian's) redraws letters outside
    # Windows-1252 (the Welsh ŵ and ŷ) as dots in the appearances it makes: its values round-trip,
    # its ink is not checked (docs/clients.md)
    if shutil.which("pdftoppm") and client != "mupdf":
        assert fields_without_ink(blank, saved, tmp_path) == []


def gray(pdf_bytes: bytes, tmp_path, name: str, page: int) -> tuple[int, int, bytes]:
    src = tmp_path / f"{name}.pdf"
    src.write_bytes(pdf_bytes)
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "72", "-f", str(page), "-l", str(page), str(src), str(tmp_path / name)], check=True
    )
    [pgm] = tmp_path.glob(f"{name}-*.pgm")
    data = pgm.read_bytes()
    pgm.unlink()
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    width, height = int(match.group(1)), int(match.group(2))
    return width, height, data[match.end() :]


def ink(image, rect) -> int:
    """Dark pixels inside a field's rectangle, its border left out (72 dpi: a pixel per point)."""
    width, height, pixels = image
    x0, y0, x1, y1 = (float(v) for v in rect)
    count = 0
    for y in range(int(height - y1) + 3, int(height - y0) - 3):
        row = pixels[y * width : (y + 1) * width]
        count += sum(1 for x in range(int(x0) + 3, int(x1) - 3) if row[x] < 128)
    return count


def fields_without_ink(blank: bytes, filled: bytes, tmp_path) -> list[str]:
    """Fields of `filled` whose rectangle shows no more ink than in the blank form."""
    pdf = pikepdf.open(io.BytesIO(filled))
    pages = {page.objgen: n for n, page in enumerate(pdf.pages, 1)}
    widgets = [  # every widget: a radio group's boxes (the ticked one shows the ink), a blank said twice
        (str(f.T), w.Rect, pages[w.P.objgen])
        for f in pdf.Root.AcroForm.Fields
        if f.get("/FT") != "/Sig"  # signature fields stay unsigned
        for w in f.get("/Kids", [f])
    ]
    images: dict = {}
    inked: dict[str, bool] = {}
    for name, rect, page in widgets:
        if page not in images:
            images[page] = (gray(blank, tmp_path, f"b{page}", page), gray(filled, tmp_path, f"f{page}", page))
        before, after = images[page]
        shown = ink(after, rect) >= ink(before, rect) + 5  # a few glyphs' worth of ink at least
        inked[name] = inked.get(name, False) or shown
    return [name for name, shown in inked.items() if not shown]


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils (pdftoppm) is not installed")
@pytest.mark.parametrize("path,key", FORMS, ids=IDS)
def test_values_stamped_by_docgen_show_as_ink_without_clicking(tmp_path, path, key):
    spec = build_form(load_policy(path), key)
    _, want = fills_for(spec)
    assert fields_without_ink(render_pdf(spec).data, render_pdf(spec, want).data, tmp_path) == []


@pytest.mark.skipif(not shutil.which("pdftk"), reason="pdftk is not installed")
def test_pdftk_lists_exactly_the_spec_fields_with_labels(tmp_path):
    for path in SHIPPED:
        spec = build_form(load_policy(path), "session-record")
        pdf = tmp_path / "form.pdf"
        pdf.write_bytes(render_pdf(spec).data)
        out = subprocess.run(
            ["pdftk", str(pdf), "dump_data_fields_utf8"], capture_output=True, text=True, check=True
        ).stdout
        listed = {}
        for block in out.split("---")[1:]:
            entry = dict(line.split(": ", 1) for line in block.strip().splitlines() if ": " in line)
            listed[entry["FieldName"]] = entry.get("FieldNameAlt", "")
        assert labelled(listed, spec) == field_names(spec)


@pytest.mark.skipif(not shutil.which("qpdf"), reason="qpdf is not installed")
def test_qpdf_json_sees_every_field(tmp_path):
    spec = build_form(load_policy(SHIPPED[0]), "session-record")
    pdf = tmp_path / "form.pdf"
    pdf.write_bytes(render_pdf(spec).data)
    data = json.loads(
        subprocess.run(
            ["qpdf", "--json=2", "--json-key=acroform", str(pdf)], capture_output=True, text=True, check=True
        ).stdout
    )
    fields = {f["fullname"]: f["alternativename"] for f in data["acroform"]["fields"]}
    assert labelled(fields, spec) == field_names(spec)
