"""Parse files in worker processes, each with a wall-clock timeout and a memory cap.

No parsing library is a safe boundary on its own (research/reliability.md §0): a hostile file can
loop, balloon or crash the interpreter. So each file is read in a child process; the parent only
stores results. A worker that takes longer than `timeout` seconds on one file is killed and the
file is reported as `timeout`; a worker that runs out of its memory cap reports `too-much-memory`;
a worker that dies reports `crashed`; in every case a fresh worker takes over the rest.

Workers are forked, so they start with docgen imported and the list of files already harvested.
They die with the harvest: each asks the kernel to kill it when its parent dies (Linux), checks
that its parent is still the one that started it, and closes what it inherited of its parent (the
lock file, the parent's ends of every worker's pipe), so a parent that is killed leaves no worker
holding the lock, and a worker that waits on its pipe sees the end of it.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import gc
import hashlib
import json
import logging
import multiprocessing
import os
import resource
import signal
import time
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import wait
from typing import Protocol

from ..inputs import NotAFile, describe_mode, open_regular, read_fd
from ..parse import FormError, parse_bytes
from ..parse.record import BLANK, ISSUE_CODES, Record, is_blank
from ..parse.safety import MAX_FILE
from .identity import PolicyForms
from .identity import check as check_identity
from .store import Outcome

BATCH = 16  # files sent to a worker at a time


class _Closable(Protocol):
    def close(self) -> None: ...


_PARENT_ONLY: dict[int, _Closable] = {}  # id -> what a worker must close when it starts


def parent_only(handle: _Closable) -> None:
    """Mark an open file or connection as the harvest's own: a forked worker closes its copy."""
    _PARENT_ONLY[id(handle)] = handle


def forget(handle) -> None:
    _PARENT_ONLY.pop(id(handle), None)


class Known:
    """What the database holds already: path -> sha256, and the set of all hashes."""

    def __init__(self, by_path: dict[str, str]):
        self.by_path = by_path
        self.hashes = set(by_path.values())


def parse_one(path: str, known: Known, policies: dict[str, PolicyForms] | None) -> Outcome | tuple:
    """Read, hash and parse one file, and check it is the form it claims to be (identity.py). Returns an
    Outcome, or ("unchanged"|"copy", path, size, sha256)."""
    try:
        size, data = _read(path)
        if data is None:
            return Outcome(
                path,
                size,
                "",
                "failed",
                "too-large",
                f"the file is {size / 1e6:.0f} MB; docgen reads forms up to {MAX_FILE // 2**20} MB",
            )
    except NotAFile as exc:
        return Outcome(path, 0, "", "failed", "not-a-file", not_a_file(exc.mode))
    except OSError as exc:
        return Outcome(path, 0, "", "failed", "unreadable", f"cannot read the file: {exc.strerror or exc}")
    sha = hashlib.sha256(data).hexdigest()
    if known.by_path.get(path) == sha:
        return ("unchanged", path, len(data), sha)
    if sha in known.hashes:
        return ("copy", path, len(data), sha)
    if not data:
        return Outcome(path, 0, sha, "failed", "empty", "the file is empty (0 bytes)")
    try:
        record = parse_bytes(data, path)
    except FormError as exc:
        return Outcome(path, len(data), sha, "failed", exc.code, exc.message)
    except MemoryError:
        return Outcome(
            path,
            len(data),
            sha,
            "failed",
            "too-much-memory",
            "reading the file needed more memory than docgen allows one file",
        )
    except RecursionError:
        return Outcome(path, len(data), sha, "failed", "corrupt", "the file is damaged (nested too deeply to read)")
    except Exception as exc:  # a bug in docgen, not in the file: keep going, say so
        return Outcome(
            path,
            len(data),
            sha,
            "failed",
            "crashed",
            f"docgen failed to read this file ({type(exc).__name__}); please report it",
        )
    mismatch = check_identity(record.manifest, record.fields, record.repeats, policies)
    if mismatch is not None:  # names from the file become table and column names: only docgen's own
        return Outcome(path, len(data), sha, "failed", mismatch.code, mismatch.message)
    if is_blank(record):  # nothing to record: listed in problems.csv, never a row of the form's table
        return Outcome(path, len(data), sha, "failed", "blank", blank_message(record))
    return Outcome(
        path, len(data), sha, "ok_with_issues" if record.issues else "ok", record=record.as_dict(), form=_form(record)
    )


_WARNINGS = ("javascript", "launch-action", "submit-action", "unknown-control", "duplicate-control")


def blank_message(record: Record) -> str:
    """What the harvest says of a blank form: that it was never filled in, and any warning the
    file carries beside (active content, fields the form does not define), which a blank file
    must not hide."""
    found = list(dict.fromkeys(ISSUE_CODES[i.code] for i in record.issues if i.code in _WARNINGS))
    return BLANK if not found else f"{BLANK}; but the file also holds: {'; '.join(found)}"


