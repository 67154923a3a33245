"""A count rule says how it is read (issue 19, items 1 and 2): the year, pro rata by FTE and by time in
post apart, rounding, a missing FTE and sessional staff. Each key validates, its nonsense combinations
are located errors with a fix, an unknown value is matched by meaning with every allowed value listed,
the policy document states the reading, and `docgen init` shows the keys."""

from __future__ import annotations

import io

import docx as python_docx
import pytest

from docgen.demo.synthetic import DEMO_POLICY
from docgen.documents.policy_document import build_policy_document
from docgen.policy import load_policy_text
from docgen.policy.agreed import carried, carry
from docgen.policy.starter import starter_text
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from tests.helpers.pdfs import pdf_text, squash
from tests.helpers.policies import minimal_policy, pos
from tests.helpers.policies import only_problem as only
from tests.helpers.policies import policy_problems as problems

EVERY = "schedule: {every: 1 month}"


def _with(count: str) -> str:
    return minimal_policy(**{EVERY: f"schedule: {{count: {{{count}}}}}"})


def _schedule(count: str):
    return load_policy_text(_with(count), "p.yaml").policy.frequency.rules[0].schedule


# --- each key validates, and is said in words --------------------------------------------------


@pytest.mark.parametrize(
    ("count", "words"),
    [
        ("at_least: 10, year: financial", "at least 10 times in each financial year (1 April to 31 March)"),
        ("at_least: 10, year: calendar", "at least 10 times in each calendar year (1 January to 31 December)"),
        (
            "at_least: 10, year: in_post",
            "at least 10 times in each year in post (counted from the person's start in post)",
        ),
        ('at_least: 10, per: "2 years", year: rolling', "at least 10 times in any 2 years"),
        (
            "at_least: 10, pro_rata: fte",
            "at least 10 times a year (pro rata to each person's working hours (FTE), not to their time in post)",
        ),
        (
            "at_least: 10, pro_rata: time_in_post",
            "at least 10 times a year (pro rata to time in post, not to working hours)",
        ),
        (
            "at_least: 10, pro_rata: {fte: true, time_in_post: false}",
            "at least 10 times a year (pro rata to each person's working hours (FTE), not to their time in post)",
        ),
        (
            "at_least: 10, pro_rata: false",
            "at least 10 times a year (not pro rata: the same number whatever a person's hours or time in post)",
        ),
        (
            "at_least: 10, pro_rata: true, rounding: up",
            "at least 10 times a year (pro rata to each person's working hours and time in post; a share of a "
            "session rounded up to a whole session)",
        ),
        (
            "at_least: 10, pro_rata: true, missing_fte: not_checked, sessional: 4",
            "at least 10 times a year (pro rata to each person's working hours and time in post; anyone whose FTE "
            "is not known is not checked against this number; sessional (as and when) staff with no set hours: at "
            "least 4 times)",
        ),
        (
            "at_least: 10, pro_rata: fte, missing_fte: full_time",
            "at least 10 times a year (pro rata to each person's working hours (FTE), not to their time in post; "
            "anyone whose FTE is not known is counted as full time)",
        ),
        # what existing policies say is said as before
        (
            "at_least: 10, pro_rata: true",
            "at least 10 times a year (pro rata to each person's working hours and time in post)",
        ),
        ("at_least: 10", "at least 10 times a year"),
    ],
)
def test_each_reading_validates_and_is_said_in_words(count, words):
    assert _schedule(count).words() == words


def test_existing_count_rules_keep_their_meaning_and_fingerprint():
    """pro_rata left out or true read as before (the canonical form the digest is made from too);
    an explicit false now means no pro rata at all, so its fingerprint changes with its meaning."""
    absent = _schedule("at_least: 10").count
    assert (absent.scaled.fte, absent.scaled.time_in_post) == (False, True)
    assert absent.__unstructure__() == {"at_least": 10, "per": {"amount": 1, "unit": "year"}, "pro_rata": False}
    both = _schedule("at_least: 10, pro_rata: true").count
    assert both.__unstructure__()["pro_rata"] is True and (both.scaled.fte, both.scaled.time_in_post) == (True, True)
    assert _schedule("at_least: 10, pro_rata: false").count.__unstructure__()["pro_rata"] == {
        "fte": False,
        "time_in_post": False,
    }
    digest = load_policy_text(DEMO_POLICY.read_text(encoding="utf-8"), "d.yaml").digest
    assert digest == load_policy_text(DEMO_POLICY.read_text(encoding="utf-8") + "\n# a comment\n", "d.yaml").digest


# --- nonsense combinations: located errors with a fix; near misses stay valid ---------------------


