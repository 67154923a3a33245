"""A form made under an older version of a policy counts for the functions of supervision it had
then: the report reads each form's functions from the field list embedded in the form (and kept by
the harvest), not from the policy's templates as they are now, nor from the field ids."""

from __future__ import annotations

import datetime as dt
import io
import json

import pikepdf
import pytest

from docgen.forms import build_form
from docgen.forms.fieldlist import FieldList
from docgen.harvest import harvest, read_records
from docgen.parse import parse_bytes
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from docgen.report import parse_roster
from docgen.report.build import build_report
from docgen.report.records import build_history
from tests.helpers.policies import MINIMAL, ROOT

ROSTER = (
    "staff_id,name,supervisor_id,team,experience,employment,contact,start_date\n"
    "S,Sam Lead,,T,experienced,full_time,direct,2020-01-01\n"
    "A,Ann Example,S,T,experienced,full_time,direct,2020-01-01\n"
)

# Version 1 of the session record has a "Casework" box for management and a "Wellbeing" box for
# support; version 2 swaps them: the same field ids now evidence the other function. Neither id
# starts with a function's id, so nothing can be guessed from the ids either.
_SECTIONS = {
    "1.0": ("management", "support"),
    "2.0": ("support", "management"),
}


def _template(version: str) -> str:
    casework, wellbeing = _SECTIONS[version]
    text = (ROOT / "form_templates" / "generic_session_record.yaml").read_text(encoding="utf-8")
    start = text.index('  - for_each: "f in functions.on_record"')
    end = text.index('  - heading: "Children and families discussed"')
    own = (
        '  - heading: "Discussion"\n'
        "    content:\n"
        '      - field: {id: casework, type: multiline, label: "Casework", role: function_notes, '
        f"function: {casework}}}\n"
        '      - field: {id: wellbeing, type: multiline, label: "Wellbeing", role: function_notes, '
        f"function: {wellbeing}}}\n"
    )
    return text[:start] + own + text[end:].replace('version: "1.0"', f'version: "{version}"')


def _policy(folder, version: str):
    """The minimal policy at `version`, with its own session record template (next to it)."""
    (folder / "form_templates").mkdir(parents=True, exist_ok=True)
    (folder / "form_templates" / "generic_session_record.yaml").write_text(_template(version), encoding="utf-8")
    path = folder / "policy.yaml"
    path.write_text(MINIMAL.replace('version: "1.0"', f'version: "{version}"', 1), encoding="utf-8")
    return load_policy(path)


def _values(spec) -> dict:
    by_role = {
        "supervisee": "Ann Example",
        "supervisor": "Sam Lead",
        "session_date": "2025-01-10",
        "session_duration": "90",
        "supervision_type": "one_to_one",
    }
    values = {f.id: by_role[f.role] for f in spec.fields() if f.role in by_role and "." not in f.id}
    values["casework"] = "Caseload and allocations."  # only the casework box is written in
    return values


@pytest.fixture(autouse=True)
def _here(tmp_path, monkeypatch):
    """Each test in its own folder: a PostgreSQL store's problems.csv is written in the current one."""
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_form_of_policy_version_1_counts_for_its_own_functions_in_a_version_2_report(tmp_path, fmt, store_target):
    v1 = _policy(tmp_path / "v1", "1.0")
    spec = build_form(v1, "session-record")
    assert {f.id: f.function for f in spec.fields() if f.role == "function_notes"} == {
        "casework": "management",
        "wellbeing": "support",
    }
    (tmp_path / "in").mkdir()
    render = render_docx if fmt == "docx" else render_pdf
    (tmp_path / "in" / f"ann.{fmt}").write_bytes(render(spec, _values(spec)).data)
    harvest([tmp_path / "in"], store_target, jobs=1)
    records = read_records(store_target)

    v2 = _policy(tmp_path / "v2", "2.0")  # the policy as it is when the report is run
    assert {f.id: f.function for f in build_form(v2, "session-record").fields() if f.role == "function_notes"} == {
        "casework": "support",
        "wellbeing": "management",
    }
    [session] = build_history(records, v2).sessions
    assert session.functions == {"management"}
    report = build_report(records, v2, parse_roster(ROSTER), dt.date(2025, 3, 1))
    coverage = {row[0]: row[1:3] for row in report.functions.rows}  # label -> (sessions, covering it)
    assert coverage == {"Management": (1, 1), "Support": (1, 0)}


