"""Exports people can read without a key (issue 20, items 1 and 2): headers in words, a data
dictionary, option labels (keys beside them when asked), a short record key that repeats carry,
readable sheet and file names, real Excel dates, one column per role across templates, and
labelled views (SQLite and PostgreSQL). The demo's whole workbook is checked in test_export_demo.py."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from docgen.forms import build_form
from docgen.forms.roles import ROLE_LABELS
from docgen.harvest import harvest
from docgen.harvest.exports import export
from docgen.harvest.labels import record_keys, sheet_title, short_label, unique_headers
from docgen.harvest.store import Store
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from tests.helpers import pg
from tests.helpers.clients import fills_for
from tests.helpers.engines import store_maker
from tests.helpers.policies import POLICIES
from tests.helpers.stores import connect_store


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    """Each test runs in its own folder: a PostgreSQL store's problems.csv is written in the current one."""
    monkeypatch.chdir(tmp_path)


RAG = "e) RAG rating: Are children’s circumstances improving (G), staying the same (A), getting worse (R)"


# --- words -------------------------------------------------------------------------------------


def test_a_long_label_is_cut_at_its_first_clause_and_a_short_one_is_kept():
    assert short_label(RAG) == "RAG rating"
    assert short_label("1. I am happy about the length of supervision sessions.") == "I am happy about the length of…"
    # near misses: short labels stay whole, and "No." is a word, not a list letter
    assert short_label("Date of Next Meeting") == "Date of Next Meeting"
    assert short_label("No. of sessions missed") == "No. of sessions missed"
    assert short_label("Management: notes of discussion") == "Management: notes of discussion"


def test_headers_that_collide_are_told_apart_readably():
    got = unique_headers(
        ["Record", "Roles and Responsibilities", "Roles and Responsibilities", "Category", "Category"],
        [
            "",
            "Roles and Responsibilities: Supervisor",
            "Roles and Responsibilities: Supervisee",
            "Category",
            "Category",
        ],
    )
    assert got == [
        "Record",
        "Roles and Responsibilities: Supervisor",
        "Roles and Responsibilities: Supervisee",
        "Category",
        "Category (2)",
    ]
    assert unique_headers(["Child", "Date"], ["Child", "Date"]) == ["Child", "Date"]  # nothing to tell apart


def test_sheet_names_fit_excel_whole_words_and_unique():
    used: set[str] = set()
    long = sheet_title("Session record children and families discussed", used)
    assert long == "Session record children and" and len(long) <= 31  # cut at a word
    assert sheet_title("Agreements (direct)", used) == "Agreements (direct)"
    assert sheet_title("a/b[1]:c?", used) == "a b 1 c"
    again = sheet_title("Session record children and families discussed", used)
    assert again != long and len(again) <= 31 and again.endswith("(2)")


def test_record_keys_are_short_unique_and_readable():
    sha = [f"{i:02x}" * 32 for i in range(5)]
    uuid = "5f0c1e2d3b4a49a8b7c6d5e4f3a2b1c0"
    keys = record_keys(
        [(sha[0], "demo-7-00015"), (sha[1], uuid), (sha[2], None), (sha[3], "form-1"), (sha[4], "form-1")]
    )
    assert keys[sha[0]] == "demo-7-00015"  # a short document id as it is
    assert keys[sha[1]] == uuid[:8]  # a uuid: its first 8 characters
    assert keys[sha[2]] == sha[2][:8]  # no document id: the hash's first 8
    # one blank form filled twice: the same document id, told apart by the hash
    assert keys[sha[3]] == f"form-1-{sha[3][:4]}" and keys[sha[4]] == f"form-1-{sha[4][:4]}"
    clash = ["ab12cd34" + "0" * 56, "ab12cd34" + "1" * 56]
    assert record_keys([(clash[0], None), (clash[1], None)]) == {c: c[:10] for c in clash}  # lengthened


# --- a harvest of two agencies' session records ------------------------------------------------


def _spec(policy: str, kind: str):
    return build_form(load_policy(POLICIES / f"{policy}.yaml"), kind)


def _field(spec, fid: str):
    return next(f for f in spec.fields() if f.id == fid)


