"""A filled PDF prints nothing under 8 pt (issue 16 items 3 and 4): an answer that would not fit
its box at 8 pt gets a form drawn with that box taller, as a repeat with more rows than the form
has gets a form drawn with enough rows; an answer that fits is stamped into the cached blank.

What is printed is read as a person sees it: each page's fields flattened into it for printing
(PDFium, their appearance streams as saved) and the characters inside each field's rectangle
read with their font sizes (pypdfium2's text page).
"""

from __future__ import annotations

import io
import re

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from docgen.parse import parse_bytes
from docgen.render.pdf import render_pdf
from docgen.render.pdf.stamp import MULTILINE
from tests.helpers.policies import POLICIES, spec_for
from tests.helpers.values import expected

WELSH_NOTE = (
    "Trafodwyd cynnydd y teulu yn fanwl gyda Siân Llewelyn-ap Gwynfor; mae'r gweithiwr cymdeithasol yn poeni "
    "am bresenoldeb ysgol a diogelwch y plant gartref. Cytunwyd ar gynllun gyda Rhodri ap Dafydd: bydd hi'n "
    "casglu'r cronoleg, yn gofyn i'r ymwelydd iechyd am y siartiau twf ac yn siarad â'i rheolwr am gyfarfod "
    "cynllunio cyfreithiol os na fydd dim wedi newid erbyn yr adolygiad. Dywedodd fod y llwyth gwaith yn "
    "drwm ond yn hylaw; trefnwyd amser myfyrio ar ôl y gwrandawiad llys a nodwyd hyfforddiant ar esgeulustod "
    "i'w archebu cyn yr haf eleni. Bydd y ddau'n adolygu'r cynllun ym mis Mehefin gyda'r grŵp craidd a'r ysgol."
)
ACTION = (
    "Ask the health visitor for the growth charts, bring the updated chronology to the core group meeting, "
    "book the legal planning meeting with the team manager if home conditions have not changed by the review, "
    "and tell the school's designated safeguarding lead what the core group decided about attendance."
)
CASE_RECORD = (POLICIES / "hertfordshire.yaml", "case-record")


def shown(data: bytes) -> dict[str, list[tuple[str, float]]]:
    """Field name -> the characters printed inside its rectangle, with their font sizes, once
    every page's fields are flattened into it for printing."""
    rects = {}
    for index, page in enumerate(pikepdf.open(io.BytesIO(data)).pages):
        for annot in page.obj.get("/Annots", []):
            if "/T" in annot:
                rects[str(annot.T)] = (index, tuple(float(v) for v in annot.Rect))
    doc = pdfium.PdfDocument(data)
    out: dict[str, list[tuple[str, float]]] = {name: [] for name in rects}
    for index in range(len(doc)):
        page = doc[index]
        assert pdfium_raw.FPDFPage_Flatten(page.raw, pdfium_raw.FLAT_PRINT) != pdfium_raw.FLATTEN_FAIL
        page.close()
        flat = doc[index]  # the flattened page, read afresh
        text = flat.get_textpage()
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            left, bottom, right, top = text.get_charbox(i)
            for name, (page_no, (x0, y0, x1, y1)) in rects.items():
                if (
                    page_no == index
                    and x0 - 0.5 <= left
                    and right <= x1 + 0.5
                    and y0 - 0.5 <= bottom
                    and top <= y1 + 0.5
                ):
                    out[name].append((char, pdfium_raw.FPDFText_GetFontSize(text, i)))
    return out


def letters(text: str) -> str:
    return re.sub(r"\s+", "", text)


def rects(data: bytes) -> tuple[int, dict[str, tuple]]:
    """The page count and every widget's rectangle (a tick-box group's by field name and option)."""
    pdf = pikepdf.open(io.BytesIO(data))
    out = {}
    for f in pdf.Root.AcroForm.Fields:
        for i, widget in enumerate(f.get("/Kids", [f])):
            out[str(f.T) if widget is f or "/Kids" not in f else f"{f.T}#{i}"] = tuple(float(v) for v in widget.Rect)
    return len(pdf.pages), out


def height(rect: tuple) -> float:
    return round(rect[3] - rect[1], 2)


def case_record_values() -> dict:
    return {
        "needs": WELSH_NOTE,
        "actions": [{"action": ACTION, "by_whom": "Rhodri ap Dafydd", "by_when": "2026-03-01"}],
    }


