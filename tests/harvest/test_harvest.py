"""Harvest: folders of completed forms into a store (SQLite and PostgreSQL), a status per file,
nothing lost, nothing twice."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from docgen.cli import main
from docgen.forms import build_form
from docgen.harvest import harvest, problems_path, read_records
from docgen.harvest.backend import db_errors
from docgen.harvest.exports import secret_path
from docgen.harvest.store import Store
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from tests.helpers import pdf_viewers, pg
from tests.helpers.clients import fill_with_libreoffice, fills_for
from tests.helpers.corpus import FORMS, spec, write_corpus
from tests.helpers.engines import store_maker
from tests.helpers.harvesting import problems as problem_rows
from tests.helpers.harvesting import query, snapshot, stored
from tests.helpers.hostile import hostile_files
from tests.helpers.policies import POLICIES, SHIPPED, foreign_database
from tests.helpers.stores import column_names, connect_store, table_names


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    """Each test runs in its own folder: a PostgreSQL store's problems.csv is written in the current one."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def new_store(request, tmp_path_factory):
    """new_store() -> (target, folder): a new store for a module-scoped fixture, once per engine: an
    SQLite file in a folder of its own, or a fresh PostgreSQL schema (dropped after the module) whose
    problems.csv the harvest writes in that folder (it runs there)."""
    with store_maker(request, tmp_path_factory, "harvest.db") as new:
        yield new


@pytest.fixture(scope="module")
def batch(tmp_path_factory, new_store):
    db, where = new_store()
    folder = tmp_path_factory.mktemp("inbox")
    want = write_corpus(folder)
    bad = {}
    for name, (data, code) in hostile_files(spec(POLICIES / "worcestershire.yaml", "session-record")).items():
        (folder / "hostile").mkdir(exist_ok=True)
        (folder / "hostile" / name).write_bytes(data)
        bad[(folder / "hostile" / name).resolve()] = code
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(where)  # a PostgreSQL store's problems.csv is written in the current folder
        result = harvest([folder], db, jobs=2)
    result.problems_csv = where / result.problems_csv
    return folder, db, want, bad, result


def test_every_good_file_reads_back_exactly_and_every_bad_file_is_named(batch):
    folder, db, want, bad, result = batch
    rows = {Path(p): (s, c) for p, s, c in query(db, "SELECT path, status, code FROM documents")}
    records = {Path(r["path"]): r for r in read_records(db)}
    assert set(rows) == set(want) | set(bad)
    for path, values in want.items():
        status, code = rows[path]
        assert (status, code) == ("ok", None), (path, records[path]["issues"] if path in records else code)
        assert records[path]["values"] == values, path
    for path, code in bad.items():
        status, failure = rows[path]
        issue_codes = {i["code"] for i in records[path]["issues"]} if path in records else set()
        assert code == failure or (status == "ok_with_issues" and code in issue_codes), (path, status, failure)
    assert result.counts["ok"] == len(want) and result.needs_attention == len(bad)
    assert result.counts["failed"] + result.counts["ok_with_issues"] == len(bad)


def test_problems_csv_lists_every_bad_file_with_what_to_do(batch):
    folder, db, want, bad, result = batch
    assert result.problems_csv.parent.is_dir()  # (for a PostgreSQL store, the folder the harvest ran in)
    text = result.problems_csv.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert {Path(r["path"]) for r in rows} == set(bad)
    assert all(r["problem"] and r["what to do"] for r in rows)
    assert "object at 0x" not in text and "Traceback" not in text  # messages are for people
    assert oct(os.stat(result.problems_csv).st_mode & 0o777) == "0o600"


def test_each_form_kind_gets_a_typed_table_and_repeats_get_child_tables(batch):
    folder, db, want, bad, result = batch
    con = connect_store(db)
    tables = table_names(con)
    assert {
        "documents",
        "issues",
        "forms",
        "history",
        "session_record",
        "agreement",
        "case_record",
        "evaluation",
    } <= tables
    worcs = spec(POLICIES / "worcestershire.yaml", "session-record")
    columns = con.column_types("session_record")
    assert {f.id for f in worcs.fields() if "." not in f.id} <= set(columns)
    assert columns["duration_minutes"] == "NUMERIC"
    for repeat in worcs.repeats():
        child = set(column_names(con, f"session_record__{repeat.id}"))
        assert {"_sha256", "_row"} | {f.short_id for f in repeat.fields} <= child
    # every docgen-filled Worcestershire session record has as many action rows as were filled
    _, values = fills_for(worcs)
    rows = con.execute("SELECT count(*) FROM session_record__actions_management").fetchone()[0]
    assert rows == 2 * len(values["actions_management"])  # the DOCX and the PDF
    con.close()


def test_running_again_changes_nothing(batch):
    folder, db, want, bad, result = batch
    before = snapshot(db)
    again = harvest([folder], db, jobs=2)
    assert again.counts["unchanged"] == len(want) + len(bad)
    assert snapshot(db) == before


def test_read_records_gives_one_record_per_content_with_roles(batch):
    folder, db, want, bad, result = batch
    records = read_records(db)
    assert len(records) == len(want) + sum(1 for c in bad.values() if c == "duplicate-control")
    one = next(r for r in records if r["document"]["kind"] == "session-record")
    assert one["roles"]["supervisee"] == "supervisee" or "supervisee" in one["roles"].values()
    assert any(role == "child_identifier" for role in one["roles"].values())


