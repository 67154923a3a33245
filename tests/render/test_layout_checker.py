"""The layout checker (tests/helpers/layout_check.py) can fail: small PDFs drawn here with reportlab,
each with one fault a designer would not let through, are caught by their rule, and a clean page
passes every rule."""

from __future__ import annotations

import pytest

from docgen.forms.tree import FieldSpec, Option, RepeatBlock
from tests.helpers import layout_check
from tests.helpers.layout_pages import read_document
from tests.helpers.layout_rules import check
from tests.helpers.layout_samples import HAPPY, NAME, NOTES, clean, draw, facts
from tests.helpers.policies import POLICIES, spec_for


def violations(data: bytes, producer: str = "docgen") -> dict[int, list]:
    found: dict[int, list] = {}
    for v in check(read_document(data, producer), facts()):
        found.setdefault(v.rule, []).append(v)
    return found


def test_a_clean_page_passes_every_rule():
    assert violations(draw(clean)) == {}


def test_forbidden_words_are_caught_and_where_they_are():
    def seeded(canvas, **kw):
        clean(canvas, **kw)
        canvas.setFont("Helvetica", 10)
        canvas.drawString(60, 50, "The seed reads: what will you contribute")

    found = violations(draw(seeded))
    assert set(found) == {1}
    (v,) = found[1]
    assert v.page == 1 and "seed" in v.text and v.at == (pytest.approx(60, abs=1), pytest.approx(50, abs=3))


@pytest.mark.parametrize("words", ["Added by docgen so the length can be checked", "made by DocGen"])
def test_docgen_and_added_by_are_forbidden_whatever_the_case(words):
    def noted(canvas, **kw):
        clean(canvas, **kw)
        canvas.setFont("Helvetica", 10)
        canvas.drawString(60, 50, words)

    assert 1 in violations(draw(noted))


def test_a_word_that_only_contains_seed_is_not_forbidden():
    def seeded(canvas, **kw):
        clean(canvas, **kw)
        canvas.setFont("Helvetica", 10)
        canvas.drawString(60, 50, "Seedlings and proceeds are fine")

    assert violations(draw(seeded)) == {}


def test_a_heading_stranded_at_the_foot_of_a_page_is_caught():
    def ends_with_heading(canvas, **kw):
        clean(canvas, **kw)
        canvas.setFont("Helvetica-Bold", 16)
        canvas.drawString(60, 90, "Discussion")

    def rest(canvas, **kw):
        clean(canvas, **kw)

    found = violations(draw(ends_with_heading, rest))
    assert [(v.page, v.text) for v in found.get(2, [])] == [(1, "Discussion")]


def test_a_bold_label_with_a_heading_s_words_is_not_a_heading():
    def label_at_foot(canvas, **kw):
        clean(canvas, **kw)
        canvas.setFont("Helvetica-Bold", 11)  # a label's size, not a heading's
        canvas.drawString(60, 90, "Discussion")

    assert 2 not in violations(draw(label_at_foot, clean))


def test_a_heading_with_its_answer_box_under_it_at_the_foot_is_not_stranded():
    def heading_and_box(canvas, **kw):
        clean(canvas, **kw)
        canvas.setFont("Helvetica-Bold", 16)
        canvas.drawString(60, 100, "Discussion")
        canvas.acroForm.textfield(name="notes", x=60, y=60, width=470, height=30, borderWidth=1)

    assert 2 not in violations(draw(heading_and_box, clean))


def test_text_under_8_pt_is_caught():
    def tiny(canvas, **kw):
        clean(canvas, **kw)
        canvas.setFont("Helvetica", 6)
        canvas.drawString(400, 530, "Digital signature (optional)")

    found = violations(draw(tiny))
    assert set(found) == {7}
    assert found[7][0].text == "Digital signature (optional)" and "6.0 pt" in found[7][0].message


def test_a_label_under_10_pt_is_caught():
    found = violations(draw(clean, size=9.5))
    assert set(found) == {7}
    assert [v.text for v in found[7]] == [NAME.label]


