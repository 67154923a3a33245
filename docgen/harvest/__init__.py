"""Harvest stage: folders of completed forms -> one SQLite database, a status per file, problems.csv.

    result = harvest(["inbox/"], Path("harvest.db"))

Each file is hashed and parsed in a worker process (workers.py), then stored in one transaction
(store.py). A file whose bytes were harvested before is skipped; a changed file replaces its
record (the old one goes to `history`); a file that cannot be read gets a `failed` row with a code
and a plain message. Exports (CSV, XLSX, JSON Lines) are views regenerated from the database
(export.py). The library prints nothing; the CLI shows progress through `on_file`.

Only regular files are read (walk.py): pipes, devices, links out of the folders, link loops and
folders that cannot be listed are stored as `failed` rows with their own code, so problems.csv names
them; such a row goes when its entry is gone or fixed. SIGTERM or SIGHUP during a harvest (a dropped
SSH session) stops it between files: what was stored is kept, the workers are stopped, and
HarvestAborted is raised.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import gc
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Aborted
from .backend import Target, beside, db_errors, is_url, refused, taken
from .identity import expected_forms
from .problems import WHAT_TO_DO, write_problems
from .readback import read_records
from .store import Outcome, Store, StoreError
from .walk import WALK_CODES, under, walk
from .workers import Known, Pool, forget, parent_only

__all__ = ["harvest", "find_files", "HarvestResult", "HarvestAborted", "StoreError", "read_records"]

RETRY = ("timeout", "crashed", "too-much-memory", "unreadable")  # worth trying again next run


@dataclass
class HarvestResult:
    files: int = 0
    counts: Counter = field(default_factory=Counter)  # ok / ok_with_issues / failed / unchanged
    seconds: float = 0.0
    problems_csv: Path | None = None
    needs_attention: int = 0  # files in the database that are not ok (this run or before)
    copies: int = 0  # files listed in problems.csv only as a copy of another (counted once: nothing to do)
    unstored: list[list[str]] = field(default_factory=list)  # problems.csv rows of files not stored at all

    def summary(self) -> str:
        c = self.counts
        parts = [f"{c['ok']:,} ok", f"{c['ok_with_issues']:,} with issues", f"{c['failed']:,} failed"]
        if c["unchanged"]:
            parts.append(f"{c['unchanged']:,} unchanged since the last harvest")
        text = f"Harvested {self.files:,} files: {', '.join(parts)}"
        if self.needs_attention and self.problems_csv:
            text += f"; {self.needs_attention:,} need attention (see {self.problems_csv.name})"
        if self.copies and self.problems_csv:
            text += f"; {self.copies:,} are copies of another file, counted once (listed in {self.problems_csv.name})"
        return f"{text} in {self.seconds:.1f} s"


class HarvestAborted(Aborted):
    """A signal (SIGTERM, SIGHUP) stopped the harvest before it finished; what it stored is kept.
    An `Aborted`: every command that harvests (harvest, demo) ends with exit code 3 and this message."""

    def __init__(self, signal_name: str):
        self.signal_name = signal_name
        super().__init__(
            f"the harvest was stopped ({signal_name}) before it finished; the files it stored "
            "are kept, and running it again carries on from there"
        )


def find_files(folders: list[Path]) -> list[Path]:
    """Every .docx and .pdf under the folders (recursively, symlinked folders not followed), sorted.
    Word's lock files (`~$name.docx`) are not forms and are left out, and so is anything that is not
    a regular file, or a link out of the folders (walk.py names those)."""
    return [Path(p) for p in walk(folders)[0]]


def harvest(
    folders: list[Path],
    db_path: Target,
    policies: dict[str, object] | None = None,
    jobs: int | None = None,
    timeout: float = 30.0,
    memory_mb: int = 1024,
    on_file: Callable[[int, int, str], None] | None = None,
) -> HarvestResult:
    """Harvest every form under `folders` into the store at `db_path` (an SQLite file's path, or a
    PostgreSQL URL: backend.py); write problems.csv beside it (for PostgreSQL, in the current folder).
    `policies`: policy id -> loaded policy; when given, forms made under any other policy are reported.
    Several harvests may write one PostgreSQL store at once (they take turns, transaction by
    transaction); an SQLite file takes one harvest at a time."""
    started = dt.datetime.now(dt.UTC)
    paths, odd = walk(folders)
    roots = [os.path.realpath(f) for f in folders]
    if not is_url(db_path):
        Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    with _lock(db_path) if not is_url(db_path) else contextlib.nullcontext(), _Signals() as stop:
        store = Store(db_path)
        session = _Descriptor(store.db.fileno()) if is_url(db_path) else None
        if session:
            parent_only(session)  # a worker holds no copy of the server connection's socket
        thresholds = gc.get_threshold()
        gc.set_threshold(50_000, 20, 20)  # storing makes many short-lived objects and no cycles: collect less
        try:
            result = _run(
                store, paths, odd, roots, policies, jobs or os.cpu_count() or 1, timeout, memory_mb, on_file, stop
            )
            finished = dt.datetime.now(dt.UTC)
            store.record_run(
                started.isoformat(timespec="seconds"),
                finished.isoformat(timespec="seconds"),
                [str(f) for f in folders],
                dict(result.counts),
            )
            store.refresh_views()  # the labelled views, with any column a new form brought (views.py)
            result.problems_csv = problems_path(db_path)
            result.needs_attention, result.copies = write_problems(store, result.problems_csv, result.unstored)
        finally:
            gc.set_threshold(*thresholds)
            if session:
                forget(session)
            store.close()
    if stop():  # a signal while problems.csv was written: the harvest is whole, but asked to stop
        raise HarvestAborted(stop.received or "")
    result.seconds = (dt.datetime.now(dt.UTC) - started).total_seconds()
    return result


class _Descriptor:
    """A file descriptor a forked worker closes its copy of, and only that: for the socket of the
    harvest's PostgreSQL session (closing the connection there would end the session on the server)."""

    def __init__(self, fd: int):
        self.fd = fd

    def close(self) -> None:
        os.close(self.fd)


