"""PDF forms that work on paper (issue 16 items 3 and 4, PDF side): room to write in every answer
box, readable font sizes, and page flow like a designer's.

Every form of every shipped policy is drawn blank and filled with long Welsh answers (two rows
more in every repeat), and read back as a person sees it: the characters of each page with their
font sizes and boxes (pypdfium2's text page) and the widgets' rectangles (pikepdf). The least
heights come from the field types (FieldType.min_height), never from the renderer.
"""

from __future__ import annotations

import dataclasses
import io
import re
from functools import cache

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest

from docgen.forms import form_keys
from docgen.forms.fieldlist import pdf_name
from docgen.forms.fields import FIELD_TYPES
from docgen.forms.tree import FieldBlock, GridBlock, ListBlock, Paragraph, Section
from docgen.policy import load_policy
from docgen.render.pdf import render_pdf
from tests.helpers.policies import POLICIES, SHIPPED, spec_for
from tests.helpers.values import plan

FORMS = [(path, key) for path in SHIPPED for key in form_keys(load_policy(path))]
IDS = [f"{p.stem}-{k}" for p, k in FORMS]
NOTE = (
    "Trafodwyd cynnydd y teulu yn fanwl gyda Siân Llewelyn-ap Gwynfor; mae'r gweithiwr cymdeithasol yn poeni "
    "am bresenoldeb ysgol a diogelwch y plant gartref, ac fe gytunwyd ar gynllun gyda Rhodri ap Dafydd. "
) * 4
WELSH = ["Siân Llewelyn-ap Gwynfor", "Rhodri ap Dafydd", NOTE[:600]]
EXTRA_ROWS = 2
A4_H, MARGIN = 841.89, 56.7
TOP, BOTTOM = A4_H - MARGIN, MARGIN  # the printable area between header and footer
TICKED = ("ticks", "checkbox")  # tick boxes: their size is the tick-box helpers' (not room to write)


@dataclasses.dataclass
class Page:
    chars: list[tuple[str, float, tuple[float, float, float, float]]]  # (char, font size, box)
    text: str  # the chars joined, one per index of `chars`
    widgets: dict[str, tuple[float, float, float, float]]  # field name -> rect


def pages_of(data: bytes) -> list[Page]:
    pages = []
    doc = pikepdf.open(io.BytesIO(data))
    for page, annotated in zip(pdfium.PdfDocument(data), doc.pages, strict=True):
        tp = page.get_textpage()
        chars = [
            (tp.get_text_range(i, 1), pdfium_raw.FPDFText_GetFontSize(tp, i), tp.get_charbox(i))
            for i in range(tp.count_chars())
        ]
        widgets: dict[str, tuple[float, float, float, float]] = {}
        for a in annotated.obj.get("/Annots", []):
            named = a if "/T" in a else a.get("/Parent")  # a tick box is a kid of its question's radio group
            if named is None or "/T" not in named:
                continue
            x0, y0, x1, y1 = (float(v) for v in a.Rect)
            if str(named.T) in widgets:  # the group's extent: all its boxes
                u = widgets[str(named.T)]
                x0, y0, x1, y1 = min(x0, u[0]), min(y0, u[1]), max(x1, u[2]), max(y1, u[3])
            widgets[str(named.T)] = (x0, y0, x1, y1)
        pages.append(Page(chars, "".join(c for c, _, _ in chars), widgets))
    return pages


@cache
def drawn(path, key, filled: bool) -> tuple[list[Page], int]:
    """The form's pages, blank or filled with long Welsh answers, and the extra rows it has."""
    spec = spec_for(path, key)
    if not filled:
        return pages_of(render_pdf(spec).data), 0
    return pages_of(render_pdf(spec, plan(spec, WELSH, extra_rows=EXTRA_ROWS).want).data), EXTRA_ROWS


def boxes(spec, extra: int) -> dict[str, tuple]:
    """Field name -> (field, in a repeat table's row) for every answer box of the form."""
    out = {pdf_name(f.id): (f, False) for f in spec.fields()}
    for r in spec.repeats():
        for i in range(r.rows + extra):
            out.update({pdf_name(f.id, i): (f, r.layout != "block") for f in r.fields})
    return out


def page_of(pages: list[Page], name: str) -> int:
    return next(n for n, p in enumerate(pages) if name in p.widgets)


def sizes_of(page: Page, words: str) -> list[float]:
    """The font sizes of every character where `words` (its first 14 characters or so, cut at a
    word) is printed on the page, between its header and footer."""
    head = words[:14].rsplit(" ", 1)[0] if len(words) > 14 else words
    pattern = r"\s+".join(re.escape(w) for w in head.split())
    found = [page.chars[i] for m in re.finditer(pattern, page.text) for i in range(m.start(), m.end())]
    return [size for _, size, box in found if BOTTOM <= box[1] <= TOP]  # not the header or footer


FILLED = [False, True]