def test_a_form_with_a_list_from_before_functions_is_read_and_reported_as_then(tmp_path, store_target):
    """A PDF whose embedded list has no functions (an older docgen made it): parsed, harvested, and
    its function coverage found as that docgen did (the policy's form of the same version)."""
    v1 = _policy(tmp_path / "v1", "1.0")
    spec = build_form(v1, "session-record")
    with pikepdf.open(io.BytesIO(render_pdf(spec, _values(spec)).data)) as pdf:
        fields, repeats = FieldList.of(spec).to_data()
        for entry in (*fields, *repeats):
            del entry["function"]
        pdf.docinfo["/DocgenFields"] = json.dumps({"fields": fields, "repeats": repeats}, separators=(",", ":"))
        (tmp_path / "in").mkdir()
        pdf.save(tmp_path / "in" / "old.pdf")
    record = parse_bytes((tmp_path / "in" / "old.pdf").read_bytes(), "old.pdf")
    assert record.form.functions() is None and record.values["casework"] == "Caseload and allocations."
    harvest([tmp_path / "in"], store_target, jobs=1)
    [stored] = read_records(store_target)
    assert "functions" not in stored and stored["roles"]["casework"] == "function_notes"
    report = build_report([stored], v1, parse_roster(ROSTER), dt.date(2025, 3, 1))
    assert {row[0]: row[1:3] for row in report.functions.rows} == {"Management": (1, 1), "Support": (1, 0)}


def _harvested_without_functions(tmp_path, store_target, loaded) -> dict:
    """A version-1 session record as the harvest keeps one whose form was made by a docgen that did
    not embed functions: its field list has no `function` keys, so the record has no "functions"."""
    spec = build_form(loaded, "session-record")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ann.pdf").write_bytes(render_pdf(spec, _values(spec)).data)
    harvest([tmp_path / "in"], store_target, jobs=1)
    [record] = read_records(store_target)
    del record["functions"]
    return record


_UNKNOWN = "made by an older docgen under another version of the policy or its forms"


def test_a_form_without_functions_under_the_same_policy_version_counts_its_functions(tmp_path, store_target):
    """The report's policy is the one the form was made from (same id, version, digest and form
    version): the form's functions are exactly that policy's, read from its own session record."""
    v1 = _policy(tmp_path / "v1", "1.0")
    record = _harvested_without_functions(tmp_path, store_target, v1)
    [session] = build_history([record], v1).sessions
    assert session.functions == {"management"} and session.functions_known
    report = build_report([record], v1, parse_roster(ROSTER), dt.date(2025, 3, 1))
    assert {row[0]: row[1:3] for row in report.functions.rows} == {"Management": (1, 1), "Support": (1, 0)}
    assert not [n for n in report.notes if _UNKNOWN in n]


def _edit_policy(folder):
    """The same policy id and version, its content changed (so its digest differs)."""
    path = folder / "policy.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: ", "name: Renamed ", 1), encoding="utf-8")
    return load_policy(path)


def _edit_template(folder):
    """The same policy, its session record template changed: form version 1.1, functions swapped."""
    path = folder / "form_templates" / "generic_session_record.yaml"
    path.write_text(_template("2.0").replace('version: "1.0"', 'version: "1.1"', 1), encoding="utf-8")
    return load_policy(folder / "policy.yaml")


@pytest.mark.parametrize("later", ["policy version 2", "same version, policy edited", "same version, form changed"])
def test_a_form_without_functions_under_another_policy_version_counts_for_no_function(tmp_path, later, store_target):
    """Not the policy the form was made from: the form's functions are not known, so the session
    counts for no function (no coverage, no F1 finding) and the report says so in its notes."""
    v1 = _policy(tmp_path / "v1", "1.0")
    record = _harvested_without_functions(tmp_path, store_target, v1)
    if later == "policy version 2":
        now = _policy(tmp_path / "v2", "2.0")
    elif later == "same version, policy edited":
        now = _edit_policy(tmp_path / "v1")
        assert (now.policy.id, now.policy.version) == (v1.policy.id, v1.policy.version) and now.digest != v1.digest
    else:
        now = _edit_template(tmp_path / "v1")
        assert now.digest == v1.digest
        assert build_form(now, "session-record").manifest.form_version != record["document"]["form_version"]
    [session] = build_history([record], now).sessions
    assert session.functions == frozenset() and not session.functions_known
    report = build_report([record], now, parse_roster(ROSTER), dt.date(2025, 3, 1))
    assert {row[0]: row[1:3] for row in report.functions.rows} == {"Management": (0, 0), "Support": (0, 0)}
    assert not [f for f in report.findings if f.check == "F1"]
    assert (
        "1 session record was made by an older docgen under another version of the policy or its forms, "
        "so the functions of supervision it covered are not known; it is not counted towards function "
        f"coverage: {record['path']}"
    ) in report.notes
