"""Exports: views regenerated from the harvest database, never appended to.

- CSV: one file per table, UTF-8 with a byte-order mark (Excel reads it as UTF-8), ISO dates,
  text cells that a spreadsheet would run as a formula (starting = + - @, tab or CR) prefixed
  with an apostrophe;
- XLSX (openpyxl): one sheet per table, header row frozen, the same neutralising;
- JSON Lines: one line per record, repeats nested, as `docgen parse` prints them.

Every file is written to a temporary file and renamed into place, readable only by its owner.
`pseudonymise` replaces children's names and dates of birth (fields whose role is
`child_identifier` or `child_dob`) with stable pseudonyms: an HMAC of the value under a secret
kept on this machine, so one child gets one pseudonym across every export, and nobody without the
secret can reverse it.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import re
import secrets
from collections.abc import Callable
from functools import partial
from pathlib import Path

from ..errors import DocgenError
from ..outfiles import csv_bytes, neutralise, write_atomic
from ..parse.record import ISSUE_CODES
from ..xlsxcells import Cells
from .backend import Target, beside
from .layout import Layout, Sheet, build
from .readback import records
from .sheetrows import DICTIONARY, DICTIONARY_FILE, PRIVATE_ROLES, dictionary
from .sheetrows import sheet_rows as _sheet_rows

FORMATS = ("csv", "xlsx", "jsonl")
__all__ = ["FORMATS", "PRIVATE_ROLES", "ExportError", "Pseudonyms", "SecretInExports", "export"]


def secret_path(db_path: Target) -> Path:
    """Where the pseudonym secret of a database is kept: beside it (`harvest.db.secret`; for a
    PostgreSQL store, in the current folder, named after the database: backend.beside)."""
    return beside(db_path, ".secret")


def default_export_dir(db_path: Target) -> Path:
    """The export folder when none is given: a folder of its own beside the database
    (`harvest-exports/` for `harvest.db`), so sharing it shares neither the database nor the secret."""
    return beside(db_path, "-exports")


class SecretInExports(DocgenError):
    """The export folder holds the pseudonym secret: whoever got the exports could undo the pseudonyms."""


class Pseudonyms:
    """Stable pseudonyms under a secret stored beside the database (created on first use, mode 0600)."""

    def __init__(self, secret_path: Path):
        self.path = secret_path
        if not secret_path.exists():
            write_atomic(secret_path, secrets.token_hex(32).encode(), private=True)
        self.key = secret_path.read_bytes().strip()

    def check_outside(self, folder: Path) -> None:
        """Refuse a folder that holds the secret (or holds the folder that does)."""
        if self.path.parent.resolve().is_relative_to(folder.resolve()):
            raise SecretInExports(
                f"{folder} holds the pseudonym secret {self.path.name} (kept beside the database), and anyone "
                "given the exports with it could undo the pseudonyms; choose an export folder that does not "
                f"hold the database, such as the default {default_export_dir(self.path.with_suffix(''))}"
            )

    def __call__(self, role: str, value):
        if value in (None, ""):
            return value
        digest = hmac.new(self.key, f"{role}\0{value}".encode(), hashlib.sha256).hexdigest()[:10].upper()
        return f"{'Child' if role == 'child_identifier' else 'DOB'}-{digest}"


class ExportError(DocgenError):
    """Some exports could not be written; the others were. The message names files and reasons,
    never a value from a form (an error from a library may quote the value it choked on)."""

    def __init__(self, written: list[Path], failed: list[tuple[Path, str]]):
        self.written, self.failed = written, failed
        super().__init__("could not write " + "; ".join(f"{path.name} ({why})" for path, why in failed))


def export(
    store, formats: list[str], out_dir: Path, pseudonyms: Pseudonyms | None = None, keys: bool = False
) -> list[Path]:
    """Write the chosen exports into out_dir; return the files written. Each file is made and written
    on its own: one that fails does not stop the others (ExportError lists it after they are written).
    Pseudonymised exports are refused in a folder holding the secret (SecretInExports). `keys`: a
    column with the option's key beside each choice column (`--export-keys`)."""
    if pseudonyms:
        pseudonyms.check_outside(out_dir)
    made: dict = {}

    def layout() -> Layout:
        if "layout" not in made:
            made["layout"] = build(store, keys)
        return made["layout"]

    def data(as_date: bool) -> list[tuple[Sheet, list[str], list[list]]]:
        if as_date not in made:
            made[as_date] = [(s, *_sheet_rows(store, layout(), s, pseudonyms, as_date)) for s in layout().sheets]
        return made[as_date]

    def one_csv(i: int) -> bytes:
        _, header, rows = data(False)[i]
        return csv_bytes([neutralise(h) for h in header], rows)  # a header may come from a template

    jobs: list[tuple[Path, Callable[[], bytes]]] = []
    if "csv" in formats:
        used: set[str] = {s.file for s in layout().sheets if s.kind != "raw"} | {DICTIONARY_FILE}
        for i, sheet in enumerate(layout().sheets):
            stem = sheet.file if sheet.kind != "raw" else _file_name(sheet.table, used)
            jobs.append((_inside(out_dir, stem + ".csv"), partial(one_csv, i)))
        jobs.append((_inside(out_dir, DICTIONARY_FILE + ".csv"), lambda: csv_bytes(*dictionary(layout()))))
    if "xlsx" in formats:
        jobs.append((out_dir / "harvest.xlsx", lambda: _xlsx(data(True), dictionary(layout()))))
    if "jsonl" in formats:
        jobs.append((out_dir / "records.jsonl", lambda: _jsonl(store, pseudonyms)))
    written: list[Path] = []
    failed: list[tuple[Path, str]] = []
    for path, make in jobs:
        try:
            write_atomic(path, make(), private=True)
        except OSError as exc:  # a full disk, a read-only folder: the system's words, about the file only
            failed.append((path, exc.strerror or type(exc).__name__))
        except Exception as exc:  # noqa: BLE001  a bug in docgen or a library: its message may quote a value
            failed.append((path, f"docgen could not make this file ({type(exc).__name__}); please report it"))
        else:
            written.append(path)
    if failed:
        raise ExportError(written, failed)
    return written


