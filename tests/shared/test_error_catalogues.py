"""One exception root, and each code catalogue one table (the module-level asserts that were in
harvest/problems.py and report/findings.py are these tests now)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sqlite3
import typing

import pytest

import docgen
from docgen.errors import Aborted, DocgenError, ProblemsFound, RunAborted


def _docgen_modules():
    for info in pkgutil.walk_packages(docgen.__path__, "docgen."):
        if info.name.endswith("__main__"):
            continue
        yield importlib.import_module(info.name)


def test_every_exception_docgen_defines_derives_from_docgen_error():
    defined = {
        obj
        for module in _docgen_modules()
        for _, obj in inspect.getmembers(module, inspect.isclass)
        if issubclass(obj, BaseException) and obj.__module__.startswith("docgen.")
    }
    names = {cls.__name__ for cls in defined}
    # the ones the issue names, so the scan cannot pass by finding nothing
    assert {
        "ProblemsFound",
        "Aborted",
        "SecretInExports",
        "ExportError",
        "NeedsUpgrade",
        "StoreError",
        "Unsupported",
        "FormError",
        "OutputError",
        "_TooManyAliases",
        "HarvestAborted",
        "NotAFile",
    } <= names
    assert sorted(cls.__qualname__ for cls in defined if not issubclass(cls, DocgenError)) == []


def test_exceptions_keep_the_standard_bases_callers_catch():
    from docgen.harvest.readonly import PendingChanges
    from docgen.inputs import NotAFile
    from docgen.outfiles import OutputError

    assert issubclass(OutputError, OSError) and issubclass(NotAFile, OSError)
    assert issubclass(PendingChanges, sqlite3.OperationalError)
    error = OutputError(28, "No space left on device", "report.html")
    assert (error.errno, error.strerror, error.filename) == (28, "No space left on device", "report.html")
    assert isinstance(error, DocgenError)
    assert issubclass(RunAborted, ProblemsFound) and issubclass(Aborted, DocgenError)


def test_one_except_catches_what_a_reader_refuses():
    from docgen.parse import parse_bytes

    with pytest.raises(DocgenError) as caught:
        parse_bytes(b"not a form at all", "x.docx")
    assert caught.value.code == "not-docx"


def test_the_check_catalogue_names_every_check_id():
    from docgen.policy.sections import CheckId
    from docgen.report.findings import CATALOGUE, SEVERITIES

    assert set(CATALOGUE) == set(typing.get_args(CheckId))
    assert all(
        check.id == key and check.severity in SEVERITIES and check.title and check.what
        for key, check in CATALOGUE.items()
    )


def test_the_file_code_catalogue_is_one_table_and_every_view_is_drawn_from_it():
    from docgen.filecodes import CATALOGUE, KINDS, WHAT_TO_DO
    from docgen.harvest import problems
    from docgen.harvest.walk import WALK_CODES
    from docgen.parse.record import ISSUE_CODES
    from docgen.parse.safety import FORM_ERRORS, FormError

    views = [FORM_ERRORS, problems.HARVEST_ERRORS, problems.HARVEST_FLAGS, ISSUE_CODES]
    # the views split the catalogue: every code in exactly one, with its meaning
    assert sorted(code for view in views for code in view) == sorted(CATALOGUE)
    assert all(view[code] == CATALOGUE[code].meaning for view in views for code in view)
    assert {CATALOGUE[c].kind for c in FORM_ERRORS} == {"form-error"} and {CATALOGUE[c].kind for c in ISSUE_CODES} == {
        "issue"
    }
    assert {entry.kind for entry in CATALOGUE.values()} == set(KINDS)
    # problems.csv has what to do for every code, and the same table says it
    assert problems.WHAT_TO_DO is WHAT_TO_DO and set(WHAT_TO_DO) == set(CATALOGUE)
    assert all(entry.meaning and entry.what_to_do.endswith((".", ".)")) for entry in CATALOGUE.values())
    assert set(WALK_CODES) <= set(problems.HARVEST_ERRORS)
    for code in FORM_ERRORS:
        assert FormError(code, "why").code == code
    with pytest.raises(ValueError):
        FormError("missing-required", "an issue code is not a reason to refuse a file")


def test_the_file_codes_keep_their_words():
    # problems.csv's texts are read by admins and asserted elsewhere; a sample pins the move
    from docgen.harvest.problems import HARVEST_ERRORS, WHAT_TO_DO
    from docgen.parse.safety import FORM_ERRORS

    assert FORM_ERRORS["zip-bomb"] == "the file expands to far more data than it holds"
    assert HARVEST_ERRORS["other-policy"] == "the form was made under a policy this harvest was not given"
    assert WHAT_TO_DO["unsafe-xml"] == "Do not open the file; report it to IT. Ask the sender for the form again."
    assert list(FORM_ERRORS)[:3] == ["not-a-form", "not-docx", "not-pdf"]