def test_year_with_a_per_that_is_not_a_year_is_an_error_with_a_fix():
    text = _with('at_least: 3, per: "6 months", year: financial')
    p = only(text)
    assert (p.code, p.path) == ("bad-value", "frequency.rules[0].schedule.count.year")
    assert (p.line, p.column) == pos(text, "financial}")
    assert 'year: financial says which year is meant, but per: "6 months" is not a year' in p.message
    assert 'write per: "1 year" with year: financial, or remove year:' in p.hint
    assert str(p).startswith(f"p.yaml:{p.line}:{p.column}: frequency.rules[0].schedule.count.year: ")
    assert _schedule('at_least: 3, per: "6 months"').words() == "at least 3 times every 6 months"  # near miss


def test_a_fixed_year_over_two_years_is_an_error_and_a_rolling_one_is_not():
    p = only(_with('at_least: 20, per: "2 years", year: calendar'))
    assert p.path.endswith("count.year") and 'per: "2 years" is 2 years' in p.message
    assert 'write per: "1 year", or year: rolling' in p.hint
    assert _schedule('at_least: 20, per: "2 years", year: rolling').count.basis == "rolling"


def test_rounding_with_no_pro_rata_has_nothing_to_round():
    text = _with("at_least: 10, pro_rata: false, rounding: up")
    p = only(text)
    assert (p.code, p.path) == ("bad-value", "frequency.rules[0].schedule.count.rounding")
    assert (p.line, p.column) == pos(text, "up}")
    assert "rounding: up has nothing to round: with pro_rata: false the number asked is always 10" in p.message
    assert "remove rounding:, or say how the number is pro rata" in p.hint
    # time in post alone (pro_rata left out, or time_in_post) asks the sessions come due: nothing to round
    for pro_rata in ("", ", pro_rata: time_in_post"):
        p = only(_with(f"at_least: 10{pro_rata}, rounding: down"))
        assert p.path.endswith("count.rounding") and "is not pro rata by FTE" in p.message
        assert "write pro_rata: true (or fte)" in p.hint
    # near misses: pro rata by FTE makes a share to round
    assert _schedule("at_least: 10, pro_rata: true, rounding: down").count.rounding == "down"
    assert _schedule("at_least: 10, pro_rata: fte, rounding: nearest").count.rounding == "nearest"


@pytest.mark.parametrize("key", ["missing_fte: not_checked", "sessional: 4"])
def test_missing_fte_or_sessional_without_fte_pro_rata_is_an_error(key):
    p = only(_with(f"at_least: 10, pro_rata: time_in_post, {key}"))
    name = key.split(":")[0]
    assert p.path == f"frequency.rules[0].schedule.count.{name}"
    assert "this count is not pro rata by FTE, so no one's FTE is used" in p.message
    assert f"remove {name}:, or write pro_rata: true (or fte)" in p.hint
    _schedule(f"at_least: 10, pro_rata: fte, {key}")  # near miss: by FTE, valid


def test_sessional_above_at_least_is_an_error_and_equal_is_not():
    p = only(_with("at_least: 10, pro_rata: true, sessional: 12"))
    assert (
        p.path.endswith("count.sessional")
        and "sessional: 12 must be from 0 (not checked) to at_least (10)" in p.message
    )
    assert _schedule("at_least: 10, pro_rata: true, sessional: 10").count.sessional == 10


def test_all_nonsense_in_one_count_is_reported_in_one_round():
    text = _with('at_least: 10, per: "4 weeks", year: calendar, pro_rata: false, rounding: up, missing_fte: full_time')
    found = {(p.code, p.path.rsplit(".", 1)[1]) for p in problems(text)}
    assert found == {("bad-value", "year"), ("bad-value", "rounding"), ("bad-value", "missing_fte")}


@pytest.mark.parametrize("key", ["year: financial", "rounding: up", "missing_fte: full_time", "sessional: 4"])
def test_a_count_key_written_beside_the_schedule_is_pointed_inside_count(key):
    p = only(minimal_policy(**{EVERY: f"{EVERY}\n      {key}"}))
    assert (p.code, p.path) == ("unknown-key", f"frequency.rules[0].{key.split(':')[0]}")
    assert "goes under `schedule:`, inside count:" in p.hint


# --- unknown values: matched by meaning, every allowed value listed ------------------------------


