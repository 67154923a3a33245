"""Blanks inside sentences: an agreement clause's blanks are boxes in the sentence's own line (PDF)
or controls in its paragraph (DOCX), and a blank said again ("{supervisor} and {supervisee} will
try...") shows the same answer; no form prints a placeholder such as "[Supervisor]"."""

import io
import json
import re
import subprocess
import warnings
import zipfile

import pikepdf
import pypdfium2 as pdfium
import pytest
from lxml import etree

from docgen.formats.docx import PROMPT_BLANK, PROMPT_BLANK_SHORT
from docgen.forms import build_form, form_keys
from docgen.forms.fieldlist import pdf_name
from docgen.forms.tree import FieldSpec, Mirror, Paragraph
from docgen.parse import parse_bytes
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from tests.helpers.pdf_viewers import CLIENT_COMMANDS, poppler
from tests.helpers.pdfium_fill import fill_in_subprocess
from tests.helpers.policies import POLICIES, SHIPPED

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# the Worcestershire agreement's blanks, as its clauses in policies/worcestershire.yaml write them
TYPED = {
    "parties_supervisor": "Siân ap Rhŷs",
    "parties_supervisee": "Tomos Wyn",
    "frequency_weeks": "4",
    "frequency_venue": "County Hall",
}
WANT = {**TYPED, "frequency_weeks": 4}


@pytest.fixture(scope="module")
def agreement():
    return build_form(load_policy(POLICIES / "worcestershire.yaml"), "agreement")


def _pages_text(data: bytes) -> list[str]:
    doc = pdfium.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()


def _docx_text(data: bytes) -> str:
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    return "".join(t.text or "" for t in root.iter(f"{W}t"))


def _placeholders(spec) -> set[str]:
    """ "[Label]" for every field of the form: what a placeholder print of a blank looks like."""
    return {f"[{f.label}]" for f in spec.fields()}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_no_form_prints_a_blank_as_its_label_in_brackets(path):
    loaded = load_policy(path)
    for key in form_keys(loaded):
        spec = build_form(loaded, key)
        shown = "\n".join(_pages_text(render_pdf(spec).data)) + "\n" + _docx_text(render_docx(spec).data)
        assert not [p for p in _placeholders(spec) if p in shown], key


def _widget_boxes(data: bytes) -> dict[str, list[tuple[int, list[float]]]]:
    """Field name -> (page index, rectangle) of each of its widgets, in drawing order."""
    pdf = pikepdf.open(io.BytesIO(data))
    pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    out: dict[str, list] = {}
    for field in pdf.Root.AcroForm.Fields:
        for widget in field.Kids if "/Kids" in field else [field]:
            out.setdefault(str(field.T), []).append((pages[widget.P.objgen], [float(v) for v in widget.Rect]))
    return out


def _line_text(data: bytes, page_index: int, rect: list[float]) -> str:
    """The page's words whose middle lies within the box's height: the line the box stands in."""
    doc = pdfium.PdfDocument(data)
    try:
        text = doc[page_index].get_textpage()
        chars = []
        for i in range(text.count_chars()):
            left, bottom, right, top = text.get_charbox(i)
            if rect[1] <= (bottom + top) / 2 <= rect[3]:
                chars.append(text.get_text_range(i, 1))
        return "".join(chars)
    finally:
        doc.close()


def _neighbours(block: Paragraph, j: int) -> list[str]:
    """The words just before and just after the blank in its sentence (a box may start a line)."""
    before = block.parts[j - 1] if j > 0 and isinstance(block.parts[j - 1], str) else ""
    after = block.parts[j + 1] if j + 1 < len(block.parts) and isinstance(block.parts[j + 1], str) else ""
    return re.findall(r"[A-Za-z]+", before)[-1:] + re.findall(r"[A-Za-z]+", after)[:1]


def test_each_blank_is_a_box_in_its_sentences_line(agreement):
    data = render_pdf(agreement).data
    boxes = _widget_boxes(data)
    seen: dict[str, int] = {}
    checked = 0
    for section in agreement.sections:
        for block in section.blocks:
            if not isinstance(block, Paragraph):
                continue
            for j, part in enumerate(block.parts):
                if not isinstance(part, (FieldSpec, Mirror)):
                    continue
                name = pdf_name(part.id if isinstance(part, FieldSpec) else part.field_id)
                n = seen[name] = seen.get(name, -1) + 1
                page, rect = boxes[name][n]
                assert rect[3] - rect[1] >= 18  # room to write a word by hand
                line = _line_text(data, page, rect)
                assert any(word in line for word in _neighbours(block, j)), (name, n, line)
                checked += 1
    assert checked == 6  # 4 blanks, and the 2 said again
    # each blank is asked once: no separate labelled box for it below the sentence
    assert {n: len(b) for n, b in boxes.items() if n.startswith(("parties_", "frequency_"))} == {
        "parties_supervisor": 2,
        "parties_supervisee": 2,
        "frequency_weeks": 1,
        "frequency_venue": 1,
    }
    assert "every ... weeks" not in "".join(_pages_text(data))


