"""Findings as CSV (UTF-8 with BOM, for Excel) or XLSX (openpyxl), and the report's files."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from pathlib import Path

from ..errors import ProblemsFound
from ..outfiles import cannot_write, csv_bytes, write_atomic
from ..xlsxcells import Cells
from .build import Report

COLUMNS = (
    "check",
    "title",
    "severity",
    "staff_id",
    "name",
    "team",
    "supervisor",
    "date",
    "finding",
    "detail",
    "policy_clause",
    "checked_as",
)


def findings_csv(report: Report) -> bytes:
    return csv_bytes(COLUMNS, ([row[c] for c in COLUMNS] for row in (f.as_row() for f in report.findings)))


def findings_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Findings"
    cells = Cells()
    cells.append(ws, COLUMNS)
    for f in report.findings:
        row = f.as_row()
        cells.append(ws, [row[c] for c in COLUMNS])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    cells.note(wb)
    for letter, width in zip("ABCDEFGHIJKL", (7, 32, 10, 10, 24, 18, 24, 11, 80, 30, 80, 50), strict=True):
        ws.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_report(report: Report, html_path: str | Path, findings_path: str | Path | None = None) -> list[Path]:
    """Write the HTML report and, if asked, the findings (.csv or .xlsx by the file's suffix). Both
    name people (and children, unless pseudonymised): they are readable by their owner only.
    Nothing is left half-written: if a file cannot be written, the files this call created are
    removed and one ProblemsFound (cannot-write) says which file and why; a file it had already
    replaced is named as written."""
    from .html import render_html  # matplotlib is loaded only when a report is drawn

    outputs: list[tuple[Path, Callable[[], bytes]]] = [(Path(html_path), lambda: render_html(report).encode("utf-8"))]
    if findings_path:
        path = Path(findings_path)
        if path.suffix.lower() not in (".csv", ".xlsx"):
            raise ValueError(f"{path.name}: findings are written as .csv or .xlsx")
        as_xlsx = path.suffix.lower() == ".xlsx"
        outputs.append((path, lambda: findings_xlsx(report) if as_xlsx else findings_csv(report)))
    before = {path: _stamp(path) for path, _ in outputs}
    try:
        for path, make in outputs:
            write_atomic(path, make(), private=True)
    except OSError as exc:
        for path, stamp in before.items():
            if stamp is None and path.exists():
                with contextlib.suppress(OSError):
                    path.unlink()
        written = [p for p, stamp in before.items() if p.exists() and _stamp(p) != stamp]
        raise ProblemsFound([cannot_write(exc, written, len(before))]) from None
    return [path for path, _ in outputs]


def _stamp(path: Path) -> tuple | None:
    """What a file is now (None: there is none), to tell afterwards whether this call replaced it."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)