def view_names(con) -> list[str]:
    """The store's views (docgen's labelled ones and any of the user's), in either engine."""
    if con.kind == "sqlite":
        return [n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'view'")]
    sql = "SELECT table_name FROM information_schema.views WHERE table_schema = current_schema()"
    return [n for (n,) in con.execute(sql)]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_store(request, tmp_path_factory):
    """module_store() -> (a new store, a folder beside it): an SQLite file, or a fresh PostgreSQL
    schema (dropped after the module), once per engine."""
    with store_maker(request, tmp_path_factory, "h.db") as new:
        yield new


@pytest.fixture(scope="module")
def two_agencies(tmp_path_factory, module_store):
    """A Worcestershire session record (its next session is `next_meeting`) and a Leeds one (the
    generic template: `next_session_date`), harvested and exported with keys and without; and the
    folder of the two, so a test can make a store of its own like this one (copy_of)."""
    inbox = tmp_path_factory.mktemp("two-in")
    worcs, leeds = _spec("worcestershire", "session-record"), _spec("leeds", "session-record")
    wv, lv = fills_for(worcs)[1], fills_for(leeds)[1]
    wv = {**wv, "next_meeting": "2025-04-01"}
    lv = {**lv, "next_session_date": "2025-05-02", "supervision_type": _field(leeds, "supervision_type").options[0].key}
    (inbox / "worcs.docx").write_bytes(render_docx(worcs, wv).data)
    (inbox / "leeds.pdf").write_bytes(render_pdf(leeds, lv).data)
    db, where = module_store()
    harvest([inbox], db, jobs=1)
    out, keyed = where / "plain", where / "keyed"
    store = Store(db)
    try:
        export(store, ["csv", "xlsx"], out)
        export(store, ["csv", "xlsx"], keyed, keys=True)
    finally:
        store.close()
    return db, out, keyed, worcs, leeds, lv, inbox


@pytest.fixture
def copy_of(tmp_path, request):
    """copy_of(two_agencies) -> a store of the test's own holding what two_agencies' does: a copy of
    the SQLite file, or the same folder harvested into a fresh PostgreSQL schema."""
    with contextlib.ExitStack() as stack:

        def copy(made) -> Path | str:
            db, inbox = made[0], made[-1]
            if isinstance(db, Path):
                shutil.copyfile(db, tmp_path / "h.db")
                return tmp_path / "h.db"
            server = request.getfixturevalue("pg_server")
            url = stack.enter_context(pg.fresh_schema(server.admin(), server.url))
            harvest([inbox], url, jobs=1)
            return url

        yield copy


def _sheet(book, title):
    sheet = book[title]
    header = [c.value for c in sheet[1]]
    return header, [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)]


def _csv(path):
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))


def test_fields_of_one_role_land_in_one_column_across_templates(two_agencies):
    db, out, _, worcs, leeds, _, _ = two_agencies
    assert _field(worcs, "next_meeting").role == _field(leeds, "next_session_date").role == "next_session_date"
    header, rows = _sheet(load_workbook(out / "harvest.xlsx"), "Session records")
    assert header.count("Next session date") == 1
    assert not {"next_meeting", "next_session_date", "Date of Next Meeting"} & set(header)
    dates = {r["Form"]: r["Next session date"] for r in rows}
    assert dates == {worcs.manifest.form_id: dt.datetime(2025, 4, 1), leeds.manifest.form_id: dt.datetime(2025, 5, 2)}
    entry = [r for r in _csv(out / "data_dictionary.csv") if r["Column"] == "Next session date"]
    assert len(entry) == 1 and set(entry[0]["Field id(s)"].split("; ")) == {"next_meeting", "next_session_date"}
    assert entry[0]["Role"] == "next_session_date"
    assert {
        f"{worcs.manifest.form_id} {worcs.manifest.form_version}",
        f"{leeds.manifest.form_id} {leeds.manifest.form_version}",
    } <= set(entry[0]["Forms (id and version)"].split("; "))
    # near misses: fields a form gives one role several times (notes under each function) keep a
    # column each, headed by their own labels; so does a field with no role
    notes = [f for f in leeds.fields() if f.role == "function_notes"]
    assert len(notes) > 1
    for f in notes:
        assert short_label(f.label) in header or f.label in header, f.label
    book = load_workbook(out / "harvest.xlsx")
    every = {c.value for title in book.sheetnames for c in book[title][1]}
    no_role = [f for s in (worcs, leeds) for f in s.fields() if not f.role]
    assert no_role and all(short_label(f.label) in every for f in no_role)