@pytest.mark.parametrize(
    ("key", "written", "meant"),
    [
        ("year", "april", "financial"),
        ("year", "1 April", "financial"),
        ("year", "fiscal", "financial"),
        ("year", "january", "calendar"),
        ("year", "anniversary", "in_post"),
        ("year", "last_12_months", "rolling"),
        ("rounding", "ceiling", "up"),
        ("rounding", "floor", "down"),
        ("rounding", "round", "nearest"),
        ("missing_fte", "skip", "not_checked"),
    ],
)
def test_an_unknown_value_is_matched_by_meaning_and_every_value_listed(key, written, meant):
    text = _with(f"at_least: 10, pro_rata: true, {key}: {written}")
    p = only(text)
    assert (p.code, p.path) == ("bad-choice", f"frequency.rules[0].schedule.count.{key}")
    assert p.hint.startswith(f'did you mean "{meant}"?'), p.hint
    allowed = {
        "year": ["calendar (", "financial (1 April to 31 March)", "in_post (", "rolling ("],
        "rounding": ["down (", "nearest (", "up ("],
        "missing_fte": ["full_time", "not_checked ("],
    }[key]
    for value in allowed:
        assert value in p.hint, (value, p.hint)


def test_an_unknown_pro_rata_lists_every_form():
    p = only(_with("at_least: 10, pro_rata: hours"))
    assert (p.code, p.path) == ("bad-choice", "frequency.rules[0].schedule.count.pro_rata")
    assert p.hint.startswith('did you mean "fte"?')
    for form in ("true (by FTE and by time in post)", "fte (by FTE only)", "time_in_post (by time in post only)"):
        assert form in p.hint
    assert "false (neither)" in p.hint and "{fte: true, time_in_post: false}" in p.hint
    half = only(_with("at_least: 10, pro_rata: {fte: true}"))
    assert (half.code, half.path) == ("missing-key", "frequency.rules[0].schedule.count.pro_rata.time_in_post")


# --- the policy document states the reading; `docgen init` shows the keys --------------------------

FINANCIAL = (
    'schedule: {count: {at_least: 10, per: "1 year", year: financial, pro_rata: fte, rounding: nearest, '
    "missing_fte: not_checked, sessional: 4}}"
)


def test_the_policy_document_states_the_reading_in_both_formats():
    text = DEMO_POLICY.read_text(encoding="utf-8")
    old = 'schedule: {count: {at_least: 10, per: "1 year", pro_rata: true}}'
    assert old in text
    spec = build_policy_document(load_policy_text(text.replace(old, FINANCIAL, 1), "demo.yaml"))
    doc = python_docx.Document(io.BytesIO(render_docx(spec).data))
    in_docx = squash(" ".join(t.text or "" for t in doc.element.body.iter() if t.tag.endswith("}t")))
    in_pdf = pdf_text(render_pdf(spec).data)
    for phrase in (
        "at least 10 times in each financial year (1 April to 31 March)",
        "pro rata to each person's working hours (FTE), not to their time in post",
        "a share of a session rounded to the nearest whole session (a half rounded up)",
        "anyone whose FTE is not known is not checked against this number",
        "sessional (as and when) staff with no set hours: at least 4 times",
    ):
        assert squash(phrase) in in_docx, phrase
        assert squash(phrase) in in_pdf, phrase


def test_docgen_init_shows_the_readings_of_a_count_and_still_validates():
    text = starter_text(3, "Acme")
    assert 'count: {at_least: 10, per: "1 year", year: financial, pro_rata: true, rounding: up}' in text
    for line in ("year: rolling | calendar | financial", "pro_rata: time_in_post (left out) | true", "rounding: up |"):
        assert line in text
    assert "missing_fte: full_time | not_checked" in text and "sessional: 4" in text
    load_policy_text(text, "policy.yaml")
    # the example line, uncommented, is a valid count
    _schedule('at_least: 10, per: "1 year", year: financial, pro_rata: true, rounding: up')


@pytest.mark.parametrize(
    "count",
    [
        'at_least: 10, per: "1 year", year: financial, pro_rata: {fte: true, time_in_post: false}, rounding: nearest, '
        "missing_fte: not_checked, sessional: 4",
        "at_least: 10, pro_rata: time_in_post",
        "at_least: 10, pro_rata: false",
        "at_least: 10",
    ],
)
def test_a_prefilled_agreement_carries_the_count_with_its_readings_exactly(count):
    """An agreement prefilled under a count rule carries the schedule as data; read back, it is the
    same count, readings and all (so the report holds the person to exactly what was agreed)."""
    schedule = _schedule(count)
    entry = carry(schedule, schedule.words())
    assert carried(entry, schedule.words()) == schedule


def test_one_and_two_sessions_are_said_once_and_twice():
    assert _schedule("at_least: 1").words() == "at least once a year"
    assert _schedule("at_least: 2, year: financial").words().startswith("at least twice in each financial year")
    assert _schedule("at_least: 3").words() == "at least 3 times a year"  # near miss