def test_text_off_the_printable_area_is_caught():
    def off(canvas, **kw):
        clean(canvas, **kw)
        canvas.setFont("Helvetica", 10)
        canvas.drawString(12, 400, "Cut off")

    found = violations(draw(off))
    assert set(found) == {3}
    assert found[3][0].text == "Cut off"


def test_text_drawn_over_other_text_is_caught():
    def over(canvas, **kw):
        clean(canvas, **kw)
        canvas.setFont("Helvetica", 11)
        canvas.drawString(62, 396, "Printed over a line of guidance")

    found = violations(draw(over))
    assert set(found) == {3}
    assert "over other text" in found[3][0].message


def test_text_drawn_over_an_answer_box_is_caught():
    def over_box(canvas, **kw):
        clean(canvas, **kw)
        canvas.setFont("Helvetica", 10)
        canvas.drawString(70, 600, "A caption inside the notes box")

    found = violations(draw(over_box))
    assert set(found) == {3}
    assert "answer box" in found[3][0].message


def test_an_answer_box_shorter_than_its_type_needs_is_caught():
    found = violations(draw(clean, notes_height=30))
    assert set(found) == {4}
    (v,) = found[4]
    assert v.text == NOTES.label and "30 pt" in v.message and "80 pt" in v.message


def test_a_libreoffice_answer_is_as_high_as_its_table_cell():
    """LibreOffice's field is only its text's extent: the writing space is the cell between its rules."""

    def cell(height):
        def page(canvas, **kw):
            clean(canvas, **kw)
            canvas.line(56, 300, 540, 300)
            canvas.line(56, 300 - height, 540, 300 - height)
            canvas.acroForm.textfield(
                name="notes", tooltip=NOTES.label, x=60, y=282, width=100, height=14, borderWidth=0
            )

        return page

    assert [v.text for v in violations(draw(cell(30)), "libreoffice").get(4, [])] == [NOTES.label]
    assert 4 not in violations(draw(cell(100)), "libreoffice")


def test_a_choice_whose_option_is_not_printed_is_caught():
    found = violations(draw(clean, options="Yes No"))
    assert set(found) == {5}
    assert [v.text for v in found[5]] == ["Maybe"]


def test_an_option_must_be_printed_as_a_word_not_inside_another():
    found = violations(draw(clean, options="Yes Nothing Maybe"))
    assert [v.text for v in found[5]] == ["No"]


def test_a_near_empty_last_page_is_caught():
    def last(canvas, **kw):
        canvas.setFont("Helvetica", 11)
        canvas.drawString(60, 770, "One line left over.")

    found = violations(draw(clean, last))
    assert set(found) == {6}
    assert found[6][0].page == 2


def test_a_last_page_that_cannot_fit_on_a_full_page_before_is_fine():
    """'Near-empty' is a fault only when tightening would avoid it: after a full page, a block of
    text too tall for what is left there (plus a tenth of a page) rightly has a page of its own."""

    def full(canvas, **kw):
        clean(canvas, **kw)
        canvas.setFont("Helvetica", 11)
        for i in range(26):
            canvas.drawString(60, 470 - 16 * i, f"Line {i + 1} filling the first page.")

    def block(canvas, **kw):
        canvas.setFont("Helvetica", 11)
        for i in range(7):
            canvas.drawString(60, 770 - 16 * i, f"Signature line {i + 1}.")

    assert 6 not in violations(draw(full, block))
    # the same block after a page with room for it is near-empty: it would fit on the page before
    assert set(violations(draw(clean, block))) == {6}


def test_tightening_counts_for_docgen_s_own_pdf_not_for_a_word_document_paged_by_its_client():
    """docgen's PDF paging can tighten a page to take a short last page back; Word and LibreOffice
    page a DOCX themselves, so there a last page is near-empty only when it fits as printed."""

    def before(canvas, **kw):
        canvas.setFont("Helvetica", 11)
        for i in range(39):
            canvas.drawString(60, 770 - 16 * i, f"Line {i + 1} of the page before.")

    def block(canvas, **kw):
        canvas.setFont("Helvetica", 11)
        for i in range(7):
            canvas.drawString(60, 770 - 16 * i, f"Signature line {i + 1}.")

    data = draw(before, block)
    assert set(violations(data)) == {6}  # docgen's PDF: tightening would have fitted it
    assert 6 not in violations(data, "libreoffice")


