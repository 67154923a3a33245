"""Privacy of what `docgen harvest` and `docgen report` write: report files owner-only,
`report --pseudonymise` with the exports' pseudonyms, the secret never in an export folder."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from urllib.parse import urlsplit

import pytest

from docgen.harvest.backend import is_url
from docgen.harvest.exports import default_export_dir, secret_path
from tests.helpers.engines import ENGINES, module_store
from tests.helpers.privacy_forms import PLAIN_NAME, docgen, leaked, report_args, write_forms


@pytest.fixture(scope="module", params=ENGINES)
def harvested(request, tmp_path_factory):
    """The forms harvested into an SQLite file or a PostgreSQL schema; every command runs in `here`
    (where a PostgreSQL store's secret and exports go: tests/helpers/engines.py)."""
    folder = tmp_path_factory.mktemp("privacy")
    forms, roster, agency = write_forms(folder)
    (folder / "db").mkdir()
    with module_store(request, folder / "db") as db:
        run = docgen("harvest", forms, "-o", db, "--no-progress", "--jobs", "2", cwd=folder)
        assert run.returncode == 0, run.stderr[-2000:]
        yield db, roster, agency, forms, folder


def db_name(url: str) -> str:
    """The name a PostgreSQL store's files carry: its database, then the schema the URL names."""
    schema = re.search(r"search_path%3D(\w+)", url)
    return urlsplit(url).path.strip("/") + (f"-{schema.group(1)}" if schema else "")


def findings(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))


def test_report_and_findings_are_readable_by_their_owner_only(harvested, tmp_path):
    db, roster, agency, _, here = harvested
    for name in ("f.csv", "f.xlsx"):
        out = tmp_path / name
        result = docgen(*report_args(db, roster, agency, tmp_path / f"{name}.html"), "--findings", out, cwd=here)
        assert result.returncode == 1, result.stderr[-2000:]
        assert oct(os.stat(out).st_mode & 0o777) == "0o600"
        assert oct(os.stat(tmp_path / f"{name}.html").st_mode & 0o777) == "0o600"


def test_report_pseudonymise_gives_the_exports_pseudonyms_and_the_same_findings(harvested, tmp_path):
    db, roster, agency, forms, here = harvested
    plain = docgen(
        *report_args(db, roster, agency, tmp_path / "plain.html"), "--findings", tmp_path / "plain.csv", cwd=here
    )
    assert PLAIN_NAME in (tmp_path / "plain.html").read_text("utf-8")  # the fixture does name the child
    hidden = docgen(
        *report_args(db, roster, agency, tmp_path / "p.html"),
        "--findings",
        tmp_path / "p.csv",
        "--pseudonymise",
        cwd=here,
    )
    assert hidden.returncode == plain.returncode == 1, hidden.stderr[-2000:]
    page = (tmp_path / "p.html").read_text("utf-8")
    rows = findings(tmp_path / "p.csv")
    assert not leaked(page) and not leaked((tmp_path / "p.csv").read_text("utf-8-sig"))
    assert not leaked(hidden.stderr + hidden.stdout)
    assert "shown as pseudonyms" in page and "shown as pseudonyms" not in (tmp_path / "plain.html").read_text("utf-8")
    # the same findings, with the child named as the exports name them
    exported = docgen("harvest", forms, "-o", db, "--no-progress", "--export", "csv", "--pseudonymise", cwd=here)
    assert exported.returncode == 0, exported.stderr[-2000:]
    exports = here / default_export_dir(db)  # db/h-exports beside an SQLite file
    where = {  # the children's columns, as the exports' data dictionary names them
        (e["CSV file"], e["Column"])
        for e in findings(exports / "data_dictionary.csv")
        if e["Role"] == "child_identifier"
    }
    assert {file for file, _ in where} >= {"children_and_families_discussed.csv", "case_records.csv"}
    pseudonyms = {r[column] for file, column in where for r in findings(exports / file)} - {""}
    assert pseudonyms and all(p.startswith("Child-") for p in pseudonyms)
    drift = [r for r in rows if r["check"] == "C2"]
    assert len(drift) == 1 and drift[0]["detail"] in pseudonyms and drift[0]["detail"] in page
    strip = [{k: v for k, v in r.items() if k not in ("finding", "detail")} for r in findings(tmp_path / "plain.csv")]
    assert strip == [{k: v for k, v in r.items() if k not in ("finding", "detail")} for r in rows]