def _run(
    store: Store,
    paths: list[str],
    odd: list[Outcome],
    roots: list[str],
    policies,
    jobs: int,
    timeout: float,
    memory_mb: int,
    on_file,
    stop: _Signals,
) -> HarvestResult:
    result = HarvestResult(files=len(paths) + len(odd))
    _put_odd(store, odd, roots, result)
    retry = {
        p
        for (p,) in store.db.execute(f"SELECT path FROM documents WHERE code IN ({','.join('?' * len(RETRY))})", RETRY)
    }
    known = Known({p: s for p, s in store.known().items() if p not in retry})
    expected = expected_forms(policies)  # what each policy's forms are (identity.py)
    again: list[str] = []  # copies of bytes that left the database during this run: read them after all
    for paths_now, known_now in ((paths, known), (again, Known({}))):
        if stop():
            raise HarvestAborted(stop.received or "")
        if not paths_now:
            continue
        pool = Pool(min(jobs, len(paths_now)), known_now, expected, timeout, memory_mb, stop)
        second, now = None, ""
        for outcome in pool.results(paths_now):
            store.batch()
            if int(time.time()) != second:  # harvested_at is to the second: format it once a second
                second = int(time.time())
                now = dt.datetime.fromtimestamp(second, dt.UTC).isoformat()
            if isinstance(outcome, Outcome):
                outcome = _put(store, outcome, now)
                if outcome.code == "path-taken":
                    _unstored(result, outcome.path)
                result.counts[outcome.status] += 1
                path = outcome.path
            else:
                what, path, size, sha = outcome
                if what == "copy":  # a new path to bytes harvested before: counted as what they were
                    try:
                        status = store.put_copy(path, size, sha, now)
                    except db_errors() as exc:
                        if not _taken_by_another_agency(store, exc):
                            raise
                        status = _unstored(result, path)
                    if status is None:
                        again.append(path)
                        continue
                    result.counts[status] += 1
                else:
                    result.counts["unchanged"] += 1
            if store.due():
                store.flush()
            if on_file:
                on_file(sum(result.counts.values()), result.files, path)
        store.flush()
    if stop():
        raise HarvestAborted(stop.received or "")
    return result


def problems_path(target: Target) -> Path:
    """problems.csv: beside an SQLite file; for a PostgreSQL store, `<dbname>-problems.csv` here."""
    return beside(target, "-problems.csv") if is_url(target) else Path(target).parent / "problems.csv"


