"""Harvest stage: folders of completed forms -> one SQLite database, a status per file, problems.csv.

    result = harvest(["inbox/"], Path("harvest.db"))

Each file is hashed and parsed in a worker process (workers.py), then stored in one transaction
(store.py). A file whose bytes were harvested before is skipped; a changed file replaces its
record (the old one goes to `history`); a file that cannot be read gets a `failed` row with a code
and a plain message. Exports (CSV, XLSX, JSON Lines) are views regenerated from the database
(export.py). The library prints nothing; the CLI shows progress through `on_file`.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import gc
import os
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .identity import expected_forms
from .problems import write_problems
from .readback import read_records
from .store import Outcome, Store, StoreError
from .workers import Known, Pool

__all__ = ["harvest", "find_files", "HarvestResult", "StoreError", "read_records"]

EXTENSIONS = (".docx", ".pdf")
RETRY = ("timeout", "crashed", "too-much-memory", "unreadable")  # worth trying again next run


@dataclass
class HarvestResult:
    files: int = 0
    counts: Counter = field(default_factory=Counter)  # ok / ok_with_issues / failed / unchanged
    seconds: float = 0.0
    problems_csv: Path | None = None
    needs_attention: int = 0  # files in the database that are not ok (this run or before)

    def summary(self) -> str:
        c = self.counts
        parts = [f"{c['ok']:,} ok", f"{c['ok_with_issues']:,} with issues", f"{c['failed']:,} failed"]
        if c["unchanged"]:
            parts.append(f"{c['unchanged']:,} unchanged since the last harvest")
        text = f"Harvested {self.files:,} files: {', '.join(parts)}"
        if self.needs_attention and self.problems_csv:
            text += f"; {self.needs_attention:,} need attention (see {self.problems_csv.name})"
        return f"{text} in {self.seconds:.1f} s"


def find_files(folders: list[Path]) -> list[Path]:
    """Every .docx and .pdf under the folders (recursively, symlinked folders not followed), sorted.
    Word's lock files (`~$name.docx`) are not forms and are left out."""
    return [Path(p) for p in _find(folders)]


def _find(folders: list[Path]) -> list[str]:
    """find_files as real paths (text), read with os.scandir: the type of each entry comes with the
    listing, so a folder of thousands of forms costs no system call per file."""
    found: set[str] = set()
    for folder in folders:
        if folder.is_file():
            found.add(os.path.realpath(folder))
            continue
        stack = [os.path.realpath(folder)]  # below a real folder, every path not through a link is real
        while stack:
            try:
                entries = os.scandir(stack.pop())
            except OSError:
                continue  # a folder that cannot be listed (as os.walk does)
            with entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    elif entry.name.lower().endswith(EXTENSIONS) and not entry.name.startswith("~$"):
                        if not entry.is_symlink():
                            found.add(entry.path)
                        elif not entry.is_dir():  # a link to a form (not to a folder)
                            found.add(os.path.realpath(entry.path))
    return sorted(found, key=lambda p: p.split(os.sep))


def harvest(folders: list[Path], db_path: Path, policies: dict[str, object] | None = None, jobs: int | None = None,
            timeout: float = 30.0, memory_mb: int = 1024,
            on_file: Callable[[int, int, str], None] | None = None) -> HarvestResult:
    """Harvest every form under `folders` into the database at `db_path`; write problems.csv beside it.
    `policies`: policy id -> loaded policy; when given, forms made under any other policy are reported."""
    started = dt.datetime.now(dt.timezone.utc)
    paths = _find(folders)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with _lock(db_path):
        store = Store(db_path)
        thresholds = gc.get_threshold()
        gc.set_threshold(50_000, 20, 20)  # storing makes many short-lived objects and no cycles: collect less
        try:
            result = _run(store, paths, policies, jobs or os.cpu_count() or 1, timeout, memory_mb, on_file)
            finished = dt.datetime.now(dt.timezone.utc)
            store.record_run(started.isoformat(timespec="seconds"), finished.isoformat(timespec="seconds"),
                             [str(f) for f in folders], dict(result.counts))
            result.problems_csv = db_path.parent / "problems.csv"
            result.needs_attention = write_problems(store, result.problems_csv)
        finally:
            gc.set_threshold(*thresholds)
            store.close()
    result.seconds = (dt.datetime.now(dt.timezone.utc) - started).total_seconds()
    return result


def _run(store: Store, paths: list[str], policies, jobs: int, timeout: float, memory_mb: int, on_file) -> HarvestResult:
    result = HarvestResult(files=len(paths))
    retry = {p for (p,) in store.db.execute(f"SELECT path FROM documents WHERE code IN ({','.join('?' * len(RETRY))})",
                                            RETRY)}
    known = Known({p: s for p, s in store.known().items() if p not in retry})
    expected = expected_forms(policies)  # what each policy's forms are (identity.py)
    again: list[str] = []  # copies of bytes that left the database during this run: read them after all
    for paths_now, known_now in ((paths, known), (again, Known({}))):
        if not paths_now:
            continue
        pool = Pool(min(jobs, len(paths_now)), known_now, expected, timeout, memory_mb)
        second, now = None, ""
        for outcome in pool.results(paths_now):
            store.batch()
            if int(time.time()) != second:  # harvested_at is to the second: format it once a second
                second = int(time.time())
                now = dt.datetime.fromtimestamp(second, dt.timezone.utc).isoformat()
            if isinstance(outcome, Outcome):
                outcome = _put(store, outcome, now)
                result.counts[outcome.status] += 1
                path = outcome.path
            else:
                what, path, size, sha = outcome
                if what == "copy":  # a new path to bytes harvested before: counted as what they were
                    status = store.put_copy(path, size, sha, now)
                    if status is None:
                        again.append(path)
                        continue
                    result.counts[status] += 1
                else:
                    result.counts["unchanged"] += 1
            if store.due():
                store.flush()
            if on_file:
                on_file(sum(result.counts.values()), len(paths), path)
        store.flush()
    return result


def _put(store: Store, outcome: Outcome, now: str) -> Outcome:
    """Store one outcome; if its answers cannot be stored (a bug in docgen, not in the file), store
    the file as failed instead, so one file never stops the batch. A database that cannot be
    written at all (a full disk) fails the second put too, and stops the harvest."""
    try:
        store.put(outcome, now)
        return outcome
    except (sqlite3.Error, OverflowError, ValueError, TypeError) as exc:
        failed = Outcome(outcome.path, outcome.size, outcome.sha256, "failed", "crashed",
                         f"docgen could not store this file's answers ({type(exc).__name__}); please report it")
        store.put(failed, now)
        return failed


class _lock:
    """One harvest at a time per database: a second run says so instead of interleaving."""

    def __init__(self, db_path: Path):
        self.path = db_path.with_name(db_path.name + ".lock")

    def __enter__(self):
        self.handle = os.fdopen(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600), "w")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            raise StoreError(f"another harvest is writing to {self.path.with_suffix('')} right now; "
                             "wait for it to finish") from None
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()
        return False
