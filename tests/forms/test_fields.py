"""Field types read any answer a person can type without failing: a typed value, or the text with
a plain issue. (A reader that raises stops the file; see test_harvest for what a batch does then.)"""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from docgen.forms.fields import FIELD_TYPES
from docgen.forms.tree import FieldSpec, Option

NUMBER = FieldSpec("minutes", "number", "Length of session (minutes)")


def number(text):
    return FIELD_TYPES["number"].coerce(NUMBER, text)


def test_numbers_read_as_people_write_them():
    assert number("90") == (90, ())
    assert number(" 1,250 ") == (1250, ())
    assert number("12.0") == (12, ()) and isinstance(number("12.0").value, int)
    assert number("2.5") == (2.5, ())
    assert number("") == (None, ()) and number(None) == (None, ())


def test_text_that_python_reads_as_a_float_but_is_no_number_is_a_bad_value():
    for text in ("nan", "NaN", "inf", "-Infinity", "1e999"):
        value, issues = number(text)
        assert value == text and issues == (f'"{text}" is not a number',), text


def test_whole_numbers_keep_every_digit_and_fit_the_database():
    assert number("9007199254740993").value == 9007199254740993  # 2**53 + 1: a float would make it ...992
    huge = number("99999999999999999999").value  # past SQLite's 64-bit integers: kept as a float
    assert isinstance(huge, float) and huge == 1e20


@given(
    st.text(max_size=40) | st.from_regex(r"\s*-?[0-9,]{1,25}(\.[0-9]{0,5})?([eE][+-]?[0-9]{1,4})?\s*", fullmatch=True)
)
def test_any_answer_in_a_number_field_is_a_finite_number_or_kept_with_an_issue(text):
    value, issues = number(text)
    if value is None:
        assert not text.strip() and not issues
    elif issues:
        assert value == text.strip().replace("\r\n", "\n")
    else:
        assert isinstance(value, (int, float)) and not isinstance(value, bool)
        assert math.isfinite(value)
        assert not isinstance(value, int) or -(2**63) <= value < 2**63


@given(st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_every_64_bit_whole_number_reads_back_exactly(n):
    assert number(str(n)) == (n, ())
    assert number(f"{n:,}") == (n, ())


@given(st.text(max_size=40))
def test_any_answer_in_a_date_or_choice_field_is_read_without_failing(text):
    date = FIELD_TYPES["date"].coerce(FieldSpec("d", "date", "Date"), text)
    assert date.value is None or date.issues or len(date.value) == 10
    choice = FieldSpec("c", "choice", "Type", options=(Option("one_to_one", "One to one"),))
    picked = FIELD_TYPES["choice"].coerce(choice, text)
    assert picked.value in (None, "one_to_one") or picked.issues
