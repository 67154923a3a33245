"""docgen: safeguarding supervision paperwork from one policy YAML.

Pipeline (one sub-package per stage): policy -> forms -> render -> parse -> harvest -> report.
The public API is plain functions that return result objects; files are read and written only at
the edges (a path in, or bytes out):

    import docgen
    loaded = docgen.load_policy("policies/worcestershire.yaml")       # -> LoadedPolicy
    spec = docgen.build_form(loaded, "record")                         # -> FormSpec
    blank = docgen.render_docx(spec)                                   # -> Rendered (.data: bytes)
    pdf = docgen.render_pdf(spec, {"supervisee": "Ann"})               # -> Rendered
    record = docgen.parse_form(pdf.data)                               # -> Record (path or bytes)
    result = docgen.harvest_folders("inbox/", "harvest.db", [loaded])  # -> HarvestResult
    report = docgen.build_report("harvest.db", loaded, "staff.csv")    # -> Report
    docgen.write_report(report, "report.html", "findings.xlsx")

Every exception docgen raises on purpose is a `docgen.DocgenError` (the policy: docgen/errors.py).
Names load on first use, so `import docgen` stays cheap (no lxml, reportlab or matplotlib).
"""

from __future__ import annotations

import datetime as _dt
import importlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .harvest import HarvestResult
    from .parse import Record
    from .policy import LoadedPolicy
    from .report import Report, Roster

__version__ = "0.1.0"

# public name -> the module that defines it (loaded when the name is first used)
_LAZY = {
    "DocgenError": "docgen.errors",
    "ProblemsFound": "docgen.errors",
    "Problem": "docgen.errors",
    "Aborted": "docgen.errors",
    "load_policy": "docgen.policy",
    "load_policy_text": "docgen.policy",
    "LoadedPolicy": "docgen.policy",
    "build_form": "docgen.forms",
    "form_keys": "docgen.forms",
    "FormSpec": "docgen.forms",
    "render_docx": "docgen.render.docx",
    "fill_docx": "docgen.render.docx",
    "Rendered": "docgen.render.docx",
    "render_pdf": "docgen.render.pdf",
    "Record": "docgen.parse",
    "FormError": "docgen.parse",
    "HarvestResult": "docgen.harvest",
    "read_records": "docgen.harvest",
    "Report": "docgen.report",
    "write_report": "docgen.report",
    "read_roster": "docgen.report",
    "parse_roster": "docgen.report",
    "Roster": "docgen.report",
}

__all__ = ["__version__", *_LAZY, "parse_form", "harvest_folders", "build_report"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'docgen' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # found once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def parse_form(form: str | Path | bytes, name: str = "") -> Record:
    """A completed DOCX or PDF form (a path, or its bytes) read back: manifest, typed values, issues.
    Raises `FormError` (a `DocgenError`) with a code when the file cannot be read as a docgen form."""
    from .parse import parse_bytes, parse_file

    if isinstance(form, bytes | bytearray):
        return parse_bytes(bytes(form), name)
    return parse_file(form)


def harvest_folders(
    folders: str | Path | Iterable[str | Path],
    db: str | Path,
    policies: Iterable[LoadedPolicy] | None = None,
    **options: Any,
) -> HarvestResult:
    """Harvest every form under `folders` into the store `db` (an SQLite file's path, created if need
    be, or a postgresql:// URL), and write problems.csv beside it (for PostgreSQL, in the current
    folder). Given `policies`, forms made under any other policy are reported.
    `options`: jobs, timeout, memory_mb, on_file (as docgen.harvest.harvest takes them)."""
    from .harvest import harvest
    from .harvest.backend import as_target

    paths = [Path(folders)] if isinstance(folders, str | Path) else [Path(f) for f in folders]
    by_id: dict[str, object] | None = None if policies is None else {p.policy.id: p for p in policies}
    return harvest(paths, as_target(db), by_id, **options)  # a URL stays a URL, not a file named after it


def build_report(
    harvest_db: str | Path,
    policy: LoadedPolicy | str | Path,
    roster: Roster | str | Path,
    as_of: _dt.date | None = None,
    *,
    pseudonymise: bool = False,
) -> Report:
    """The compliance report of a harvest database (an SQLite file's path, or a postgresql:// URL)
    against a policy (loaded, or its file) and a staff roster (read, or its CSV file), as of a day
    (today by default)."""
    from .report.source import report_from_files

    return report_from_files(harvest_db, policy, roster, as_of, pseudonymise)  # type: ignore[arg-type]
