"""Each thing said once, and a heading never ends a page (issue 16 items 5 and 4), in both formats.

Visible text is read back with pypdfium2 (PDF) and from the w:t runs of word/document.xml (DOCX);
heading texts come from the form tree.
"""

import io
import re
import zipfile

import pikepdf
import pypdfium2 as pdfium
import pytest
from lxml import etree

from docgen.forms import form_keys
from docgen.forms.tree import FieldBlock, Heading, RepeatBlock
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from tests.helpers.policies import POLICIES, SHIPPED, spec_for

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FORMS = [(path, key) for path in SHIPPED for key in form_keys(load_policy(path))]
# the session records whose seeds say the same words as heading, caption and label
ECHOING = [
    (POLICIES / "leeds.yaml", "session-record"),
    (POLICIES / "worcestershire.yaml", "session-record"),
    (POLICIES / "hertfordshire.yaml", "session-record"),
]


def words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold()))


def pdf_lines(data: bytes) -> list[list[tuple[float, float, str]]]:
    """Each page's text lines as (top, bottom, text), top of the page first."""
    pages = []
    pdf = pdfium.PdfDocument(data)
    for page in pdf:
        tp = page.get_textpage()
        rects = [tp.get_rect(i) for i in range(tp.count_rects())]
        lines = [(top, bottom, tp.get_text_bounded(left, bottom, right, top)) for left, bottom, right, top in rects]
        pages.append(sorted(lines, key=lambda line: -line[0]))
    return pages


def docx_paragraphs(data: bytes) -> list[etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return list(root.iter(f"{W}p"))


def docx_texts(data: bytes) -> list[str]:
    """The text of each paragraph outside content controls (the controls' prompts are not said)."""
    out = []
    for p in docx_paragraphs(data):
        text = "".join(t.text or "" for t in p.iter(f"{W}t") if not any(a.tag == f"{W}sdt" for a in t.iterancestors()))
        if text.strip():
            out.append(text)
    return out


def echoes(texts: list[str]) -> list[str]:
    return [b for a, b in zip(texts, texts[1:], strict=False) if words(a) and words(a) == words(b)]


def heading_texts(spec) -> list[str]:
    """Every heading the form prints: section headings, sub-headings and repeats' captions."""
    out = [spec.title]
    for section in spec.sections:
        out.append(section.heading)
        for block in section.blocks:
            if isinstance(block, Heading):
                out.append(block.text)
            elif isinstance(block, RepeatBlock) and block.show_caption:
                out.append(block.repeat.label)
    return [words(h) for h in out if words(h)]


@pytest.mark.parametrize("path,key", ECHOING, ids=[p.stem for p, _ in ECHOING])
def test_no_caption_or_label_repeats_the_heading_above_it(path, key):
    spec = spec_for(path, key)
    pdf_text = [line[2] for page in pdf_lines(render_pdf(spec).data) for line in page]
    assert echoes(pdf_text) == []
    assert echoes(docx_texts(render_docx(spec).data)) == []
    for section in spec.sections:  # nor does a lone field's label under a heading saying the same
        fields = [b for b in section.blocks if isinstance(b, FieldBlock)]
        if len(fields) == 1 and words(fields[0].field.label) == words(section.heading):
            assert words(section.heading) not in [words(t) for t in pdf_text if t != section.heading]


def test_the_collapsed_label_is_still_the_tooltip_and_alias():
    spec = spec_for(POLICIES / "hertfordshire.yaml", "session-record")
    lone = [b.field for s in spec.sections for b in s.blocks if isinstance(b, FieldBlock) and not b.show_label]
    assert "Follow up from previous Supervision Session" in [f.label for f in lone]
    pdf = pikepdf.open(io.BytesIO(render_pdf(spec).data))
    tooltips = {str(f.T): str(f.get("/TU", "")) for f in pdf.Root.AcroForm.Fields}
    assert tooltips["follow_up"] == "Follow up from previous Supervision Session"
    aliases = {
        sdt.find(f"{W}sdtPr/{W}tag").get(f"{W}val"): sdt.find(f"{W}sdtPr/{W}alias").get(f"{W}val")
        for p in docx_paragraphs(render_docx(spec).data)
        for sdt in p.iter(f"{W}sdt")
        if sdt.find(f"{W}sdtPr/{W}alias") is not None
    }
    assert aliases["follow_up"] == "Follow up from previous Supervision Session"


@pytest.mark.parametrize("path,key", FORMS, ids=[f"{p.stem}-{k}" for p, k in FORMS])
def test_no_page_ends_with_a_heading(path, key):
    spec = spec_for(path, key)
    data = render_pdf(spec).data
    headings = heading_texts(spec)
    boxes = [  # field boxes count as content after a heading
        [(float(a.Rect[3]), float(a.Rect[1]), "") for a in page.get("/Annots", [])]
        for page in pikepdf.open(io.BytesIO(data)).pages
    ]
    pages = pdf_lines(data)
    for n, (lines, widgets) in enumerate(zip(pages[:-1], boxes, strict=False), 1):
        body = sorted([line for line in lines + widgets if line[1] > 40 and line[0] < 842 - 40], key=lambda x: -x[0])
        bullets = [b for b in body if b[2].strip() == "•"]
        text = [b for b in body if b[2].strip() != "•"]
        lone = [b for b in bullets if not any(t[1] < b[0] and b[1] < t[0] for t in text)]  # nothing beside it
        assert lone == [], f"page {n} ends with a bullet whose item is overleaf"
        body = text
        # text beside a field's box on its row (a tick box's option label) is not a stranded heading
        beside = bool(body) and any(w[1] < body[-1][0] and body[-1][1] < w[0] for w in widgets)
        last = words(body[-1][2]) if body and not beside else ""
        assert not (last and any(h == last or h.endswith(" " + last) for h in headings)), (
            f"page {n} ends with {body[-1][2]!r}"
        )


@pytest.mark.parametrize("path,key", FORMS, ids=[f"{p.stem}-{k}" for p, k in FORMS])
def test_every_docx_heading_keeps_with_the_next_paragraph(path, key):
    paragraphs = docx_paragraphs(render_docx(spec_for(path, key)).data)
    styles = [p.find(f"{W}pPr/{W}pStyle") for p in paragraphs]
    headings = [p for p, s in zip(paragraphs, styles, strict=True) if s is not None and "Heading" in s.get(f"{W}val")]
    assert headings
    assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in headings)
