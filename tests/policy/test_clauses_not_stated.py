"""`not_stated` written out validates for the yes/no and the how of a policy (issue 19, item 1), a
wrong word lists every allowed value, and a policy may leave out its functions of supervision."""

from __future__ import annotations

from docgen.forms import build_form
from docgen.forms.tree import FieldBlock, Paragraph, RepeatBlock
from docgen.policy import load_policy_text
from docgen.policy.stated import defaults, stated, used
from tests.helpers.policies import MINIMAL, only_problem

TYPES = "supervision_types:\n  - {id: one_to_one, label: One-to-one, counts_towards_frequency: %s}\n"
FUNCTIONS = """functions:
  balance: {window: relationship}
  items:
    - {id: management, label: Management, tag: management}
    - {id: support, label: Support, tag: support}
"""


def test_not_stated_written_out_validates_and_is_not_stated():
    loaded = load_policy_text(MINIMAL + TYPES % "not_stated" + "recording:\n  children_identified_by: not_stated\n")
    assert not stated(loaded, "supervision_types[0].counts_towards_frequency")
    assert not stated(loaded, "recording.children_identified_by")
    assert used(loaded, "recording.children_identified_by") == ("name", False)
    assert used(loaded, "supervision_types[0].counts_towards_frequency") == (True, False)  # the only type counts
    paths = {d.path for d in defaults(loaded)}
    assert {"supervision_types[0].counts_towards_frequency", "recording.children_identified_by"} <= paths


def test_yes_and_no_are_stated():
    """Near miss: true/false and a way of identifying children are stated, not defaults."""
    loaded = load_policy_text(MINIMAL + TYPES % "false" + "recording:\n  children_identified_by: initials\n")
    assert used(loaded, "supervision_types[0].counts_towards_frequency") == (False, True)
    assert used(loaded, "recording.children_identified_by") == ("initials", True)


def test_a_wrong_word_for_counts_towards_frequency_lists_every_allowed_value():
    p = only_problem(MINIMAL + TYPES % "sometimes")
    assert p.path == "supervision_types[0].counts_towards_frequency"
    assert "is not allowed here" in p.message and p.hint == "write one of: true, false, not_stated"
    assert p.line == len(MINIMAL.splitlines()) + 2


def test_a_wrong_word_for_children_identified_by_lists_every_allowed_value():
    p = only_problem(MINIMAL + "recording:\n  children_identified_by: nicknames\n")
    for word in ("name", "initials", "anonymised", "case_number", "not_stated"):
        assert word in p.hint


# --- functions absent ------------------------------------------------------------------------------


def _no_functions(text: str = MINIMAL) -> str:
    assert FUNCTIONS in text
    return text.replace(FUNCTIONS, "")


def test_a_policy_naming_no_functions_validates_and_its_session_record_has_no_function_sections():
    loaded = load_policy_text(_no_functions(), "p.yaml")
    assert loaded.policy.functions.items == ()
    spec = build_form(loaded, "session-record")
    ids = {f.id for f in spec.fields()}
    assert not [i for i in ids if i.endswith("_notes")]  # one notes field per function: none
    assert {"supervisee", "session_date", "next_session_date"} <= ids  # still a usable record
    actions = next(
        b.repeat for s in spec.sections for b in s.blocks if isinstance(b, RepeatBlock) and b.repeat.id == "actions"
    )
    assert [f.short_id for f in actions.fields] == ["action", "by_whom", "by_when"]  # no "Function" column
    assert "functions.balance.window" not in {d.path for d in defaults(loaded)}


def test_the_session_record_of_a_policy_with_functions_has_their_sections():
    """Near miss: the same policy with two functions: a notes field each and the Function column."""
    spec = build_form(load_policy_text(MINIMAL, "p.yaml"), "session-record")
    assert {"management_notes", "support_notes"} <= {f.id for f in spec.fields()}
    actions = next(
        b.repeat for s in spec.sections for b in s.blocks if isinstance(b, RepeatBlock) and b.repeat.id == "actions"
    )
    assert "function" in [f.short_id for f in actions.fields]
    assert [b for s in spec.sections for b in s.blocks if isinstance(b, FieldBlock)]


def test_the_functions_sheet_of_a_policy_naming_no_functions_is_refused_with_a_fix():
    form = "    session-record: generic_session_record\n"
    text = _no_functions().replace(form, form + "  handouts: [functions_sheet]\n")
    p = only_problem(text)
    assert (
        p.message == "the functions_sheet handout shows the functions of supervision, which this policy does not name"
    )
    assert p.hint == "add functions: with the functions and their prompts, or remove functions_sheet from the handouts"


def test_empty_functions_written_out_is_still_an_error():
    """Near miss: `functions:` written with no items is a mistake, not "no functions"."""
    p = only_problem(MINIMAL.replace(FUNCTIONS, "functions:\n  balance: {window: relationship}\n  items: []\n"))
    assert p.message == "at least one function of supervision is needed"


def _notes(recording: str) -> list[str]:
    text = MINIMAL.replace(
        "    session-record: generic_session_record\n",
        "    session-record: generic_session_record\n    preparation-sheet: preparation_sheet\n",
    )
    loaded = load_policy_text(text + recording, "p.yaml")
    out = []
    for key in ("session-record", "preparation-sheet"):
        spec = build_form(loaded, key)
        out += [
            p
            for s in spec.sections
            for b in s.blocks
            if isinstance(b, Paragraph)
            for p in b.parts
            if isinstance(p, str)
        ]
        out += [f.label for f in spec.fields()]
    return out


def test_forms_say_nothing_of_how_children_are_identified_when_it_is_not_stated():
    said = _notes("recording:\n  children_identified_by: not_stated\n")
    assert not [s for s in said if "not_stated" in s or "not stated" in s or "Identify each child" in s]
    assert "Child or family (name)" in said  # the preparation sheet's column, as with no recording block


def test_forms_say_how_children_are_identified_when_it_is_stated():
    """Near miss: initials stated: the session record says so and the preparation sheet's column too."""
    said = _notes("recording:\n  children_identified_by: initials\n")
    assert "Identify each child by initials only, as the policy requires." in said
    assert "Child or family (initials)" in said


def test_a_seven_minute_briefing_with_nothing_to_say_is_refused_with_a_fix():
    """Planted: no functions and nothing else a panel is drawn from: refused, not a crash."""
    form = "    session-record: generic_session_record\n"
    p = only_problem(_no_functions().replace(form, form + "  handouts: [seven_minute_briefing]\n"))
    assert p.message.startswith("the seven_minute_briefing handout has nothing to say: the policy names no functions")
    assert p.hint.endswith("or remove seven_minute_briefing from the handouts")


def test_a_seven_minute_briefing_without_functions_but_with_an_introduction_is_generated():
    """Near miss: an introduction gives the Background panel; the functions are left out of Information."""
    from docgen.documents.briefing import seven_minute_briefing

    form = "    session-record: generic_session_record\n"
    text = _no_functions().replace(form, form + "  handouts: [seven_minute_briefing]\n")
    loaded = load_policy_text(text + 'introduction: "Staff are supervised every month."\n', "p.yaml")
    _, [section], _ = seven_minute_briefing(loaded.policy)
    assert [panel.heading for panel in section.blocks] == ["Background"]
