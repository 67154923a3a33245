"""Resolved specs: the form structure a policy and a template produce, and template errors."""

import json

import pytest

from docgen.errors import ProblemsFound
from docgen.forms import build_form
from docgen.forms.schema import record_json_schema, spec_to_dict
from docgen.forms.tree import FieldBlock, ListBlock, Mirror, Paragraph, RepeatBlock
from docgen.policy import load_policy, load_policy_text
from tests.helpers.policies import POLICIES, minimal_policy, pos


@pytest.fixture(scope="module")
def worcs():
    return load_policy(POLICIES / "worcestershire.yaml")


def test_worcestershire_record_has_three_function_sections_and_action_tables(worcs):
    spec = build_form(worcs, "session-record")
    headings = [s.heading for s in spec.sections]
    assert {"Management", "Professional Development", "Support"} <= set(headings)
    assert "Team and organisational issues" not in headings  # not on the seed's record
    actions = next(s for s in spec.sections if s.heading == "Actions agreed")
    tables = [b.repeat for b in actions.blocks if isinstance(b, RepeatBlock)]
    assert [t.label for t in tables] == ["Management", "Professional Development", "Support"]
    for table in tables:
        assert [f.label for f in table.fields] == ["Agreed actions", "By whom", "By when"]
        assert [f.role for f in table.fields] == ["action_text", "action_owner", "action_due"]
    assert [t.function for t in tables] == ["management", "development", "support"]
    support = next(s for s in spec.sections if s.heading == "Support")
    prompts = next(b for b in support.blocks if isinstance(b, ListBlock))
    assert prompts.items == (
        "Enabling and empowering expression of feelings in relation to the work role",
        "Discussion of personal issues impacting on performance at work",
        "Health and safety",
    )


def test_worcestershire_agreement_clauses_have_blanks_and_purposes(worcs):
    spec = build_form(worcs, "agreement")
    paragraphs = [b for s in spec.sections for b in s.blocks if isinstance(b, Paragraph)]
    first = paragraphs[0].parts
    assert first[0] == "This is an Agreement between "
    assert (first[1].id, first[1].role) == ("parties_supervisor", "supervisor")
    privacy = next(p for p in paragraphs if any(isinstance(x, Mirror) for x in p.parts))
    assert [x.field_id for x in privacy.parts if isinstance(x, Mirror)] == ["parties_supervisor", "parties_supervisee"]
    purposes = next(b for s in spec.sections for b in s.blocks if isinstance(b, ListBlock) and b.numbered)
    assert len(purposes.items) == 9 and purposes.items[5] == "Staff Review and Development Managers."
    assert {f.role for f in spec.fields()} >= {"agreement_frequency", "agreement_review_date"}


def test_manifest_identifies_form_and_policy(worcs):
    m = build_form(worcs, "case-record").manifest
    assert (m.form_id, m.kind, m.policy_id, m.policy_version) == (
        "worcestershire_case_record",
        "case-record",
        "worcestershire",
        "1.0",
    )
    assert m.policy_digest == worcs.digest


def test_policy_digest_ignores_comments_and_layout():
    a = load_policy_text(minimal_policy())
    b = load_policy_text("# a comment\n" + minimal_policy(**{"title: Tiny policy": "title:   'Tiny policy'"}))
    c = load_policy_text(minimal_policy(**{"title: Tiny policy": "title: Other policy"}))
    assert a.digest == b.digest != c.digest


def test_json_schema_of_the_record(worcs):
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the [dev] extra")
    spec = build_form(worcs, "session-record")
    schema = record_json_schema(spec)
    jsonschema.Draft202012Validator.check_schema(schema)
    props = schema["properties"]
    assert props["session_date"]["format"] == "date" and props["session_date"]["x-role"] == "session_date"
    assert props["actions_support"]["type"] == "array"
    assert set(props["actions_support"]["items"]["properties"]) == {"action", "by_whom", "by_when"}
    assert "one_to_one" in props["supervision_type"]["enum"]
    record = {
        "supervisee": "A",
        "supervisor": "B",
        "session_date": "2026-01-05",
        "duration_minutes": 90,
        "supervision_type": "one_to_one",
        "actions_support": [{"action": "x", "by_whom": "A", "by_when": None}],
    }
    jsonschema.validate(record, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**record, "supervision_type": "coffee"}, schema)


