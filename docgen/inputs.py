"""Reading the files people hand docgen (policies, templates, staff lists, rosters) within bounds.

- `read_fd` reads an open file to its end, never more than a cap (the harvest's workers use it too);
- `open_regular` opens a regular file without blocking and refuses anything else (NotAFile);
- `read_capped` opens a path without blocking, refuses anything that is not a regular file (a
  FIFO, /dev/zero, a folder, a socket) and reads at most `cap` bytes: the cap is counted on the
  bytes read, never trusted from `stat` (a device or /proc file reports size 0).
- `csv_table` reads CSV text into (header, rows) and says plainly, located by line and column,
  when the header names a column twice, a cell is longer than `MAX_CELL` characters (usually a
  quote left open, which makes the rest of the file one cell), or the file has more data rows
  than the caller allows.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

from .errors import DocgenError, Problem, ProblemsFound

MAX_CSV_BYTES = 20_000_000  # a 100,000-person roster is about 10 MB
MAX_CELL = 131_072  # characters in one CSV cell (Python's csv default limit)
_CHUNK = 1 << 20


def describe_mode(mode: int) -> str:
    """What a path that is not a regular file is, in words ("a FIFO (named pipe)", "a device"...)."""
    for test, what in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return what
    return "not a regular file"


class NotAFile(DocgenError, OSError):
    """A path that is not a regular file (a FIFO, a device, a socket, a folder): never read."""

    def __init__(self, mode: int) -> None:
        self.mode = mode
        super().__init__(describe_mode(mode))


def open_regular(path: str | Path) -> tuple[int, os.stat_result]:
    """Open a regular file for reading, and its fstat; NotAFile for anything else. Opened without
    waiting (a FIFO with no writer would otherwise wait for ever), then refused unless regular."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise NotAFile(info.st_mode)
    os.set_blocking(fd, True)
    return fd, info


def read_fd(fd: int, cap: int, expect: int | None = None) -> bytes:
    """An open file's bytes to its end, but never more than `cap` + 1 (a result longer than `cap`
    says the file is over it). `expect`: the size fstat gave; one read of that (plus a byte, to
    see a file that grew) is the whole file when it gives exactly that much. Otherwise (a file
    that grew, a short read from a network drive, a size stat cannot tell) it reads on in
    pieces: asking for `cap` bytes at once would allocate them for every file."""
    chunks: list[bytes] = []
    size = 0
    if expect is not None:
        data = os.read(fd, min(expect, cap) + 1)
        if len(data) == expect:
            return data
        chunks, size = [data], len(data)
    while size <= cap:
        chunk = os.read(fd, min(_CHUNK, cap + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def read_capped(path: str | Path, cap: int, what: str = "file", *, code: str = "too-large", hint: str = "") -> bytes:
    """The bytes of a regular file, at most `cap` of them, or one Problem saying why not."""
    path = Path(path)

    def fail(code_: str, message: str, hint_: str) -> ProblemsFound:
        return ProblemsFound([Problem(code_, message, hint_, file=str(path))])

    try:
        fd, _ = open_regular(path)
    except NotAFile as exc:
        raise fail(
            "not-a-file",
            f"the {what} is {describe_mode(exc.mode)}, not a file docgen can read",
            "give the path of a saved file",
        ) from None
    except OSError as exc:
        raise fail(
            "file-not-found",
            f"cannot read the {what}: {exc.strerror or exc}",
            "check the path and that you may read it",
        ) from None
    try:
        data = read_fd(fd, cap)
        if len(data) > cap:
            raise fail(
                code,
                f"the {what} is larger than the {cap:,} bytes docgen accepts",
                hint or "check this is the right file",
            )
        return data
    except OSError as exc:
        raise fail(
            "file-not-found",
            f"cannot read the {what}: {exc.strerror or exc}",
            "check the path and that you may read it",
        ) from None
    finally:
        os.close(fd)


def read_csv_text(path: str | Path, what: str) -> str:
    """The text of a UTF-8 CSV file a person saved (Excel's byte-order mark allowed), or one
    Problem saying why it cannot be read: a staff list, a roster."""
    raw = read_capped(
        path,
        MAX_CSV_BYTES,
        what,
        hint="a staff list or roster is a few megabytes at most; check this is the right file",
    )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProblemsFound(
            [
                Problem(
                    "bad-value",
                    f"the {what} is not UTF-8 text",
                    "in Excel choose Save As, CSV UTF-8 (Comma delimited)",
                    file=str(path),
                )
            ]
        ) from None


def csv_table(
    text: str, file: str, what: str = "file", max_rows: int | None = None, rows_hint: str = ""
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(header, [(line, {column: stripped cell})]) of CSV text; empty column names are left out
    of the cells (the caller reports them). Raises ProblemsFound for a duplicate column, a cell
    over MAX_CELL characters, unreadable CSV, or more than `max_rows` data rows."""

    def fail(code: str, message: str, hint: str, line: int = 0, column: int = 0, path: str = "") -> ProblemsFound:
        return ProblemsFound([Problem(code, message, hint, file=file, line=line, column=column, path=path)])

    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # measured below, per cell, with its row and column
    try:
        reader = csv.reader(io.StringIO(text))
        try:
            header = [h.strip() for h in next(reader, [])]
            _check_cells(header, header, 1, 0, fail)
            seen: dict[str, int] = {}
            for col, name in enumerate(header, 1):
                if name and name in seen:
                    raise fail(
                        "duplicate-column",
                        f'the column "{name}" appears twice in the header (columns {seen[name]} and {col})',
                        "delete or rename one of them: docgen cannot tell which one to use",
                        1,
                        col,
                        name,
                    )
                seen[name] = col
            rows: list[tuple[int, dict[str, str]]] = []
            for number, cells in enumerate(reader, 1):
                if max_rows is not None and number > max_rows:
                    raise fail("too-large", f"the {what} has more than {max_rows:,} rows", rows_hint)
                _check_cells(cells, header, reader.line_num, number, fail)
                rows.append(
                    (
                        reader.line_num,
                        {name: (cells[i] if i < len(cells) else "").strip() for i, name in enumerate(header) if name},
                    )
                )
        except csv.Error as exc:
            raise fail(
                "bad-value",
                f"the {what} is not CSV docgen can read near line {reader.line_num}: {exc}",
                "save it again from Excel as CSV UTF-8 (Comma delimited)",
                reader.line_num,
            ) from None
    finally:
        csv.field_size_limit(limit)
    return header, rows


def _check_cells(cells: list[str], header: list[str], line: int, number: int, fail) -> None:
    for i, cell in enumerate(cells):
        if len(cell) > MAX_CELL:
            name = header[i] if i < len(header) and header[i] else f"column {i + 1}"
            where = f"row {number} (ending on line {line})" if number else "the header"
            raise fail(
                "too-large",
                f'the cell in {where}, column "{name}", is {len(cell):,} characters long, '
                f"more than the {MAX_CELL:,} allowed",
                'check that every quote (") in that row is closed; a quote left open makes the rest of '
                "the file one cell",
                line,
                i + 1,
                name,
            )
