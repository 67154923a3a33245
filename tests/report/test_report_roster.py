"""The staff roster for reports: documented columns, every bad cell located by line and column."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.errors import ProblemsFound
from docgen.report.roster import COLUMNS, parse_roster, read_roster, roster_csv

GOOD = """staff_id,name,team,role,experience,start_date,asye_start,employment,fte,supervisor_id,contact,leaving_date
M1,Ash Alderbrook,Assessment,team_manager,experienced,01/04/2015,,full_time,1,,direct,
S1,Bryn Dunmere,Assessment,social_worker;practice_educator,newly_qualified,2023-09-04,2023-09-04,part_time,0.6,M1,direct,
S2,Cerys Elmstead,Assessment,,experienced,2019-01-07,,full_time,,M1,indirect,2024-01-31
"""  # noqa: E501 (CSV rows: a row cannot be wrapped)


def test_a_good_roster_reads_into_staff_and_profiles():
    roster = parse_roster(GOOD)
    bryn = roster.get("S1")
    assert bryn.profile.roles == ("social_worker", "practice_educator")
    assert bryn.profile.experience == "newly_qualified" and bryn.profile.fte == 0.6
    assert bryn.asye_start == dt.date(2023, 9, 4) and roster.supervisor_name(bryn) == "Ash Alderbrook"
    assert roster.find("  bryn   DUNMERE ") is bryn and roster.find("S2").name == "Cerys Elmstead"
    cerys = roster.get("S2")
    assert cerys.active_on(dt.date(2024, 1, 31)) and not cerys.active_on(dt.date(2024, 2, 1))


def test_bad_rows_are_all_reported_with_line_and_column(tmp_path):
    text = GOOD + (
        "S3,,Assessment,,expert,31/02/2024,,full time,1.7,M9,,\n"
        "S1,Dup Person,Assessment,,experienced,2020-01-01,,full_time,1,M1,direct,2019-01-01\n"
    )
    path = tmp_path / "staff.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsFound) as err:
        read_roster(path)
    found = {(p.line, p.path, p.code) for p in err.value.problems}
    assert found == {
        (5, "name", "missing-key"),
        (5, "experience", "bad-choice"),
        (5, "start_date", "bad-value"),
        (5, "employment", "bad-choice"),
        (5, "fte", "bad-value"),
        (5, "supervisor_id", "bad-reference"),
        (6, "staff_id", "duplicate-id"),
        (6, "leaving_date", "bad-value"),
    }
    messages = "\n".join(str(p) for p in err.value.problems)
    assert f"{path}:5:5: experience:" in messages and 'Did you mean "full_time"?' in messages


def test_header_problems_stop_before_rows():
    with pytest.raises(ProblemsFound) as err:
        parse_roster("id,name,teem\n1,Ann,A\n")
    assert sorted((p.code, p.path) for p in err.value.problems) == [
        ("missing-key", ""),
        ("unknown-key", "id"),
        ("unknown-key", "teem"),
    ]


def test_unreadable_files_are_named(tmp_path):
    with pytest.raises(ProblemsFound, match="cannot read the roster"):
        read_roster(tmp_path / "missing.csv")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("staff_id,name\n1,Zo\xeb\n".encode("latin-1"))
    with pytest.raises(ProblemsFound, match="not UTF-8"):
        read_roster(latin)


def test_roster_csv_round_trips_and_keeps_the_documented_columns():
    rows = [{"staff_id": "A", "name": "Ann, Example", "start_date": "2024-01-02", "fte": "0.5"}]
    roster = parse_roster(roster_csv(rows))
    assert roster.get("A").name == "Ann, Example" and roster.get("A").profile.fte == 0.5
    assert roster_csv(rows).splitlines()[0] == ",".join(COLUMNS)