def test_spec_json_lists_every_field_once_with_pdf_names(worcs):
    data = spec_to_dict(build_form(worcs, "session-record"))
    ids = [f["id"] for f in data["fields"]]
    assert len(ids) == len(set(ids))
    names = {f["id"]: f["pdf_name"] for f in data["fields"]}
    assert names["actions_support.by_whom"] == "actions_support__by_whom"
    json.dumps(data)  # serialisable


# --- template problems, located in the template file -------------------------------------------


def policy_with_template(write, template_text: str, kind="session-record"):
    """A policy whose form comes from a template in its own form_templates/ folder."""
    write("form_templates/local_form.yaml", template_text)
    path = write("policy.yaml", minimal_policy(**{"session-record: generic_session_record": f"{kind}: local_form"}))
    return load_policy(path)


LOCAL = """\
    docgen_template: 1
    id: local_form
    kind: session-record
    version: "1"
    title: "Record for {{ agency.name }}"
    sections:
      - heading: Details
        content:
          - field: {id: supervisee, type: text, label: Supervisee, role: supervisee}
    """


def build_problems(loaded, key="session-record"):
    with pytest.raises(ProblemsFound) as info:
        build_form(loaded, key)
    return info.value.problems


def test_template_naming_a_missing_policy_value_is_located(write):
    text = LOCAL.replace("{{ agency.name }}", "{{ agency.nmae }}")
    loaded = policy_with_template(write, text)
    [p] = [p for p in build_problems(loaded) if p.code == "template-error"]
    assert p.file.endswith("form_templates/local_form.yaml") and p.path == "title"
    import textwrap

    assert (p.line, p.column) == pos(textwrap.dedent(text), '"Record for')
    assert "nmae" in p.message


def test_template_lacking_roles_the_checks_need(write):
    loaded = policy_with_template(write, LOCAL)
    [p] = build_problems(loaded)
    assert p.code == "missing-key" and "session_date" in p.message and "supervisor" in p.message


def test_duplicate_field_ids_from_a_loop(write):
    text = LOCAL.replace(
        "          - field: {id: supervisee",
        "          - for_each: 'f in functions.items'\n"
        "            field: {id: notes, type: text, label: x}\n"
        "          - field: {id: supervisee",
    )
    codes = [p.code for p in build_problems(policy_with_template(write, text))]
    assert "duplicate-id" in codes


def test_invalid_field_id_after_templating(write):
    text = LOCAL.replace("{id: supervisee,", "{id: 'Supervisee Name',")
    codes = [p.code for p in build_problems(policy_with_template(write, text))]
    assert "bad-id" in codes


def test_unknown_field_type_and_role_suggest(write):
    text = LOCAL.replace("type: text, label: Supervisee, role: supervisee", "type: txt, label: S, role: supervisse")
    found = build_problems(policy_with_template(write, text))
    assert any(p.code == "bad-choice" and '"text"' in p.hint for p in found)


def test_unknown_form_kind_and_missing_template(write, worcs):
    [p] = build_problems(worcs, "agreement:direct")
    assert p.code == "unknown-form"
    path = write("policy.yaml", minimal_policy(**{"generic_session_record": "no_such_template"}))
    [p] = build_problems(load_policy(path))
    assert p.code == "unknown-form" and "no_such_template" in p.message


def test_template_for_the_wrong_kind(write):
    loaded = policy_with_template(write, LOCAL, kind="case-record")
    found = build_problems(loaded, "case-record")
    assert any(p.code == "bad-value" and p.path == "kind" for p in found)


def test_field_blocks_keep_template_order(worcs):
    spec = build_form(worcs, "session-record")
    first = [b.field.id for b in spec.sections[0].blocks if isinstance(b, FieldBlock)]
    assert first == ["supervisee", "supervisor", "session_date", "duration_minutes", "supervision_type"]
