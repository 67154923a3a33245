"""Issue 20's acceptance for the exports, as a new user would run it:

    docgen demo -o d && docgen harvest d/forms -o h.db --export xlsx --export-dir x

then the workbook opened with openpyxl: every sheet name readable, every header a label, choices
as labels, dates as date cells, and records joined to their repeats' rows by a short key. What a
header or a sheet may be is worked out here from the templates' own words (the field lists the
database keeps), not from the exporter. Run once per engine: the store an SQLite file or a
PostgreSQL schema."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from docgen.forms.roles import ROLE_LABELS
from tests.helpers import pg
from tests.helpers.harvesting import query

OWN_HEADERS = {  # the metadata columns, in words
    "Record",
    "Row",
    "Form",
    "Form version",
    "Policy",
    "Status",
    "File",
    "Size (bytes)",
    "SHA-256",
    "Document id",
    "Form kind",
    "Policy version",
    "Policy digest",
    "Problem",
    "Message",
    "Issues",
    "Harvested at (UTC)",
    "Form fields hash",
    "Manifest (JSON)",
    "Question",
    "Field",
    "Fields (JSON)",
    "Repeats (JSON)",
}
DICTIONARY = ["Sheet", "CSV file", "Column", "Field id(s)", "Label", "Type", "Role", "Role means"]


def docgen(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docgen", *map(str, args)], capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="module")
def demo_forms(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    made = docgen("demo", "-o", root / "d")
    assert made.returncode == 0, made.stderr[-2000:]
    return root / "d" / "forms"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo(request, tmp_path_factory, demo_forms):
    root = tmp_path_factory.mktemp(f"demo-{request.param}")
    with contextlib.ExitStack() as stack:
        db = root / "h.db"
        if request.param == "postgresql":
            server = request.getfixturevalue("pg_server")
            db = stack.enter_context(pg.fresh_schema(server.admin(), server.url))
        # (run in root: a PostgreSQL store's problems.csv is written in the current folder)
        run = docgen("harvest", demo_forms, "-o", db, "--export", "xlsx", "--export-dir", root / "x", cwd=root)
        assert run.returncode in (0, 1), run.stderr[-2000:]
        forms = [
            (kind, json.loads(fields), json.loads(repeats))
            for kind, fields, repeats in query(db, "SELECT kind, fields, repeats FROM forms")
        ]
    book = load_workbook(root / "x" / "harvest.xlsx")
    sheets = {title: [[c.value for c in row] for row in book[title].iter_rows()] for title in book.sheetnames}
    return book, sheets, forms


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’']+", text.lower())


def _unmarked(label: str) -> str:
    return re.sub(r"^(?:\(?[a-z]\)|\d{1,2}[.)])\s+", "", " ".join(label.split()), flags=re.I)


def test_every_sheet_name_is_readable_whole_and_fits(demo):
    book, sheets, forms = demo
    allowed = {"files", "issues", "form", "versions", "data", "dictionary"}
    for kind, _, repeats in forms:
        allowed |= set(_words(kind.replace("-", " "))) | {w + "s" for w in _words(kind.replace("-", " "))}
        allowed |= {w for r in repeats for w in _words(r.get("label") or "")}
    assert "Session records" in book.sheetnames and "Data dictionary" in book.sheetnames
    for title in book.sheetnames:
        assert "__" not in title and "_" not in title and len(title) <= 31, title
        assert set(_words(title)) <= allowed, title  # whole words of the templates', none cut


def test_every_header_is_a_label_never_a_field_id(demo):
    _, sheets, forms = demo
    labels = {_unmarked(f["label"]) for _, fields, _ in forms for f in fields}
    ids = {part for _, fields, _ in forms for f in fields for part in (f["id"], f["id"].rpartition(".")[2])}
    roles = set(ROLE_LABELS.values())

    def is_label(header: str) -> bool:
        header = re.sub(r" \(\d+\)$", "", header)
        if header in OWN_HEADERS or header in roles or header in labels:
            return True
        stem = header.removesuffix("…")
        return (
            header.endswith("…")
            and any(label.startswith(stem) for label in labels)
            or any(
                label.startswith(stem) and label[len(stem) : len(stem) + 2] in (": ", "? ", " (", ". ", " -", ", ")
                for label in labels
            )
        )

    for title, rows in sheets.items():
        if title == "Data dictionary":
            assert rows[0][: len(DICTIONARY)] == DICTIONARY
            continue
        for header in rows[0]:
            assert header not in ids, (title, header)
            assert is_label(header), (title, header)
            assert len(header) <= 60, (title, header)
        assert len(set(rows[0])) == len(rows[0]), title  # unique within the sheet


def _column(sheets, title, header):
    rows = sheets[title]
    at = rows[0].index(header)
    return [r[at] for r in rows[1:]]


def test_choices_are_labels_and_dates_are_date_cells(demo):
    book, sheets, forms = demo
    entries = [dict(zip(sheets["Data dictionary"][0], r, strict=True)) for r in sheets["Data dictionary"][1:]]
    options = {f["id"]: dict(f["options"]) for _, fields, _ in forms for f in fields if f.get("options")}
    choices = dates = 0
    for e in entries:
        ids = (e["Field id(s)"] or "").split("; ")
        values = [v for v in _column(sheets, e["Sheet"], e["Column"]) if v is not None]
        if any(i in options for i in ids):
            labels = {label for i in ids for label in options.get(i, {}).values()}
            keys = {k for i in ids for k in options.get(i, {})} - labels
            assert set(values) <= labels and not set(values) & keys, e["Column"]
            choices += len(values)
        if e["Type"] == "date":
            assert all(isinstance(v, dt.datetime) for v in values), e["Column"]
            dates += len(values)
    assert choices > 100 and dates > 100
    assert "Planned one-to-one supervision" in _column(sheets, "Session records", "Supervision type")
    sheet = book["Session records"]
    cell = sheet.cell(row=2, column=sheets["Session records"][0].index("Session date") + 1)
    assert cell.is_date and cell.number_format == "dd/mm/yyyy"


def test_records_join_their_rows_by_a_short_key(demo):
    _, sheets, _ = demo
    records = _column(sheets, "Session records", "Record")
    assert len(set(records)) == len(records) and all(len(k) < 20 for k in records)
    assert "demo-7-00015" in _column(sheets, "Agreements", "Record")  # the document id docgen gave it
    children = [t for t in sheets if sheets[t][0][:2] == ["Record", "Row"]]
    assert len(children) >= 3  # actions, children discussed, a session log's sessions
    all_keys = {k for t in sheets if sheets[t][0][:1] == ["Record"] for k in _column(sheets, t, "Record")}
    for title in children:
        keys = _column(sheets, title, "Record")
        assert keys and set(keys) <= all_keys, title
    actions = next(t for t in children if "action" in t.lower())
    assert set(_column(sheets, actions, "Record")) <= set(records)
    for title, rows in sheets.items():  # no hash in a record sheet (nor Issues); the full sha256 is in Files
        if rows[0][0] == "Record" and title != "Files":
            assert not any(re.fullmatch(r"[0-9a-f]{64}", str(v)) for row in rows for v in row), title


def test_columns_are_as_wide_as_what_they_hold_and_headers_filter(demo):
    """Before: each column was as wide as its header, so "worcestershire_session_record" showed as
    "worcestershi" and a file path as "/tmp/nu/exa". Now a column fits its longest value's first
    line, from 10 to 50 characters; a long note is capped (near miss: it does not make a column
    hundreds wide). Every sheet has a filter button on its headers."""
    from openpyxl.utils import get_column_letter

    book, sheets, _ = demo
    for title in book.sheetnames:
        page, rows = book[title], sheets[title]
        assert page.auto_filter.ref == page.dimensions, title
        for i, header in enumerate(rows[0]):
            sizes = [
                10 if hasattr(r[i], "year") else len(str(r[i]).partition("\n")[0]) for r in rows if r[i] is not None
            ]
            longest = max(sizes)  # a date shows as dd/mm/yyyy: 10 characters
            width = page.column_dimensions[get_column_letter(i + 1)].width
            assert width == min(max(longest + 2, 10), 50), (title, header, width, longest)
    files = book["Files"]
    file_column = get_column_letter(sheets["Files"][0].index("File") + 1)
    assert files.column_dimensions[file_column].width >= 30  # a path shows whole, or nearly