def test_a_last_page_half_used_is_fine():
    def half(canvas, **kw):
        canvas.setFont("Helvetica", 11)
        for i in range(20):
            canvas.drawString(60, 770 - 20 * i, f"Line {i + 1} of the last page.")

    assert violations(draw(clean, half)) == {}


def test_strict_exits_1_on_any_violation_and_0_when_clean(monkeypatch, capsys):
    def fake_run(found):
        def run(policies, formats, states, keep=None):
            case = layout_check.Case("tiny", "session-record", "pdf", "blank", facts(), b"", 1)
            case.violations = check(read_document(draw(clean, size=found)), facts())
            return [case]

        return run

    monkeypatch.setattr(layout_check, "run", fake_run(9.0))
    assert layout_check.main(["--strict"]) == 1
    assert layout_check.main([]) == 0  # without --strict the table is only printed
    monkeypatch.setattr(layout_check, "run", fake_run(11))
    assert layout_check.main(["--strict"]) == 0
    table = capsys.readouterr().out
    assert "tiny" in table and "7:font size" in table


def test_what_an_answer_box_shows_is_checked_too():
    """A filled box whose text is shrunk to 6 pt prints 6 pt text: the page is read flattened."""

    def shrunk(canvas, **kw):
        clean(canvas, **kw)
        canvas.acroForm.textfield(
            name="extra",
            x=300,
            y=760,
            width=230,
            height=20,
            value="Siân Llewelyn-ap Gwynfor",
            fontSize=6,
            borderWidth=1,
        )

    found = violations(draw(shrunk))
    assert set(found) == {7}
    assert [(v.text, v.page) for v in found[7]] == [("Siân Llewelyn-ap Gwynfor", 1)]


def test_added_by_split_over_two_lines_is_caught():
    def split(canvas, **kw):
        clean(canvas, **kw)
        canvas.setFont("Helvetica", 10)
        canvas.drawString(60, 70, "A note on this field was added")
        canvas.drawString(60, 58, "by the people who wrote the template.")

    assert [v.text for v in violations(draw(split)).get(1, [])] == ["Added by"]


def test_the_facts_come_from_the_form_tree():
    spec = spec_for(POLICIES / "worcestershire.yaml", "session-record")
    facts = layout_check.facts_for(spec)
    assert facts.headings["Management"] is True  # a heading with an answer box under it
    assert {"Supervisee", "Notes of discussion"} <= facts.labels
    assert "Full name of the person being supervised." in facts.helps
    cell, in_row = facts.fields["actions_management.action"]
    assert cell.label == "Agreed actions" and in_row
    assert facts.fields["supervisee"][1] is False
    assert "actions_management" in facts.repeats


def test_a_table_s_caption_heads_its_table():
    spec = spec_for(POLICIES / "worcestershire.yaml", "preparation-sheet")
    (caption,) = [b.repeat.label for s in spec.sections for b in s.blocks if isinstance(b, RepeatBlock)]
    assert caption == "Children or families I want to discuss"
    assert layout_check.facts_for(spec).headings[caption] is True


def test_the_long_answers_fill_every_field_and_every_row():
    spec = spec_for(POLICIES / "worcestershire.yaml", "session-record")
    values = layout_check.long_values(spec)
    assert values["supervisee"] == "Siân Llewelyn-ap Gwynfor"
    assert len(values["notes"]) >= 600
    for repeat in spec.repeats():
        assert len(values[repeat.id]) == repeat.rows
        assert all(set(row) == {f.short_id for f in repeat.fields} for row in values[repeat.id])


