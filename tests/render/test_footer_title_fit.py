"""A title too long for the footer is shortened at a word boundary with an ellipsis, never cut
mid-word, in the PDF and the Word footer alike."""

from __future__ import annotations

import io
import re
import zipfile

from pypdf import PdfReader

from docgen.documents.policy_document import build_policy_document
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from tests.helpers.policies import POLICIES

LONG = POLICIES / "worcestershire.yaml"  # "Professional Supervision: A model for organisations where staff ..."


def _shortened_whole_words(title: str, footer: str) -> None:
    assert "…" in footer, footer
    kept = footer.split("…")[0]
    words = title.split()
    assert kept.split() == words[: len(kept.split())], (kept, title)  # whole words of the title, in order
    assert len(kept.split()) >= 4


def test_the_pdf_footer_shortens_a_long_title_between_words():
    spec = build_policy_document(load_policy(LONG))
    page = PdfReader(io.BytesIO(render_pdf(spec).data)).pages[1].extract_text()
    footer = next(line for line in page.splitlines() if "…" in line)
    _shortened_whole_words(spec.title, footer)


def test_the_docx_footer_shortens_a_long_title_between_words():
    spec = build_policy_document(load_policy(LONG))
    with zipfile.ZipFile(io.BytesIO(render_docx(spec).data)) as z:
        xml = z.read("word/footer1.xml").decode("utf-8")
    footer = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
    _shortened_whole_words(spec.title, footer)
