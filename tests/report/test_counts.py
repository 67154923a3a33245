"""S3 reads a count rule the way the policy means it (issue 19, items 1 and 2): the year it is kept
over, how a share of a session is rounded, pro rata by FTE and by time in post apart, sessional staff
and a missing FTE; every finding says the reading it used ("checked as"). Records are built by hand,
through roles; the expected numbers are worked out here from the dates, not by the code under test."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.counts import AS_OF, DAY, person, s3, spread

# --- item 1: the year a count is kept over -------------------------------------------------------

FY = 'at_least: 10, per: "1 year", pro_rata: true, year: financial'


def test_a_financial_year_short_of_sessions_is_found_and_the_year_named():
    """Planted: 9 sessions in 2022-23 (1 April 2022 to 31 March 2023); 10 in the year before. The
    year 2023-24 is not over on 07/03/2024 and is not judged."""
    days = spread(dt.date(2021, 4, 1), dt.date(2022, 3, 31), 10) + spread(dt.date(2022, 4, 1), dt.date(2023, 3, 31), 9)
    (finding,), notes = s3(FY, days, person())
    assert finding.date == dt.date(2023, 3, 31) and finding.detail == ""
    assert (
        'Count rule "Part-time and sessional staff": the financial year 2023-24 (01/04/2023 to 31/03/2024) is not over '
        "on 07/03/2024: it is judged when it ends."
    ) in notes
    assert finding.message == "9 formal sessions from 01/04/2022 to 31/03/2023, both days included; 10 required."
    assert finding.checked_as == (
        "the financial year 2022-23 (01/04/2022 to 31/03/2023); pro rata to each person's working hours and time "
        "in post; FTE 1 from the staff list; 10 required"
    )


def test_ten_sessions_in_the_financial_year_but_nine_in_the_last_12_months_is_kept_under_a_financial_year():
    """Near miss: 10 in 2022-23, all before 07/03/2023, and none since: the financial reading is kept
    (2023-24 is not over); the rolling reading of the same records finds the last 12 months empty."""
    days = spread(dt.date(2021, 4, 1), dt.date(2022, 3, 31), 10) + spread(dt.date(2022, 4, 1), dt.date(2023, 3, 1), 10)
    assert s3(FY, days, person())[0] == []
    (rolling,), _ = s3('at_least: 10, per: "1 year", pro_rata: true', days, person())
    assert rolling.message.startswith("No formal sessions from 08/03/2023 to 07/03/2024")
    assert rolling.checked_as.startswith(
        "the 12 months to 07/03/2024 (a rolling year: docgen's default, the policy does not say which year)"
    )


def _fixed_year(basis: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar or financial year holding `day`, worked out here."""
    if basis == "calendar":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    year = day.year if day.month >= 4 else day.year - 1
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


@given(
    as_of=st.dates(min_value=dt.date(2012, 1, 1), max_value=dt.date(2035, 12, 31)),
    basis=st.sampled_from(["calendar", "financial"]),
    held=st.sampled_from([9, 10]),
)
@settings(max_examples=25, deadline=None)
def test_the_last_ended_year_is_judged_whatever_the_check_date(as_of, basis, held):
    """Planted: 9 sessions in the last year that has ended by the check date; near miss: 10."""
    first, last = _fixed_year(basis, as_of)
    if last > as_of:  # not over: the year before it is the last ended
        first, last = _fixed_year(basis, first - DAY)
    before = _fixed_year(basis, first - DAY)
    days = spread(*before, 10) + spread(first, last, held)
    found, notes = s3(f'at_least: 10, per: "1 year", pro_rata: true, year: {basis}', days, person(), as_of)
    over = _fixed_year(basis, as_of)[1] == as_of  # the check date is the last day of a year: none is pending
    assert any("is not over on" in n for n in notes) is not over
    if held == 10:
        assert found == []
        return
    (finding,) = found
    assert finding.date == last
    assert finding.message.startswith(f"9 formal sessions from {first:%d/%m/%Y} to {last:%d/%m/%Y}")
    named = f"the calendar year {first.year}" if basis == "calendar" else f"the financial year {first.year}-"
    assert finding.checked_as.startswith(named)