def test_options_printed_small_under_a_choice_are_not_labels():
    """A dropdown's options may be printed small beneath it (8 pt is enough), even when an option's
    words are also in a label."""
    other = FieldSpec("kind", "choice", "Kind of session", options=(Option("s", "Session"), Option("o", "Other")))

    def small_options(canvas, **kw):
        clean(canvas, **kw)
        canvas.setFont("Helvetica", 8)
        canvas.drawString(300, 60, "Session")
        canvas.drawString(360, 60, "Other")

    with_choice = facts()
    with_choice.fields["kind"] = (other, False)
    with_choice.labels.add(other.label)
    assert [v.rule for v in check(read_document(draw(small_options)), with_choice)] == []


def test_a_printed_answer_is_not_an_option_printed_on_the_page():
    """LibreOffice prints a content control's text as page text: where the form's fields are (the same
    document exported with form fields), that text is the answer, and an option chosen is not an
    option printed."""

    def printed(canvas, **kw):
        canvas.setFont("Helvetica-Bold", 11)
        canvas.drawString(60, 520, HAPPY.label)
        canvas.setFont("Helvetica", 11)
        canvas.drawString(264, 510, "Yes")  # the answer, where the box is

    def fields(canvas, **kw):
        printed(canvas, **kw)
        canvas.acroForm.choice(
            name="happy",
            tooltip=HAPPY.label,
            x=260,
            y=505,
            width=120,
            height=20,
            options=["Yes", "No", "Maybe"],
            value="Yes",
            fieldFlags="combo",
        )

    doc = read_document(draw(printed), "libreoffice", widgets_of=draw(fields))
    assert [v.text for v in check(doc, facts()) if v.rule == 5] == ["Yes", "No", "Maybe"]


@pytest.mark.parametrize(
    ("left", "right", "short"), [("Supervision will take place every", "weeks.", False), ("every ... weeks", "", True)]
)
def test_a_blank_inside_a_sentence_is_as_high_as_its_line(left, right, short):
    """A blank in a sentence ("every ___ weeks") needs no taller box than the sentence's line; the same
    field drawn as a row of its own, beside only its label, does."""
    weeks = FieldSpec("weeks", "number", "every ... weeks")

    def sentence(canvas, **kw):
        clean(canvas, **kw)
        canvas.setFont("Helvetica", 11)
        canvas.drawString(60, 90, left)
        canvas.acroForm.textfield(name="weeks", x=250, y=86, width=40, height=14, borderWidth=1)
        canvas.drawString(296, 90, right)

    inline = facts()
    inline.fields["weeks"] = (weeks, False)
    inline.inline.add("weeks")
    found = [v.text for v in check(read_document(draw(sentence)), inline) if v.rule == 4]
    assert found == (["every ... weeks"] if short else [])


def test_the_blanks_of_a_sentence_are_known_from_the_form_tree():
    spec = spec_for(POLICIES / "worcestershire.yaml", "agreement")
    inline = layout_check.facts_for(spec).inline
    sentences = {
        p.id
        for s in spec.sections
        for b in s.blocks
        if hasattr(b, "parts")
        for p in b.parts
        if isinstance(p, FieldSpec)
    }
    assert inline == sentences and inline


def test_a_libreoffice_blank_in_a_sentence_is_as_high_as_its_line():
    """In LibreOffice's printed PDF the blank's text is part of the sentence's line: the line is still
    the sentence (not the answer), so the blank is known to be in one."""
    weeks = FieldSpec("weeks", "number", "every ... weeks")

    def printed(canvas, **kw):
        canvas.setFont("Helvetica", 11)
        canvas.drawString(60, 90, "Supervision will take place every Enter a number weeks, at the office.")

    def fields(canvas, **kw):
        printed(canvas, **kw)
        canvas.acroForm.textfield(
            name="Widget", tooltip="every ... weeks", x=200, y=86, width=110, height=15, borderWidth=0
        )

    inline = facts()
    inline.fields["weeks"] = (weeks, False)
    inline.inline.add("weeks")
    doc = read_document(draw(printed, clean), "libreoffice", widgets_of=draw(fields, clean))
    assert [v for v in check(doc, inline) if v.rule == 4] == []
