"""Issue 13 item 9: `generate` and `report` into a full or read-only folder, or a path whose parent
is a file, end in one plain message and exit 1, never an OSError traceback, and leave nothing
half-written (generate moves its files into place only when all were written, or names exactly
those that were). Tests run as root, where chmod does not stop a write, so a full disk or
read-only storage is simulated: every file docgen opens for writing raises ENOSPC or EROFS once a
budget of files is used up.
"""

from __future__ import annotations

import errno
import os
import re

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.demo.agency import generate as synthetic_agency
from tests.helpers.policies import ROOT

_REAL_FDOPEN = os.fdopen


class _Disk:
    """os.fdopen whose write handles fail with `error` once `files` of them have been written."""

    def __init__(self, files: int, error: int = errno.ENOSPC):
        self.files, self.error = files, error

    def fdopen(self, fd, mode="r", *args, **kwargs):
        handle = _REAL_FDOPEN(fd, mode, *args, **kwargs)
        if "w" not in mode and "a" not in mode:
            return handle
        if self.files <= 0:
            handle.close()
            raise OSError(self.error, os.strerror(self.error))
        self.files -= 1
        return handle


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _plain(result, *phrases: str) -> str:
    err = result.stderr
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (result.exception, err)
    assert "Traceback" not in err and "OSError" not in err and "Errno" not in err, err
    for phrase in phrases:
        assert phrase.lower() in err.lower(), err
    return err


def _left_behind(folder) -> list[str]:
    """Every file and folder under `folder` (staging folders and temporary files included)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


GENERATE = ("generate", "leeds", "--only", "agreement,session-record,case-record", "--format", "docx")


# --- generate ------------------------------------------------------------------------------------


def test_generate_on_a_full_disk_writes_nothing(tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(os, "fdopen", _Disk(files=2).fdopen)
    result = _run(*GENERATE, "-o", out)
    err = _plain(result, "the disk is full", "Nothing was written")
    assert re.search(rf"^{re.escape(str(out))}/leeds_\w+\.docx: cannot write this: No space left on device", err), err
    assert _left_behind(tmp_path) == []  # no output folder, no staging folder, no temporary file


def test_generate_on_read_only_storage_says_so(tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(os, "fdopen", _Disk(files=0, error=errno.EROFS).fdopen)
    _plain(_run(*GENERATE, "-o", out), "read-only", "Nothing was written")
    assert _left_behind(tmp_path) == []


def test_generate_into_a_path_whose_parent_is_a_file(tmp_path):
    (tmp_path / "afile").write_text("x")
    _plain(
        _run(*GENERATE, "-o", tmp_path / "afile" / "out"),
        f"{tmp_path / 'afile' / 'out'}: cannot write this: part of the path is a file",
        "a file is in the way",
    )
    assert _left_behind(tmp_path) == ["afile"]


def test_generate_force_on_a_full_disk_keeps_the_old_files(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert _run(*GENERATE, "-o", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert len(before) == 3
    monkeypatch.setattr(os, "fdopen", _Disk(files=1).fdopen)
    _plain(_run(*GENERATE, "-o", out, "--force"), "the disk is full", "Nothing was written")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # each one whole, none half-replaced
    assert _left_behind(tmp_path) == sorted(["out"] + [f"out/{name}" for name in before])


def test_a_move_that_fails_names_exactly_what_was_written(tmp_path, monkeypatch):
    out = tmp_path / "out"
    real_replace, moved = os.replace, []

    def replace(src, dst, *args, **kwargs):
        if os.path.dirname(os.fspath(dst)) == str(out):
            if len(moved) == 2:
                raise OSError(errno.EROFS, os.strerror(errno.EROFS))
            moved.append(os.path.basename(os.fspath(dst)))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    err = _plain(_run(*GENERATE, "-o", out), "read-only", "2 of 3 file(s) were written: ")
    for name in moved:
        assert str(out / name) in err
    assert sorted(p.name for p in out.iterdir()) == sorted(moved)
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # the staging folder is gone


# --- report --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def agency():
    return synthetic_agency(staff=6, years=1, seed=4)


def _report(tmp_path, monkeypatch, agency, *extra):
    monkeypatch.setattr("docgen.report.source.read_harvest", lambda path, policy_ids=None: agency.records)
    db, roster = tmp_path / "harvest.db", tmp_path / "staff.csv"
    db.write_bytes(b"")
    roster.write_text(agency.roster_csv(), encoding="utf-8")
    policy = ROOT / "docgen" / "demo" / "demo_policy.yaml"
    return _run("report", db, "--policy", policy, "--roster", roster, "--as-of", agency.as_of.isoformat(), *extra)


def test_report_into_a_path_whose_parent_is_a_file(tmp_path, monkeypatch, agency):
    (tmp_path / "afile").write_text("x")
    target = tmp_path / "afile" / "report.html"
    _plain(
        _report(tmp_path, monkeypatch, agency, "-o", target),
        f"{target}: cannot write this",
        "a file is in the way",
        "Nothing was written",
    )


def test_report_on_a_full_disk_leaves_neither_file(tmp_path, monkeypatch, agency):
    out, findings = tmp_path / "out" / "report.html", tmp_path / "out" / "findings.xlsx"
    monkeypatch.setattr(os, "fdopen", _Disk(files=1).fdopen)  # the HTML fits; the findings do not
    _plain(
        _report(tmp_path, monkeypatch, agency, "-o", out, "--findings", findings),
        f"{findings}: cannot write this: No space left on device",
        "the disk is full",
        "Nothing was written",
    )
    assert _left_behind(tmp_path / "out") == []


def test_report_force_on_a_full_disk_names_the_file_it_replaced(tmp_path, monkeypatch, agency):
    out, findings = tmp_path / "report.html", tmp_path / "findings.csv"
    out.write_text("old report")
    monkeypatch.setattr(os, "fdopen", _Disk(files=1).fdopen)
    _plain(
        _report(tmp_path, monkeypatch, agency, "-o", out, "--findings", findings, "--force"),
        f"{findings}: cannot write this",
        f"1 of 2 file(s) were written: {out}",
    )
    assert not findings.exists() and out.read_text() != "old report"


def test_a_failed_write_is_a_cannot_write_problem_at_the_file(tmp_path, monkeypatch):
    from docgen.errors import ProblemsFound
    from docgen.generate import generate, plan, select_forms
    from docgen.policy import load_policy

    loaded = load_policy(ROOT / "policies" / "leeds.yaml")
    jobs = plan(loaded, tmp_path / "out", select_forms(loaded, ["agreement"]), ["docx"])
    monkeypatch.setattr(os, "fdopen", _Disk(files=0).fdopen)
    with pytest.raises(ProblemsFound) as info:
        generate(loaded, jobs, (), tmp_path / "out")
    [problem] = info.value.problems
    assert (problem.code, problem.file) == ("cannot-write", str(tmp_path / "out" / "leeds_agreement.docx"))
