"""Issue 13's acceptance case, in one harvest: a shared inbox holding a pipe, a link loop, a link out of
the folder, a folder that cannot be listed, forms whose manifests claim the kinds `documents`, `meta`,
`forms`, `../../x` and an absolute path, a session record relabelled as an agreement, and ten valid
forms. The harvest stores exactly the ten valid records, names every other entry in problems.csv with
its code, writes nothing outside its output and export folders, and the report still finds the
missing agreement."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest

from docgen.harvest import read_records
from docgen.policy import load_policy
from docgen.report import parse_roster
from docgen.report.build import build_report
from tests.helpers import harvesting
from tests.helpers.harvesting import run_harvest
from tests.helpers.tampering import HERTS, ROSTER, TAMPERED, WORCS, tampered_files, valid_files


def tree(root: Path, skip: Path) -> dict[str, bytes | str]:
    """Every entry under root (but not under skip): a regular file's bytes, or what else it is."""
    out: dict[str, bytes | str] = {}
    for dirpath, dirs, files in os.walk(root):
        if Path(dirpath).is_relative_to(skip):
            continue
        for name in files + [d for d in dirs if os.path.islink(os.path.join(dirpath, d))]:
            path = Path(dirpath) / name
            if path.is_symlink():
                out[str(path)] = "link to " + os.readlink(path)
            elif path.is_file():
                out[str(path)] = path.read_bytes()
            else:
                out[str(path)] = "not a file"
    return out


# the tampered cases the issue names, and the code each must get (the same with or without --policy)
NAMED = {
    "kind-documents": "tampered-form",
    "kind-meta": "tampered-form",
    "kind-forms": "tampered-form",
    "kind-up": "tampered-form",
    "kind-abs": "tampered-form",
    "relabelled": "tampered-form",
}


@pytest.mark.parametrize("with_policy", [False, True], ids=["no-policy", "policy"])
def test_one_harvest_of_a_hostile_inbox_stores_exactly_the_valid_records(
    tmp_path, with_policy, store_target, monkeypatch
):
    inbox, outside, out = tmp_path / "inbox", tmp_path / "outside", tmp_path / "out"
    exports, abs_target = out / "exports", tmp_path / "abs" / "x"
    for folder in (inbox / "locked", outside, abs_target.parent):
        folder.mkdir(parents=True)
    made = {file: name for file, name in tampered_files(inbox, abs_target).items() if name in NAMED}
    for file in set(os.listdir(inbox)) - set(made) - {"locked"}:
        (inbox / file).unlink()  # keep the cases the issue names
    assert sorted(set(made.values())) == sorted(NAMED) and all(TAMPERED[n][2] == NAMED[n] for n in NAMED)
    want = valid_files(inbox)
    (inbox / "locked" / "hidden.pdf").write_bytes((inbox / "kind-meta.pdf").read_bytes())
    (outside / "elsewhere.docx").write_bytes(next(iter(want)).read_bytes())
    os.mkfifo(inbox / "pipe.pdf")
    (inbox / "loop.docx").symlink_to(inbox / "loop.docx")
    (inbox / "out.docx").symlink_to(outside / "elsewhere.docx")
    odd = {"pipe.pdf": "not-a-file", "loop.docx": "link-loop", "out.docx": "outside-link"}
    (tmp_path / "x.csv").write_text("the user's own file\n")  # what a kind of ../../x would overwrite
    before = tree(tmp_path, out)

    # a PostgreSQL store's problems.csv and secret are written in the current folder: the output folder
    out.mkdir()
    monkeypatch.chdir(out)
    db = out / "h.db" if isinstance(store_target, Path) else store_target
    args = ["--export", "csv", "--export", "xlsx", "--export", "jsonl", "--export-dir", str(exports)]
    code, err = run_harvest(
        inbox,
        db,
        locked=inbox / "locked",
        extra=args + (["--policy", str(WORCS), "--policy", str(HERTS)] if with_policy else []),
    )
    assert code == 1, err  # finished, with files that need attention (not aborted)
    assert "Traceback" not in err and "Ann Example" not in err

    records = {Path(r["path"]) for r in read_records(db)}
    assert records == set(want)  # exactly the ten valid records

    problems = {Path(row["path"]).name: (row["status"], row["code"]) for row in harvesting.problems(db)}
    expected = {
        **{f: ("failed", NAMED[n]) for f, n in made.items()},
        **{f: ("failed", c) for f, c in odd.items()},
        "locked": ("failed", "unreadable-folder"),
    }
    assert {name: problems.get(name) for name in expected} == expected
    assert not {Path(p).name for p in records} & set(problems), "a valid form is also named as a problem"

    # nothing written outside the output folder (which holds the export folder)
    assert tree(tmp_path, out) == before
    assert not abs_target.exists() and not abs_target.with_suffix(".csv").exists()
    assert {p.name for p in exports.iterdir()} >= {"files.csv", "harvest.xlsx", "records.jsonl"}
    if isinstance(db, Path):  # (an SQLite file's own check; PostgreSQL keeps its own consistency)
        con = sqlite3.connect(db)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()

    # the relabelled session record did not become Ann's signed agreement
    report = build_report(read_records(db), load_policy(WORCS), parse_roster(ROSTER), dt.date(2025, 3, 1))
    assert {f.name for f in report.findings if f.check == "A1"} == {"Ann Example"}