def test_a_calendar_year_ending_on_the_check_date_is_judged_that_day():
    """Planted: 9 sessions in 2023, checked on 31/12/2023 (the year's last day): judged, nothing pending.
    Near miss: checked on 30/12/2023, the year is not over and is not judged."""
    count = 'at_least: 10, per: "1 year", pro_rata: true, year: calendar'
    days = spread(dt.date(2022, 1, 1), dt.date(2022, 12, 31), 10) + spread(
        dt.date(2023, 1, 1), dt.date(2023, 12, 31), 9
    )
    (finding,), notes = s3(count, days, person(), dt.date(2023, 12, 31))
    assert finding.date == dt.date(2023, 12, 31) and finding.checked_as.startswith("the calendar year 2023;")
    assert not any("is not over" in n for n in notes)
    found, notes = s3(count, days, person(), dt.date(2023, 12, 30))
    assert found == [] and any("the calendar year 2023 is not over on 30/12/2023" in n for n in notes)


def test_a_year_in_post_runs_from_the_start_date():
    """Planted: in post from 15/06/2020; 9 sessions in their year 15/06/2022 to 14/06/2023. Near miss:
    the same 9 sessions and one more on 14/06/2023, the year's last day."""
    count = 'at_least: 10, per: "1 year", pro_rata: true, year: in_post'
    days = spread(dt.date(2021, 6, 15), dt.date(2022, 6, 14), 10) + spread(
        dt.date(2022, 6, 15), dt.date(2023, 6, 13), 9
    )
    (finding,), _ = s3(count, days, person(start="2020-06-15"))
    assert finding.date == dt.date(2023, 6, 14)
    assert finding.checked_as.startswith("their year in post from 15/06/2022 to 14/06/2023;")
    assert s3(count, [*days, dt.date(2023, 6, 14)], person(start="2020-06-15"))[0] == []


def test_a_year_in_post_with_no_start_date_is_named_in_the_notes_not_guessed():
    count = 'at_least: 10, per: "1 year", pro_rata: true, year: in_post'
    found, notes = s3(count, [], person(start=""))
    assert found == []
    assert any("Pat Part (P1): count rule" in n and "no start date on the roster" in n for n in notes)


# --- item 2: rounding a share of a session -------------------------------------------------------


def test_a_share_below_one_is_rounded_up_to_one_session_by_default():
    """Planted: FTE 0.08 x 10 = 0.8 sessions, no session held: 0.8 rounded up is 1 (it used to be 0,
    and no check at all)."""
    (finding,), _ = s3('at_least: 10, per: "1 year", pro_rata: true', [], person(fte="0.08"))
    assert (
        finding.message
        == "No formal sessions from 08/03/2023 to 07/03/2024, both days included; 1 required (FTE 0.08)."
    )
    assert finding.checked_as.endswith("10 x FTE 0.08 = 0.8, rounded up to 1 required (docgen's default rounding)")


def test_a_share_below_one_with_one_session_held_or_rounded_down_stays_quiet():
    """Near misses: one session held; or the policy rounds down (0.8 is then 0: nothing asked)."""
    assert s3('at_least: 10, per: "1 year", pro_rata: true', [dt.date(2023, 9, 1)], person(fte="0.08"))[0] == []
    assert s3('at_least: 10, per: "1 year", pro_rata: true, rounding: down', [], person(fte="0.08"))[0] == []


def test_nearest_rounds_a_half_up_and_below_a_half_down():
    """7.5 is 8 and 7.4 is 7 when the policy rounds to the nearest; up rounds 7.2 to 8."""
    held = spread(dt.date(2023, 3, 8), AS_OF, 7)
    nearest = 'at_least: 10, per: "1 year", pro_rata: true, rounding: nearest'
    (f,), _ = s3(nearest, held, person(fte="0.75"))
    assert "8 required" in f.message and f.checked_as.endswith(
        "10 x FTE 0.75 = 7.5, rounded to the nearest to 8 required"
    )
    assert s3(nearest, held, person(fte="0.74"))[0] == []  # 7.4 is 7: kept
    (up,), _ = s3('at_least: 10, per: "1 year", pro_rata: true, rounding: up', held, person(fte="0.72"))
    assert up.checked_as.endswith("10 x FTE 0.72 = 7.2, rounded up to 8 required")
    assert "(docgen's default rounding)" not in up.checked_as  # stated by the policy


