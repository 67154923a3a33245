"""Tick boxes in the PDF: every choice of up to seven options is drawn as its options, each label
printed beside a box (a radio group per question whose kids' states are the option keys), so a
printed blank can be ticked with a pen and a viewer can click one; the evaluation tool's
statements are a grid on one page; a RAG rating shows its words with a colour swatch each; the
tick is drawn as vectors that PDFium, poppler and pdf.js show."""

import io

import pikepdf
import pypdfium2 as pdfium
import pytest

from docgen.forms import build_form, form_keys
from docgen.forms.fieldlist import pdf_name
from docgen.forms.fields import FIELD_TYPES
from docgen.policy import load_policy
from docgen.render.pdf import render_pdf
from tests.helpers.pdf_viewers import pdfjs, pdfjs_ink
from tests.helpers.pdfium_seen import pdfium_ink, poppler_ink
from tests.helpers.policies import POLICIES, SHIPPED

FORMS = [(path, key) for path in SHIPPED for key in form_keys(load_policy(path))]
IDS = [f"{p.stem}-{k}" for p, k in FORMS]
RADIO, NO_TOGGLE_TO_OFF = 1 << 15, 1 << 14
HERTS_EVALUATION = build_form(load_policy(POLICIES / "hertfordshire.yaml"), "evaluation")


def ticked_fields(spec) -> dict[str, object]:
    """PDF field name -> spec field, for every tick-box choice of a form (every repeat row)."""
    repeats = {r.id: r for r in spec.repeats()}
    out = {}
    for f in spec.fields():
        if FIELD_TYPES[f.type].control_for(f) != "ticks":
            continue
        rid = f.id.rpartition(".")[0]
        for row in range(repeats[rid].rows) if rid in repeats else [None]:
            out[pdf_name(f.id, row)] = f
    return out


def on_state(kid) -> str:
    return next(str(k) for k in kid.AP.N.keys() if k != "/Off")  # noqa: SIM118


def page_texts(data: bytes) -> list[str]:
    doc = pdfium.PdfDocument(data)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def squashed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("path,key", FORMS, ids=IDS)
def test_every_short_choice_is_a_radio_group_whose_kids_are_its_options(path, key):
    spec = build_form(load_policy(path), key)
    pdf = pikepdf.open(io.BytesIO(render_pdf(spec).data))
    fields = {str(f.T): f for f in pdf.Root.AcroForm.Fields}
    for name, f in ticked_fields(spec).items():
        group = fields[name]
        assert group.FT == "/Btn" and int(group.Ff) & RADIO and int(group.Ff) & NO_TOGGLE_TO_OFF, name
        assert f.label.rstrip(" :*") in str(group.TU)  # its name says its label (and more: test_field_names.py)
        assert "/V" not in group  # a blank: nothing ticked
        assert [on_state(kid) for kid in group.Kids] == [f"/{o.key}" for o in f.options]
        for kid in group.Kids:
            assert kid.AS == "/Off"
            for look in ("/N", "/D"):  # on and off, at rest and pressed
                assert sorted(str(k) for k in kid.AP[look].keys()) == sorted([on_state(kid), "/Off"])  # noqa: SIM118


@pytest.mark.parametrize("path,key", FORMS, ids=IDS)
def test_every_option_of_every_tick_box_choice_is_printed_as_text(path, key):
    spec = build_form(load_policy(path), key)
    text = squashed("".join(page_texts(render_pdf(spec).data)))
    labels = {o.label for f in ticked_fields(spec).values() for o in f.options}
    assert [label for label in sorted(labels) if squashed(label) not in text] == []


def test_the_hertfordshire_evaluation_grid_sits_on_one_page_under_its_option_heads():
    data = render_pdf(HERTS_EVALUATION).data
    pdf = pikepdf.open(io.BytesIO(data))
    pages = {page.objgen: n for n, page in enumerate(pdf.pages)}
    questions = [f for f in HERTS_EVALUATION.fields() if f.id.startswith("q")]
    groups = {str(f.T): f for f in pdf.Root.AcroForm.Fields}
    kids = {f.id: list(groups[f.id].Kids) for f in questions}
    assert len(questions) == 10
    assert {pages[kid.P.objgen] for ks in kids.values() for kid in ks} == {0}
    assert len(pdf.pages) == 1  # the whole tool, "About you" and "What should change" included
    # the header's option labels are text on that page, each above its column of boxes
    doc = pdfium.PdfDocument(data)
    textpage = doc[0].get_textpage()
    heads = {}
    for word in ("Yes", "No", "Maybe"):
        searcher = textpage.search(word, match_case=True, match_whole_word=True)
        found = searcher.get_next()
        assert found is not None, word
        left, bottom, right, top = textpage.get_charbox(found[0])
        _, _, right, _ = textpage.get_charbox(found[0] + found[1] - 1)
        heads[word] = ((left + right) / 2, bottom)
    text = squashed(textpage.get_text_range())
    doc.close()
    for f in questions:
        assert squashed(f.label) in text
        boxes = [[float(v) for v in kid.Rect] for kid in kids[f.id]]
        assert len({round(b[1], 1) for b in boxes}) == 1  # one row
        for box, option in zip(boxes, f.options, strict=True):
            centre, head_bottom = heads[option.label]
            assert abs((box[0] + box[2]) / 2 - centre) < 3  # centred under its head
            assert box[3] < head_bottom


