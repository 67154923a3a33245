"""Answers holding control characters (a vertical tab pasted from Excel, kept in a PDF) go into every
XLSX docgen writes: cleaned to a visible symbol with a note, never a traceback, never a child's name
on stderr, and one export failing does not stop the others."""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import load_workbook

from tests.helpers.engines import ENGINES, module_store
from tests.helpers.privacy_forms import C0, CONTROL_NAME, docgen, leaked, report_args, write_forms

# what a cleaned name reads as: the characters XLSX cannot hold as their visible symbols (U+2400 + code),
# tab, line feed and carriage return kept
SHOWN = "Alice" + "".join(c if c in "\t\n\r" else chr(0x2400 + ord(c)) for c in C0) + "Smith"


@pytest.fixture(scope="module", params=ENGINES)
def harvested(request, tmp_path_factory):
    """Harvested into an SQLite file or a PostgreSQL schema (its problems.csv in folder)."""
    folder = tmp_path_factory.mktemp("c0")
    forms, roster, agency = write_forms(folder)
    with module_store(request, folder) as db:
        yield db, *_harvest(folder, forms, db), roster, agency


def _harvest(folder, forms, db):
    out = folder / "out"
    run = docgen(
        "harvest",
        forms,
        "-o",
        db,
        "--export",
        "csv",
        "--export",
        "xlsx",
        "--export",
        "jsonl",
        "--export-dir",
        out,
        "--no-progress",
        "--jobs",
        "2",
        cwd=folder,
    )
    return out, run


def test_harvest_exports_every_format_of_answers_holding_control_characters(harvested):
    _, out, run, _, _ = harvested
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr and not leaked(run.stderr)
    with open(out / "data_dictionary.csv", encoding="utf-8-sig", newline="") as handle:
        (sheet_name, file_name, header), *_ = [
            (e["Sheet"], e["CSV file"], e["Column"])
            for e in csv.DictReader(handle)
            if e["Field id(s)"] == "children.child"
        ]
    assert {p.name for p in out.iterdir()} >= {"harvest.xlsx", "records.jsonl", file_name}
    lines = [json.loads(line) for line in (out / "records.jsonl").read_text("utf-8").splitlines()]
    children = {row["child"] for r in lines for row in r["values"].get("children") or []}
    assert CONTROL_NAME in children  # JSON holds the answer exactly
    book = load_workbook(out / "harvest.xlsx")
    sheet = book[sheet_name]
    column = [c.value for c in sheet[1]].index(header)
    cleaned = {
        row[column].value: row[column]
        for row in sheet.iter_rows(min_row=2)
        if str(row[column].value).startswith("Alice")
    }
    assert list(cleaned) == [SHOWN]
    assert "control characters" in cleaned[SHOWN].comment.text
    note = book["Notes"]
    text = " ".join(str(c.value) for row in note.iter_rows() for c in row if c.value)
    assert "control characters" in text and "records.jsonl" in text


def test_report_findings_xlsx_holds_the_cleaned_name_and_stderr_holds_none(harvested, tmp_path):
    db, _, _, roster, agency = harvested
    result = docgen(*report_args(db, roster, agency, tmp_path / "r.html"), "--findings", tmp_path / "f.xlsx")
    assert result.returncode == 1, result.stderr[-2000:]  # 1: there are findings
    assert "Traceback" not in result.stderr and not leaked(result.stderr)
    assert (tmp_path / "r.html").exists()
    book = load_workbook(tmp_path / "f.xlsx")
    details = {row[9].value for row in book["Findings"].iter_rows(min_row=2)}
    assert SHOWN in details
    assert "Notes" in book.sheetnames


def test_one_export_that_fails_stops_neither_the_others_nor_hides_the_answer(harvested, tmp_path, monkeypatch):
    """Whatever goes wrong inside one export (here: the XLSX writer raising with the answer in its
    message, as openpyxl does), the other exports are written and the message names no value."""
    from click.testing import CliRunner

    from docgen.cli import main
    from docgen.harvest import exports

    def broken(*args, **kwargs):
        raise ValueError(f"cannot store {CONTROL_NAME!r} in a worksheet")

    monkeypatch.setattr(exports, "_xlsx", broken)
    monkeypatch.chdir(tmp_path)  # a PostgreSQL store's problems.csv is written here
    db, _, _, _, _ = harvested
    (tmp_path / "none").mkdir()
    result = CliRunner().invoke(
        main,
        [
            "harvest",
            str(tmp_path / "none"),
            "-o",
            str(db),
            "--export",
            "xlsx",
            "--export",
            "jsonl",
            "--export",
            "csv",
            "--export-dir",
            str(tmp_path / "x"),
        ],
    )
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # a plain message, no traceback
    assert not leaked(result.output) and "harvest.xlsx" in result.output
    assert (tmp_path / "x" / "records.jsonl").exists() and (tmp_path / "x" / "case_records.csv").exists()
    assert not (tmp_path / "x" / "harvest.xlsx").exists()
