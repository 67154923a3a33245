"""The folder walk: only regular files inside the folders are read; every odd entry named like a form
(a pipe, a socket, a link loop, a link out of the folders, a broken link) and every folder that cannot
be listed is named in problems.csv with its own code, and the valid forms beside them are all stored."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from pathlib import Path

import pytest

from docgen.forms import build_form
from docgen.harvest import find_files, read_records
from docgen.harvest.problems import WHAT_TO_DO
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from tests.helpers import harvesting
from tests.helpers.harvesting import run_harvest
from tests.helpers.policies import POLICIES


def problems(db: Path | str) -> dict[str, tuple[str, str, str]]:
    return {r["path"]: (r["status"], r["code"], r["what to do"]) for r in harvesting.problems(db)}


@pytest.fixture
def odd_folder(tmp_path):
    """Ten valid forms among every kind of odd entry; -> (folder, valid paths, odd path -> code, locked folder)."""
    form = build_form(load_policy(POLICIES / "leeds.yaml"), "agreement")
    inbox, outside = tmp_path / "inbox", tmp_path / "outside"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "locked").mkdir()
    outside.mkdir()
    valid = [inbox / f"form-{i}.docx" for i in range(8)] + [
        inbox / "sub" / "form-8.docx",
        inbox / "sub" / "form-9.docx",
    ]
    for i, path in enumerate(valid):
        path.write_bytes(render_docx(form, {"supervisee": f"Child Name {i}"}).data)
    (inbox / "locked" / "hidden.docx").write_bytes(render_docx(form, {"supervisee": "Hidden"}).data)
    (outside / "elsewhere.docx").write_bytes(render_docx(form, {"supervisee": "Elsewhere"}).data)
    os.mkfifo(inbox / "pipe.pdf")
    os.mkfifo(inbox / "sub" / "pipe.docx")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(inbox / "socket.pdf"))
    (inbox / "loop.pdf").symlink_to(inbox / "loop.pdf")
    (inbox / "out.docx").symlink_to(outside / "elsewhere.docx")
    (inbox / "broken.pdf").symlink_to(inbox / "nothing-here.pdf")
    (inbox / "pipe-link.pdf").symlink_to(inbox / "sub" / "pipe.docx")  # a link (inside) to a pipe
    (inbox / "inside.docx").symlink_to(inbox / "sub" / "form-9.docx")  # a link inside: read at its target
    (inbox / "notes.txt").write_text("not a form")
    os.mkfifo(inbox / "pipe.txt")  # not named like a form: not a form, not a problem
    odd = {
        inbox / "pipe.pdf": "not-a-file",
        inbox / "sub" / "pipe.docx": "not-a-file",
        inbox / "socket.pdf": "not-a-file",
        inbox / "loop.pdf": "link-loop",
        inbox / "out.docx": "outside-link",
        inbox / "broken.pdf": "broken-link",
        inbox / "pipe-link.pdf": "not-a-file",
        inbox / "locked": "unreadable-folder",
    }
    yield inbox, valid, odd, inbox / "locked"
    server.close()


def test_odd_entries_are_named_and_every_valid_form_is_stored(odd_folder, tmp_path, store_target, monkeypatch):
    inbox, valid, odd, locked = odd_folder
    monkeypatch.chdir(tmp_path)  # problems.csv of a PostgreSQL store is written in the current folder
    db = tmp_path / "out" / "h.db" if isinstance(store_target, Path) else store_target
    code, err = run_harvest(inbox, db, locked)
    assert code == 1 and "Traceback" not in err and "Child Name" not in err
    assert sorted(r["path"] for r in read_records(db)) == sorted(map(str, valid))
    found = problems(db)
    assert {Path(p): c for p, (status, c, _) in found.items() if status == "failed"} == odd
    assert all(found[str(p)][2] == WHAT_TO_DO[c] != "" for p, c in odd.items())
    assert "Harvested 18 files" in err

    code, err = run_harvest(inbox, db, locked)  # again: nothing stored twice, nothing dropped
    assert code == 1 and problems(db) == found and len(read_records(db)) == 10
    assert "Harvested 18 files" in err and "18 unchanged" in err

    for path in (inbox / "pipe.pdf", inbox / "loop.pdf", inbox / "broken.pdf", inbox / "out.docx"):
        path.unlink()  # fixed: the pipe and links gone, the loop and the link out replaced by forms
    form = build_form(load_policy(POLICIES / "leeds.yaml"), "agreement")
    (inbox / "loop.pdf").write_bytes(render_docx(form, {"supervisee": "Fixed"}).data)  # (a DOCX named .pdf)
    (inbox.parent / "outside" / "elsewhere.docx").rename(inbox / "out.docx")
    code, err = run_harvest(inbox, db)  # and the folder can be listed now
    left = {Path(p): c for p, (status, c, _) in problems(db).items() if status == "failed"}
    assert left == {
        inbox / "sub" / "pipe.docx": "not-a-file",
        inbox / "socket.pdf": "not-a-file",
        inbox / "pipe-link.pdf": "not-a-file",
        inbox / "loop.pdf": "not-pdf",
    }
    assert sorted(r["path"] for r in read_records(db)) == sorted(
        map(str, [*valid, inbox / "out.docx", inbox / "locked" / "hidden.docx"])
    )


def test_find_files_names_nothing_that_is_not_a_regular_file_inside_the_folders(odd_folder):
    inbox, valid, _, locked = odd_folder  # (here the folder can be listed)
    assert find_files([inbox]) == sorted([*valid, locked / "hidden.docx"], key=lambda p: str(p).split(os.sep))


def test_a_worker_and_the_parent_never_open_a_pipe(tmp_path):
    """A pipe put in place of a form after the folder was listed is refused, not waited on for ever:
    by the worker that reads it, and by the parent hashing a file whose worker timed out."""
    from docgen.harvest import workers

    pipe = tmp_path / "late.pdf"
    os.mkfifo(pipe)
    answers: dict = {}
    reader = threading.Thread(
        target=lambda: answers.update(
            outcome=workers.parse_one(str(pipe), workers.Known({}), None), sha=workers._sha(str(pipe))
        ),
        daemon=True,
    )
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # it is waiting for a writer: give it one, so it ends
        for _ in range(2):
            with contextlib.suppress(OSError):
                os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
            reader.join(timeout=2)
        pytest.fail("reading a named pipe waited for a writer")
    outcome = answers["outcome"]
    assert (outcome.status, outcome.code, answers["sha"]) == ("failed", "not-a-file", "")
    assert "named pipe" in outcome.message