@given(
    hundredths=st.integers(min_value=1, max_value=100),
    rounding=st.sampled_from(["up", "down", "nearest"]),
    short=st.booleans(),
)
@settings(max_examples=30, deadline=None)
def test_every_fte_is_rounded_the_way_the_policy_says(hundredths, rounding, short):
    """Planted: one session fewer than 10 x FTE rounded as the policy says; near miss: exactly that
    many. Worked out here with Decimal, apart from the code under test."""
    from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

    how = {"up": ROUND_CEILING, "down": ROUND_FLOOR, "nearest": ROUND_HALF_UP}[rounding]
    required = int((Decimal(hundredths) / 10).quantize(Decimal(1), rounding=how))
    held = max(required - 1, 0) if short else required
    days = spread(dt.date(2023, 3, 8), AS_OF, held) if held else []
    count = f'at_least: 10, per: "1 year", pro_rata: true, rounding: {rounding}'
    found, _ = s3(count, days, person(fte=f"{hundredths / 100:g}"))
    if not short or required == 0:
        assert found == []
        return
    (f,) = found
    assert f"; {required} required" in f.message
    assert f.checked_as.endswith(f"{required} required")


# --- item 3: pro rata by FTE and by time in post, apart ------------------------------------------


def test_pro_rata_by_fte_only_asks_a_starter_the_whole_fte_share():
    """Planted: FTE 0.5, in post from 07/12/2023 (3 months), 2 sessions; by FTE only: 10 x 0.5 = 5,
    not reduced by time in post. Near miss: pro_rata: true asks the 5 a year that have come due in
    91 of the 366 days: 5 x 91/366 = 1.24, so 1."""
    days = [dt.date(2023, 12, 20), dt.date(2024, 2, 1)]
    row = person(fte="0.5", start="2023-12-07")
    (f,), _ = s3('at_least: 10, per: "1 year", pro_rata: fte', days, row)
    assert "5 required (FTE 0.5)." in f.message
    assert "pro rata to each person's working hours (FTE), not to their time in post" in f.checked_as
    in_post, year = (AS_OF - dt.date(2023, 12, 7)).days, (AS_OF - dt.date(2023, 3, 7)).days
    assert 5 * in_post // year == 1
    assert s3('at_least: 10, per: "1 year", pro_rata: true', days, row)[0] == []
    (short,), _ = s3('at_least: 10, per: "1 year", pro_rata: true', [], row)  # none held: the 1 due is missed
    assert "1 required (FTE 0.5, in post from 07/12/2023)." in short.message
    assert short.checked_as.endswith(
        f"10 x FTE 0.5 = 5 a year; 5 x {in_post}/{year} days in post = 1.24: 1 due by 07/03/2024 (the 5 fall due "
        "evenly through the year, and a session is not owed before it has come due)"
    )


def test_pro_rata_by_time_in_post_only_asks_a_part_timer_the_full_number():
    """Planted: FTE 0.5 all year with 5 sessions: by time in post only, 10 are asked. Near miss:
    pro_rata: true asks 5."""
    days = spread(dt.date(2023, 3, 8), AS_OF, 5)
    (f,), _ = s3('at_least: 10, per: "1 year", pro_rata: time_in_post', days, person(fte="0.5"))
    assert f.message.endswith("; 10 required.")
    assert "pro rata to time in post, not to working hours; 10 required" in f.checked_as
    assert s3('at_least: 10, per: "1 year", pro_rata: true', days, person(fte="0.5"))[0] == []


def test_the_mapping_form_says_each_pro_rata_apart():
    days = spread(dt.date(2023, 3, 8), AS_OF, 5)
    (f,), _ = s3('at_least: 10, per: "1 year", pro_rata: {fte: false, time_in_post: true}', days, person(fte="0.5"))
    assert f.message.endswith("; 10 required.")
    assert (
        s3('at_least: 10, per: "1 year", pro_rata: {fte: true, time_in_post: true}', days, person(fte="0.5"))[0] == []
    )


def test_no_pro_rata_asks_a_starter_the_whole_number():
    """pro_rata: false: 10 in the 12 months, whatever part of them the person was in post."""
    days = [dt.date(2023, 12, 20), dt.date(2024, 2, 1)]
    (f,), _ = s3('at_least: 10, per: "1 year", pro_rata: false', days, person(start="2023-12-07"))
    assert f.message.endswith("; 10 required.")
    assert "not pro rata: the same number whatever a person's hours or time in post" in f.checked_as


# --- item 4: sessional staff and a missing FTE ---------------------------------------------------


