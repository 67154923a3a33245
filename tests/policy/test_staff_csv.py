"""One staff CSV for `docgen generate --prefill` and `docgen report --roster` (docgen/policy/staff.py):
one set of columns, `supervisee` another name for `name`, one date rule."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.errors import ProblemsFound
from docgen.prefill import read_staff_csv
from docgen.report.roster import parse_roster, read_roster

BOTH = (
    "staff_id,name,supervisor_id,team,role,experience,start_date,asye_start,employment,fte,contact,"
    "leaving_date\n"
    "M1,Ash Alderbrook,,Assessment,team_manager,experienced,01/04/2015,,full_time,1,direct,\n"
    "S1,Bryn Dunmere,M1,Assessment,social_worker; practice_educator,newly_qualified,2023-09-04,04-09-2023,"
    "part_time,0.6,direct,\n"
)


def _write(tmp_path, text):
    path = tmp_path / "staff.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_one_file_serves_the_report_and_personalised_forms(tmp_path):
    path = _write(tmp_path, BOTH)
    roster = read_roster(path)
    rows = read_staff_csv(path)
    bryn, row = roster.get("S1"), rows[1]
    assert (row.supervisee, row.staff_id, row.team) == ("Bryn Dunmere", "S1", "Assessment")
    # the form's supervisor is the name of the supervisor_id's person when no supervisor column says it
    assert row.supervisor == roster.supervisor_name(bryn) == "Ash Alderbrook"
    assert row.profile == bryn.profile and row.profile.roles == ("social_worker", "practice_educator")
    assert row.start_date == bryn.start_date == dt.date(2023, 9, 4)
    assert bryn.asye_start == dt.date(2023, 9, 4)  # dd-mm-yyyy: the one date rule, for the roster too


def test_supervisee_is_another_name_for_the_name_column(tmp_path):
    text = "staff_id,supervisee,supervisor,team\nS1,Ann Jones,Bob Smith,North\n"
    roster = parse_roster(text)
    assert roster.get("S1").name == "Ann Jones" and roster.find("ann jones").staff_id == "S1"
    [row] = read_staff_csv(_write(tmp_path, text))
    assert (row.supervisee, row.supervisor) == ("Ann Jones", "Bob Smith")
    [row] = read_staff_csv(_write(tmp_path, "name,supervisor\nAnn Jones,Bob Smith\n"))
    assert (row.supervisee, row.supervisor) == ("Ann Jones", "Bob Smith")


def test_an_empty_supervisee_is_located_under_the_name_the_header_gives(tmp_path):
    with pytest.raises(ProblemsFound) as info:
        parse_roster("staff_id,supervisee\nS1,\n", "r.csv")
    [problem] = info.value.problems
    assert (problem.code, problem.line, problem.column, problem.path) == ("missing-key", 2, 2, "supervisee")
    with pytest.raises(ProblemsFound) as info:
        read_staff_csv(_write(tmp_path, "staff_id,name\nS1,\n"))
    [problem] = info.value.problems
    assert (problem.code, problem.message, problem.path) == ("bad-value", "the supervisee's name is empty", "name")


def test_name_and_supervisee_together_are_one_column_twice(tmp_path):
    with pytest.raises(ProblemsFound) as info:
        read_staff_csv(_write(tmp_path, "name,team,supervisee\nAnn,North,Ann\n"))
    [problem] = info.value.problems
    assert (problem.code, problem.line, problem.column, problem.path) == ("duplicate-column", 1, 3, "supervisee")
    assert 'the columns "name" and "supervisee" are one column (columns 1 and 3)' in str(problem)


def test_each_command_still_says_what_it_needs():
    with pytest.raises(ProblemsFound) as info:
        parse_roster("supervisee,team\nAnn,North\n")
    assert [(p.code, p.message) for p in info.value.problems] == [("missing-key", 'the column "staff_id" is missing')]


def test_the_staff_list_needs_no_staff_id_and_allows_repeats(tmp_path):
    rows = read_staff_csv(_write(tmp_path, "staff_id,supervisee\nS1,Ann\nS1,Ann\n"))
    assert [r.supervisee for r in rows] == ["Ann", "Ann"]
    with pytest.raises(ProblemsFound, match='staff_id "S1" is also on line 2'):
        parse_roster("staff_id,supervisee\nS1,Ann\nS1,Ann\n")
