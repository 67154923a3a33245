"""Tick boxes in real clients: every shipped evaluation questionnaire ticked in LibreOffice (over UNO,
as a person clicks) and by the Word-like filler harvests to exactly what was ticked; LibreOffice's
PDF of the Hertfordshire evaluation tool shows the grid on one page with Yes / No / Maybe on every
row, and every option of every choice is printed with its box (text geometry via pypdfium2)."""

import subprocess

import pypdfium2 as pdfium
import pytest

from docgen.forms import form_keys
from docgen.forms.fields import FIELD_TYPES
from docgen.harvest import harvest, read_records
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from tests.helpers.clients import CLIENTS, SYSTEM_PYTHON, fill_with_libreoffice
from tests.helpers.policies import SHIPPED, spec_for
from tests.helpers.word_fill import word_fill, word_fills

EVALUATIONS = [path for path in SHIPPED if "evaluation" in form_keys(load_policy(path))]
BOX = "\u2610"


def test_every_evaluation_ticked_in_libreoffice_and_word_harvests_exactly(libreoffice, tmp_path):
    assert EVALUATIONS
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    want = {}
    for path in EVALUATIONS:
        spec = spec_for(path, "evaluation")
        work = tmp_path / path.stem
        work.mkdir()
        data, values, summary, fills = fill_with_libreoffice(libreoffice, spec, work)
        assert summary["filled"] == len(fills) and any(v is True for _, _, v in fills)
        (inbox / f"{path.stem}-lo.docx").write_bytes(data)
        want[str((inbox / f"{path.stem}-lo.docx").resolve())] = values
        typed, values = word_fills(spec)
        word = word_fill(render_docx(spec, document_id=f"{path.stem}-word").data, typed)
        (inbox / f"{path.stem}-word.docx").write_bytes(word)
        want[str((inbox / f"{path.stem}-word.docx").resolve())] = values
    result = harvest([inbox], tmp_path / "h.db", jobs=1)
    assert result.counts["ok"] == len(want), result.counts
    records = read_records(tmp_path / "h.db")
    assert {r["path"]: r["values"] for r in records} == want
    questions = [f.id for f in spec_for(EVALUATIONS[0], "evaluation").fields() if f.options]
    assert all(r["values"][q] in ("yes", "no", "maybe") for r in records for q in questions)


def libreoffice_pdf(port: int, data: bytes, folder) -> pdfium.PdfDocument:
    """The blank DOCX as LibreOffice prints it to PDF."""
    (folder / "blank.docx").write_bytes(data)
    (folder / "fills.json").write_text("[]", encoding="utf-8")
    args = [SYSTEM_PYTHON, str(CLIENTS / "lo_fill.py"), str(port), str(folder / "blank.docx")]
    args += [str(folder / "saved.docx"), str(folder / "fills.json"), "--pdf", str(folder / "blank.pdf")]
    subprocess.run(args, check=True, timeout=180, capture_output=True)
    return pdfium.PdfDocument(str(folder / "blank.pdf"))


def chars(page) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each character on the page with its box (left, bottom, right, top)."""
    text = page.get_textpage()
    return [(text.get_text_range(i, 1), text.get_charbox(i)) for i in range(text.count_chars())]


def find(found, word: str) -> list[tuple[float, float, float, float]]:
    """The boxes of every occurrence of `word` (left, bottom, right, top of the whole word)."""
    text = "".join(c for c, _ in found)
    out, start = [], text.find(word)
    while start >= 0:
        boxes = [b for _, b in found[start : start + len(word)]]
        out.append(
            (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        )
        start = text.find(word, start + 1)
    return out


def test_the_hertfordshire_evaluation_prints_as_a_one_page_grid(libreoffice, tmp_path):
    spec = spec_for(next(p for p in SHIPPED if p.stem == "hertfordshire"), "evaluation")
    questions = [f for f in spec.fields() if f.options]
    pdf = libreoffice_pdf(libreoffice, render_docx(spec).data, tmp_path)
    pages = [chars(pdf[i]) for i in range(len(pdf))]
    [found] = [p for p in pages if find(p, questions[0].label[:20])]
    heads = {o.label: find(found, o.label) for o in questions[0].options}
    assert all(len(h) >= 1 for h in heads.values()), heads
    columns = {label: boxes[0] for label, boxes in heads.items()}  # the header row comes first
    assert sorted(columns, key=lambda k: columns[k][0]) == [o.label for o in questions[0].options]
    boxes = [b for c, b in found if c == BOX]
    for f in questions:
        [label] = find(found, f.label[:20])  # every question on this one page
        line = [b for b in boxes if b[1] < label[3] and b[3] > label[1]]  # the boxes level with its first line
        assert len(line) == len(f.options), f.label
        for box, option in zip(sorted(line), f.options, strict=True):  # each under its column head
            head = columns[option.label]
            assert head[0] - 20 < (box[0] + box[2]) / 2 < head[2] + 20, (f.label, option.label)
    assert not any(find(p, questions[-1].label[:20]) for p in pages if p is not found)


@pytest.mark.parametrize("stem,key", [("hertfordshire", "session-record"), ("worcestershire", "case-record")])
def test_every_option_is_printed_with_its_box(libreoffice, tmp_path, stem, key):
    spec = spec_for(next(p for p in SHIPPED if p.stem == stem), key)
    repeats = {r.id: r.rows for r in spec.repeats()}
    choices = [f for f in spec.fields() if FIELD_TYPES[f.type].control_for(f) == "ticks"]
    assert choices
    pdf = libreoffice_pdf(libreoffice, render_docx(spec).data, tmp_path)
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    squeezed = "".join(text.split())  # spaces (and a RAG swatch's) aside
    for f in choices:
        for option in f.options:  # each option's words right after its box
            assert BOX + "".join(option.label.split()) in squeezed, option.label
    wanted = sum(len(f.options) * repeats.get(f.id.rpartition(".")[0], 1) for f in choices)
    plain = sum(repeats.get(f.id.rpartition(".")[0], 1) for f in spec.fields() if f.type == "checkbox")
    assert text.count(BOX) == wanted + plain
