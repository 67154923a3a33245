"""Static tables in docgen's PDF (render/pdf/tables.py, as render/tablefit.py plans them): the full
text width, every word inside its column, text no smaller than 8.5 pt, stacked when the words do
not fit even then, and a header row never the last thing on a page (issue 17 items 4 and 5); in
the DOCX, the same plan's widths and size, and the keeps that hold a header row to its rows."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile

import pypdfium2 as pdfium
import pytest
from lxml import etree

from docgen.forms.tree import Table
from docgen.render import tablefit
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from tests.helpers.layout_pages import read_document
from tests.helpers.sheets import HEADER, long_rows, table_document

MARGIN = 56.7
TEXT_W = 595.2756 - 2 * MARGIN


def header_alone(data: bytes, producer: str = "docgen") -> list[int]:
    """The pages whose last table line is the header row (HEADER in bold, no row under it)."""
    out = []
    for page in read_document(data, producer).pages:
        content = page.content()
        heads = [line for line in content if line.bold and line.text.startswith("Staff group")]
        for head in heads:
            if not any(line.text.startswith("Group") and line.box[3] < head.box[1] for line in content):
                out.append(page.number)
    return out


@pytest.mark.parametrize("filler", range(26, 46))
def test_a_header_row_is_never_the_last_thing_on_a_page(filler):
    """The table moved down the page a line at a time: wherever the page breaks, the header row has
    a row under it (it goes to the next page with its first row, and is drawn again above the rows
    that run onto the next page)."""
    data = render_pdf(table_document(filler)).data
    assert header_alone(data) == []
    pages = read_document(data).pages
    assert all(any(line.text.startswith("Staff group") for line in p.content()) for p in pages[1:]), "header repeated"


def glyphs(data: bytes) -> list[tuple[str, float, float, float]]:
    """Every inked character of the first page's body (not its running header and footer):
    (character, left, right, font size)."""
    pdf = pdfium.PdfDocument(data)
    try:
        height = pdf[0].get_size()[1]
        text = pdf[0].get_textpage()
        out = []
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            left, bottom, right, top = text.get_charbox(i)
            if char.strip() and bottom > 50 and top < height - 50:
                out.append((char, left, right, pdfium.raw.FPDFText_GetFontSize(text, i)))
        return out
    finally:
        pdf.close()


def pdftotext(data: bytes, tmp_path) -> str:
    path = tmp_path / "table.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def word_gaps(data: bytes, tmp_path, words: list[str]) -> list[float]:
    """The room between each of `words` and the next on its line (pdftotext's word boxes)."""
    path = tmp_path / "table.pdf"
    path.write_bytes(data)
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    found = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', html)
    rows: dict[int, list[tuple[float, float]]] = {}
    for x0, y0, x1, word in found:
        if any(w in word for w in words):
            rows.setdefault(round(float(y0)), []).append((float(x0), float(x1)))
    pairs = [(a, b) for row in rows.values() for a, b in zip(sorted(row), sorted(row)[1:], strict=False)]
    return [b[0] - a[1] for a, b in pairs]


def test_a_table_uses_the_full_text_width_and_columns_as_wide_as_their_words():
    table = Table(("Type", "What it is", "Counts"), (("Group", "Supervision in a group of practitioners", "No"),))
    plan = tablefit.plan(table, TEXT_W, 11.0)
    assert plan.kind == "columns" and plan.size == 11.0
    assert abs(sum(plan.widths) - TEXT_W) < 0.5
    assert plan.widths[1] > plan.widths[0] and plan.widths[1] > plan.widths[2]  # the column that says most


def test_words_too_wide_for_their_columns_shrink_the_text_to_no_less_than_8_5_pt(tmp_path):
    """Five columns of long single words fit only in smaller text: every glyph inside the frame,
    none under 8.5 pt, every word whole on one line."""
    words = ["Accountability", "Organisational", "Responsibilities", "Confidentiality", "Safeguarding"]
    table = Table(tuple(words), (tuple(words),))
    plan = tablefit.plan(table, TEXT_W, 11.0)
    assert plan.kind == "columns" and tablefit.FLOOR <= plan.size < 11.0
    data = render_pdf(table_document(0, table)).data
    marks = glyphs(data)
    assert all(left >= MARGIN - 0.5 and right <= MARGIN + TEXT_W + 0.5 for _, left, right, _ in marks)
    assert min(size for *_, size in marks) >= tablefit.FLOOR - 0.05
    shown = pdftotext(data, tmp_path).split()
    for word in words:
        assert shown.count(word) == 2, word  # header and row, each whole
    assert min(word_gaps(data, tmp_path, words)) >= 6  # each word inside its own cell, clear of the next


def test_a_table_too_wide_even_at_8_5_pt_is_stacked_a_row_a_block():
    """Eight columns of long words cannot sit side by side: each row is a block (its first cell
    over the others, each with its column's name), every word inside the frame."""
    header = tuple(f"Responsibilities{i}" for i in range(8))
    row = tuple(f"Accountability{i}" for i in range(8))
    table = Table(header, (row,))
    plan = tablefit.plan(table, TEXT_W, 11.0)
    assert plan.kind == "stacked"
    data = render_pdf(table_document(0, table)).data
    marks = glyphs(data)
    assert all(left >= MARGIN - 0.5 and right <= MARGIN + TEXT_W + 0.5 for _, left, right, _ in marks)
    text = " ".join(line.text for line in read_document(data).pages[0].content())
    for head, cell in zip(header[1:], row[1:], strict=True):
        assert f"{head}: {cell}" in text


def test_the_source_line_keeps_with_the_tables_last_row():
    """Wherever the table ends, the source line is never alone on the last page."""
    for filler in range(0, 40, 3):
        data = render_pdf(table_document(filler, Table(HEADER, long_rows(8)))).data
        last = read_document(data).pages[-1].content()
        assert [line.text for line in last] != ["Source: test"], filler


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_body(spec):
    with zipfile.ZipFile(io.BytesIO(render_docx(spec).data)) as z:
        return etree.fromstring(z.read("word/document.xml")).find(f"{W}body")


def keeps(p) -> bool:
    return p.find(f"{W}pPr/{W}keepNext") is not None


def test_word_a_header_row_repeats_keeps_with_the_next_row_and_no_row_splits():
    """A long table (not kept whole): the header row repeats on each page (w:tblHeader) and its
    paragraphs keep with the next row (w:keepNext), rows never split (w:cantSplit); the fixed
    layout's widths fill the text width."""
    body = docx_body(table_document(30))
    tbl = body.find(f"{W}tbl")
    rows = tbl.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(keeps(p) for p in rows[0].iter(f"{W}p"))
    assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in rows)
    assert tbl.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
    grid = [int(c.get(f"{W}w")) for c in tbl.iter(f"{W}gridCol")]
    assert sum(grid) == int(tbl.find(f"{W}tblPr/{W}tblW").get(f"{W}w")) == 11906 - 2 * 1134
    plan = tablefit.plan(Table(HEADER, long_rows()), TEXT_W, 11.0)
    assert all(abs(g / 20 - w) < 1 for g, w in zip(grid, plan.widths, strict=True))


def test_word_the_tables_last_row_keeps_with_the_source_line():
    body = docx_body(table_document(30))
    last_row = body.find(f"{W}tbl").findall(f"{W}tr")[-1]
    assert all(keeps(p) for p in last_row.iter(f"{W}p"))


def test_word_cells_are_set_in_the_planned_smaller_size():
    words = ["Accountability", "Organisational", "Responsibilities", "Confidentiality", "Safeguarding"]
    table = Table(tuple(words), (tuple(words),))
    size = tablefit.plan(table, TEXT_W, 11.0).size
    body = docx_body(table_document(0, table))
    sizes = {r.find(f"{W}rPr/{W}sz").get(f"{W}val") for r in body.find(f"{W}tbl").iter(f"{W}r")}
    assert sizes == {str(round(size * 2))}