def _read_back(data: bytes) -> dict:
    record = parse_bytes(data, "agreement.pdf")
    assert not [i for i in record.issues if i.field in WANT], record.issues
    return {k: record.values[k] for k in WANT}


def test_pdfium_typing_in_the_sentence_reads_back_one_value(agreement, tmp_path, both_pdf_readers):
    blank = render_pdf(agreement).data
    for typing, save in [("keys", "incremental"), ("replace", "full")]:
        filled, summary = fill_in_subprocess(blank, TYPED, typing, save, tmp_path)
        assert summary["fields"].count("parties_supervisor") == 1  # one field...
        assert len(_widget_boxes(filled)["parties_supervisor"]) == 2  # ...shown in two places
        assert _read_back(filled) == WANT
        text = "".join(_pages_text(_flattened(filled)))
        assert text.count("Siân ap Rhŷs") == 2 and text.count("Tomos Wyn") == 2  # both places show it


def _flattened(data: bytes) -> bytes:
    pdf = pikepdf.open(io.BytesIO(data))
    pdf.flatten_annotations("all")
    out = io.BytesIO()
    with warnings.catch_warnings():  # the unsigned signature widgets flattening leaves
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
        pdf.save(out)
    return out.getvalue()


@poppler
def test_poppler_filling_the_sentence_reads_back_one_value(agreement, tmp_path, both_pdf_readers):
    (tmp_path / "blank.pdf").write_bytes(render_pdf(agreement).data)
    (tmp_path / "fills.json").write_text(json.dumps(TYPED, ensure_ascii=False), encoding="utf-8")
    command = CLIENT_COMMANDS["poppler"](
        str(tmp_path / "blank.pdf"), str(tmp_path / "saved.pdf"), str(tmp_path / "fills.json")
    )
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    assert _read_back((tmp_path / "saved.pdf").read_bytes()) == WANT


def test_docgens_own_values_show_in_both_places(agreement, both_pdf_readers):
    pdf = render_pdf(agreement, WANT).data
    assert _read_back(pdf) == WANT
    assert "".join(_pages_text(_flattened(pdf))).count("Siân ap Rhŷs") == 2
    docx = render_docx(agreement, WANT).data
    record = parse_bytes(docx, "agreement.docx")
    assert {k: record.values[k] for k in WANT} == WANT
    text = _docx_text(docx)
    assert text.count("Siân ap Rhŷs") == 2 and text.count("Tomos Wyn") == 2
    assert text.count("Siân ap Rhŷs and Tomos Wyn will try") == 1  # the clause said with the answers


def test_a_blank_docx_leaves_a_writing_line_where_a_blank_is_said_again(agreement):
    text = _docx_text(render_docx(agreement).data)
    assert re.search(r"…{10,} and …{10,} will try", text)


def test_a_blank_inside_a_sentence_prompts_with_a_writing_line_in_word_and_reads_back_empty():
    """On a printed blank, "This is an Agreement between ______ and ______", not "between Enter
    text and Enter text"; the writing line is a prompt, so an untouched blank reads back as empty."""
    spec = build_form(load_policy(POLICIES / "worcestershire.yaml"), "agreement")
    data = render_docx(spec).data
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        body = zf.read("word/document.xml").decode("utf-8")
    sentence = re.search(r"This is an Agreement between.*?two-way", re.sub(r"<[^>]+>", "", body))
    assert sentence and PROMPT_BLANK in sentence.group(0) and "Enter text" not in sentence.group(0)
    assert PROMPT_BLANK_SHORT in re.sub(r"<[^>]+>", "", body)  # "every ……… weeks"
    inline = [
        p
        for s in spec.sections
        for b in s.blocks
        if isinstance(b, Paragraph)
        for p in b.parts
        if isinstance(p, FieldSpec)
    ]
    assert inline
    record = parse_bytes(data, "agreement.docx")
    assert all(record.values.get(f.id) is None for f in inline)