@pytest.mark.parametrize("filled", FILLED, ids=["blank", "filled"])
@pytest.mark.parametrize("path,key", FORMS, ids=IDS)
def test_every_answer_box_has_its_field_types_room_to_write(path, key, filled):
    spec = spec_for(path, key)
    pages, extra = drawn(path, key, filled)
    known = boxes(spec, extra)
    seen = 0
    for page in pages:
        for name, (_, y0, _, y1) in page.widgets.items():
            if name not in known:  # a signing tool's /Sig field beside a typed name
                continue
            f, in_row = known[name]
            if FIELD_TYPES[f.type].control_for(f) in TICKED:
                continue
            seen += 1
            assert y1 - y0 >= FIELD_TYPES[f.type].min_height(f, in_row) - 0.01, (name, y1 - y0)
    assert seen >= len([f for f in spec.fields() if FIELD_TYPES[f.type].control_for(f) not in TICKED])


@pytest.mark.parametrize("filled", FILLED, ids=["blank", "filled"])
@pytest.mark.parametrize("path,key", FORMS, ids=IDS)
def test_nothing_under_8_pt_labels_at_least_10_and_hints_at_least_9(path, key, filled):
    spec = spec_for(path, key)
    pages, _ = drawn(path, key, filled)
    for n, page in enumerate(pages, 1):
        small = {c for c, size, _ in page.chars if c.strip() and size < 8 - 0.01}
        assert not small, (n, small)
    labelled = [b.field for s in spec.sections for b in s.blocks if isinstance(b, FieldBlock) and b.show_label]
    labelled += [f for s in spec.sections for b in s.blocks if isinstance(b, GridBlock) for f in b.fields]
    labels = [f.label for f in labelled] + [f.label for r in spec.repeats() for f in r.fields]
    for words, least in [(w, 10) for w in labels] + [(f.help, 9) for f in spec.fields() if f.help]:
        sizes = [s for page in pages for s in sizes_of(page, words)]
        assert sizes, f"{words!r} is not printed"
        assert min(sizes) >= least - 0.01, (words, min(sizes))


@pytest.mark.parametrize("path,key", FORMS, ids=IDS)
def test_table_rows_never_split_a_short_table_stays_whole_and_the_header_repeats(path, key):
    spec = spec_for(path, key)
    many = 14  # rows enough to run a table over a page
    values = plan(spec, WELSH, extra_rows=many).want
    pages = pages_of(render_pdf(spec, values).data)
    blank = pages_of(render_pdf(spec).data)
    for r in spec.repeats():
        if r.layout == "block":
            continue
        rows = [{page_of(pages, pdf_name(f.id, i)) for f in r.fields} for i in range(r.rows + many)]
        assert all(len(on) == 1 for on in rows), (r.id, rows)
        first = r.fields[0].label
        for n in set().union(*rows):
            assert sizes_of(pages[n], first), f"the header of {r.id} is not on page {n + 1}"
        if r.rows <= 8:
            on = {page_of(blank, pdf_name(f.id, i)) for i in range(r.rows) for f in r.fields}
            assert len(on) == 1, f"{r.id}: a table of {r.rows} rows is split over pages {sorted(on)}"


def signing(f) -> bool:
    return bool(f.role and f.role.startswith("signature"))


@pytest.mark.parametrize("filled", FILLED, ids=["blank", "filled"])
@pytest.mark.parametrize("path,key", FORMS, ids=IDS)
def test_signatures_and_a_section_of_signatures_stay_on_one_page(path, key, filled):
    spec = spec_for(path, key)
    pages, _ = drawn(path, key, filled)
    groups = [[f for f in spec.fields() if signing(f)]]
    groups += [
        [b.field for b in s.blocks if isinstance(b, FieldBlock)] for s in spec.sections if "ignature" in s.heading
    ]
    for group in filter(None, groups):
        on = {page_of(pages, pdf_name(f.id)) for f in group}
        assert len(on) == 1, ([f.id for f in group], sorted(on))


def intro_sections(spec) -> list[tuple[Section, ListBlock, FieldBlock]]:
    """Sections that open with a list (after an introduction, or straight under the heading) and
    the box the list prompts: (section, list, box)."""
    out = []
    for s in spec.sections:
        b = s.blocks
        k = 1 if b and isinstance(b[0], Paragraph) else 0
        if len(b) > k + 1 and isinstance(b[k], ListBlock) and isinstance(b[k + 1], FieldBlock):
            out.append((s, b[k], b[k + 1]))
    return out


@pytest.mark.parametrize("filled", FILLED, ids=["blank", "filled"])
@pytest.mark.parametrize("path,key", FORMS, ids=IDS)
def test_a_heading_its_introduction_and_list_stay_with_the_box(path, key, filled):
    spec = spec_for(path, key)
    pages, _ = drawn(path, key, filled)
    for s, prompts, box_block in intro_sections(spec):
        box = page_of(pages, pdf_name(box_block.field.id))
        item = prompts.items[0]
        assert sizes_of(pages[box], item), f"{s.heading}: its list is not on the page of its box ({box + 1})"
        heading = re.compile(r"(^|\n)\s*" + re.escape(s.heading) + r"\s*(\r|\n)")
        assert heading.search(pages[box].text), f"{s.heading}: the heading is not on the page of its box"