def test_a_missing_fte_is_counted_as_full_time_and_the_report_says_so():
    """Planted: no FTE on the staff list, 7 sessions: counted as full time, 10 asked."""
    days = spread(dt.date(2023, 3, 8), AS_OF, 7)
    (f,), notes = s3('at_least: 10, per: "1 year", pro_rata: true', days, person(fte=""))
    assert f.message.endswith("; 10 required.")
    assert (
        'Pat Part (P1): count rule "Part-time and sessional staff": FTE not on the staff list: counted as full time'
        in ("\n".join(notes))
    )
    assert not any("FTE not on" in n for n in s3('at_least: 10, per: "1 year", pro_rata: true', days, person())[1])
    assert "FTE not on the staff list: counted as full time (docgen's default: the policy does not say)" in f.checked_as
    (stated,), _ = s3('at_least: 10, per: "1 year", pro_rata: true, missing_fte: full_time', days, person(fte=""))
    assert "FTE not on the staff list: counted as full time;" in stated.checked_as


def test_a_missing_fte_under_not_checked_is_a_note_not_a_finding():
    days = spread(dt.date(2023, 3, 8), AS_OF, 7)
    found, notes = s3('at_least: 10, per: "1 year", pro_rata: true, missing_fte: not_checked', days, person(fte=""))
    assert found == []
    assert any("Pat Part (P1)" in n and "missing_fte: not_checked" in n for n in notes)
    (f,), _ = s3('at_least: 10, per: "1 year", pro_rata: true, missing_fte: not_checked', days, person(fte="1"))
    assert "FTE 1 from the staff list" in f.checked_as  # near miss: with an FTE the count is checked


def test_a_sessional_worker_with_no_fte_is_held_to_the_sessional_number():
    """Planted: sessional, no FTE, 3 sessions when the policy asks 4 of sessional staff. Near miss: 4."""
    count = 'at_least: 10, per: "1 year", pro_rata: true, sessional: 4'
    row = person(fte="", employment="sessional")
    (f,), _ = s3(count, spread(dt.date(2023, 3, 8), AS_OF, 3), row)
    assert f.message.endswith("; 4 required.")
    assert "sessional (as and when) with no FTE on the staff list: 4, the policy's number for sessional staff" in (
        f.checked_as
    )
    assert s3(count, spread(dt.date(2023, 3, 8), AS_OF, 4), row)[0] == []
    # a sessional worker whose FTE is on the list is pro rata to it like anyone
    (g,), _ = s3(count, spread(dt.date(2023, 3, 8), AS_OF, 4), person(fte="0.6", employment="sessional"))
    assert "6 required (FTE 0.6)" in g.message


def test_sessional_zero_leaves_sessional_staff_with_no_fte_unchecked_and_says_so():
    found, notes = s3(
        'at_least: 10, per: "1 year", pro_rata: true, sessional: 0', [], person(fte="", employment="sessional")
    )
    assert found == []
    assert any("the policy sets no number (sessional: 0)" in n for n in notes)


# --- item 5: every S3 finding carries its reading -------------------------------------------------


def test_a_leaver_in_a_financial_year_is_held_to_their_share_of_it():
    """Planted: left on 29/09/2023, about half-way through 2023-24 (366 days), with 2 sessions in it:
    the 10 of the year fall due evenly, and 10 x 182/366 days in post = 4.97 of them had come due by
    the leaving date, so 4 (worked out here). Near miss: 4 sessions held."""
    left, since, year_end = dt.date(2023, 9, 29), dt.date(2023, 3, 31), dt.date(2024, 3, 31)
    expected = 10 * (left - since).days / (year_end - since).days
    due = 10 * (left - since).days // (year_end - since).days
    first_year = spread(dt.date(2022, 4, 1), dt.date(2023, 3, 31), 10)
    days = [*first_year, dt.date(2023, 5, 1), dt.date(2023, 7, 1)]
    (f,), _ = s3(FY, days, person(left="2023-09-29"))
    assert f.date == left and f.detail == "past" and round(expected, 2) == 4.97 and due == 4
    assert f.message == (
        f"Past, before leaving on 29/09/2023: 2 formal sessions from 01/04/2023 to 29/09/2023, both days included; "
        f"{due} required."
    )
    assert f.checked_as.startswith(
        "the financial year 2023-24 (01/04/2023 to 31/03/2024), to their leaving date 29/09/2023;"
    )
    assert f.checked_as.endswith(
        f"10 x {(left - since).days}/{(year_end - since).days} days in post = {expected:.2f}: {due} due by 29/09/2023 "
        "(the 10 fall due evenly through the year, and a session is not owed before it has come due)"
    )
    held = [*first_year, *spread(dt.date(2023, 4, 1), left, due)]
    assert s3(FY, held, person(left="2023-09-29"))[0] == []