def test_choices_show_their_labels_and_keys_only_when_asked(two_agencies):
    _, out, keyed, _, leeds, lv, _ = two_agencies
    option = _field(leeds, "supervision_type").options[0]
    header, rows = _sheet(load_workbook(out / "harvest.xlsx"), "Session records")
    leeds_row = next(r for r in rows if r["Form"] == leeds.manifest.form_id)
    assert leeds_row["Supervision type"] == option.label
    assert not any(str(h).endswith("(key)") for h in header)
    header, rows = _sheet(load_workbook(keyed / "harvest.xlsx"), "Session records")
    at = header.index("Supervision type")
    assert header[at + 1] == "Supervision type (key)"
    leeds_row = next(r for r in rows if r["Form"] == leeds.manifest.form_id)
    assert (leeds_row["Supervision type"], leeds_row["Supervision type (key)"]) == (
        option.label,
        option.key,
    )
    assert [r for r in _csv(keyed / "session_records.csv") if r["Form"] == leeds.manifest.form_id][0][
        "Supervision type (key)"
    ] == option.key


def test_dates_are_excel_dates_in_xlsx_and_iso_text_in_csv(two_agencies):
    _, out, _, worcs, _, _, _ = two_agencies
    sheet = load_workbook(out / "harvest.xlsx")["Session records"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("Next session date") + 1)
    assert cell.is_date and cell.number_format == "dd/mm/yyyy"
    files = load_workbook(out / "harvest.xlsx")["Files"]
    stamp = files.cell(row=2, column=[c.value for c in files[1]].index("Harvested at (UTC)") + 1)
    assert stamp.is_date and stamp.number_format == "dd/mm/yyyy hh:mm"
    assert {r["Next session date"] for r in _csv(out / "session_records.csv")} == {"2025-04-01", "2025-05-02"}
    # near miss: a number stays a number, text stays text
    assert isinstance(sheet.cell(row=2, column=header.index("Record") + 1).value, str)


def test_repeat_rows_carry_their_records_key_and_a_row_number(two_agencies):
    db, out, _, worcs, _, _, _ = two_agencies
    book = load_workbook(out / "harvest.xlsx")
    header, records = _sheet(book, "Session records")
    keys = {r["Record"] for r in records}
    assert len(keys) == 2 and all(len(k) < 20 for k in keys)
    assert "_sha256" not in header and not any(len(str(r[h] or "")) == 64 for r in records for h in header)
    action_sheets = [n for n in book.sheetnames if "action" in n.lower()]
    assert action_sheets
    for name in action_sheets:
        head, rows = _sheet(book, name)
        assert head[:2] == ["Record", "Row"] and rows
        assert {r["Record"] for r in rows} <= keys
        for key in {r["Record"] for r in rows}:
            numbers = [r["Row"] for r in rows if r["Record"] == key]
            assert numbers == list(range(1, len(numbers) + 1))
    sha = {r["SHA-256"] for r in _sheet(book, "Files")[1]}
    assert len(sha) == 2 and all(len(s) == 64 for s in sha)  # the full hash is kept, in Files only


def test_the_data_dictionary_lists_every_column_with_ids_labels_types_and_options(two_agencies):
    db, out, _, worcs, leeds, _, _ = two_agencies
    book = load_workbook(out / "harvest.xlsx")
    entries = _csv(out / "data_dictionary.csv")
    assert "Data dictionary" in book.sheetnames
    xlsx_rows = [[c.value for c in row] for row in book["Data dictionary"].iter_rows(min_row=2)]
    assert len(xlsx_rows) == len(entries)
    for title in book.sheetnames:
        if title in ("Data dictionary", "Notes"):
            continue
        header = [c.value for c in book[title][1]]
        assert [e["Column"] for e in entries if e["Sheet"] == title] == header, title
    by_id = {e["Field id(s)"]: e for e in entries if e["Sheet"] == "Session records"}
    kind = by_id["supervision_type"]
    assert kind["Type"] == "choice" and kind["Role"] == "supervision_type"
    want = {f"{o.key} = {o.label}" for o in _field(leeds, "supervision_type").options}
    assert want <= set(kind["Options (key = label)"].split("; "))
    assert _field(leeds, "supervision_type").label in kind["Label"]
    csv_files = {e["CSV file"] for e in entries}
    assert all((out / name).exists() for name in csv_files)


