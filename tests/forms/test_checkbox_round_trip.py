"""The checkbox field type round trip, DOCX and PDF, and through a harvest.

No shipped form has a checkbox, but a template may declare one (`type: checkbox`), so a form of
the policy's own is built here: ticked and unticked boxes, at the top and in a repeat's rows,
must come back as true and false from both formats and from the harvest database.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.forms import build_form
from docgen.harvest import harvest, read_records
from docgen.parse import parse_bytes
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from tests.helpers.policies import minimal_policy

TEMPLATE = """\
    docgen_template: 1
    id: local_form
    kind: preparation-sheet
    version: "1"
    title: "Record with boxes"
    sections:
      - heading: Details
        content:
          - field: {id: supervisee, type: text, label: Supervisee, role: supervisee}
          - field: {id: session_date, type: date, label: Date, role: session_date}
          - field: {id: agenda_agreed, type: checkbox, label: "Agenda agreed"}
          - field: {id: wellbeing_discussed, type: checkbox, label: "Wellbeing discussed"}
          - repeat:
              id: actions
              label: Actions
              rows: 3
              fields:
                - {id: action, type: text, label: Action}
                - {id: done, type: checkbox, label: Done}
    """


def checkbox_form(write):
    write("form_templates/local_form.yaml", TEMPLATE)
    path = write(
        "policy.yaml", minimal_policy(**{"session-record: generic_session_record": "preparation-sheet: local_form"})
    )
    return build_form(load_policy(path), "preparation-sheet")


boxes = st.fixed_dictionaries(
    {
        "agenda_agreed": st.booleans(),
        "wellbeing_discussed": st.booleans(),
        "actions": st.lists(
            st.fixed_dictionaries({"action": st.sampled_from(["Call", "Visit"]), "done": st.booleans()}), max_size=3
        ),
    }
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=boxes)
def test_checkboxes_read_back_from_docx_and_pdf(write, values):
    form = checkbox_form(write)
    assert [f.type for f in form.fields() if "done" in f.id or "agreed" in f.id] == ["checkbox", "checkbox"]
    filled = {"supervisee": "Siân", **values}
    for render, name in ((render_docx, "f.docx"), (render_pdf, "f.pdf")):
        got = parse_bytes(render(form, filled).data, name).values
        assert (got["agenda_agreed"], got["wellbeing_discussed"]) == (
            values["agenda_agreed"],
            values["wellbeing_discussed"],
        ), name
        assert all(type(got[k]) is bool for k in ("agenda_agreed", "wellbeing_discussed"))
        assert got["actions"] == values["actions"], name


def test_checkboxes_left_alone_read_as_unticked(write):
    form = checkbox_form(write)
    for render, name in ((render_docx, "f.docx"), (render_pdf, "f.pdf")):
        got = parse_bytes(render(form, {}).data, name).values
        assert got["agenda_agreed"] is False and got["wellbeing_discussed"] is False, name


def test_checkboxes_come_back_from_a_harvest_as_true_and_false(write, tmp_path, store_target, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a PostgreSQL store's problems.csv is written here
    form = checkbox_form(write)
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.docx").write_bytes(
        render_docx(
            form, {"supervisee": "A", "agenda_agreed": True, "actions": [{"action": "Call", "done": True}]}
        ).data
    )
    (inbox / "b.pdf").write_bytes(render_pdf(form, {"supervisee": "B", "wellbeing_discussed": True}).data)
    harvest([inbox], store_target, jobs=1)
    got = {r["values"]["supervisee"]: r["values"] for r in read_records(store_target)}
    assert (got["A"]["agenda_agreed"], got["A"]["wellbeing_discussed"]) == (True, False)
    assert (got["B"]["agenda_agreed"], got["B"]["wellbeing_discussed"]) == (False, True)
    assert got["A"]["actions"] == [{"action": "Call", "done": True}] and got["B"]["actions"] == []
    assert all(type(v[k]) is bool for v in got.values() for k in ("agenda_agreed", "wellbeing_discussed"))
