"""Writing output files: atomically, with the right permissions, and spreadsheets made safe.

Every file docgen writes goes through `write_atomic` (a temporary file in the same folder, then a
rename, so a reader never sees half a file). Forms, documents and reports are for sharing and get
the usual permissions; harvest exports hold children's names and are readable by their owner only
(`private=True`), and are flushed to disk before the rename.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_atomic(path: Path, data: bytes, *, private: bool = False) -> None:
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
