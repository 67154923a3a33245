"""Names from files are data: a form whose manifest or field list was tampered with (its kind, form
id, field ids) is failed with a named code, and nothing it claims becomes a table, a column, an
export file name or a header; the database and the report cannot be fooled by it.

The tampered files are real generated forms (DOCX and PDF) whose manifest and embedded field list
are rewritten where docgen keeps them: the DOCX custom XML part (customXml/item1.xml) and the PDF
document information dictionary (/DocgenManifest, /DocgenFields).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from docgen.cli import main
from docgen.forms import build_form
from docgen.forms.fieldlist import FieldList
from docgen.harvest import harvest, read_records
from docgen.harvest.exports import export
from docgen.harvest.store import SCHEMA_VERSION, Outcome, Store
from docgen.harvest.workers import Known, parse_one
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from docgen.report import parse_roster
from docgen.report.build import build_report
from tests.helpers import harvesting
from tests.helpers.clients import fills_for
from tests.helpers.policies import POLICIES
from tests.helpers.stores import column_names, connect_store, table_names
from tests.helpers.tampering import (
    ANN,
    HERTS,
    ROSTER,
    TAMPERED,
    WORCS,
    filled,
    manifest_of,
    rewrite,
    spec,
    tampered_files,
    valid_files,
)


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    """Each test runs in its own folder: a PostgreSQL store's problems.csv is written in the current one."""
    monkeypatch.chdir(tmp_path)


def tree(root: Path, skip: Path) -> dict[str, bytes]:
    """Every file under root (but not under skip), with its bytes."""
    out = {}
    for dirpath, _, files in os.walk(root):
        if Path(dirpath).is_relative_to(skip):
            continue
        for name in files:
            path = Path(dirpath) / name
            out[str(path)] = path.read_bytes()
    return out


# --- one file at a time: the worker names what is wrong ----------------------------------------


@pytest.fixture(scope="module")
def tampered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tampered")
    abs_target = tmp_path_factory.mktemp("abs") / "x"
    return folder, tampered_files(folder, abs_target)


@pytest.mark.parametrize("with_policy", [False, True])
def test_each_tampered_form_is_failed_with_its_code_and_a_plain_message(tampered, with_policy):
    folder, made = tampered
    policies = None
    if with_policy:
        from docgen.harvest.identity import expected_forms

        policies = expected_forms({"worcestershire": load_policy(WORCS)})
    for file, name in made.items():
        code = TAMPERED[name][3 if with_policy else 2]
        outcome = parse_one(str(folder / file), Known({}), policies)
        if code is None:  # only the policy can tell
            assert outcome.status == "ok_with_issues" or outcome.status == "ok", (file, outcome.code)
            continue
        assert (outcome.status, outcome.code) == ("failed", code), (file, outcome.code, outcome.message)
        assert outcome.record is None and "Ann Example" not in outcome.message and "Traceback" not in outcome.message


def test_every_form_docgen_makes_passes_the_check_with_and_without_its_policy():
    from docgen.forms import form_keys
    from docgen.harvest.identity import check, expected_forms
    from docgen.parse import parse_bytes

    for path in sorted(POLICIES.glob("*.yaml")):
        loaded = load_policy(path)
        policies = expected_forms({loaded.policy.id: loaded})
        for key in form_keys(loaded):
            s = build_form(loaded, key)
            record = parse_bytes(render_pdf(s).data, "f.pdf")
            assert [f.to_data() for f in record.fields] == json.loads(FieldList.of(s).to_json())["fields"]
            assert check(record.manifest, record.fields, record.repeats, None) is None, (path.name, key)
            assert check(record.manifest, record.fields, record.repeats, policies) is None, (path.name, key)


def test_docgen_parse_refuses_a_tampered_form_plainly(tampered):
    folder, _ = tampered
    result = CliRunner().invoke(main, ["parse", str(folder / "kind-documents.docx")])
    assert result.exit_code == 1
    assert "[tampered-form]" in result.output and '"documents"' in result.output
    assert "Traceback" not in result.output and "Ann Example" not in result.output


# --- a whole harvest, its exports and the report ----------------------------------------------