def test_the_secret_is_never_in_an_export_folder_and_pseudonyms_stay_stable(harvested, tmp_path, request):
    db, _, _, forms, _ = harvested
    here = tmp_path / "audit"
    here.mkdir()
    if is_url(db):  # a store of its own (from scratch: a schema cannot be copied as a file is)
        db = request.getfixturevalue("pg_url")
    else:
        shutil.copy(db, here / "h.db")
        db = here / "h.db"
    first = docgen("harvest", forms, "-o", db, "--no-progress", "--export", "jsonl", "--pseudonymise", cwd=here)
    assert first.returncode == 0, first.stderr[-2000:]
    exports = here / default_export_dir(db)  # by default, a folder of its own beside the database (h-exports)
    assert exports.parent == here and (here / secret_path(db)).parent == here
    named = (here / "h-exports", here / "h.db.secret")  # an SQLite file's; a PostgreSQL store's: after its database
    assert (exports, here / secret_path(db)) == (named if not is_url(db) else (exports, here / f"{db_name(db)}.secret"))
    assert (exports / "records.jsonl").exists() and (here / secret_path(db)).exists()
    assert not list(exports.glob("*secret*"))
    before = (exports / "records.jsonl").read_text("utf-8")
    assert not leaked(before)
    # an export folder holding the database (so its secret) is refused, and nothing is written there
    for folder in (here, tmp_path):
        refused = docgen(
            "harvest",
            forms,
            "-o",
            db,
            "--no-progress",
            "--export",
            "jsonl",
            "--pseudonymise",
            "--export-dir",
            folder,
            cwd=here,
        )
        assert refused.returncode == 1 and "secret" in refused.stderr and "Traceback" not in refused.stderr
        assert "Harvested " in refused.stderr  # the harvest itself ran and says so
        assert not (folder / "records.jsonl").exists()
    # elsewhere it is fine, and a later run gives every child the same pseudonym
    again = docgen(
        "harvest",
        forms,
        "-o",
        db,
        "--no-progress",
        "--export",
        "jsonl",
        "--pseudonymise",
        "--export-dir",
        tmp_path / "shared",
        cwd=here,
    )
    assert again.returncode == 0, again.stderr[-2000:]
    assert (tmp_path / "shared" / "records.jsonl").read_text("utf-8") == before
    assert sorted(p.name for p in (tmp_path / "shared").iterdir()) == ["records.jsonl"]


def test_spellings_the_checks_count_as_one_child_get_one_pseudonym(tmp_path):
    from docgen.harvest.exports import Pseudonyms
    from docgen.report.pseudonymise import pseudonymise_records

    roles = {"children.child": "child_identifier", "dob": "child_dob", "notes": "function_notes"}

    def record(name, dob):
        return {
            "values": {"children": [{"child": name}], "dob": dob, "notes": f"Saw {name}"},
            "roles": roles,
            "issues": [{"field": "children[0].child", "code": "bad-value", "message": f"{name} is odd"}],
        }

    records = [record("alice  smith.", "2015-01-02"), record("Alice Smith", "2015-01-02"), record("Bea Jones", "")]
    pseudonyms = Pseudonyms(tmp_path / "h.db.secret")
    out = pseudonymise_records(records, pseudonyms)
    names = [r["values"]["children"][0]["child"] for r in out]
    assert names[0] == names[1] == pseudonyms("child_identifier", "Alice Smith")  # the exports' one for a spelling
    assert names[2] == pseudonyms("child_identifier", "Bea Jones") != names[0]
    assert [r["values"]["dob"] for r in out] == [pseudonyms("child_dob", "2015-01-02")] * 2 + [""]
    assert out[1]["values"]["notes"] == "Saw Alice Smith"  # free text is not covered (the README says so)
    assert "Alice" not in out[1]["issues"][0]["message"]
    assert records[1]["values"]["children"][0]["child"] == "Alice Smith"  # the records given are not changed
