"""Tick boxes and grids in the form tree (issue 16 item 2), and the room to write each type asks for
(item 3): what both renderers and the layout checker read."""

import yaml

from docgen.forms.fields import FIELD_TYPES, ONE_LINE_BOX, ROW_LINES, TICK_LIMIT, WRITING_LINE
from docgen.forms.tree import FieldBlock, FieldSpec, GridBlock, Heading, Option, gridded
from tests.helpers.policies import POLICIES, spec_for

YNM = (Option("yes", "Yes"), Option("no", "No"), Option("maybe", "Maybe"))


def ticked(f: FieldSpec) -> bool:
    return FIELD_TYPES[f.type].control_for(f) == "ticks"


def q(n: int, options=YNM, type_="yes_no_maybe") -> FieldSpec:
    return FieldSpec(f"q{n}", type_, f"Statement {n}", options=options)


def test_a_short_choice_is_ticked_and_a_long_one_is_a_dropdown():
    few = tuple(Option(f"o{i}", f"Option {i}") for i in range(TICK_LIMIT))
    many = few + (Option("extra", "One more"),)
    choice = FIELD_TYPES["choice"]
    assert choice.control_for(FieldSpec("a", "choice", "A", options=few)) == "ticks"
    assert choice.control_for(FieldSpec("b", "choice", "B", options=many)) == "dropdown"
    assert FIELD_TYPES["text"].control_for(FieldSpec("c", "text", "C")) == "text"


def test_a_run_of_ticked_questions_with_the_same_options_is_one_grid():
    blocks = (Heading("Statements"), FieldBlock(q(1)), FieldBlock(q(2)), FieldBlock(q(3)))
    out = gridded(blocks, ticked)
    assert out[0] == Heading("Statements")
    assert out[1] == GridBlock((q(1), q(2), q(3)), YNM)
    assert len(out) == 2


def test_a_lone_question_other_options_or_an_unlabelled_one_break_the_grid():
    rag = (Option("red", "Red"), Option("amber", "Amber"), Option("green", "Green"))
    lone = gridded((FieldBlock(q(1)), Heading("Next"), FieldBlock(q(2))), ticked)
    assert all(isinstance(b, (FieldBlock, Heading)) for b in lone)
    mixed = gridded(
        (FieldBlock(q(1)), FieldBlock(q(2)), FieldBlock(q(3, rag, "rag")), FieldBlock(q(4, rag, "rag"))), ticked
    )
    assert [type(b).__name__ for b in mixed] == ["GridBlock", "GridBlock"]
    assert mixed[1].options == rag
    hidden = gridded((FieldBlock(q(1), show_label=False), FieldBlock(q(2))), ticked)
    assert [type(b).__name__ for b in hidden] == ["FieldBlock", "FieldBlock"]


def test_the_hertfordshire_evaluation_asks_its_statements_as_one_grid():
    policy = yaml.safe_load((POLICIES / "hertfordshire.yaml").read_text(encoding="utf-8"))
    statements = policy["evaluation"]["statements"]
    scale = [s["label"] for s in policy["evaluation"]["scale"]]
    spec = spec_for(POLICIES / "hertfordshire.yaml", "evaluation")
    grids = [b for s in spec.sections for b in s.blocks if isinstance(b, GridBlock)]
    assert len(grids) == 1
    assert len(grids[0].fields) == len(statements) == 10
    assert [o.label for o in grids[0].options] == scale == ["Yes", "No", "Maybe"]
    # still one field per statement: the grid is only how it is drawn
    assert sum(1 for f in spec.fields() if f.type == "yes_no_maybe") == 10


def test_room_to_write_follows_the_lines_and_the_table_row():
    notes = FieldSpec("notes", "multiline", "Notes", lines=5)
    assert FIELD_TYPES["multiline"].min_height(notes) == 5 * WRITING_LINE
    short = FieldSpec("n", "multiline", "N", lines=1)
    assert FIELD_TYPES["multiline"].min_height(short, in_row=True) == ROW_LINES * WRITING_LINE
    # a template asking for fewer lines still gets the four a written answer needs on paper
    assert FIELD_TYPES["multiline"].min_height(FieldSpec("p", "multiline", "P", lines=3)) == 4 * WRITING_LINE
    name = FieldSpec("name", "text", "Name")
    assert FIELD_TYPES["text"].min_height(name) == ONE_LINE_BOX
    assert FIELD_TYPES["text"].min_height(name, in_row=True) == ROW_LINES * WRITING_LINE
    assert FIELD_TYPES["date"].min_height(FieldSpec("d", "date", "D"), in_row=True) == ONE_LINE_BOX