@pytest.mark.parametrize("with_policy", [False, True])
def test_a_folder_of_tampered_and_valid_forms_stores_exactly_the_valid_ones(
    tmp_path, with_policy, store_target, monkeypatch
):
    inbox, out, exports = tmp_path / "inbox", tmp_path / "out", tmp_path / "out" / "exports"
    inbox.mkdir()
    abs_target = tmp_path / "abs" / "x"
    abs_target.parent.mkdir()
    made = tampered_files(inbox, abs_target)
    want = valid_files(inbox)
    (tmp_path / "x.csv").write_text("the user's own file\n")  # what kind ../../x would overwrite
    before = tree(tmp_path, out)
    out.mkdir()
    monkeypatch.chdir(out)  # a PostgreSQL store's problems.csv is written in the current folder
    db = out / "h.db" if isinstance(store_target, Path) else store_target
    args = [
        "harvest",
        str(inbox),
        "-o",
        str(db),
        "--export",
        "csv",
        "--export",
        "xlsx",
        "--export",
        "jsonl",
        "--export-dir",
        str(exports),
        "--jobs",
        "2",
    ] + (["--policy", str(WORCS), "--policy", str(HERTS)] if with_policy else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output  # files need attention; the harvest was not aborted
    assert "Traceback" not in result.output and "Ann Example" not in result.output
    assert "Exported" in result.output

    # the valid records are stored exactly, and only they are
    records = {Path(r["path"]): r for r in read_records(db)}
    expected_ok = set(want) | {
        (inbox / f).resolve() for f, name in made.items() if TAMPERED[name][3 if with_policy else 2] is None
    }
    assert set(records) == expected_ok
    for path, values in want.items():
        got = records[path]["values"]
        assert {k: v for k, v in got.items() if k in values} == values, path.name

    # each tampered file is failed, with its code, in problems.csv
    problems = {Path(row["path"]).name: row for row in harvesting.problems(db)}
    for file, name in made.items():
        code = TAMPERED[name][3 if with_policy else 2]
        if code is not None:
            assert (problems[file]["status"], problems[file]["code"]) == ("failed", code), file
            assert problems[file]["what to do"]

    # nothing was written outside the output folder; the exports hold docgen's own names only
    assert tree(tmp_path, out) == before
    assert not abs_target.exists() and not abs_target.with_suffix(".csv").exists()
    names = {p.name for p in exports.iterdir()}
    assert {"files.csv", "session_records.csv", "agreements.csv", "harvest.xlsx", "records.jsonl"} <= names
    own = re.compile(r"[a-z][a-z0-9_]*\.csv|harvest\.xlsx|records\.jsonl")  # ASCII, no path
    with open(exports / "data_dictionary.csv", encoding="utf-8-sig", newline="") as handle:
        sheets = {row["CSV file"] for row in csv.DictReader(handle)}  # docgen's own sheets, named from its forms
    assert {n for n in names if n.endswith(".csv")} == sheets | {"data_dictionary.csv"}, names
    assert all(own.fullmatch(n) for n in names), names

    # the database is whole and still docgen's: it opens, reports, and harvests again
    if isinstance(db, Path):  # (SQLite's own check of the file)
        with sqlite3.connect(db) as check:
            assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con = connect_store(db)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    tables = table_names(con)
    assert all(
        t.split("__")[0].partition(":")[0]
        in {
            "meta",
            "documents",
            "issues",
            "forms",
            "history",
            "runs",
            "record_keys",  # the exports' short record keys, for the labelled views (harvest/views.py)
            "record_copies",  # files whose record is a copy of another's, left out of those views
            "agreement",
            "session_record",
            "case_record",
            "evaluation",
            "preparation_sheet",
        }
        for t in tables
    ), tables
    for table in tables - {"meta", "documents", "issues", "forms", "history", "runs", "record_keys", "record_copies"}:
        columns = column_names(con, table)
        assert not {"_document_id", "_form_id", "_policy_id"} & set(columns[4 if "__" not in table else 2 :]), table
    con.close()
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 1 and "unchanged since the last harvest" in again.output, again.output

    # the report, given the policy, still finds Ann's missing agreement
    report = build_report(read_records(db), load_policy(WORCS), parse_roster(ROSTER), dt.date(2025, 3, 1))
    a1 = {f.name for f in report.findings if f.check == "A1"}
    assert a1 == {"Ann Example"}, [(f.check, f.name) for f in report.findings]


# --- defence in depth: the store, the exports and the report on their own ---------------------


def test_the_store_refuses_its_own_tables_and_columns_whatever_a_caller_passes(tmp_path, store_target):
    data = render_docx(spec("evaluation"), filled("evaluation")).data
    record = parse_one_bytes(tmp_path, data)
    store = Store(store_target)
    try:
        for kind in ("documents", "meta", "forms", "sqlite_master", "pg_class", "../../x"):
            doc = dict(record.record["document"], kind=kind)
            outcome = record._replace(path=f"/in/{kind}", record=dict(record.record, document=doc))
            with pytest.raises(ValueError):
                store.put(outcome, "now")
        fields = [dict(f) for f in record.form["fields"]]
        fields[0]["id"] = "_sha256"
        values = {
            ("_sha256" if k == record.form["fields"][0]["id"] else k): v for k, v in record.record["values"].items()
        }
        outcome = record._replace(
            path="/in/reserved",
            record=dict(record.record, values=values),
            form={"hash": "other", "fields": fields, "repeats": []},
        )
        with pytest.raises(ValueError):
            store.put(outcome, "now")
        assert store.db.execute("SELECT value FROM meta").fetchall() == [(str(SCHEMA_VERSION),)]
        assert store.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    finally:
        store.close()


def parse_one_bytes(tmp_path: Path, data: bytes) -> Outcome:
    from docgen.harvest import workers

    file = tmp_path / "one.docx"
    file.write_bytes(data)
    workers._SENT.clear()  # (this process may have sent the form's fields before: the outcome carries them)
    outcome = parse_one(str(file), Known({}), None)
    assert outcome.status in ("ok", "ok_with_issues")
    return outcome


def test_exports_of_a_database_tampered_before_names_were_checked_stay_inside_and_are_neutralised(
    tmp_path, store_target
):
    """(In PostgreSQL, tables someone made in the store's schema by hand.)"""
    db = store_target
    Store(db).close()
    con = connect_store(db)  # what an older docgen let a tampered form make
    con.execute('CREATE TABLE "../../x" (_sha256 TEXT, "=HYPERLINK(""http://x"",""y"")" TEXT)')
    con.execute("INSERT INTO \"../../x\" VALUES ('abc', '1')")
    # (PostgreSQL cuts a name to 63 bytes: still an absolute path)
    con.execute(f'CREATE TABLE "{tmp_path}/abs" (_sha256 TEXT, "@SUM(1)" TEXT)')
    con.execute('CREATE TABLE "a/b[1]:c" (_sha256 TEXT)')
    con.close()
    out = tmp_path / "deep" / "exports"
    out.mkdir(parents=True)
    before = tree(tmp_path, out)
    store = Store(db)
    try:
        written = export(store, ["csv", "xlsx"], out)
    finally:
        store.close()
    assert all(p.parent == out for p in written)
    assert set(tree(tmp_path, out)) == set(before)  # (not the bytes: the database's move as it is read)
    assert not (tmp_path / "abs.csv").exists()
    # 3 own tables, the data dictionary, 3 odd ones, the workbook
    assert len({p.name for p in written}) == len(written) == 8
    headers = [next(csv.reader(io.StringIO(p.read_text("utf-8-sig")))) for p in written if p.suffix == ".csv"]
    assert ["_sha256", '\'=HYPERLINK("http://x","y")'] in headers and ["_sha256", "'@SUM(1)"] in headers
    from openpyxl import load_workbook

    book = load_workbook(out / "harvest.xlsx")
    cells = [c.value for sheet in book for c in sheet[1]]
    assert '\'=HYPERLINK("http://x","y")' in cells and not any(str(c).startswith(("=", "@")) for c in cells)


def test_a_hertfordshire_agreement_variant_exports_to_xlsx_and_csv(tmp_path, store_target):
    herts = load_policy(POLICIES / "hertfordshire.yaml")
    s = build_form(herts, "agreement:direct")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.pdf").write_bytes(render_pdf(s, fills_for(s)[1]).data)
    db = store_target
    harvest([tmp_path / "in"], db, policies={"hertfordshire": herts}, jobs=1)
    store = Store(db)
    try:
        written = export(store, ["xlsx", "csv"], tmp_path / "out")
    finally:
        store.close()
    from openpyxl import load_workbook

    assert "Agreements (direct)" in load_workbook(tmp_path / "out" / "harvest.xlsx").sheetnames
    # a file name Windows and SMB shares can hold: no ':' (agreement:direct.csv could not be copied there)
    assert (tmp_path / "out" / "agreements_direct.csv") in written
    assert not any(":" in p.name for p in written)


def test_the_report_counts_only_the_policys_own_forms():
    """Records in a database harvested before forms were checked: a session record relabelled as
    an agreement, and a record of another policy, are not counted (Ann's A1 stays)."""
    loaded = load_policy(WORCS)
    s, a = spec("session-record"), spec("agreement")

    def record(sp, values, path, **change):
        fields = json.loads(FieldList.of(sp).to_json())
        roles = {e["id"]: e["role"] for e in (*fields["fields"], *fields["repeats"]) if e.get("role")}
        doc = {
            **{
                k: getattr(sp.manifest, k)
                for k in (
                    "form_id",
                    "form_version",
                    "kind",
                    "policy_id",
                    "policy_version",
                    "policy_digest",
                    "docgen_version",
                )
            },
            "document_id": path,
            **change,
        }
        return {"path": path, "status": "ok", "document": doc, "values": values, "roles": roles, "issues": []}

    session = filled("session-record", ANN)
    records = [
        record(s, session, "ann-session"),
        record(s, session, "relabelled", kind="agreement", form_id="worcestershire_agreement"),
        record(a, filled("agreement", ANN), "other-policy", policy_id="leeds"),
    ]
    report = build_report(records, loaded, parse_roster(ROSTER), dt.date(2025, 3, 1))
    assert {f.name for f in report.findings if f.check == "A1"} == {"Ann Example"}
    assert any("relabelled" in n for n in report.notes) and any("other-policy" in n for n in report.notes)


def test_records_of_a_database_tampered_before_names_were_checked_read_back_without_docgens_own_values(
    tmp_path, store_target
):
    """A field list naming `_sha256` and a record claiming the kind `documents`, stored by an older
    docgen: the first reads back with no value for that field (not the record's hash), the second
    is not a record at all."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "e.docx").write_bytes(render_docx(spec("evaluation"), filled("evaluation")).data)
    db = store_target
    harvest([tmp_path / "in"], db, jobs=1)
    [before] = read_records(db)
    first = spec("evaluation").walk().__next__().id
    con = connect_store(db)  # what an older docgen stored from tampered files
    fields = json.loads(con.execute("SELECT fields FROM forms").fetchone()[0])
    fields[0]["id"] = "_sha256"
    con.execute("UPDATE forms SET fields = ?", (json.dumps(fields),))
    row = con.execute("SELECT * FROM documents").fetchone()
    names = [d[0] for d in con.execute("SELECT * FROM documents").description]
    doc = dict(zip(names, row, strict=True))
    manifest = dict(json.loads(doc["manifest"]), kind="documents")
    doc.update(path="/elsewhere/forged.docx", sha256="f" * 64, kind="documents", manifest=json.dumps(manifest))
    con.execute(f"INSERT INTO documents ({', '.join(doc)}) VALUES ({', '.join('?' * len(doc))})", tuple(doc.values()))
    con.execute('CREATE TABLE "x""y" (_sha256 TEXT)')  # a name with a quote in it
    con.close()
    [after] = read_records(db)
    assert after["path"] == before["path"] and after["values"]["_sha256"] is None
    assert first not in after["values"]
    store = Store(db)
    try:
        written = export(store, ["csv"], tmp_path)
    finally:
        store.close()
    assert any(p.name.startswith("table_") for p in written) and all(p.parent == tmp_path for p in written)


HOSTILE_NAMES = [
    "documents",
    "meta",
    "forms",
    "issues",
    "history",
    "runs",
    "sqlite_master",
    "../../x",
    "/abs/x",
    "a/b",
    "..",
    "",
    "=1+1",
    "@x",
    "x\ty",
    "agreement:",
    "agreement:../x",
    "session_record",
    "Agreement",
    "_sha256",
    "_row",
    "rowid",
    "a.b",
    "a__b",
    "x" * 70,
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.one_of(
        st.sampled_from(HOSTILE_NAMES),
        st.integers(),
        st.none(),  # (text an XML attribute can hold)
        st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=12),
    ),
    field_id=st.one_of(st.sampled_from(HOSTILE_NAMES), st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)),
    fmt=st.sampled_from(["docx", "pdf"]),
)
@example(kind="handout", field_id="documents", fmt="docx")  # a form claiming to be a read-only handout
@example(kind="policy-document", field_id="notes", fmt="pdf")
def test_any_claimed_kind_or_field_id_is_a_checked_name_or_a_tampered_form(tmp_path, kind, field_id, fmt):
    """Generated manifests: whatever a file claims, it is stored under a name docgen makes, or failed."""
    if fmt == "docx" and not isinstance(kind, str):
        kind = str(kind)  # a DOCX manifest is XML attributes: always text
    data = _BLANK.get(fmt) or _BLANK.setdefault(
        fmt, (render_docx if fmt == "docx" else render_pdf)(spec("evaluation"), filled("evaluation")).data
    )
    manifest, fields = manifest_of(data)
    manifest["kind"] = kind
    fields["fields"][0]["id"] = field_id
    file = tmp_path / f"t.{fmt}"
    file.write_bytes(rewrite(data, manifest, fields))
    outcome = parse_one(str(file), Known({}), None)
    valid = (
        kind == "evaluation"
        and re.fullmatch(r"[a-z][a-z0-9_]{0,62}", field_id) is not None
        and "__" not in field_id
        and field_id not in ("rowid", "oid")
        and field_id not in [f["id"] for f in fields["fields"][1:]]
    )
    if valid:
        assert outcome.status in ("ok", "ok_with_issues"), outcome.message
    else:  # a kind that is not text is a damaged manifest (parse/record.py); any other wrong name, tampered
        code = "tampered-form" if isinstance(kind, str) else "corrupt"
        assert (outcome.status, outcome.code) == ("failed", code), (kind, field_id, outcome.code)


_BLANK: dict[str, bytes] = {}