def test_changed_file_replaces_its_record_and_keeps_history(tmp_path, store_target, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a PostgreSQL store's problems.csv is written in the current folder
    s = spec(POLICIES / "worcestershire.yaml", "session-record")
    inbox, db = tmp_path / "in", store_target
    inbox.mkdir()
    first = render_docx(s, {"supervisee": "Ann"}, document_id="doc-1").data
    (inbox / "a.docx").write_bytes(first)
    harvest([inbox], db, jobs=1)
    (inbox / "a.docx").write_bytes(render_docx(s, {"supervisee": "Ann Jones"}, document_id="doc-1").data)
    (inbox / "copy-of-a.docx").write_bytes(first)  # the old bytes again, elsewhere: a second file, same id
    harvest([inbox], db, jobs=1)
    current = {r["path"]: r["values"]["supervisee"] for r in read_records(db)}
    assert current == {str((inbox / "a.docx").resolve()): "Ann Jones", str((inbox / "copy-of-a.docx").resolve()): "Ann"}
    history = [
        (p, json.loads(record)["values"]["supervisee"]) for p, record in query(db, "SELECT path, record FROM history")
    ]
    assert history == [(str((inbox / "a.docx").resolve()), "Ann")]
    assert query(db, "SELECT count(*) FROM session_record") == [(2,)]  # both versions claim doc-1
    assert {r["values"]["supervisee"] for r in read_records(db)} == {"Ann", "Ann Jones"}
    flagged = {Path(r["path"]).name: r for r in problems(db) if "same-document-id" in r["code"].split()}
    assert set(flagged) == {"a.docx", "copy-of-a.docx"}  # both kept, both flagged, each naming the other
    assert flagged["a.docx"]["problem"].endswith(str((inbox / "copy-of-a.docx").resolve()))
    assert flagged["copy-of-a.docx"]["problem"].endswith(str((inbox / "a.docx").resolve()))
    assert all("Check which file is the right one" in r["what to do"] for r in flagged.values())
    (inbox / "copy-of-a.docx").write_bytes((inbox / "a.docx").read_bytes())  # now a copy: one content, one form
    assert harvest([inbox], db, jobs=1).needs_attention == sum(r["status"] != "ok" for r in problems(db)) and not any(
        "same-document-id" in r["code"] for r in problems(db)
    )


def problems(db: Path | str) -> list[dict]:
    return problem_rows(db)


def test_a_copy_of_a_file_harvested_in_an_earlier_run_is_one_more_path_to_its_record(tmp_path, store_target):
    s = spec(POLICIES / "leeds.yaml", "agreement")
    (tmp_path / "in").mkdir()
    data = render_docx(s, {"supervisee": "Bo"}).data
    (tmp_path / "in" / "x.docx").write_bytes(data)
    harvest([tmp_path / "in"], store_target, jobs=1)
    (tmp_path / "in" / "x (1).docx").write_bytes(data)  # the same attachment saved again, a month later
    again = harvest([tmp_path / "in"], store_target, jobs=1)
    rows = query(
        store_target, "SELECT path, status, issue_count, document_id, record IS NOT NULL FROM documents ORDER BY path"
    )
    assert [Path(r[0]).name for r in rows] == ["x (1).docx", "x.docx"] and rows[0][1:] == rows[1][1:]
    assert query(store_target, "SELECT count(*) FROM agreement") == [(1,)]
    assert again.counts["failed"] == 0 and len(read_records(store_target)) == 1
    # the summary counts the new path as what its record is, and only the first file as unchanged
    assert again.counts == {"unchanged": 1, rows[0][1]: 1}, again.counts


def test_harvest_gives_back_the_garbage_collector_settings_it_found(tmp_path):
    import gc

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.docx").write_bytes(render_docx(spec(POLICIES / "leeds.yaml", "agreement"), {}).data)
    before = gc.get_threshold()
    harvest([tmp_path / "in"], tmp_path / "h.db", jobs=1)
    assert gc.get_threshold() == before


def test_the_same_bytes_at_two_paths_are_one_record(tmp_path, store_target):
    s = spec(POLICIES / "leeds.yaml", "agreement")
    (tmp_path / "in" / "sub").mkdir(parents=True)
    data = render_pdf(s, {"supervisee": "Bo"}).data
    (tmp_path / "in" / "x.pdf").write_bytes(data)
    (tmp_path / "in" / "sub" / "x-copy.pdf").write_bytes(data)
    (tmp_path / "in" / "~$x.docx").write_bytes(b"owner file Word leaves while a document is open")
    result = harvest([tmp_path / "in"], store_target, jobs=2)
    assert query(store_target, "SELECT count(*) FROM documents") == [(2,)]
    assert query(store_target, "SELECT count(*) FROM agreement") == [(1,)]
    assert len(read_records(store_target)) == 1 and result.files == 2


# --- bounded work ---------------------------------------------------------------------------


def test_a_slow_a_greedy_and_a_crashing_file_do_not_stop_the_batch(tmp_path, monkeypatch, store_target):
    from docgen.harvest import workers

    real = workers.parse_bytes

    def misbehaving(data, name):  # installed before the workers fork, so they run it
        if name.endswith("slow.pdf"):
            time.sleep(60)
        if name.endswith("greedy.pdf"):
            return bytearray(4 * 1024**3)
        if name.endswith("crash.pdf"):
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(data, name)

    monkeypatch.setattr(workers, "parse_bytes", misbehaving)
    s = spec(POLICIES / "sussex.yaml", "session-record")
    inbox = tmp_path / "in"
    inbox.mkdir()
    for name in ("slow", "greedy", "crash", "fine1", "fine2", "fine3"):
        (inbox / f"{name}.pdf").write_bytes(render_pdf(s, {"supervisee": name}).data)
    started = time.monotonic()
    result = harvest([inbox], store_target, jobs=2, timeout=2, memory_mb=512)
    assert time.monotonic() - started < 30
    codes = {Path(p).stem: c for p, c in query(store_target, "SELECT path, code FROM documents")}
    assert codes == {
        "slow": "timeout",
        "greedy": "too-much-memory",
        "crash": "crashed",
        "fine1": None,
        "fine2": None,
        "fine3": None,
    }
    assert result.counts["failed"] == 3
    # the next run tries the three again (they may have failed for reasons outside the file)
    monkeypatch.setattr(workers, "parse_bytes", real)
    again = harvest([inbox], store_target, jobs=2)
    assert again.counts["unchanged"] == 3 and again.counts["ok_with_issues"] + again.counts["ok"] == 3
    assert query(store_target, "SELECT count(*) FROM documents WHERE status = 'failed'") == [(0,)]


def pdf_inbox(inbox: Path, names: list[str]) -> Path:
    """A folder of Sussex session records as PDFs, one per name (the supervisee), named after it."""
    inbox.mkdir()
    s = spec(POLICIES / "sussex.yaml", "session-record")
    for name in names:
        (inbox / f"{name}.pdf").write_bytes(render_pdf(s, {"supervisee": name}).data)
    return inbox


def test_a_file_that_hangs_or_crashes_mid_batch_is_the_one_blamed(tmp_path, monkeypatch, store_target):
    """Workers get files in batches and answer per batch: the file named must be the one the worker
    was reading, and the files around it in its batch must still be read (not lost, not blamed)."""
    from docgen.harvest import workers

    real = workers.parse_bytes

    def misbehaving(data, name):
        if name.endswith("crash.pdf"):
            os.kill(os.getpid(), signal.SIGKILL)
        if name.endswith("slow.pdf"):
            time.sleep(60)
        return real(data, name)

    monkeypatch.setattr(workers, "parse_bytes", misbehaving)
    names = [f"{i:02d}-fine" for i in range(60)]
    names[24], names[26], names[45] = "24-crash", "26-crash", "45-slow"
    pdf_inbox(tmp_path / "in", names)
    assert 60 // (4 * 2) > 3  # several files to a batch, so a batch holds good files around the bad
    result = harvest([tmp_path / "in"], store_target, jobs=2, timeout=2)
    codes = {Path(p).stem: c for p, c in query(store_target, "SELECT path, code FROM documents")}
    assert codes == {n: {"crash": "crashed", "slow": "timeout"}.get(n[3:]) for n in names}
    assert result.counts["failed"] == 3 and result.counts["ok"] + result.counts["ok_with_issues"] == 57
    records = {r["values"]["supervisee"] for r in read_records(store_target)}
    assert records == {n for n in names if n.endswith("fine")}


def test_a_worker_that_dies_between_files_blames_the_file_only_when_it_does_so_alone(
    tmp_path, monkeypatch, store_target
):
    """A worker can die after reading its batch, while sending the answers (out of memory, say):
    it was reading no file. The batch is read again a file at a time, and only the file whose
    answers kill a worker on their own is named; the rest of its batch is kept."""
    from multiprocessing.connection import Connection

    from docgen.harvest.store import Outcome

    real_send = Connection.send

    def send(self, obj):  # installed before the workers fork: a worker dies sending poison's answers
        if isinstance(obj, list) and any(isinstance(o, Outcome) and o.path.endswith("poison.pdf") for o in obj):
            os._exit(7)
        return real_send(self, obj)

    monkeypatch.setattr(Connection, "send", send)
    names = [f"{i:02d}-fine" for i in range(40)]
    names[3] = "03-poison"  # inside the first batch (40 // (4 * 2) = 5 files), not its first file
    result = harvest([pdf_inbox(tmp_path / "in", names)], store_target, jobs=2, timeout=5)
    codes = {Path(p).stem: (c, m) for p, c, m in query(store_target, "SELECT path, code, message FROM documents")}
    assert codes.pop("03-poison") == ("crashed", "the reader stopped unexpectedly on this file (exit code 7)")
    assert codes == {n: (None, None) for n in names if n != "03-poison"}
    assert result.counts["failed"] == 1 and len(read_records(store_target)) == 39


KILL_CORPUS = [(p, k) for p, k in FORMS if k in ("session-record", "agreement", "case-record")]


@pytest.fixture(scope="module")
def kill_setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kill-inbox")
    for copy in range(3):  # three rounds of forms (each render has its own document id): ~100 files
        write_corpus(folder / f"round{copy}", KILL_CORPUS)
    clean = tmp_path_factory.mktemp("clean") / "h.db"
    started = time.monotonic()
    run_cli(folder, "-o", clean, "--jobs", "2").communicate(timeout=300)
    return folder, snapshot(clean), len(snapshot(clean)["documents"]), time.monotonic() - started


def run_cli(*args, **kw):
    return subprocess.Popen(
        [sys.executable, "-m", "docgen", "harvest", *map(str, args), "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        **kw,
    )


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fraction=st.floats(min_value=0.05, max_value=0.95))
def test_a_harvest_killed_at_any_moment_then_rerun_equals_a_clean_run(kill_setup, tmp_path_factory, fraction):
    """(SQLite; a PostgreSQL store killed at any moment, alone or beside another harvest, is
    test_shared_store's test of the same name.)"""
    folder, clean, total, seconds = kill_setup
    db = tmp_path_factory.mktemp("killed") / "h.db"
    proc = run_cli(folder, "-o", db, "--jobs", "2")
    time.sleep(fraction * seconds)
    assume(proc.poll() is None)  # (a slow start or a quick run can move the end before the kill point)
    os.killpg(proc.pid, signal.SIGKILL)  # the harvest and its workers, mid-write or not
    proc.wait()
    assume(stored(db) < total)  # killed before its last commit (not while writing problems.csv)
    finished = run_cli(folder, "-o", db, "--jobs", "2")
    finished.communicate(timeout=300)
    assert finished.returncode == 0
    after = snapshot(db)
    assert sorted(after) == sorted(clean)
    assert [t for t in clean if after[t] != clean[t]] == []  # tables that differ from a clean run


# --- exports --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported(tmp_path_factory, new_store):
    s = spec(POLICIES / "worcestershire.yaml", "session-record")
    inbox = tmp_path_factory.mktemp("exp-in")
    values = fills_for(s)[1]
    values = {
        **values,
        "notes": '=HYPERLINK("http://evil")',
        "management_notes": "-1+2",
        "duration_minutes": 90,
        "children": [{**values["children"][0], "name": "Alice Smith"}],
    }
    (inbox / "a.docx").write_bytes(render_docx(s, values).data)
    (inbox / "b.pdf").write_bytes(render_pdf(s, {**values, "supervisee": "Someone else"}).data)
    db, where = new_store()
    out = where / "exports"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(where)  # a PostgreSQL store's problems.csv is written in the current folder
        result = CliRunner().invoke(
            main,
            [
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
                str(out),
            ],
        )
    assert result.exit_code == 0, result.output
    return db, out, values


def _read_csv(path: Path) -> list[dict]:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def _where(out: Path, field_id: str) -> tuple[str, str]:
    """(CSV file, column) that holds a field, as the data dictionary says."""
    hits = [
        (e["CSV file"], e["Column"])
        for e in _read_csv(out / "data_dictionary.csv")
        if field_id in e["Field id(s)"].split("; ") and not e["Column"].endswith("(key)")
    ]
    assert len(hits) == 1, (field_id, hits)
    return hits[0]


def test_csv_exports_re_read_equal_the_database_with_formulas_neutralised(exported):
    """Every answer in the typed tables is in the CSV file and column the data dictionary names, in
    the row of its record's key (and row number): as stored, a choice as its option's label."""
    db, out, values = exported
    store = Store(db)
    forms = {
        h: {f["id"]: f for f in json.loads(f)} for h, f in store.db.execute("SELECT fields_hash, fields FROM forms")
    }
    files = _read_csv(out / "files.csv")
    key = {r["SHA-256"]: r["Record"] for r in files}
    for path, size, sha, status in store.db.execute("SELECT path, size, sha256, status FROM documents"):
        row = next(r for r in files if r["File"] == path)
        assert (row["SHA-256"], row["Size (bytes)"], row["Status"]) == (sha, str(size), status)
    checked = 0
    for table in store.tables()[3:]:
        header, rows = store.rows(table)
        rid = table.partition("__")[2]
        for row in rows:
            r = dict(zip(header, row, strict=True))
            form = forms[
                store.db.execute("SELECT form_hash FROM documents WHERE sha256 = ?", (r["_sha256"],)).fetchone()[0]
            ]
            for name, value in r.items():
                if name.startswith("_"):
                    continue
                fid = f"{rid}.{name}" if rid else name
                file, column = _where(out, fid)
                lines = [
                    x
                    for x in _read_csv(out / file)
                    if x["Record"] == key[r["_sha256"]] and (not rid or x["Row"] == str(r["_row"] + 1))
                ]
                assert len(lines) == 1, (table, fid)
                want = dict(form[fid].get("options") or []).get(value, value)
                want = "" if want is None else str(want)
                got = lines[0][column]
                assert (got[1:] if got.startswith(("'=", "'-")) else got) == want, (table, fid)
                checked += 1
    assert checked > 20
    issues = _read_csv(out / "issues.csv")
    assert len(issues) == store.db.execute("SELECT count(*) FROM issues").fetchone()[0]
    versions = {r["Form fields hash"]: json.loads(r["Fields (JSON)"]) for r in _read_csv(out / "form_versions.csv")}
    assert versions == {h: list(f.values()) for h, f in forms.items()}
    notes_file, notes = _where(out, "notes")
    rows = _read_csv(out / notes_file)
    assert {r[notes] for r in rows} == {'\'=HYPERLINK("http://evil")'}
    assert {r[_where(out, "management_notes")[1]] for r in rows} == {"'-1+2"}
    assert {r[_where(out, "duration_minutes")[1]] for r in rows} == {"90"}
    assert all(oct(os.stat(p).st_mode & 0o777) == "0o600" for p in out.iterdir())


def test_xlsx_has_a_sheet_per_table_with_frozen_headers(exported):
    from openpyxl import load_workbook

    db, out, values = exported
    book = load_workbook(out / "harvest.xlsx")
    store = Store(db)
    entries = _read_csv(out / "data_dictionary.csv")
    sheets = list(dict.fromkeys(e["Sheet"] for e in entries))
    assert book.sheetnames == [*sheets, "Data dictionary"]
    assert len(sheets) == len(store.tables())  # a sheet per table
    sheet = book["Session records"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert {r[_where(out, "notes")[1]] for r in rows} == {'\'=HYPERLINK("http://evil")'}
    assert {r[_where(out, "supervisee")[1]] for r in rows} == {values["supervisee"], "Someone else"}


def test_jsonl_nests_repeats_and_equals_the_records(exported):
    db, out, values = exported
    lines = [json.loads(line) for line in (out / "records.jsonl").read_text("utf-8").splitlines()]
    records = read_records(db)
    assert [(r["document"], r["values"]) for r in lines] == [(r["document"], r["values"]) for r in records]
    assert lines[0]["values"]["children"][0]["name"] == "Alice Smith"


def test_pseudonymised_exports_hide_children_but_keep_them_linkable(exported, tmp_path, monkeypatch):
    db, out, values = exported
    monkeypatch.chdir(tmp_path)  # a PostgreSQL store's secret is kept in the current folder
    empty = tmp_path / "nothing-new"
    empty.mkdir()
    result = CliRunner().invoke(
        main,
        [
            "harvest",
            str(empty),
            "-o",
            str(db),
            "--export",
            "csv",
            "--export",
            "jsonl",
            "--export-dir",
            str(tmp_path / "x"),
            "--pseudonymise",
        ],
    )
    assert result.exit_code == 0, result.output
    tmp_path = tmp_path / "x"
    everything = "".join(p.read_text("utf-8-sig") for p in tmp_path.iterdir())
    assert "Alice Smith" not in everything
    file, column = _where(tmp_path, "children.name")
    names = {r[column] for r in csv.DictReader(io.StringIO((tmp_path / file).read_text("utf-8-sig")))}
    assert len(names) == 1 and names.pop().startswith("Child-")  # one child, one pseudonym, in both files
    first = (tmp_path / "records.jsonl").read_text()
    CliRunner().invoke(
        main,
        ["harvest", str(empty), "-o", str(db), "--export", "jsonl", "--export-dir", str(tmp_path), "--pseudonymise"],
    )
    assert (tmp_path / "records.jsonl").read_text() == first  # stable across runs
    assert secret_path(db).exists()  # (the same secret both times: beside an SQLite file, or here)


# --- the command ----------------------------------------------------------------------------


def test_cli_summary_exit_codes_and_other_policies(tmp_path, store_target, request, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a PostgreSQL store's problems.csv is written in the current folder
    inbox = tmp_path / "in"
    inbox.mkdir()
    herts = spec(POLICIES / "hertfordshire.yaml", "evaluation")
    (inbox / "herts.pdf").write_bytes(render_pdf(herts, fills_for(herts)[1]).data)
    runner = CliRunner()
    ok = runner.invoke(main, ["harvest", str(inbox), "-o", str(store_target)])
    assert ok.exit_code == 0, ok.output
    assert "Harvested 1 files: 1 ok, 0 with issues, 0 failed in" in ok.output
    assert "\r" not in ok.output  # no progress bar when stderr is not a terminal
    with contextlib.ExitStack() as stack:  # a second store
        if isinstance(store_target, Path):
            second: Path | str = tmp_path / "w.db"
        else:
            server = request.getfixturevalue("pg_server")
            second = stack.enter_context(pg.fresh_schema(server.admin(), server.url))
        other = runner.invoke(
            main, ["harvest", str(inbox), "-o", str(second), "--policy", str(POLICIES / "worcestershire.yaml")]
        )
        assert other.exit_code == 1 and "1 failed" in other.output
        problems = problems_path(second).read_text("utf-8-sig")
    assert "other-policy" in problems and "hertfordshire" in problems
    usage = runner.invoke(main, ["harvest", str(tmp_path / "missing")])
    assert usage.exit_code == 2


def test_a_database_docgen_did_not_make_is_refused_plainly(tmp_path, store_target):
    """A database (PostgreSQL: a schema) holding tables of its own, and a store of a newer schema version."""
    other = foreign_database(tmp_path / "other.db" if isinstance(store_target, Path) else store_target)
    (tmp_path / "in").mkdir()
    result = CliRunner().invoke(main, ["harvest", str(tmp_path / "in"), "-o", str(other)])
    said = "not one docgen made" if isinstance(other, Path) else "has tables docgen did not make in schema"
    assert result.exit_code == 3 and said in result.output and "Traceback" not in result.output
    newer = tmp_path / "newer.db" if isinstance(store_target, Path) else store_target
    if not isinstance(newer, Path):
        con = connect_store(newer)
        con.execute("DROP TABLE t")  # the schema empty again, for a store
        con.close()
    Store(newer).close()
    con = connect_store(newer)
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    result = CliRunner().invoke(main, ["harvest", str(tmp_path / "in"), "-o", str(newer)])
    assert result.exit_code == 3 and "newer docgen" in result.output and "Traceback" not in result.output


# --- forms filled by real clients -----------------------------------------------------------

CLIENT_FORMS = [(p, "session-record") for p in SHIPPED] + [(POLICIES / "hertfordshire.yaml", "evaluation")]


@pytest.mark.parametrize(
    "client",
    ["libreoffice", pytest.param("poppler", marks=pdf_viewers.poppler), pytest.param("pdfjs", marks=pdf_viewers.pdfjs)],
)
def test_forms_filled_by_real_clients_harvest_to_exactly_what_was_filled(request, tmp_path, client, store_target):
    inbox, work = tmp_path / "inbox", tmp_path / "work"
    inbox.mkdir()
    want = {}
    for n, (path, key) in enumerate(CLIENT_FORMS):
        s = spec(path, key)
        (work / str(n)).mkdir(parents=True)
        if client == "libreoffice":
            data, values, _, _ = fill_with_libreoffice(request.getfixturevalue("libreoffice"), s, work / str(n))
            name = inbox / f"{path.stem}-{key}.docx"
        else:
            _, data, values = pdf_viewers.fill_with(client, s, work / str(n))
            name = inbox / f"{path.stem}-{key}.pdf"
        name.write_bytes(data)
        want[str(name.resolve())] = values
    result = harvest([inbox], store_target, jobs=2)
    assert result.counts["ok"] == len(CLIENT_FORMS), result.counts
    assert {r["path"]: r["values"] for r in read_records(store_target)} == want


def test_a_write_that_fails_leaves_nothing_of_that_file_and_the_batch_goes_on(tmp_path, store_target):
    """Files are written in batches with one commit each; a file whose write fails is rolled back
    alone: the files written before it in the batch, and after it, are kept."""
    from docgen.harvest import workers
    from docgen.harvest.store import Outcome
    from docgen.harvest.workers import Known, parse_one

    s = spec(POLICIES / "leeds.yaml", "agreement")
    for name in ("a", "b", "c", "d"):
        (tmp_path / f"{name}.docx").write_bytes(render_docx(s, {"supervisee": name}).data)
    workers._SENT.clear()  # (this process may have sent the form's fields before: a's outcome carries them)
    a, b, c, d = (parse_one(str(tmp_path / f"{n}.docx"), Known({}), None) for n in "abcd")
    bad = Outcome(
        b.path,
        b.size,
        b.sha256,
        b.status,
        record={**b.record, "values": {**b.record["values"], "supervisee": object()}},
        form=a.form,
    )  # a value neither engine can store
    # (SQLite refuses it in its column; PostgreSQL's column leaves it out, so the record is kept whole as
    # JSON, which cannot hold it either: a TypeError, which the harvest catches as it does a database error)
    refused = (*db_errors(), TypeError)
    store = Store(store_target)
    try:  # (closed whatever happens: a PostgreSQL store left in a transaction would hold its lock)
        store.batch()
        store.put(a, "now")
        assert store.put_copy(str(tmp_path / "copy-of-a.docx"), a.size, a.sha256, "now")
        with pytest.raises(refused):
            store.put(bad, "now")
        store.put(c, "now")
        store.flush()
        store.batch()
        with pytest.raises(refused):  # the first write of a batch fails: nothing to write again
            store.put(bad, "now")
        store.put(d, "now")
        store.flush()
        paths = [Path(p).name for (p,) in store.db.execute("SELECT path FROM documents ORDER BY path")]
        assert paths == ["a.docx", "c.docx", "copy-of-a.docx", "d.docx"]
        assert store.db.execute("SELECT count(*) FROM agreement").fetchone()[0] == 3
    finally:
        store.close()


def test_a_form_made_under_an_older_policy_version_harvests_against_its_own_spec(tmp_path, store_target):
    from tests.helpers.policies import minimal_policy

    old_text = minimal_policy(
        **{'version: "1.0"': 'version: "0.9"', "    - {id: support, label: Support, tag: support}\n": ""}
    )
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "policy.yaml").write_text(old_text, encoding="utf-8")
    (tmp_path / "policy.yaml").write_text(minimal_policy(), encoding="utf-8")
    old, new = (
        build_form(load_policy(p), "session-record") for p in (tmp_path / "old/policy.yaml", tmp_path / "policy.yaml")
    )
    new_only = {f.id for f in new.fields()} - {f.id for f in old.fields()}
    assert new_only  # the newer version asks about support; the older one did not
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "old.docx").write_bytes(render_docx(old, {"supervisee": "Old form"}).data)
    (inbox / "new.pdf").write_bytes(render_pdf(new, {"supervisee": "New form"}).data)
    result = CliRunner().invoke(
        main, ["harvest", str(inbox), "-o", str(store_target), "--policy", str(tmp_path / "policy.yaml")]
    )
    assert "0 failed" in result.output, result.output
    records = {r["values"]["supervisee"]: r for r in read_records(store_target)}
    assert records["Old form"]["document"]["policy_version"] == "0.9"
    assert not new_only & set(records["Old form"]["values"])  # read with the fields it was made with
    assert new_only <= set(records["New form"]["values"])
    con = connect_store(store_target)
    columns = set(column_names(con, "session_record"))
    assert new_only <= columns  # the table grew the newer version's columns
    assert con.execute("SELECT count(DISTINCT policy_digest) FROM forms").fetchone()[0] == 2
    con.close()


def test_progress_bar_shows_the_current_file_on_a_terminal_only(tmp_path):
    import pty

    s = spec(POLICIES / "leeds.yaml", "agreement")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "only-form.docx").write_bytes(render_docx(s, {"supervisee": "A"}).data)
    parent, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "docgen", "harvest", str(tmp_path / "in"), "-o", str(tmp_path / "h.db")],
        stdout=subprocess.PIPE,
        stderr=child,
    )
    os.close(child)
    proc.wait(timeout=120)
    seen = b""
    while True:
        try:
            chunk = os.read(parent, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(parent)
    assert b"[####################] 1/1 only-form.docx" in seen
    assert b"Harvested 1 files" in seen
    piped = subprocess.run(
        [sys.executable, "-m", "docgen", "harvest", str(tmp_path / "in"), "-o", str(tmp_path / "h2.db")],
        capture_output=True,
    )
    assert b"only-form.docx" not in piped.stderr and b"Harvested 1 files" in piped.stderr


def test_a_second_harvest_into_the_same_database_waits_its_turn(tmp_path):
    import fcntl

    (tmp_path / "in").mkdir()
    with open(tmp_path / "h.db.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = CliRunner().invoke(main, ["harvest", str(tmp_path / "in"), "-o", str(tmp_path / "h.db")])
    assert result.exit_code == 3 and "another harvest is writing" in result.output  # 3: aborted
    assert CliRunner().invoke(main, ["harvest", str(tmp_path / "in"), "-o", str(tmp_path / "h.db")]).exit_code == 0


def test_a_worker_reads_whole_files_and_refuses_ones_over_the_limit(tmp_path, monkeypatch):
    from docgen.harvest import workers

    monkeypatch.setattr(workers, "MAX_FILE", 100_000)
    monkeypatch.setattr("docgen.inputs._CHUNK", 1_000)  # (workers read through docgen.inputs.read_fd)
    exact, big, empty = tmp_path / "exact.docx", tmp_path / "big.docx", tmp_path / "empty.docx"
    exact.write_bytes(bytes(range(256)) * 390)  # 99,840 bytes: just under the limit
    big.write_bytes(b"x" * 100_001)
    empty.write_bytes(b"")
    assert workers._read(str(exact)) == (99_840, exact.read_bytes())
    assert workers._read(str(big)) == (100_001, None)
    assert workers._read(str(empty)) == (0, b"")
    outcome = workers.parse_one(str(big), workers.Known({}), None)
    assert (outcome.status, outcome.code, outcome.size) == ("failed", "too-large", 100_001)
    assert workers.parse_one(str(empty), workers.Known({}), None).code == "empty"
    grown = tmp_path / "grown.docx"  # larger than when it was measured: read on, to the limit
    grown.write_bytes(b"y" * 150_000)
    real_fstat = os.fstat
    monkeypatch.setattr(
        workers.os,
        "fstat",
        lambda fd: os.stat_result((0o100644,) + (0,) * 5 + (10,) + (0,) * 3) if fd > 2 else real_fstat(fd),
    )
    size, data = workers._read(str(grown))
    assert size == 10 and data == b"y" * 100_001
    monkeypatch.setattr(workers.os, "fstat", real_fstat)
    real_read = os.read  # a network drive may answer a read with less than was asked: read on
    monkeypatch.setattr(workers.os, "read", lambda fd, n: real_read(fd, min(n, 7_000)))
    assert workers._read(str(exact)) == (99_840, exact.read_bytes())


def test_find_files_resolves_every_path_as_resolve_would(tmp_path, monkeypatch):
    from docgen.harvest import find_files

    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    for name in ("a.docx", "B.PDF", "~$lock.docx", "notes.txt", "sub/c.pdf"):
        (real / name).write_bytes(b"x")
    (tmp_path / "elsewhere.docx").write_bytes(b"x")
    (real / "link.docx").symlink_to(tmp_path / "elsewhere.docx")  # a link out of the folders: not followed
    (real / "sub" / "in.docx").symlink_to(real / "a.docx")  # a link inside: its target
    (tmp_path / "via").symlink_to(real, target_is_directory=True)  # a linked folder given as the folder
    (real / "sub-x").mkdir()  # sorts before sub/ as text ("-" < "/"), after it as a path
    (real / "sub-x" / "d.docx").write_bytes(b"x")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "e.pdf").write_bytes(b"x")
    (real / "linked").symlink_to(tmp_path / "outside", target_is_directory=True)  # not followed
    (real / "folder.pdf").symlink_to(tmp_path / "outside", target_is_directory=True)  # a folder, not a form
    monkeypatch.chdir(real / "sub")
    folders = [Path(".."), tmp_path / "via"]
    want = sorted(
        {
            (Path(root) / n).resolve()
            for f in folders
            for root, _, names in os.walk(f)
            for n in names
            if n.lower().endswith((".docx", ".pdf")) and not n.startswith("~$")
        }
        - {tmp_path / "elsewhere.docx"}
    )
    assert find_files(folders) == want
    assert real / "a.docx" in want and real / "sub" / "c.pdf" in want and len(want) == 4
    assert tmp_path / "outside" / "e.pdf" not in want


def test_exports_that_cannot_be_written_are_a_plain_error_and_the_harvest_is_kept(tmp_path, store_target, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a PostgreSQL store's problems.csv is written in the current folder
    s = spec(POLICIES / "leeds.yaml", "agreement")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.docx").write_bytes(render_docx(s, {"supervisee": "A"}).data)
    result = CliRunner().invoke(
        main,
        [
            "harvest",
            str(tmp_path / "in"),
            "-o",
            str(store_target),
            "--export",
            "csv",
            "--export-dir",
            str(tmp_path / "in" / "a.docx" / "exports"),
        ],
    )
    # finished, with a problem (exit 1, not 3): the harvest ran to its end; only the export could not be written
    assert result.exit_code == 1 and "could not write" in result.output and "Traceback" not in result.output
    assert "Harvested 1 files:" in result.output  # what the harvest did is still said
    assert len(read_records(store_target)) == 1  # the harvest itself was kept


def test_a_process_that_parsed_in_process_before_still_harvests_into_a_new_database(tmp_path, store_target):
    from docgen.harvest.workers import Known, parse_one

    s = spec(POLICIES / "sussex.yaml", "agreement")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.docx").write_bytes(render_docx(s, {"supervisee": "A"}).data)
    parse_one(str(tmp_path / "in" / "a.docx"), Known({}), None)  # this process has now "sent" the form's fields
    (tmp_path / "in" / "b.docx").write_bytes(render_docx(s, {"supervisee": "B"}).data)
    result = harvest([tmp_path / "in"], store_target, jobs=1)
    assert result.counts["ok_with_issues"] + result.counts["ok"] == 2
    assert {r["values"]["supervisee"] for r in read_records(store_target)} == {"A", "B"}


def test_answers_the_database_cannot_hold_fail_that_file_only(tmp_path, monkeypatch):
    """A value SQLite refuses (here an integer past 64 bits, which a reader bug could hand over)
    makes that one file `failed`, stored as such; the files before and after it are kept. (SQLite's
    limit: PostgreSQL's NUMERIC holds it; a value PostgreSQL refuses is the test above.)"""
    from docgen.forms.fields import Coerced, Number

    real = Number.coerce
    monkeypatch.setattr(Number, "coerce", lambda self, f, raw: Coerced(2**70) if raw == "666" else real(self, f, raw))
    s = spec(POLICIES / "worcestershire.yaml", "session-record")
    (tmp_path / "in").mkdir()
    for name, minutes in (("a", "60"), ("b", "666"), ("c", "45")):
        (tmp_path / "in" / f"{name}.docx").write_bytes(render_docx(s, {"duration_minutes": minutes}).data)
    result = harvest([tmp_path / "in"], tmp_path / "h.db", jobs=1)
    con = sqlite3.connect(tmp_path / "h.db")
    rows = {Path(p).stem: (status, code) for p, status, code in con.execute("SELECT path, status, code FROM documents")}
    assert rows["b"] == ("failed", "crashed")
    assert rows["a"][0] != "failed" and rows["c"][0] != "failed"
    assert sorted(m for (m,) in con.execute("SELECT duration_minutes FROM session_record")) == [45, 60]
    assert result.counts["failed"] == 1 and result.files == 3


def test_writers_of_two_postgresql_stores_in_one_database_do_not_wait_for_each_other(pg_server):
    """Each store (schema) has its writers' turn of its own: a harvest stuck mid-transaction in one
    store holds up no other store in the database. Near miss: a second writer of the same store waits."""
    with (
        pg.fresh_schema(pg_server.admin(), pg_server.url) as one,
        pg.fresh_schema(pg_server.admin(), pg_server.url) as two,
    ):
        Store(two).close()
        holder = Store(one)
        other, same = connect_store(two), connect_store(one)
        try:
            holder.batch()  # a writer of the first store, its transaction open
            other.execute("SET lock_timeout = '5s'")
            other.begin()  # the second store's writer takes its turn at once
            other.execute("INSERT INTO meta (key, value) VALUES (?, ?)", ("mine", "x"))
            other.execute("COMMIT")
            assert query(two, "SELECT value FROM meta WHERE key = ?", ("mine",)) == [("x",)]
            same.execute("SET lock_timeout = '1s'")
            with pytest.raises(db_errors()):
                same.begin()  # the first store's turn is taken
        finally:
            for con in (other, same, holder):
                con.close()
