"""Records read back from the harvest database equal what was parsed, whatever the answers.

The store writes each record into typed columns; read_records rebuilds it from them. Where the
columns cannot hold a record exactly (text in a number field, a field whose type changed between
policy versions), the record is kept whole as JSON too, and read from there. A database made by
schema 1 (every record as JSON) is migrated and still reads.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.forms import build_form
from docgen.harvest import harvest, read_records, workers
from docgen.harvest.store import Store
from docgen.harvest.workers import Known, parse_one
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from tests.helpers import pg
from tests.helpers.harvesting import query
from tests.helpers.policies import POLICIES
from tests.helpers.values import form_values


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    """Each test runs in its own folder: a PostgreSQL store's problems.csv is written in the current one."""
    monkeypatch.chdir(tmp_path)


SESSION = build_form(load_policy(POLICIES / "worcestershire.yaml"), "session-record")
CASE = build_form(load_policy(POLICIES / "hertfordshire.yaml"), "case-record")
AGREEMENT = build_form(load_policy(POLICIES / "worcestershire.yaml"), "agreement")  # a number field: frequency_weeks
NOW = "2026-11-23T08:00:00+00:00"

# what people type in a number field: whole numbers, decimals, thousands, and text that is no number
_numbers = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.sampled_from(
        ["2.5", "1,250", "0.30000000000000004", "99999999999999999999", "1e999", "nan", "about an hour", "007"]
    ),
)


def text_in_a_number_field(outcome) -> bool:
    values = outcome.record["values"]
    for f in outcome.form["fields"]:
        if f["type"] == "number":
            rid, dot, short = f["id"].rpartition(".")
            if dot and isinstance(values.get(rid), list):
                if any(isinstance(row.get(short), str) for row in values[rid]):
                    return True
            elif isinstance(values.get(f["id"]), str):
                return True
    return False


def answer(f):
    """One plain answer of the field's type."""
    if f.options:
        return f.options[0].key
    return {"checkbox": True, "date": "2026-01-02", "number": 5}.get(f.type, "x")


def parse(path):
    """What a worker sends for one file, with its form's field list (a worker sends it once)."""
    workers._SENT.clear()
    return parse_one(str(path), Known({}), None)


def expected_record(outcome) -> dict:
    entries = (*outcome.form["fields"], *outcome.form["repeats"])
    roles = {e["id"]: e["role"] for e in entries if e.get("role")}
    functions = {e["id"]: e["function"] for e in entries if e.get("function")}
    return {**outcome.record, "roles": roles, "functions": functions}


@pytest.fixture(params=["sqlite", "postgresql"])
def new_store(request, tmp_path):
    """new_store() -> a new, empty store, once per engine: an SQLite file (the last one's removed), or
    a fresh PostgreSQL schema each time (all dropped after the test)."""
    with contextlib.ExitStack() as stack:

        def new() -> Path | str:
            if request.param == "sqlite":
                for p in tmp_path.glob("h.db*"):
                    p.unlink()
                return tmp_path / "h.db"
            server = request.getfixturevalue("pg_server")
            return stack.enter_context(pg.fresh_schema(server.admin(), server.url))

        yield new


def store_and_read(new_store, outcomes) -> tuple[list[dict], dict]:
    db = new_store()
    store = Store(db)
    for outcome in outcomes:
        store.put(outcome, NOW)
    whole = dict(store.db.execute("SELECT path, record IS NOT NULL FROM documents"))
    store.close()
    got = read_records(db)
    # read for their own policies (as a report reads), the same records, issues and all; for another, none
    policies = sorted({r["document"]["policy_id"] for r in got if r["document"].get("policy_id")})
    assert read_records(db, policies) == got
    assert read_records(db, ["another_agency"]) == [r for r in got if not r["document"].get("policy_id")]
    return got, whole


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(st.data())
def test_records_read_back_from_the_typed_tables_equal_what_was_parsed(tmp_path, new_store, data):
    outcomes = []
    for n, spec in enumerate((SESSION, data.draw(st.sampled_from([CASE, AGREEMENT])))):
        values = data.draw(form_values(spec, max_extra_rows=0))
        for f in spec.fields():
            if f.type == "number" and "." not in f.id and data.draw(st.booleans()):
                values[f.id] = data.draw(_numbers)
        if not any(v not in (None, False, "", []) for v in values.values()):  # a blank form is no record
            values[next(f.id for f in spec.fields() if f.role == "supervisee")] = "Ann"  # (test_blank_forms.py)
        path = tmp_path / f"{n}.docx"
        path.write_bytes(render_docx(spec, values).data)
        outcomes.append(parse(path))
    got, whole = store_and_read(new_store, outcomes)
    assert [r["path"] for r in got] == [o.path for o in outcomes]
    for record, outcome in zip(got, outcomes, strict=True):
        assert {k: v for k, v in record.items() if k not in ("path", "status")} == expected_record(outcome)
        # kept whole only when a number field holds text (the typed columns hold everything else)
        assert whole[outcome.path] == text_in_a_number_field(outcome)