def _put_odd(store: Store, odd: list[Outcome], roots: list[str], result: HarvestResult) -> None:
    """Store the entries the walk named (a pipe, a link out of the folders...) as failed rows, and drop
    the rows of such entries under these folders that are gone or fixed (a fixed one is read as a file)."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    named = {o.path for o in odd}
    marks = ",".join("?" * len(WALK_CODES))
    before = dict(store.db.execute(f"SELECT path, code FROM documents WHERE code IN ({marks})", WALK_CODES).fetchall())
    with store.transaction():
        for path in before:
            if path not in named and under(path, roots):
                store.db.execute("DELETE FROM documents WHERE path = ?", (path,))
    for outcome in odd:
        if before.get(outcome.path) == outcome.code:
            result.counts["unchanged"] += 1
            continue
        _put(store, outcome, now)
        result.counts["failed"] += 1


def _unstored(result: HarvestResult, path: str) -> str:
    """A file another agency's role stored first, at the same path: this role can neither see nor
    replace its row. Listed in problems.csv (and counted as failed), not stored."""
    message = "another agency's harvest stored a file at this path first; it is theirs"
    result.unstored.append([path, "failed", "other-agency", message, WHAT_TO_DO["other-agency"]])
    return "failed"


def _put(store: Store, outcome: Outcome, now: str) -> Outcome:
    """Store one outcome; if its answers cannot be stored (a bug in docgen, not in the file), store
    the file as failed instead, so one file never stops the batch. A database that cannot be
    written at all (a full disk) fails the second put too, and stops the harvest."""
    try:
        store.put(outcome, now)
        return outcome
    except db_errors() + (OverflowError, ValueError, TypeError) as exc:
        if _taken_by_another_agency(store, exc):
            return outcome._replace(status="failed", code="path-taken")
        policy = ((outcome.record or {}).get("document") or {}).get("policy_id")
        code = "crashed"
        message = f"docgen could not store this file's answers ({type(exc).__name__}); please report it"
        if refused(exc):  # row-level security: a form of another agency's policy (pgsecurity.py)
            code, message = "other-agency", f"this form was made under {policy!r}, another agency's policy"
        failed = Outcome(outcome.path, outcome.size, outcome.sha256, "failed", code, message)
    try:
        store.put(failed, now)
    except db_errors() as exc:
        if _taken_by_another_agency(store, exc):
            return failed._replace(code="path-taken")
        raise
    return failed


def _taken_by_another_agency(store: Store, exc: BaseException) -> bool:
    """An agency's role met a path another agency stored (row-level security hides that row from it)."""
    return store.agency is not None and taken(exc)


class _lock:
    """One harvest at a time per database: a second run says so instead of interleaving. The lock
    file sits beside the database's real path, so a linked or relative path to the same database
    finds the same lock. Workers close their copy of it (workers.parent_only): only this process holds it.
    The lock file is removed on the way out, while still held; so a run that opened it just before
    then locks a file no longer at the path: it checks (device and inode) and tries again."""

    def __init__(self, db_path: Target):
        self.db_path = db_path
        self.path = Path(os.path.realpath(db_path) + ".lock")

    def __enter__(self):
        while True:
            handle = os.fdopen(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600), "w")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                raise StoreError(
                    f"another harvest is writing to {self.db_path} right now; wait for it to finish"
                ) from None
            if _same_file(handle, self.path):
                break
            handle.close()  # removed (or replaced) by the run that held it: lock the one at the path now
        self.handle = handle
        parent_only(self.handle)
        return self

    def __exit__(self, *exc):
        forget(self.handle)
        with contextlib.suppress(OSError):  # while held: a run that opened this file finds it gone, opens anew
            os.unlink(self.path)
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()
        return False


def _same_file(handle, path: Path) -> bool:
    try:
        at_path = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(handle.fileno())
    return (held.st_dev, held.st_ino) == (at_path.st_dev, at_path.st_ino)


class _Signals:
    """SIGTERM and SIGHUP (a dropped SSH session) during a harvest: noted, and the harvest stops
    between files (calling this says whether one came). A signal that was ignored (nohup) stays
    ignored; the handlers before are put back after. Only the main thread can set handlers."""

    def __init__(self) -> None:
        self.received: str | None = None
        self.before: dict = {}

    def __call__(self) -> bool:
        return self.received is not None

    def _note(self, signum, frame) -> None:
        self.received = signal.Signals(signum).name

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGHUP):
                if signal.getsignal(sig) is not signal.SIG_IGN:
                    self.before[sig] = signal.signal(sig, self._note)
        return self

    def __exit__(self, *exc):
        for sig, handler in self.before.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        return False