def test_views_show_labelled_columns_and_are_made_again_when_columns_arrive(two_agencies, tmp_path, copy_of):
    db, _, _, worcs, leeds, _, _ = two_agencies
    copy = copy_of(two_agencies)  # (the user's view below goes in the test's own store)
    con = connect_store(copy)
    try:
        rows = dict(con.execute('SELECT "Form", "Next session date" FROM "Session records"').fetchall())
        assert rows == {worcs.manifest.form_id: "2025-04-01", leeds.manifest.form_id: "2025-05-02"}
        option = _field(leeds, "supervision_type").options[0]
        got = con.execute(
            'SELECT "Supervision type", "Supervision type (key)" FROM "Session records" WHERE "Form" = ?',
            (leeds.manifest.form_id,),
        ).fetchone()
        assert got == (option.label, option.key)
        keys = {k for (k,) in con.execute('SELECT "Record" FROM "Session records"')}
        acts = [n for n in view_names(con) if "action" in n.lower()]
        assert acts and {k for (k,) in con.execute(f'SELECT "Record" FROM "{acts[0]}"')} <= keys
        # the tables keep their ids for SQL and the report
        assert con.execute("SELECT next_meeting FROM session_record WHERE next_meeting IS NOT NULL").fetchone()
        before = {d[0] for d in con.execute('SELECT * FROM "Session records"').description}
        # a user's own view is left alone when docgen's are made again
        con.execute('CREATE VIEW "my view" AS SELECT 1 AS one')
    finally:
        con.close()
    herts = _spec("hertfordshire", "session-record")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "herts.docx").write_bytes(render_docx(herts, fills_for(herts)[1]).data)
    harvest([tmp_path / "in"], copy, jobs=1)
    con = connect_store(copy)
    try:
        views = set(view_names(con))
        assert "my view" in views and "Session records" in views
        columns = [d[0] for d in con.execute('SELECT * FROM "Session records"').description]
        fields = json.loads(
            con.execute("SELECT fields FROM forms WHERE form_id = ?", (herts.manifest.form_id,)).fetchone()[0]
        )
        words = {short_label(f["label"]) for f in fields} | {ROLE_LABELS.get(f.get("role"), "") for f in fields}
        new = set(columns) - before
        assert new and all(n.removesuffix(" (key)") in words for n in new), new  # the new form's own columns
        assert con.execute('SELECT count(*) FROM "Session records"').fetchone()[0] == 3
    finally:
        con.close()


def test_harvest_export_keys_option_adds_the_key_columns(two_agencies, tmp_path, copy_of, monkeypatch):
    from click.testing import CliRunner

    from docgen.cli import main

    db, _, _, _, leeds, _, _ = two_agencies
    (tmp_path / "none").mkdir()
    copy = copy_of(two_agencies)
    monkeypatch.chdir(tmp_path)  # a PostgreSQL store's problems.csv is written in the current folder
    base = ["harvest", str(tmp_path / "none"), "-o", str(copy), "--export", "csv", "--export-dir"]
    assert CliRunner().invoke(main, [*base, str(tmp_path / "k"), "--export-keys"]).exit_code == 0
    assert CliRunner().invoke(main, [*base, str(tmp_path / "p")]).exit_code == 0
    option = _field(leeds, "supervision_type").options[0]
    keyed = [r for r in _csv(tmp_path / "k" / "session_records.csv") if r["Form"] == leeds.manifest.form_id]
    assert keyed[0]["Supervision type (key)"] == option.key and keyed[0]["Supervision type"] == option.label
    assert not any(h.endswith("(key)") for h in _csv(tmp_path / "p" / "session_records.csv")[0])


