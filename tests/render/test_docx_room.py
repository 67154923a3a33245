"""A Word form printed blank can be completed with a pen: every answer row is at least its field's
least height on paper (w:trHeight "atLeast"), dates show a day / month / year guide, and the page
flow keeps together what belongs together (an introduction with its list and box, a short table,
the signature block); text is never smaller than 8 pt, labels 10 pt, hints 9 pt."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree

from docgen.forms import build_form, form_keys
from docgen.forms.fields import FIELD_TYPES
from docgen.generate import build, select_forms
from docgen.parse.docx import parse_docx
from docgen.policy import load_policy, load_policy_text
from docgen.render.docx import fill_docx, render_docx
from tests.helpers.adopting import adopting_policy
from tests.helpers.policies import POLICIES, SHIPPED, spec_for

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FORMS = [(path, key) for path in SHIPPED for key in form_keys(load_policy(path))]
DOCUMENTS = [(path, key) for path in SHIPPED for key in select_forms(load_policy(path), None)]
WORCESTERSHIRE = next(p for p in SHIPPED if p.stem == "worcestershire")


def xml_part(data: bytes, name: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read(name))


def with_part(data: bytes, name: str, old: bytes, new: bytes) -> bytes:
    """The package with `old` replaced by `new` in one part (which must hold it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == name:
                assert old in payload
                payload = payload.replace(old, new)
            dst.writestr(info, payload)
    return out.getvalue()


def val(node, tag: str) -> str | None:
    found = node.find(tag)
    return None if found is None else found.get(f"{W}val")


def enclosing(node, tag: str):
    while node is not None and node.tag != tag:
        node = node.getparent()
    return node


def text(node) -> str:
    return "".join(t.text or "" for t in node.iter(f"{W}t"))


def keeps_next(p) -> bool:
    return p.find(f"{W}pPr/{W}keepNext") is not None


def tag_of(sdt) -> str:
    return val(sdt, f"{W}sdtPr/{W}tag") or ""


# --- room to write ------------------------------------------------------------------------------


@pytest.mark.parametrize("path,key", FORMS, ids=[f"{p.stem}-{k}" for p, k in FORMS])
def test_every_answer_row_is_at_least_its_fields_least_height_on_paper(path, key):
    spec = spec_for(path, key)
    body = xml_part(render_docx(spec).data)
    fields = {f.id: f for f in spec.fields()}
    in_rows = {f.id for r in spec.repeats() if r.layout == "table" for f in r.fields}
    checked = []
    for sdt in body.iter(f"{W}sdt"):
        f = fields.get(tag_of(sdt))
        tr = enclosing(sdt, f"{W}tr")
        if f is None or tr is None:  # a repeat's wrapper, or a blank inside a sentence
            continue
        height = tr.find(f"{W}trPr/{W}trHeight")
        assert height is not None, f.id
        assert height.get(f"{W}hRule") == "atLeast", f.id
        assert int(height.get(f"{W}val")) >= FIELD_TYPES[f.type].min_height(f, f.id in in_rows) * 20, f.id
        checked.append(f)
    assert checked


def test_a_multi_line_answer_keeps_four_lines_and_an_action_row_two():
    spec = spec_for(WORCESTERSHIRE, "session-record")
    body = xml_part(render_docx(spec).data)
    heights = {}
    for sdt in body.iter(f"{W}sdt"):
        tr = enclosing(sdt, f"{W}tr")
        if tr is not None and tag_of(sdt):
            heights.setdefault(tag_of(sdt), int(val(tr, f"{W}trPr/{W}trHeight") or 0))
    assert heights["review_previous"] >= 4 * 20 * 20  # four 20 pt lines, in twentieths of a point
    assert heights["notes"] >= 8 * 20 * 20  # the template asks for eight
    assert heights["actions_management.action"] >= 2 * 20 * 20


def test_a_date_shows_a_day_month_year_guide_and_the_old_prompt_still_reads_as_empty():
    spec = spec_for(WORCESTERSHIRE, "session-record")
    data = render_docx(spec).data
    body = xml_part(data)
    date = next(s for s in body.iter(f"{W}sdt") if tag_of(s) == "session_date")
    assert text(date.find(f"{W}sdtContent")) == "dd / mm / yyyy"
    assert parse_docx(data).values["session_date"] is None
    older = with_part(data, "word/document.xml", b">dd / mm / yyyy<", b">Choose or type a date (dd/mm/yyyy)<")
    assert parse_docx(older).values["session_date"] is None  # a blank made before reads as empty too


# --- page flow ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path,key", FORMS, ids=[f"{p.stem}-{k}" for p, k in FORMS])
def test_repeat_rows_never_split_and_their_header_row_repeats(path, key):
    spec = spec_for(path, key)
    body = xml_part(render_docx(spec).data)
    for r in spec.repeats():
        if r.layout != "table":
            continue
        tbl = next(t for t in body.iter(f"{W}tbl") if val(t, f"{W}tblPr/{W}tblCaption") == r.label[:250])
        rows = list(tbl.iter(f"{W}tr"))
        assert len(rows) == r.rows + 1
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in rows)
        assert all(tr.find(f"{W}trPr/{W}tblHeader") is None for tr in rows[1:])


def test_an_introduction_and_its_list_keep_with_the_box_they_introduce():
    body = xml_part(render_docx(spec_for(WORCESTERSHIRE, "session-record")).data).find(f"{W}body")
    children = list(body)
    heading = next(i for i, n in enumerate(children) if text(n) == "Management")
    intro, *rest = children[heading + 1 :]
    assert text(intro) == "e.g." and keeps_next(intro)
    bullets = [n for n in rest[:5] if n.tag == f"{W}p"]
    assert [text(b) for b in bullets][-1] == "Monitoring safeguarding workload"
    assert all(keeps_next(b) for b in bullets)  # the last bullet too: it keeps with the box below
    box = rest[5]
    assert box.tag == f"{W}tbl" and "management_notes" in [tag_of(s) for s in box.iter(f"{W}sdt")]


