"""The functions sheet for three to six functions (issue 17 item 4), as docgen's PDF and as
LibreOffice prints its DOCX (one LibreOffice run converts every case): every word of every prompt
and function printed whole, every glyph inside the page's text frame, one page, no page holding
only the source line, and the layout checker's rules kept."""

from __future__ import annotations

from collections import Counter

import pypdfium2 as pdfium
import pytest

from docgen.documents.handouts import build_handout
from docgen.forms.tree import Table
from docgen.policy import load_policy, load_policy_text
from tests.helpers.layout_check import facts_for
from tests.helpers.layout_pages import read_document
from tests.helpers.layout_rules import check
from tests.helpers.policies import POLICIES
from tests.helpers.sheets import FUNCTIONS, functions_policy, pdftotext, words
from tests.helpers.sheets import printed as print_both

KEY = "handout-functions-sheet"
MARGIN = 56.7  # both formats: 2 cm margins (render/pdf/measure.py, render/docx/document.py)
CASES = ["functions3", "functions5", "functions6", "worcestershire", "hertfordshire", "leeds"]


def loaded(case: str):
    if case.startswith("functions"):
        return load_policy_text(functions_policy(int(case[-1])))
    return load_policy(POLICIES / f"{case}.yaml")


def spec_of(case: str):
    return build_handout(loaded(case), KEY)


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[tuple[str, str], bytes]:
    """(case, "pdf" | "docx") -> docgen's PDF, or LibreOffice's print of the DOCX."""
    specs = {case: spec_of(case) for case in CASES}
    return print_both(specs, tmp_path_factory.mktemp("printed"), tmp_path_factory.mktemp("lo-profile"))


def sheet_words(case: str) -> Counter:
    table = next(b for s in spec_of(case).sections for b in s.blocks if isinstance(b, Table))
    return words(" ".join([*table.header, *(c for row in table.rows for c in row)]))


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("case", CASES)
def test_every_word_of_every_function_and_prompt_is_printed_whole(printed, case, fmt, tmp_path):
    shown = words(pdftotext(printed[(case, fmt)], tmp_path))
    missing = {w: n - shown[w] for w, n in sheet_words(case).items() if shown[w] < n}
    assert not missing, f"words cut or missing: {missing}"


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("case", CASES)
def test_every_glyph_is_inside_the_text_frame_on_one_page(printed, case, fmt):
    pdf = pdfium.PdfDocument(printed[(case, fmt)])
    try:
        assert len(pdf) == 1, f"{len(pdf)} pages"
        page = pdf[0]
        width = page.get_size()[0]
        text = page.get_textpage()
        outside = []
        for i in range(text.count_chars()):
            left, _, right, _ = text.get_charbox(i)
            char = text.get_text_range(i, 1)
            if char.strip() and (left < MARGIN - 0.5 or right > width - MARGIN + 0.5):
                outside.append((char, round(left), round(right)))
        assert not outside, outside[:10]
    finally:
        pdf.close()


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("case", ["functions5", "functions6", "worcestershire"])
def test_the_sheet_passes_the_layout_checker(printed, case, fmt):
    spec = spec_of(case)
    doc = read_document(printed[(case, fmt)], "docgen" if fmt == "pdf" else "libreoffice")
    assert check(doc, facts_for(spec)) == []


def test_six_functions_are_stacked_and_four_to_five_sit_side_by_side(printed, tmp_path):
    """Five functions fit side by side (the text smaller); six are two blocks a row, each function's
    heading over its prompts as a list (bullets), in both formats."""
    for fmt in ("pdf", "docx"):
        five = pdftotext(printed[("functions5", fmt)], tmp_path)
        six = pdftotext(printed[("functions6", fmt)], tmp_path)
        assert "•" not in five and six.count("•") == sum(len(prompts) for _, prompts in FUNCTIONS[:6]), fmt