def test_views_quote_names_and_labels_from_templates(two_agencies, tmp_path, copy_of):
    """A label is the name of a view's column and an option's label a literal in it: quoted, never SQL."""
    db, _, _, _, leeds, _, _ = two_agencies
    copy = copy_of(two_agencies)
    hostile = 'Decision "x"; DROP TABLE documents; --'
    option = _field(leeds, "supervision_type").options[0]
    con = connect_store(copy)
    (form_hash, text), *_ = con.execute(
        "SELECT fields_hash, fields FROM forms WHERE form_id = ?", (leeds.manifest.form_id,)
    )
    fields = json.loads(text)
    for f in fields:
        if f["id"] == "children.decision":
            f["label"] = hostile
        if f["id"] == "supervision_type":
            f["options"] = [[k, "One's \"own\" ' --" if k == option.key else v] for k, v in f["options"]]
    con.execute("UPDATE forms SET fields = ? WHERE fields_hash = ?", (json.dumps(fields), form_hash))
    con.close()
    store = Store(copy)
    try:
        assert store.refresh_views() >= 4
    finally:
        store.close()
    con = connect_store(copy)
    try:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
        views = view_names(con)
        child = next(v for v in views if "discussed" in v.lower())
        assert hostile in [d[0] for d in con.execute(f'SELECT * FROM "{child}"').description]
        got = con.execute(
            'SELECT "Supervision type" FROM "Session records" WHERE "Form" = ?', (leeds.manifest.form_id,)
        ).fetchone()
        assert got == ("One's \"own\" ' --",)
    finally:
        con.close()


def test_every_role_has_a_column_name_of_its_own():
    from docgen.forms.roles import ROLES

    assert set(ROLE_LABELS) == set(ROLES)  # a new role needs its column's name
    assert len({v.casefold() for v in ROLE_LABELS.values()}) == len(ROLE_LABELS)  # two roles, two columns
    assert all(v and len(v) <= 31 and "_" not in v for v in ROLE_LABELS.values())


def test_a_date_answer_becomes_an_excel_date_only_when_excel_can_show_it():
    from docgen.forms.fields import type_of

    date = type_of("date")
    assert date.export_value("2025-04-01", {}, True) == dt.date(2025, 4, 1)
    assert date.export_value("2025-04-01", {}, False) == "2025-04-01"  # CSV: ISO text
    assert date.export_value("0205-04-01", {}, True) == "0205-04-01"  # a slip Excel would show as ####
    assert date.export_value("next week", {}, True) == "next week"  # not a date: as typed
    assert type_of("number").export_value(90, {}, True) == 90
    assert (
        type_of("checkbox").export_value(1, {}, True) == "Yes"
        and type_of("checkbox").export_value(0, {}, False) == "No"
    )
    assert type_of("choice").export_value("one_to_one", {"one_to_one": "Planned"}, True) == "Planned"
    assert type_of("choice").export_value("other text", {"one_to_one": "Planned"}, True) == "other text"


def test_a_table_of_actions_named_by_its_function_says_it_holds_actions():
    """Worcestershire's session record has a table of actions under each function, labelled by the
    function: before, their sheets were "Session record management", "Session record support" and
    "Professional Development" (the kind's words did not fit), which read like the notes. Near misses:
    a label that says "actions" already, and a repeat that is not of actions, are as before."""
    from docgen.harvest.labels import repeat_title

    assert repeat_title("Session record", "Management", True) == "Management actions"
    assert repeat_title("Session record", "Support", True) == "Support actions"
    assert repeat_title("Session record", "Professional Development", True) == "Development actions"
    assert repeat_title("Case record", "Actions agreed", True) == "Case record actions agreed"
    assert repeat_title("Session record", "Agreed actions", True) == "Session record agreed actions"
    assert repeat_title("Session record", "Names of individual children discussed", False) == (
        "Names of individual children discussed"  # cut to 31 by sheet_title, at a word
    )
    assert repeat_title("Agreement", "Goals", True) == "Goals actions"
    assert all(len(repeat_title("Session record", label, True)) <= 31 for label in ("A" * 40, "Very long words " * 5))


def test_the_worcestershire_examples_sheets_name_their_tables_of_actions(tmp_path, store_target):
    from docgen.harvest import harvest
    from docgen.harvest.exports import export
    from docgen.harvest.store import Store
    from tests.helpers.policies import ROOT

    db = store_target
    harvest([ROOT / "examples" / "completed"], db, jobs=1)
    export(Store(db), ["xlsx"], tmp_path / "x")
    from openpyxl import load_workbook

    names = load_workbook(tmp_path / "x" / "harvest.xlsx").sheetnames
    assert {"Management actions", "Development actions", "Support actions"} <= set(names), names
    assert not {"Professional Development", "Session record management"} & set(names)
