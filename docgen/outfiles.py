"""Writing output files: atomically, with the right permissions, and spreadsheets made safe.

Every file docgen writes goes through `write_atomic` (a temporary file in the same folder, then a
rename, so a reader never sees half a file). Forms, documents and reports are for sharing and get
the usual permissions; harvest exports hold children's names and are readable by their owner only
(`private=True`), and are flushed to disk before the rename.

A write that fails raises `OutputError`, an OSError naming the file docgen meant to write (not its
temporary twin); `cannot_write` turns it into one plain Problem with what to do about it.
`Staging` writes a batch of files into a temporary folder beside their target folder and moves
them into place only when every one was written.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import shutil
import tempfile
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Self

from .errors import DocgenError, Problem

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class OutputError(DocgenError, OSError):
    """Writing `filename` failed; `errno` and `strerror` say why."""


def write_atomic(path: Path, data: bytes, *, private: bool = False) -> None:
    try:
        _write_atomic(path, data, private)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(exc.errno or errno.EIO, exc.strerror or str(exc), str(path)) from exc


def _write_atomic(path: Path, data: bytes, private: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # mode 0600
    try:
        if not private:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)  # the usual permissions, so colleagues on a shared drive can read it
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if private:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# Letters that do not decompose into a plain letter and a mark (so NFKD alone would drop them).
_OWN_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
        "ı": "i",
        "ħ": "h",
        "Ħ": "H",
    }
)


def ascii_letters(text: str) -> str:
    """Text in plain ASCII letters for a file name: accents dropped (Siân -> Sian, Rhŷs -> Rhys) and
    letters of their own spelt out (Małgorzata -> Malgorzata, Søren -> Soren); anything else dropped."""
    return unicodedata.normalize("NFKD", text.translate(_OWN_LETTERS)).encode("ascii", "ignore").decode()


def neutralise(value):
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_bytes(header, rows) -> bytes:
    """A CSV file Excel opens as UTF-8 (byte-order mark, CRLF), every text cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([neutralise(v) for v in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


_HINTS = {
    errno.ENOSPC: "the disk is full; free some space or choose another folder, then run again",
    errno.EDQUOT: "your disk quota is used up; free some space or choose another folder, then run again",
    errno.EROFS: "this is read-only storage; choose a folder you can write to",
    errno.EACCES: "you may not write there; choose a folder you can write to, or ask for access",
    errno.EPERM: "you may not write there; choose a folder you can write to, or ask for access",
    errno.ENOTDIR: "a file is in the way where docgen needs a folder; choose another path",
    errno.EEXIST: "a file is in the way where docgen needs a folder; choose another path",
    errno.EISDIR: "a folder is in the way where docgen needs a file; choose another path",
}


def cannot_write(exc: OSError, written: Sequence[Path] = (), total: int = 0) -> Problem:
    """One plain problem for a failed write: which file, why, what to do, and what was written."""
    path = exc.filename if isinstance(exc, OutputError) else ""
    reason = exc.strerror or "the system refused the write"
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):
        reason = "part of the path is a file, not a folder"
    hint = _HINTS.get(exc.errno or 0, "check the folder and the disk, then run again")
    if written:
        done = f"{len(written)} of {total} file(s) were written" if total else f"{len(written)} file(s) were written"
        hint += f". {done}: " + ", ".join(str(p) for p in written)
    else:
        hint += ". Nothing was written"
    return Problem("cannot-write", f"cannot write {'this' if path else 'the output'}: {reason}", hint, file=path)


class Staging:
    """Files for `folder`, written first into a hidden temporary folder beside it (or, if its
    parent is not writable, inside it) and moved into place by `commit` once all were written.
    On leaving the block the temporary folder is removed, whatever happened."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.dir: Path | None = None
        self.files: list[Path] = []  # final paths, in the order they were staged

    def __enter__(self) -> Self:
        places = [self.folder.parent, self.folder]
        if self.folder.is_dir() and self.folder.stat().st_dev != self.folder.parent.stat().st_dev:
            places = [self.folder]  # a mount point: a file cannot be renamed across into it
        error: OSError = OSError(errno.EIO, "no folder to write in")
        for place in places:
            try:
                place.mkdir(parents=True, exist_ok=True)
                self.dir = Path(tempfile.mkdtemp(dir=place, prefix=f".{self.folder.name}.docgen-"))
                return self
            except OSError as exc:
                error = exc
        raise OutputError(error.errno or errno.EIO, error.strerror or str(error), str(self.folder))

    def write(self, final: Path, data: bytes, *, private: bool = False) -> None:
        """Stage the bytes of the file that belongs at `final` (inside the folder); errors name `final`."""
        if final not in self.files:
            self.files.append(final)
        try:
            write_atomic(self.path_of(final), data, private=private)
        except OSError as exc:
            raise OutputError(exc.errno or errno.EIO, exc.strerror or str(exc), str(final)) from exc

    def commit(self) -> list[Path]:
        """Move every staged file into place; an OutputError says which and lists those moved."""
        moved: list[Path] = []
        for final in self.files:
            try:
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.path_of(final), final)
            except OSError as exc:
                error = OutputError(exc.errno or errno.EIO, exc.strerror or str(exc), str(final))
                error.written = moved  # type: ignore[attr-defined]
                raise error from exc
            moved.append(final)
        return moved

    def path_of(self, final: Path) -> Path:
        assert self.dir is not None
        return self.dir / final.relative_to(self.folder)

    def __exit__(self, *_exc) -> None:
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