def not_a_file(mode: int) -> str:
    """What the harvest says of an entry named like a form that is not a regular file."""
    return f"this is {describe_mode(mode)}, not a file, so docgen did not open it"


def _read(path: str) -> tuple[int, bytes | None]:
    """The file's size and bytes (None when it is over MAX_FILE). One read of the size fstat gives
    (plus one byte, to see a file that grew); a file that grew, or a short read (a network drive),
    reads on in pieces to the end, up to MAX_FILE + 1 bytes (asking for that much at once would
    allocate 50 MB for every file). Only a regular file is read (NotAFile otherwise)."""
    fd, info = open_regular(path)
    try:
        size = info.st_size
        if size > MAX_FILE:
            return size, None
        data = read_fd(fd, MAX_FILE, expect=size)
    finally:
        os.close(fd)
    return size, data


_FORMS: dict[int, tuple] = {}
_SENT: set[str] = set()  # field lists this process has sent already: the store keeps them by hash


def _form(record: Record) -> dict:
    """The record's form, as it goes to the parent: a hash of its field list and manifest, and the
    list itself (JSON-ready, FieldList.to_data) the first time."""
    hit = _FORMS.get(id(record.form))
    if hit is None or hit[0] is not record.form:
        fields, repeats = record.form.to_data()
        text = json.dumps([fields, repeats], sort_keys=True, ensure_ascii=False)
        hit = (record.form, hashlib.sha256(text.encode()).hexdigest()[:16], fields, repeats)
        _FORMS[id(record.form)] = hit
    doc = record.manifest  # one field list can serve several policies and versions: they are different forms
    key = "\0".join(
        [
            hit[1],
            *(str(doc.get(k)) for k in ("form_id", "form_version", "policy_id", "policy_version", "policy_digest")),
        ]
    )
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    if digest in _SENT:
        return {"hash": digest, "fields": None, "repeats": None}
    _SENT.add(digest)
    return {"hash": digest, "fields": hit[2], "repeats": hit[3]}


def _worker(conn, state, known: Known, policies, memory_mb: int, parent: int) -> None:
    """Parse the batches of paths the parent sends; answer each batch with its results in one message.
    Before each file, `state` gets the file's place in the batch and when it started, so the parent
    can tell which file hangs (or crashes) without a message per file."""
    _watch_parent(parent)
    for handle in list(_PARENT_ONLY.values()):  # the lock file, the parent's ends of the pipes
        with contextlib.suppress(OSError):
            handle.close()
    _PARENT_ONLY.clear()
    for sig in (signal.SIGTERM, signal.SIGHUP):  # the harvest's own handlers (harvest()) are not for workers
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent stops the workers
    gc.freeze()  # what the parent held stays out of this worker's garbage collections (and is never copied);
    # the harvest's collection thresholds (set in harvest(), before the fork) hold here too
    faulthandler.disable()  # a file that crashes the reader is reported by the parent, not dumped on stderr
    logging.getLogger("pikepdf").setLevel(logging.ERROR)
    _SENT.clear()  # what this worker has sent to this harvest's store, not what its parent once did
    _cap_memory(memory_mb)
    while True:
        try:
            batch = conn.recv()
            if batch is None:
                return
            results = []
            for place, path in enumerate(batch):
                if os.getppid() != parent:  # the harvest has gone (where the kernel did not stop this worker)
                    return
                state[0], state[1] = place, time.monotonic()
                results.append(parse_one(path, known, policies))
            state[1] = 0.0
            conn.send(results)
        except (EOFError, OSError):  # the harvest stopped (or was killed): nothing left to do
            return


def _watch_parent(parent: int) -> None:
    """Die with the parent: ask the kernel for SIGKILL when it dies, then make sure it has not died
    already (between fork and now), in which case this worker stops at once."""
    _set_pdeathsig()
    if os.getppid() != parent:
        os._exit(0)


def _set_pdeathsig() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass  # not Linux: the end of the pipe and the parent check stop the worker


def _cap_memory(memory_mb: int) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        with open("/proc/self/statm") as statm:  # virtual size now (shared libraries count too)
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = current + memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (OSError, ValueError):
        pass  # not Linux: the timeout still bounds the work