def test_a_long_welsh_note_and_a_long_action_print_at_8_pt_or_more_and_read_back_equal():
    assert len(WELSH_NOTE) >= 620 and len(ACTION) >= 300
    spec = spec_for(*CASE_RECORD)
    values = case_record_values()
    data = render_pdf(spec, values).data
    printed = shown(data)
    for name, value in [("needs", WELSH_NOTE), ("actions__0__action", ACTION)]:
        chars = printed[name]
        assert letters("".join(c for c, _ in chars)) == letters(value), name  # the whole answer, in its box
        small = sorted({round(size, 1) for c, size in chars if c.strip() and size < 8 - 0.01})
        assert not small, (name, small)
    assert parse_bytes(data, "form.pdf").values == expected(spec, values)


def test_a_grown_box_is_drawn_taller_a_row_as_tall_as_its_tallest_cell():
    spec = spec_for(*CASE_RECORD)
    data = render_pdf(spec, case_record_values()).data
    _, blank = rects(render_pdf(spec).data)
    _, grown = rects(data)
    pdf = pikepdf.open(io.BytesIO(data))
    fields = {str(f.T): f for f in pdf.Root.AcroForm.Fields}
    for name in ("needs", "actions__0__action"):
        assert height(grown[name]) > height(blank[name]) + 10, name
        sizes = [float(s) for s in re.findall(rb"([\d.]+) Tf", fields[name].AP.N.read_bytes())]
        assert sizes and min(sizes) >= 8, (name, sizes)
        assert re.search(r"\b0 Tf", str(fields[name].DA)), name  # a viewer redraws it at the size that fits
    for cell in ("actions__0__by_whom", "actions__0__by_when"):  # the row's other cells grow with it
        assert height(grown[cell]) == height(grown["actions__0__action"]), cell
    assert height(grown["actions__1__action"]) == height(
        blank["actions__1__action"]
    )  # a row that fits keeps its height


def test_a_long_answer_in_a_one_line_box_becomes_a_multi_line_box():
    spec = spec_for(*CASE_RECORD)
    one_line = next(
        f for f in spec.fields() if f.type == "text" and "." not in f.id and not (f.role or "").startswith("signature")
    )
    value = ACTION[:150]  # three lines at 8 pt: within GROW_LIMIT (a one-line box grows to twice its height)
    data = render_pdf(spec, {one_line.id: value}).data
    pdf = pikepdf.open(io.BytesIO(data))
    field = next(f for f in pdf.Root.AcroForm.Fields if str(f.T) == one_line.id)
    assert int(field.Ff) & MULTILINE  # the flag matches how it is drawn
    assert height(rects(data)[1][one_line.id]) > 18 + 10
    chars = shown(data)[one_line.id]
    assert letters("".join(c for c, _ in chars)) == letters(value)
    assert min(size for c, size in chars if c.strip()) >= 8 - 0.01
    assert parse_bytes(data, "form.pdf").values[one_line.id] == value


def test_values_that_fit_are_stamped_into_the_cached_blank_layout():
    spec = spec_for(*CASE_RECORD)
    blank = rects(render_pdf(spec).data)
    short = {"needs": "Attendance is up; home conditions unchanged.", "actions": [{"action": "Ask for growth charts"}]}
    assert rects(render_pdf(spec, short).data) == blank  # same page count, same rects
    long = rects(render_pdf(spec, case_record_values()).data)
    assert long != blank  # the long answers got a form of their own...
    assert rects(render_pdf(spec).data) == blank  # ...and the cached blank is untouched


def test_a_box_grows_to_at_most_twice_its_height_and_keeps_the_whole_answer():
    """A 600-character note typed into a one-line box grows to GROW_LIMIT times its height (the
    form keeps a sensible page count) and still shows, and reads back, the whole answer."""
    spec = spec_for(*CASE_RECORD)
    one_line = next(f for f in spec.fields() if f.type == "text" and "." not in f.id)
    data = render_pdf(spec, {one_line.id: WELSH_NOTE}).data
    _, blank = rects(render_pdf(spec).data)
    assert height(rects(data)[1][one_line.id]) == 2 * height(blank[one_line.id])
    assert letters("".join(c for c, _ in shown(data)[one_line.id])) == letters(WELSH_NOTE)
    assert parse_bytes(data, "form.pdf").values[one_line.id] == WELSH_NOTE