def test_the_session_records_have_intro_sections_to_check():
    spec = spec_for(POLICIES / "worcestershire.yaml", "session-record")
    assert [s.heading for s, _, _ in intro_sections(spec)][:3] == ["Management", "Professional Development", "Support"]
    # a function's prompts straight under its heading, then its notes box (labelled)
    sussex = spec_for(POLICIES / "sussex.yaml", "session-record")
    assert "Addressing diversity" in [s.heading for s, _, _ in intro_sections(sussex)]


def used(page: Page) -> float:
    """The share of the printable height used, down to the lowest text or box."""
    lows = [box[1] for c, _, box in page.chars if c.strip() and BOTTOM <= box[1] <= TOP]
    lows += [rect[1] for rect in page.widgets.values()]
    return (TOP - min(lows, default=TOP)) / (TOP - BOTTOM)


@pytest.mark.parametrize("filled", FILLED, ids=["blank", "filled"])
@pytest.mark.parametrize("path,key", FORMS, ids=IDS)
def test_no_near_empty_last_page(path, key, filled):
    pages, _ = drawn(path, key, filled)
    # sensible page counts: a blank at most 5 pages; filled with long answers and extra rows, 8
    assert len(pages) <= (8 if filled else 5)
    if len(pages) > 1:
        assert used(pages[-1]) >= 0.2, [round(used(p), 2) for p in pages]


def multiline_names(spec) -> set[str]:
    return {pdf_name(f.id) for f in spec.fields() if FIELD_TYPES[f.type].multiline and f.id.count(".") == 0}


@pytest.mark.parametrize("path,key", FORMS, ids=IDS)
def test_multi_line_boxes_are_redrawn_and_stamped_at_10_pt(path, key):
    """A viewer redraws a multi-line box at its /DA size, docgen's appearance starts at the same size."""
    spec = spec_for(path, key)
    names = multiline_names(spec)
    values = {f.id: "Rhodri ap Dafydd" for f in spec.fields() if pdf_name(f.id) in names}
    pdf = pikepdf.open(io.BytesIO(render_pdf(spec, values).data))
    checked = 0
    for field in pdf.Root.AcroForm.Fields:
        if str(field.T) in names:
            checked += 1
            assert re.search(r"\b10 Tf", str(field.DA)), (str(field.T), str(field.DA))
            assert re.search(rb"\b10 Tf", field.AP.N.read_bytes()), str(field.T)
    assert checked == len(names)


@pytest.mark.parametrize("path,key", FORMS, ids=IDS)
def test_a_date_box_is_about_35_mm_with_a_dd_mm_yyyy_guide_beside_it(path, key):
    spec = spec_for(path, key)
    pages, _ = drawn(path, key, False)
    dates = [pdf_name(f.id) for f in spec.fields() if f.type == "date" and "." not in f.id]
    for name in dates:
        page = pages[page_of(pages, name)]
        x0, y0, x1, y1 = page.widgets[name]
        assert 85 <= x1 - x0 <= 115, (name, x1 - x0)  # 35 mm is 99 pt
        guide = [
            m.start()
            for m in re.finditer(r"dd / mm / yyyy", page.text)
            if x1 < page.chars[m.start()][2][0] < x1 + 20 and y0 <= page.chars[m.start()][2][1] <= y1
        ]
        assert guide, f"{name}: no dd / mm / yyyy guide beside its box"


@pytest.mark.parametrize("key", ["case-record", "session-record"])
def test_a_near_empty_last_page_is_avoided_by_tightening_or_moving_a_break(key):
    """Forms made to end with a few rows on a page of their own (more and more questions added at
    the end) are drawn again so they do not: tighter if that saves the page, else with a break
    moved earlier; never with more pages."""
    from reportlab.pdfgen.canvas import Canvas

    from docgen.forms.tree import FieldSpec
    from docgen.render.pdf import PdfForm
    from docgen.render.pdf.layout import PAGE_H, PAGE_W, Flow, register_fonts

    register_fonts()
    base = spec_for(POLICIES / "worcestershire.yaml", key)

    def once(spec) -> Flow:  # drawn once, as it comes
        flow = Flow(Canvas(io.BytesIO(), pagesize=(PAGE_W, PAGE_H)), spec, {})
        flow.document()
        return flow

    near_empty = 0
    for n in range(1, 50):
        extra = tuple(FieldBlock(FieldSpec(f"extra_{i}", "text", f"Extra question {i}")) for i in range(n))
        spec = dataclasses.replace(base, sections=(*base.sections, Section("More questions", extra)))
        plain = once(spec)
        if plain.page == 1 or plain.last_used() >= 0.2:
            continue
        near_empty += 1
        pages = pages_of(PdfForm(spec).blank)
        assert len(pages) <= plain.page, n
        assert len(pages) == 1 or used(pages[-1]) >= 0.2, (n, [round(used(p), 2) for p in pages])
    assert near_empty >= 8