class Pool:
    """`jobs` forked workers; `results()` yields one Outcome (or unchanged/copy tuple) per path.

    Paths go to a worker in batches and come back as one message per batch (a message per file
    cost about a tenth of the work). Each worker has two batches queued, so it never waits."""

    def __init__(
        self, jobs: int, known: Known, policies, timeout: float, memory_mb: int, stop: Callable[[], bool] | None = None
    ):
        self.ctx = multiprocessing.get_context("fork")
        self.jobs, self.known, self.policies = max(1, jobs), known, policies
        self.timeout, self.memory_mb = timeout, memory_mb
        self.stop = stop or (lambda: False)  # asked between rounds: True ends results() early, workers killed
        self.alone: set[str] = set()  # files to read in a batch of their own (see _replace)

    def _spawn(self) -> dict:
        parent, child = self.ctx.Pipe()
        parent_only(parent)
        state = self.ctx.RawArray("d", 2)  # the file being read (its place in the batch), since when
        proc = self.ctx.Process(
            target=_worker, args=(child, state, self.known, self.policies, self.memory_mb, os.getpid()), daemon=True
        )
        proc.start()
        child.close()
        return {"proc": proc, "conn": parent, "state": state, "batches": deque()}

    def results(self, paths: list[str]):
        _preload(paths)
        todo = deque(paths)
        workers = [self._spawn() for _ in range(min(self.jobs, len(paths)) or 1)]
        try:
            while (todo or any(w["batches"] for w in workers)) and not self.stop():
                for w in workers:
                    while todo and len(w["batches"]) < 2:
                        # smaller batches as the queue runs down, so the workers finish together
                        size = max(1, min(BATCH, len(todo) // (4 * len(workers))))
                        batch = [todo.popleft()]
                        while len(batch) < size and todo and batch[0] not in self.alone and todo[0] not in self.alone:
                            batch.append(todo.popleft())
                        try:
                            w["conn"].send(batch)
                        except OSError:  # the worker has died: the receive below finds out what of
                            todo.extendleft(reversed(batch))
                            break
                        w["batches"].append(batch)
                busy = {w["conn"]: w for w in workers if w["batches"]}
                for conn in wait(list(busy), timeout=0.2):
                    w = busy[conn]
                    try:
                        results = w["conn"].recv()  # conn itself, as a Connection
                    except (EOFError, OSError):
                        blamed = self._replace(workers, w, todo, "crashed")
                        if blamed is not None:
                            yield blamed
                        continue
                    w["batches"].popleft()
                    yield from results
                now = time.monotonic()
                for w in list(workers):
                    since = w["state"][1]
                    if w["batches"] and since and now - since > self.timeout:
                        yield self._replace(workers, w, todo, "timeout")
        finally:
            for w in workers:
                with contextlib.suppress(OSError):
                    w["conn"].send(None)
            for w in workers:
                w["proc"].join(timeout=0 if self.stop() else 2)
                if w["proc"].is_alive():
                    w["proc"].kill()
                    w["proc"].join()
                _close(w["conn"])

    def _replace(self, workers: list, w: dict, todo: deque, why: str) -> Outcome | None:
        """Kill a worker stuck on (or killed by) a file. The files it had not answered for go back in
        the queue, all but the one it was reading, which is reported. A worker that died between
        files (sending a batch's answers, say, out of memory) was reading none: its batch goes back
        to be read a file at a time, and a file that kills a worker when read alone is reported."""
        w["proc"].kill()
        w["proc"].join()
        _close(w["conn"])
        batch = w["batches"].popleft()
        rest = [p for b in w["batches"] for p in b]
        workers[workers.index(w)] = self._spawn()
        reading = bool(w["state"][1])
        if not reading and len(batch) > 1:
            self.alone.update(batch)
            todo.extendleft(reversed([*batch, *rest]))
            return None
        place = min(int(w["state"][0]), len(batch) - 1) if reading else 0
        path = batch[place]
        todo.extendleft(reversed([*batch[:place], *batch[place + 1 :], *rest]))
        size = _size(path)
        if why == "timeout":
            return Outcome(
                path,
                size,
                _sha(path),
                "failed",
                "timeout",
                f"reading the file took longer than {self.timeout:g} s, so docgen stopped",
            )
        code = w["proc"].exitcode
        return Outcome(
            path,
            size,
            _sha(path),
            "failed",
            "crashed",
            f"the reader stopped unexpectedly on this file (exit code {code})",
        )


def _preload(paths: list[str]) -> None:
    """Import the readers these files need before forking, so that workers do not each import them
    (41 ms for DOCX, 116 ms for PDF). A file whose contents are the other kind still works: its
    worker imports that reader when it meets it."""
    kinds = {os.path.splitext(p)[1].lower() for p in paths}
    if ".docx" in kinds:
        from ..parse import docx  # noqa: F401
    if ".pdf" in kinds:
        from ..parse import pdf  # noqa: F401


def _close(conn) -> None:
    forget(conn)
    conn.close()


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _sha(path: str) -> str:
    """The hash of a file a worker could not answer for (a regular file only: see docgen.inputs.open_regular)."""
    try:
        fd, _ = open_regular(path)
        with open(fd, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return ""