def test_text_in_a_number_field_is_kept_exactly(tmp_path, new_store):
    for text in ("1e999", "007 minutes", "nan"):
        path = tmp_path / "a.docx"
        path.write_bytes(render_docx(SESSION, {"duration_minutes": text}).data)
        outcome = parse(path)
        got, whole = store_and_read(new_store, [outcome])
        assert got[0]["values"]["duration_minutes"] == text and whole == {outcome.path: 1}


def test_a_field_whose_type_changed_between_versions_reads_back_exactly(tmp_path, new_store):
    """Version 2 of a form makes `duration_minutes` free text: its column is still NUMERIC (made
    by version 1), where SQLite would store "0045" as 45. That record is kept whole; version 1's
    records still read from the typed columns."""
    first = tmp_path / "v1.docx"
    first.write_bytes(render_docx(SESSION, {"duration_minutes": "45"}).data)
    v1 = parse(first)
    fields = [dict(f, type="text") if f["id"] == "duration_minutes" else f for f in v1.form["fields"]]
    v2 = v1._replace(
        path=str(tmp_path / "v2.docx"),
        sha256="f" * 64,
        form={**v1.form, "hash": "v2", "fields": fields},
        record={**v1.record, "values": {**v1.record["values"], "duration_minutes": "0045"}},
    )
    got, whole = store_and_read(new_store, [v1, v2])
    assert [r["values"]["duration_minutes"] for r in got] == [45, "0045"]
    assert whole == {v1.path: 0, v2.path: 1}
    assert got[1]["roles"] == expected_record(v2)["roles"]


def test_checkboxes_and_repeats_read_back_typed(tmp_path, new_store):
    """A checkbox is 0/1 in its INTEGER column and true/false again in the record (no shipped form
    has one, so it is added to a parsed form's field list); repeat rows come back in order."""
    repeat = next(SESSION.repeats())
    rows = [
        {f.short_id: answer(f) for f in repeat.fields},
        {f.short_id: f.options[-1].key if f.options else f"row two {f.short_id}" for f in repeat.fields},
    ]  # a choice is ticked: its answer is one of its options
    path = tmp_path / "a.docx"
    path.write_bytes(render_docx(SESSION, {repeat.id: rows}).data)
    parsed = parse(path)
    form = {
        **parsed.form,
        "hash": "with-a-checkbox",
        "fields": [*parsed.form["fields"], {"id": "consent", "type": "checkbox", "label": "Consent"}],
    }
    ticked = parsed._replace(
        form=form, record={**parsed.record, "values": {**parsed.record["values"], "consent": True}}
    )
    unticked = ticked._replace(
        path=str(tmp_path / "b.docx"),
        sha256="b" * 64,
        record={**parsed.record, "values": {**parsed.record["values"], "consent": False, repeat.id: rows[1:]}},
    )
    got, whole = store_and_read(new_store, [ticked, unticked])
    assert [r["values"]["consent"] for r in got] == [True, False]
    assert all(type(r["values"]["consent"]) is bool for r in got)
    assert [r["values"] for r in got] == [ticked.record["values"], unticked.record["values"]]
    assert got[0]["values"][repeat.id] == rows and whole == {ticked.path: 0, unticked.path: 0}


SCHEMA_1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE documents (
    path TEXT PRIMARY KEY, size INTEGER, sha256 TEXT NOT NULL, document_id TEXT, form_id TEXT,
    form_version TEXT, kind TEXT, policy_id TEXT, policy_version TEXT, policy_digest TEXT,
    status TEXT NOT NULL, code TEXT, message TEXT, issue_count INTEGER NOT NULL DEFAULT 0,
    harvested_at TEXT, record TEXT);
CREATE INDEX documents_sha256 ON documents (sha256);
CREATE INDEX documents_document_id ON documents (document_id);
CREATE TABLE issues (_sha256 TEXT NOT NULL, field TEXT, code TEXT, message TEXT);
CREATE INDEX issues_sha256 ON issues (_sha256);
CREATE TABLE forms (
    fields_hash TEXT PRIMARY KEY, form_id TEXT, form_version TEXT, kind TEXT, policy_id TEXT,
    policy_version TEXT, policy_digest TEXT, fields TEXT NOT NULL, repeats TEXT NOT NULL);