def kept_together(tbl) -> bool:
    rows = list(tbl.iter(f"{W}tr"))
    return all(keeps_next(p) for tr in rows[:-1] for p in tr.iter(f"{W}p")) and not any(
        keeps_next(p) for p in rows[-1].iter(f"{W}p")
    )


def table_holding(body, tag: str):
    return next(enclosing(s, f"{W}tbl") for s in body.iter(f"{W}sdt") if tag_of(s).startswith(tag))


def test_the_signature_block_and_a_short_table_keep_together_long_questions_may_part():
    body = xml_part(render_docx(spec_for(WORCESTERSHIRE, "session-record")).data)
    assert kept_together(table_holding(body, "supervisee_signature"))  # the signature block
    assert kept_together(table_holding(body, "supervisee"))  # the session's details
    assert kept_together(table_holding(body, "children."))  # six rows and the header: never 5 + 1
    assert kept_together(table_holding(body, "actions_support."))
    questions = table_holding(body, "progress_on_actions")  # two questions of 4 and 8 lines
    assert not any(keeps_next(p) for p in questions.iter(f"{W}p"))


def test_a_filled_table_too_long_for_half_a_page_may_break_between_rows_again():
    spec = spec_for(WORCESTERSHIRE, "session-record")
    blank = render_docx(spec).data
    long = "Trafodwyd cynnydd y teulu yn fanwl gyda Siân Llewelyn-ap Gwynfor. " * 9
    rows = [{"action": long, "by_whom": "Rhodri ap Dafydd", "by_when": "2025-03-14"}] * 3
    filled = fill_docx(blank, {"actions_management": rows, "actions_support": rows[:1]})
    assert kept_together(table_holding(xml_part(blank), "actions_management."))
    management = table_holding(xml_part(filled), "actions_management.")
    header, *others = list(management.iter(f"{W}tr"))
    assert all(keeps_next(p) for p in header.iter(f"{W}p"))  # the header still keeps with a row
    assert not any(keeps_next(p) for tr in others for p in tr.iter(f"{W}p"))
    assert kept_together(table_holding(xml_part(filled), "actions_support."))  # one long row still fits
    assert parse_docx(filled).values["actions_management"][0]["action"] == long.strip()


# --- font sizes ---------------------------------------------------------------------------------


def sizes(node) -> list[int]:
    return [int(s.get(f"{W}val")) for s in node.iter(f"{W}sz", f"{W}szCs")]


def style(styles, style_id: str):
    return styles.find(f"{W}style[@{W}styleId='{style_id}']")


def test_styles_set_labels_at_10_pt_hints_at_9_and_nothing_under_8():
    data = render_docx(spec_for(WORCESTERSHIRE, "session-record")).data
    styles = xml_part(data, "word/styles.xml")
    # every style but the end mark (the point-high paragraph Word needs after a last table) >= 8 pt
    assert min(s for st in styles.iter(f"{W}style") if st.get(f"{W}styleId") != "EndMark" for s in sizes(st)) >= 16
    body = xml_part(data, "word/document.xml")
    for p in body.iter(f"{W}p"):
        if p.find(f"{W}pPr/{W}pStyle[@{W}val='EndMark']") is not None:
            assert not "".join(t.text or "" for t in p.iter(f"{W}t")), "an end mark holds text"
    assert int(val(styles, f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")) >= 20  # labels and answers
    assert min(sizes(style(styles, "FieldHelp"))) >= 18
    assert min(sizes(style(styles, "Footer"))) >= 16 and min(sizes(style(styles, "Header"))) >= 16


@pytest.mark.parametrize("path,key", DOCUMENTS, ids=[f"{p.stem}-{k}" for p, k in DOCUMENTS])
def test_no_run_anywhere_is_set_under_8_pt(path, key):
    data = render_docx(build(load_policy(path), key)).data
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = [n for n in zf.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
        for name in names:
            assert all(size >= 16 for size in sizes(etree.fromstring(zf.read(name)))), name


def test_a_last_table_does_not_push_an_empty_paragraph_onto_a_page_of_its_own():
    """Word needs a paragraph after a table that ends the body; it is an end mark a point high.
    (Worcestershire has no evaluation tool: the second is a policy adopting Hertfordshire's.)"""
    adopting = build_form(load_policy_text(adopting_policy(), "adopting.yaml"), "evaluation")
    for spec in (spec_for(POLICIES / "hertfordshire.yaml", "evaluation"), adopting):
        body = xml_part(render_docx(spec).data, "word/document.xml").find(f"{W}body")
        last = body[-2]  # before w:sectPr
        assert last.tag == f"{W}p" and last.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "EndMark"
        assert body[-3].tag == f"{W}tbl"


def test_an_item_of_a_repeat_drawn_as_blocks_keeps_its_first_question_with_the_next():
    """Hertfordshire's family discussions: "Child/ren or family" never ends a page with the rest of
    its item on the next; the item's later questions may still part, each row whole."""
    body = xml_part(render_docx(spec_for(POLICIES / "hertfordshire.yaml", "session-record")).data)
    items = [t for t in body.iter(f"{W}tbl") if any(tag_of(s).startswith("families.") for s in t.iter(f"{W}sdt"))]
    assert len(items) >= 3  # one table per family block
    for tbl in items:
        first, second, *rest = list(tbl.iter(f"{W}tr"))
        assert all(keeps_next(p) for p in first.iter(f"{W}p"))
        assert rest and not all(keeps_next(p) for tr in rest for p in tr.iter(f"{W}p"))
