"""Property tests: whatever an agency writes, specs keep ids unique and valid, and lengths of
time read back as written."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.forms import build_form, form_keys, pdf_name
from docgen.forms.validate import validate_policy
from docgen.policy import Interval, load_policy_text
from docgen.policy.periods import Duration
from docgen.structure import Context
from docgen.yamlnodes import load_text
from tests.helpers.policies import SHIPPED, minimal_policy

WORD_TAG = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")


def assert_ids_valid(spec):
    ids = [f.id for f in spec.fields()] + [r.id for r in spec.repeats()]
    assert len(ids) == len(set(ids)), "field ids must be unique"
    for field_id in ids:
        assert WORD_TAG.match(field_id) and len(field_id) <= 64, field_id
        assert "__" not in field_id
    names = [pdf_name(i) for i in ids]
    assert len(names) == len(set(names)) and not any("." in n for n in names)
    assert all(pdf_name(i) == pdf_name(i) for i in ids)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_policies_are_valid_and_every_spec_has_unique_valid_ids(path):
    loaded, problems = validate_policy(path)
    assert problems == [], "\n".join(map(str, problems))
    for key in form_keys(loaded):
        assert_ids_valid(build_form(loaded, key))


ident = st.from_regex(r"[a-z][a-z0-9]{0,10}(_[a-z0-9]{1,6}){0,2}", fullmatch=True)
label = (
    st.text(alphabet=st.characters(whitelist_categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)
tags = st.sampled_from(["management", "development", "support", "mediation", "quality_assurance", "reflection"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(ident, label, tags, st.booleans()), min_size=1, max_size=7, unique_by=lambda t: t[0]))
def test_any_function_list_gives_a_valid_session_record(functions):
    import json

    items = "\n".join(
        f"    - {{id: {fid}, label: {json.dumps(lab, ensure_ascii=False)}, tag: {tag}, on_record: {str(on).lower()}}}"
        for fid, lab, tag, on in functions
    )
    text = minimal_policy(
        **{
            "    - {id: management, label: Management, tag: management}\n"
            "    - {id: support, label: Support, tag: support}": items
        }
    )
    loaded = load_policy_text(text)
    spec = build_form(loaded, "session-record")
    assert_ids_valid(spec)
    on_record = [lab for _, lab, _, on in functions if on]
    function_fields = [f for f in spec.fields() if f.role == "function_notes"]
    assert [f.function for f in function_fields] == [fid for fid, _, _, on in functions if on]
    assert [s.heading for s in spec.sections if s.heading in on_record][: len(on_record)] == on_record or len(
        set(on_record)
    ) < len(on_record)


units = st.sampled_from(Interval.UNITS)


@given(st.integers(min_value=1, max_value=500), units)
def test_intervals_read_back_as_written(amount, unit):
    interval = Interval(amount, unit)
    ctx = Context()
    node = load_text(f"x: {interval}").children["x"]
    assert Interval.__structure__(node, "x", ctx) == interval and ctx.problems == []


@given(st.integers(min_value=1, max_value=600))
def test_durations_read_back_as_written(minutes):
    duration = Duration(minutes)
    ctx = Context()
    node = load_text(f"x: {duration}").children["x"]
    assert Duration.__structure__(node, "x", ctx) == duration and ctx.problems == []


def test_four_weeks_is_not_a_calendar_month():
    assert Interval(4, "week") != Interval(1, "month")
    assert Interval(4, "week").approx_days() == 28
    assert Interval(1, "month").words() == "every calendar month"


@given(st.text(max_size=200))
def test_any_text_either_loads_or_gives_located_problems(text):
    from docgen.errors import ProblemsFound

    try:
        load_policy_text(text, "fuzz.yaml")
    except ProblemsFound as exc:
        assert exc.problems and all(p.file == "fuzz.yaml" for p in exc.problems)
