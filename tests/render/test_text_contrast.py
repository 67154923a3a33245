"""Text people can read (issue 18 item 3, the forms issue's limits): every piece of text docgen's
PDFs draw, for every shipped policy (each blank form, the policy document, each handout), has a
contrast of at least 4.5:1 against the fill behind it and is at least 8 pt, read from the content
streams by tests/helpers/pdf_text_style.py (pikepdf, not docgen's renderer). The Word side of the
same rule is tests/formats/test_docx_structure.py::test_text_contrast_and_size."""

import functools
import io

import pikepdf
import pytest
from reportlab.lib.colors import Color
from reportlab.pdfgen import canvas

from docgen.generate import build, select_forms
from docgen.policy import load_policy
from docgen.render.pdf import render_pdf
from tests.helpers import pdf_text_style
from tests.helpers.policies import SHIPPED

LOADED = {path: load_policy(path) for path in SHIPPED}
DOCUMENTS = [(path, key) for path in SHIPPED for key in select_forms(LOADED[path], None)]
IDS = [f"{path.stem}-{key}" for path, key in DOCUMENTS]


@functools.cache
def rendered(path, key) -> bytes:
    return render_pdf(build(LOADED[path], key)).data


@pytest.mark.parametrize("path,key", DOCUMENTS, ids=IDS)
def test_every_text_of_every_pdf_is_readable(path, key):
    data = rendered(path, key)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        seen = pdf_text_style.texts(pdf)
    spec = build(LOADED[path], key)
    shown = " ".join(s.text for s in seen)
    assert spec.agency.split()[0] in shown  # the reader sees the page's text, not nothing
    assert pdf_text_style.check(f"{path.stem}-{key}.pdf", data) == []


def _pdf(draw) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out)
    draw(c)
    c.showPage()
    c.save()
    return out.getvalue()


def test_the_check_reports_small_text_and_pale_text():
    def draw(c):
        c.setFont("Helvetica", 7)
        c.drawString(72, 700, "Digital signature (optional)")
        c.setFont("Helvetica", 9)
        c.setFillColor(Color(0.6, 0.6, 0.6))  # #999999 on white: 2.85:1
        c.drawString(72, 680, "Version 1.2")

    problems = pdf_text_style.check("bad.pdf", _pdf(draw))
    assert [p.split(":")[0] for p in problems] == ["text-size", "contrast"]
    assert "7 pt" in problems[0] and "999999 on FFFFFF" in problems[1]


def test_the_check_reads_the_fill_behind_the_text():
    """White text on a navy panel heading is readable; navy on the same navy is not; a scaled
    text matrix scales the size; text in a form XObject is read too."""

    def draw(c):
        c.setFillColor(Color(0.12, 0.22, 0.39))
        c.roundRect(60, 690, 300, 30, 4, stroke=0, fill=1)
        c.setFillColor(Color(1, 1, 1))
        c.setFont("Helvetica", 11)
        c.drawString(72, 700, "01 Background")
        c.setFillColor(Color(0.12, 0.22, 0.39))
        c.drawString(200, 700, "hidden")
        c.saveState()
        c.scale(0.5, 0.5)
        c.setFillColor(Color(0, 0, 0))
        c.drawString(144, 1000, "half size")
        c.restoreState()
        c.beginForm("stamp")
        c.setFont("Helvetica", 6)
        c.drawString(72, 400, "in a form")
        c.endForm()
        c.doForm("stamp")

    problems = pdf_text_style.check("fills.pdf", _pdf(draw))
    assert len(problems) == 3, problems
    assert "'hidden'" in problems[0] and "1F3863 on 1F3863" in problems[0]
    assert "'half size'" in problems[1] and "5.5 pt" in problems[1]
    assert "'in a form'" in problems[2] and "6 pt" in problems[2]