def _xlsx(sheets: list[tuple[Sheet, list[str], list[list]]], dictionary_rows: tuple[list[str], list[list]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=False)
    book.remove(book.active)
    cells = Cells()
    for sheet, header, rows in [*sheets, (None, *dictionary_rows)]:
        page = book.create_sheet(sheet.title if sheet else DICTIONARY)
        cells.header(page, header)
        for row in rows:
            cells.append(page, row)
    cells.note(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _file_name(name: str, used: set[str]) -> str:
    """The export file name of a table docgen did not make (a database tampered with before names
    were checked): its name when that is plain, otherwise its letters and digits only; unique."""
    safe = name.replace(":", "-")  # agreement:direct -> agreement-direct (Windows cannot name a file with ':')
    plain = re.sub(r"[^a-z0-9_-]", "_", safe.lower()).lstrip("_-") or "table"
    if plain != safe:
        plain = f"table_{plain}"[:100]
    stem, n = plain, 1
    while stem in used:
        n += 1
        stem = f"{plain}~{n}"
    used.add(stem)
    return stem


def _inside(out_dir: Path, file_name: str) -> Path:
    """out_dir / file_name, refused unless it names a file directly in out_dir (write_atomic replaces
    what is there, a link too, without following it)."""
    path = out_dir / file_name
    if path.name != file_name or path.parent != out_dir or file_name.startswith(".") or "\\" in file_name:
        raise OSError(f"an export file name would leave {out_dir}")
    return path


def _jsonl(store, pseudonyms) -> bytes:
    lines = []
    for path, status, sha, record in records(store):
        if pseudonyms:
            pseudonymise_record(record, pseudonyms)
        lines.append(
            json.dumps({"path": path, "status": status, "sha256": sha, **record}, ensure_ascii=False, sort_keys=True)
        )
    return ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8")


def pseudonymise_record(record: dict, pseudonyms) -> None:
    """In place: private answers (by the record's roles) replaced by `pseudonyms(role, value)`, and
    the messages of issues about them by the issue's plain description (a message may quote the answer)."""
    roles = record.get("roles", {})
    values = record["values"]
    private = {key.rpartition(".")[2] for key, role in roles.items() if role in PRIVATE_ROLES}
    for issue in record.get("issues", []):
        if issue.get("field", "").rpartition(".")[2] in private:
            issue["message"] = ISSUE_CODES.get(issue["code"], issue["code"])
    for key, value in values.items():
        if isinstance(value, list):
            for row in value:
                for short in row:
                    role = roles.get(f"{key}.{short}")
                    if role in PRIVATE_ROLES:
                        row[short] = pseudonyms(role, row[short])
        elif roles.get(key) in PRIVATE_ROLES:
            values[key] = pseudonyms(roles[key], value)
