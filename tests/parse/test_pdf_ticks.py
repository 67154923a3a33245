"""Reading a tick-box choice back from a PDF: one radio group per question, whose kids' on-states
are the option keys. Its /V is the answer; without /V, the kid whose /AS is not /Off; nothing
ticked is no answer (a required question is then reported as missing); a state that is no
option's key is kept as text with an issue. Every file is read by both PDF readers, which agree."""

import io

import pikepdf
import pytest

from docgen.forms import build_form
from docgen.parse import parse_bytes
from docgen.policy import load_policy
from docgen.render.pdf import render_pdf
from tests.helpers.policies import POLICIES

EVALUATION = build_form(load_policy(POLICIES / "hertfordshire.yaml"), "evaluation")
SESSION = build_form(load_policy(POLICIES / "hertfordshire.yaml"), "session-record")


def edited(data: bytes, change) -> bytes:
    pdf = pikepdf.open(io.BytesIO(data))
    change({str(f.T): f for f in pdf.Root.AcroForm.Fields})
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def radio_groups(data: bytes) -> set[str]:
    """The names of the file's radio-button fields (the tick-box choices)."""
    pdf = pikepdf.open(io.BytesIO(data))
    return {str(f.T) for f in pdf.Root.AcroForm.Fields if f.get("/FT") == "/Btn" and int(f.get("/Ff", 0)) & (1 << 15)}


def codes(record, field: str) -> list[str]:
    return [i.code for i in record.issues if i.field == field]


def test_nothing_ticked_reads_none_and_a_required_question_is_reported_missing(both_pdf_readers):
    data = render_pdf(EVALUATION).data
    record = parse_bytes(data, "blank.pdf")
    questions = [f for f in EVALUATION.fields() if f.id.startswith("q")]
    assert len(questions) == 10 and all(f.required for f in questions)
    assert radio_groups(data) == {f.id for f in questions}
    for f in questions:
        assert record.values[f.id] is None
        assert codes(record, f.id) == ["missing-required"]
    assert both_pdf_readers["fast"] == 1


@pytest.mark.parametrize("answer", ["yes", "no", "maybe"])
def test_a_stamped_tick_reads_back_as_its_option_key(both_pdf_readers, answer):
    data = render_pdf(EVALUATION, {"q3": answer, "q7": "no"}).data
    assert {"q3", "q7"} <= radio_groups(data)
    record = parse_bytes(data, "filled.pdf")
    assert (record.values["q3"], record.values["q7"], record.values["q1"]) == (answer, "no", None)
    assert codes(record, "q3") == [] and codes(record, "q7") == []


def test_a_tick_stamps_v_on_the_group_and_as_on_its_kid_only():
    pdf = pikepdf.open(io.BytesIO(render_pdf(EVALUATION, {"q3": "maybe"}).data))
    field = next(f for f in pdf.Root.AcroForm.Fields if str(f.T) == "q3")
    assert str(field.V) == "/maybe"
    states = {next(k for k in kid.AP.N.keys() if k != "/Off"): str(kid.AS) for kid in field.Kids}  # noqa: SIM118
    assert states == {"/yes": "/Off", "/no": "/Off", "/maybe": "/maybe"}


def test_without_v_the_kid_whose_appearance_is_on_gives_the_answer(both_pdf_readers):
    def tick_only_the_kid(fields):
        group = fields["q2"]
        for kid in group.Kids:
            if "/no" in kid.AP.N:
                kid.AS = pikepdf.Name("/no")
        assert "/V" not in group

    record = parse_bytes(edited(render_pdf(EVALUATION).data, tick_only_the_kid), "as-only.pdf")
    assert record.values["q2"] == "no"
    assert codes(record, "q2") == []


def test_v_off_reads_none(both_pdf_readers):
    def untick(fields):
        fields["q4"].V = pikepdf.Name("/Off")

    record = parse_bytes(edited(render_pdf(EVALUATION, {"q4": "yes"}).data, untick), "off.pdf")
    assert record.values["q4"] is None


def test_a_state_that_is_no_option_is_kept_as_text_with_an_issue(both_pdf_readers):
    def odd_state(fields):
        fields["q5"].V = pikepdf.Name("/perhaps")

    data = edited(render_pdf(EVALUATION, {"q5": "yes"}).data, odd_state)
    assert "q5" in radio_groups(data)
    record = parse_bytes(data, "odd.pdf")
    assert record.values["q5"] == "perhaps"
    assert codes(record, "q5") == ["bad-value"]


def test_a_tick_box_choice_in_a_repeat_row_reads_back(both_pdf_readers):
    values = {
        "supervision_type": "group",
        "families": [{"child": "A", "category": "other", "rag": "amber"}, {"child": "B", "rag": "red"}],
    }
    data = render_pdf(SESSION, values).data
    assert {"supervision_type", "families__0__rag", "families__1__category"} <= radio_groups(data)
    record = parse_bytes(data, "session.pdf")
    assert record.values["supervision_type"] == "group"
    rows = record.values["families"]
    assert [(r["category"], r["rag"]) for r in rows[:2]] == [("other", "amber"), (None, "red")]