CREATE TABLE history (
    path TEXT NOT NULL, sha256 TEXT NOT NULL, document_id TEXT, status TEXT, code TEXT,
    harvested_at TEXT, replaced_at TEXT, record TEXT);
CREATE TABLE runs (
    started_at TEXT, finished_at TEXT, folders TEXT, files INTEGER, ok INTEGER,
    with_issues INTEGER, failed INTEGER, unchanged INTEGER);
INSERT INTO meta VALUES ('schema_version', '1');
"""


def test_a_schema_1_database_is_migrated_and_its_records_still_read(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.docx").write_bytes(render_docx(SESSION, {"supervisee": "Ann", "duration_minutes": "60"}).data)
    old = parse((inbox / "a.docx").resolve())
    legacy = expected_record(old)
    db = tmp_path / "h.db"
    con = sqlite3.connect(db)  # a database as docgen's schema 1 left it: the record as JSON in documents
    con.executescript(SCHEMA_1)
    doc = old.record["document"]
    con.execute(
        "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            old.path,
            old.size,
            old.sha256,
            doc["document_id"],
            doc["form_id"],
            doc["form_version"],
            doc["kind"],
            doc["policy_id"],
            doc["policy_version"],
            doc["policy_digest"],
            old.status,
            None,
            None,
            len(old.record["issues"]),
            NOW,
            json.dumps(legacy, sort_keys=True),
        ),
    )
    con.commit()
    con.close()

    assert read_records(db) == [{"path": old.path, "status": old.status, **legacy}]
    con = sqlite3.connect(db)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("3",)
    assert con.execute("SELECT agency FROM documents").fetchone() == (doc["policy_id"],)  # (schema 3: whose it is)
    assert json.loads(con.execute("SELECT manifest FROM documents").fetchone()[0]) == doc
    # the file changes: its schema-1 record moves to history as it was; the new one reads from the tables
    (inbox / "a.docx").write_bytes(render_docx(SESSION, {"supervisee": "Ann Jones"}).data)
    (inbox / "b.docx").write_bytes(render_docx(SESSION, {"supervisee": "Bo"}).data)
    harvest([inbox], db, jobs=1)
    assert {r["values"]["supervisee"] for r in read_records(db)} == {"Ann Jones", "Bo"}
    assert [json.loads(r) for (r,) in con.execute("SELECT record FROM history")] == [legacy]
    assert con.execute("SELECT count(*) FROM documents WHERE record IS NOT NULL").fetchone() == (0,)


def test_history_keeps_the_replaced_record_as_it_was_read(tmp_path, store_target):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.docx").write_bytes(render_docx(SESSION, {"supervisee": "Ann", "actions": [{"action": "Call"}]}).data)
    harvest([inbox], store_target, jobs=1)
    before = read_records(store_target)[0]
    (inbox / "a.docx").write_bytes(render_docx(SESSION, {"supervisee": "Ann Jones"}).data)
    harvest([inbox], store_target, jobs=1)
    [(kept,)] = query(store_target, "SELECT record FROM history")
    assert json.loads(kept) == {k: v for k, v in before.items() if k not in ("path", "status")}


def test_the_same_bytes_failing_at_one_path_and_read_at_another_keep_their_record(tmp_path, monkeypatch, store_target):
    """The first copy of a form times out (the machine was busy), the second is read: the record is
    stored for the second, not skipped as 'already there' because a row with those bytes exists."""
    real = workers.parse_bytes

    def slow_for_a(data, name):  # installed before the workers fork
        if name.endswith("a.docx"):
            import time

            time.sleep(60)
        return real(data, name)

    monkeypatch.setattr(workers, "parse_bytes", slow_for_a)
    inbox = tmp_path / "in"
    inbox.mkdir()
    data = render_docx(SESSION, {"supervisee": "Ann", "duration_minutes": "50"}).data
    (inbox / "a.docx").write_bytes(data)
    (inbox / "b.docx").write_bytes(data)
    harvest([inbox], store_target, jobs=1, timeout=1)
    [record] = read_records(store_target)
    assert record["path"].endswith("b.docx")
    assert (record["values"]["supervisee"], record["values"]["duration_minutes"]) == ("Ann", 50)
    # next run (the first copy would still time out, and a third arrives): both are bytes already read
    # at b.docx, so both are what b.docx is, not copies of the timeout
    (inbox / "c.docx").write_bytes(data)
    harvest([inbox], store_target, jobs=1, timeout=1)
    status = {Path(p).name: code for p, code in query(store_target, "SELECT path, code FROM documents")}
    assert status == {"a.docx": None, "b.docx": None, "c.docx": None}
    # no new version
    assert query(store_target, "SELECT count(*) FROM history") == [(0,)]
