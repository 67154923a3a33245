"""The field list a form carries (docgen/forms/fieldlist.py): written and read back unchanged,
lists written before docgen embedded functions still read, and PDF names map back to field ids."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.forms import build_form, form_keys
from docgen.forms.fieldlist import (
    FieldEntry,
    FieldList,
    FieldListError,
    RepeatEntry,
    cell_id,
    from_pdf_name,
    pdf_name,
    split_id,
)
from docgen.policy import load_policy
from tests.helpers.policies import SHIPPED

ident = st.from_regex(r"[a-z][a-z0-9]{0,8}(_[a-z0-9]{1,5}){0,2}", fullmatch=True)
text = st.text(max_size=20)
optional = st.none() | ident


@st.composite
def field_lists(draw) -> FieldList:
    repeat_ids = draw(st.lists(ident, max_size=3, unique=True))
    repeats = tuple(
        RepeatEntry(rid, draw(text), draw(st.sampled_from(["table", "block"])), draw(optional), draw(optional))
        for rid in repeat_ids
    )
    fields = []
    for fid in draw(st.lists(ident, min_size=1, max_size=6, unique=True)):
        repeat = draw(st.none() | st.sampled_from(repeat_ids)) if repeat_ids else None
        kind = draw(st.sampled_from(["text", "choice", "date"]))
        fields.append(
            FieldEntry(
                f"{repeat}.{fid}" if repeat else fid,
                kind,
                draw(text),
                draw(optional),
                draw(optional),
                tuple(draw(st.lists(st.tuples(ident, text), max_size=3))),
                draw(st.booleans()),
                repeat,
            )
        )
    return FieldList(tuple(fields), repeats)


@settings(max_examples=100, deadline=None)
@given(field_lists())
def test_a_field_list_reads_back_as_it_was_written(form):
    assert FieldList.from_json(form.to_json()) == form
    fields, repeats = form.to_data()
    assert FieldList.from_data(fields, repeats) == form  # as the harvest stores it


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_form_embeds_its_functions_and_reads_them_back(path):
    loaded = load_policy(path)
    for key in form_keys(loaded):
        spec = build_form(loaded, key)
        form = FieldList.from_json(FieldList.of(spec).to_json())
        assert form == FieldList.of(spec)
        assert form.functions() == {
            **{f.id: f.function for f in spec.fields() if f.function},
            **{r.id: r.function for r in spec.repeats() if r.function},
        }


# A list as docgen embedded it before it carried functions (forms/export.py compact_fields, e0d0939)
OLD = (
    '{"fields":[{"id":"supervisee","type":"text","label":"Supervisee","required":true,"role":"supervisee"},'
    '{"id":"support_notes","type":"multiline","label":"Support: notes","role":"function_notes"},'
    '{"id":"actions.by_whom","type":"text","label":"By whom","role":"action_owner"},'
    '{"id":"actions.function","type":"choice","label":"Function","options":[["management","Management"],'
    '["support","Support"]]}],'
    '"repeats":[{"id":"actions","label":"Actions","layout":"table","role":"actions"}]}'
)


def test_a_field_list_without_functions_still_reads():
    form = FieldList.from_json(OLD)
    assert form == FieldList(
        (
            FieldEntry("supervisee", "text", "Supervisee", "supervisee", required=True),
            FieldEntry("support_notes", "multiline", "Support: notes", "function_notes"),
            FieldEntry("actions.by_whom", "text", "By whom", "action_owner", repeat="actions"),
            FieldEntry(
                "actions.function",
                "choice",
                "Function",
                options=(("management", "Management"), ("support", "Support")),
                repeat="actions",
            ),
        ),
        (RepeatEntry("actions", "Actions", "table", "actions"),),
        functions_known=False,
    )
    assert form.functions() is None  # it cannot say: not "no functions"
    assert form.roles()["actions.by_whom"] == "action_owner"
    assert json.loads(json.dumps(form.to_data()[0])) == json.loads(OLD)["fields"]  # stored as it came
    assert FieldList.from_data(*form.to_data()) == form


@pytest.mark.parametrize(
    "bad",
    [
        '{"fields":[{"id":"a","type":"text","function":5}]}',
        '{"fields":[{"id":3}]}',
        '{"fields":[{"id":"a","type":"choice","options":[["x"]]}]}',
        "[1]",
        "{",
    ],
)
def test_a_damaged_field_list_is_refused(bad):
    with pytest.raises(FieldListError):
        FieldList.from_json(bad)


@settings(max_examples=200, deadline=None)
@given(ident, st.none() | ident, st.integers(0, 10_000))
def test_a_pdf_name_maps_back_to_its_field(fid, repeat, row):
    if repeat is None:
        assert from_pdf_name(pdf_name(fid), {"other"}) == (fid, None, 0, "")
        return
    child = f"{repeat}.{fid}"
    assert cell_id(repeat, fid) == child and split_id(child) == (repeat, fid) and split_id(fid) == (None, fid)
    assert from_pdf_name(pdf_name(child, row), {repeat}) == (child, repeat, row, fid)
    assert from_pdf_name(pdf_name(child), {repeat})[:2] == (child, None)  # the column's own name (no row)
    assert from_pdf_name(pdf_name(child, row), set())[1] is None  # only a repeat the form declares