@pytest.mark.parametrize("policy,key,field", [("leeds", "preparation-sheet", "cases__0__rag")])
def test_rag_options_show_their_words_each_with_its_colour(policy, key, field):
    spec = build_form(load_policy(POLICIES / f"{policy}.yaml"), key)
    data = render_pdf(spec).data
    pdf = pikepdf.open(io.BytesIO(data))
    group = next(f for f in pdf.Root.AcroForm.Fields if str(f.T) == field)
    doc = pdfium.PdfDocument(data)
    page = doc[0]
    textpage = page.get_textpage()
    scale = 3
    image = page.render(scale=scale).to_pil().convert("RGB")
    height = page.get_height()
    want = {"red": (200, 40, 40), "amber": (245, 160, 15), "green": (40, 150, 60)}
    for kid in group.Kids:
        key_ = on_state(kid)[1:]
        x0, y0, x1, y1 = (float(v) for v in kid.Rect)
        # the word beside the box is the option's label, printed dark
        beside = textpage.get_text_bounded(left=x1, bottom=y0 - 2, right=x1 + 60, top=y1 + 2)
        assert beside.strip().startswith(key_.capitalize()), beside
        # between the box and the word: a swatch of the option's colour
        r, g, b = want[key_]
        swatch = [
            image.getpixel((round(x * scale), round((height - (y0 + y1) / 2) * scale)))
            for x in (x1 + 4 + i for i in range(8))
        ]
        assert any(abs(p[0] - r) < 40 and abs(p[1] - g) < 40 and abs(p[2] - b) < 40 for p in swatch), swatch
    doc.close()


@pytest.mark.parametrize("viewer", ["PDFium", "poppler", pytest.param("pdf.js", marks=pdfjs)])
def test_a_ticked_box_shows_its_tick_and_the_others_stay_empty(tmp_path, viewer):
    blank = render_pdf(HERTS_EVALUATION).data
    filled = render_pdf(HERTS_EVALUATION, {"q1": "yes", "q6": "maybe"}).data
    pdf = pikepdf.open(io.BytesIO(filled))
    groups = {str(f.T): f for f in pdf.Root.AcroForm.Fields}
    ticked, unticked = [], []
    for name, answer in (("q1", "yes"), ("q6", "maybe")):
        for kid in groups[name].Kids:
            (ticked if on_state(kid) == f"/{answer}" else unticked).append([float(v) for v in kid.Rect])
    rects = ticked + unticked
    ink = {
        "PDFium": lambda data: pdfium_ink(data, 0, rects),
        "poppler": lambda data: poppler_ink(data, 0, rects, tmp_path),
        "pdf.js": lambda data: pdfjs_ink(data, 0, rects, tmp_path),
    }[viewer]
    gained = [a - b for a, b in zip(ink(filled), ink(blank), strict=True)]
    assert all(g > 40 for g in gained[: len(ticked)]), gained
    assert all(g == 0 for g in gained[len(ticked) :]), gained


@pytest.mark.parametrize(
    "policy,field,rows",
    [("leeds", "supervision_type", 1), ("hertfordshire", "supervision_type", 2)],
    ids=["leeds", "herts"],
)
def test_options_sit_in_one_row_when_they_fit_the_answer_column_else_wrap(policy, field, rows):
    spec = build_form(load_policy(POLICIES / f"{policy}.yaml"), "session-record")
    data = render_pdf(spec).data
    pdf = pikepdf.open(io.BytesIO(data))
    group = next(f for f in pdf.Root.AcroForm.Fields if str(f.T) == field)
    boxes = [[float(v) for v in kid.Rect] for kid in group.Kids]
    assert len({round(b[1]) for b in boxes}) == rows
    width, margin = float(pdf.pages[0].MediaBox[2]), 56.7  # A4, 2 cm margins
    assert all(b[0] >= width / 3 and b[2] <= width - margin for b in boxes)  # in the answer column
    # each option's label is printed beside its box, inside the column
    f = next(x for x in spec.fields() if x.id == field)
    doc = pdfium.PdfDocument(data)
    page = doc[[p.objgen for p in pdf.pages].index(group.Kids[0].P.objgen)]
    textpage = page.get_textpage()
    for box, option in zip(boxes, f.options, strict=True):
        beside = textpage.get_text_bounded(left=box[2], bottom=box[1] - 2, right=width - margin, top=box[3] + 2)
        assert squashed(beside).startswith(squashed(option.label)), (beside, option.label)
    doc.close()
