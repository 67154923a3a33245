"""Field names for people who cannot see the page (docgen/forms/names.py): what a screen reader
hears for each field, worked out from the form tree. Expected names are written out here."""

from collections import Counter

from docgen.forms.names import FieldNames, names_for
from docgen.forms.tree import (
    FieldBlock,
    FieldSpec,
    FormSpec,
    Heading,
    Manifest,
    Option,
    Paragraph,
    RepeatBlock,
    RepeatSpec,
    Section,
)

MANIFEST = Manifest("f", "1.0", "session-record", "tiny", "1.0", "0" * 64, "0")


def form(*sections: Section) -> FormSpec:
    return FormSpec(MANIFEST, "A form", "Tiny Council", sections)


def field(fid: str, label: str, type_: str = "text", **kw) -> FieldBlock:
    return FieldBlock(FieldSpec(fid, type_, label, **kw))


ACTIONS = RepeatSpec(
    "actions",
    "Management actions",
    (
        FieldSpec("actions.action", "multiline", "Action"),
        FieldSpec("actions.by_whom", "text", "By whom"),
        FieldSpec("actions.by_when", "date", "By when"),
    ),
    rows=3,
)


def test_a_repeat_row_says_its_table_and_row_even_past_the_templates_rows():
    names = FieldNames(form(Section("Actions", (RepeatBlock(ACTIONS),))))
    assert names("actions.by_whom", 1) == "Management actions, row 2: By whom"
    assert names("actions.by_when", 6) == "Management actions, row 7: By when (dd/mm/yyyy)"
    assert names.by_pdf_name("actions__1__by_whom") == "Management actions, row 2: By whom"
    listed = names.pdf_names({"actions": 4})
    assert len(listed) == 12 and listed["actions__3__action"] == "Management actions, row 4: Action"


def test_a_repeat_drawn_as_blocks_numbers_its_items():
    blocks = RepeatSpec("families", "Family", (FieldSpec("families.child", "text", "Child"),), layout="block")
    names = FieldNames(form(Section("Families", (RepeatBlock(blocks),))))
    assert names("families.child", 0) == "Family, item 1: Child"


def test_a_shared_label_gets_its_heading():
    spec = form(
        Section("Supervisee", (field("supervisee_sign", "Signature", "signature"),)),
        Section("Supervisor", (field("supervisor_sign", "Signature", "signature"),)),
        Section("Other", (field("venue", "Venue"),)),
    )
    names = FieldNames(spec)
    assert names("supervisee_sign") == "Supervisee: Signature"
    assert names("supervisor_sign") == "Supervisor: Signature"
    assert names("venue") == "Venue"  # a label no other field has stays as it is
    assert names.signature("supervisor_sign") == "Supervisor: Signature: digital signature (optional)"


def test_a_sub_heading_is_the_nearer_context():
    spec = form(
        Section(
            "Signatures",
            (Heading("Supervisee"), field("a", "Date", "date"), Heading("Supervisor"), field("b", "Date", "date")),
        )
    )
    names = FieldNames(spec)
    assert names("a") == "Supervisee: Date (dd/mm/yyyy)"
    assert names("b") == "Supervisor: Date (dd/mm/yyyy)"


def test_when_the_heading_is_not_enough_the_id_tells_them_apart_then_a_number():
    spec = form(
        Section(
            "Signatures",
            (
                field("supervisor_signed_date", "Date", "date"),
                field("supervisee_signed_date", "Date", "date"),
                field("x1", "Notes"),
                field("x2", "Notes"),
                field("notes", "Notes"),
            ),
        )
    )
    names = FieldNames(spec)
    assert names("supervisor_signed_date") == "Signatures: Date, supervisor (dd/mm/yyyy)"
    assert names("supervisee_signed_date") == "Signatures: Date, supervisee (dd/mm/yyyy)"
    said = [names(i) for i in ("x1", "x2", "notes")]
    assert said == ["Signatures: Notes, x1", "Signatures: Notes, x2", "Signatures: Notes"]


def test_the_last_resort_is_a_number():
    spec = form(Section("", (field("a", "Notes"), field("a2", "Notes"))), Section("", (field("b", "Notes"),)))
    names = FieldNames(spec)
    said = [names(i) for i in ("a", "a2", "b")]
    assert len(set(said)) == 3 and all(s.startswith("Notes") for s in said)


def test_required_format_and_the_first_sentence_of_a_hint():
    spec = form(
        Section(
            "Session",
            (
                field("who", "Supervisee", required=True, help="Full name of the person. As on the rota."),
                field("when", "Date", "date", required=True, help="The date the session took place (dd/mm/yyyy)."),
                field("long", "Frequency", help="It is recommended that " + "supervision happens often " * 8 + "."),
            ),
        )
    )
    names = FieldNames(spec)
    assert names("who") == "Supervisee, required. Full name of the person."
    assert names("when") == "Date (dd/mm/yyyy), required. The date the session took place."
    assert names("long") == "Frequency"  # a long hint stays on the page
    assert names.short("who") == "Supervisee, required"


def test_tick_box_options_are_named_by_their_question_and_label():
    kind = FieldSpec("kind", "choice", "Type", required=True, options=(Option("one", "One to one"),))
    names = FieldNames(form(Section("S", (FieldBlock(kind),))))
    assert names.option("kind", "One to one") == "Type, required: One to one"
    assert names.by_pdf_name("kind", "One to one") == "Type, required: One to one"


def test_a_table_label_another_field_has_gets_its_section():
    """Worcestershire: a "Management" notes field, and a "Management" table under "Actions agreed"."""
    table = RepeatSpec(
        "actions_management", "Management", (FieldSpec("actions_management.by_whom", "text", "By whom"),)
    )
    spec = form(
        Section("Management", (field("management_notes", "Management", "multiline"),)),
        Section("Actions agreed", (RepeatBlock(table),)),
    )
    names = FieldNames(spec)
    assert names("management_notes") == "Management"
    assert names("actions_management.by_whom", 0) == "Actions agreed, Management, row 1: By whom"
    assert names.table("actions_management") == "Actions agreed, Management"


def test_inline_blanks_are_named_and_every_name_is_unique():
    sentence = Paragraph(("Supervision every ", FieldSpec("weeks", "number", "Weeks"), " weeks."))
    spec = form(
        Section("Agreement", (sentence, field("venue", "Venue"), RepeatBlock(ACTIONS))),
        Section("More", (field("venue2", "Venue"),)),
    )
    names = names_for(spec)
    assert names is names_for(spec)  # worked out once per form
    listed = names.pdf_names()
    assert listed["weeks"] == "Weeks"
    assert [n for n, k in Counter(listed.values()).items() if k > 1] == []
    assert set(listed) == {"weeks", "venue", "venue2"} | {
        f"actions__{r}__{c}" for r in range(3) for c in ("action", "by_whom", "by_when")
    }


def test_two_tables_or_two_columns_of_the_same_name_are_told_apart():
    def table(rid: str) -> RepeatSpec:
        cols = (FieldSpec(f"{rid}.start", "date", "Date"), FieldSpec(f"{rid}.end", "date", "Date"))
        return RepeatSpec(rid, "Actions", cols, rows=2)

    names = FieldNames(form(Section("Actions agreed", (RepeatBlock(table("a")), RepeatBlock(table("b"))))))
    said = list(names.pdf_names().values())
    assert len(said) == 8 and len(set(said)) == 8
    assert names("a.end", 1) == "Actions agreed, Actions (1), row 2: Date (2) (dd/mm/yyyy)"
