"""Static tables as LibreOffice prints the DOCX (one LibreOffice run converts every case), beside
docgen's own PDF: every word of every cell whole and inside the page's text frame, and no table
header row at the foot of a page without a row under it, for tables too wide for their words and
for the tables of every shipped policy document (benefits, types, frequency rules, RAG scale)."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest

from docgen.documents.policy_document import build_policy_document
from docgen.forms.tree import Table
from docgen.policy import load_policy
from tests.helpers.layout_pages import read_document
from tests.helpers.policies import SHIPPED
from tests.helpers.sheets import pdftotext, table_document, words
from tests.helpers.sheets import printed as print_both

MARGIN = 56.7
LONG = ["Accountability", "Organisational", "Responsibilities", "Confidentiality", "Safeguarding"]
WIDE = Table(tuple(f"Responsibilities{i}" for i in range(8)), (tuple(f"Accountability{i}" for i in range(8)),))
SYNTHETIC = {"long-words": Table(tuple(LONG), (tuple(LONG),)), "eight-columns": WIDE}


def spec_of(case: str):
    if case in SYNTHETIC:
        return table_document(0, SYNTHETIC[case])
    return build_policy_document(load_policy(next(p for p in SHIPPED if p.stem == case)))


CASES = [*SYNTHETIC, *(p.stem for p in SHIPPED)]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[tuple[str, str], bytes]:
    """(case, "pdf" | "docx") -> docgen's PDF, or LibreOffice's print of the DOCX."""
    specs = {case: spec_of(case) for case in CASES}
    return print_both(specs, tmp_path_factory.mktemp("printed"), tmp_path_factory.mktemp("lo-profile"))


def tables(case: str) -> list[Table]:
    return [b for s in spec_of(case).sections for b in s.blocks if isinstance(b, Table)]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("case", CASES)
def test_every_word_of_every_table_is_printed_whole_inside_the_text_frame(printed, case, fmt, tmp_path):
    data = printed[(case, fmt)]
    shown = words(pdftotext(data, tmp_path))
    cells = " ".join(c for t in tables(case) for c in (*t.header, *(c for row in t.rows for c in row)))
    missing = {w: n - shown[w] for w, n in words(cells).items() if shown[w] < n}
    assert not missing, f"words cut or missing: {missing}"
    pdf = pdfium.PdfDocument(data)
    try:
        for page in pdf:
            width = page.get_size()[0]
            text = page.get_textpage()
            for i in range(text.count_chars()):
                left, _, right, _ = text.get_charbox(i)
                if text.get_text_range(i, 1).strip():
                    assert left >= MARGIN - 0.5 and right <= width - MARGIN + 0.5, text.get_text_range(i, 1)
    finally:
        pdf.close()


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("case", [p.stem for p in SHIPPED])
def test_a_policy_documents_table_header_always_has_a_row_under_it(printed, case, fmt):
    """On every page where a table's header row is printed, its first cell's words are followed,
    lower on the same page, by a row's cell (the first row's first words, or any row's)."""
    doc = read_document(printed[(case, fmt)], "docgen" if fmt == "pdf" else "libreoffice")
    for table in tables(case):
        head = norm(table.header[0]).split()[0]
        starts = {norm(c).split()[0] for row in table.rows for c in row[:1] if c.strip()}
        for page in doc.pages:
            content = page.content()
            for line in content:
                if not (line.bold and norm(line.text).startswith(head)):
                    continue
                below = [norm(x.text) for x in content if x.box[3] < line.box[1] - 0.5 and not x.bold]
                assert any(b.split()[0] in starts for b in below if b), (table.header[0], page.number)
