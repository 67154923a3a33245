"""Findings as CSV (UTF-8 with BOM, for Excel) or XLSX (openpyxl), and the report's files."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

from .build import Report

COLUMNS = ("check", "title", "severity", "staff_id", "name", "team", "supervisor", "date", "finding", "detail",
           "policy_clause")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell):
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(cell, str) and cell.startswith(_FORMULA):
        return "'" + cell
    return cell


def findings_csv(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for f in report.findings:
        row = f.as_row()
        writer.writerow([neutralise(row[c]) for c in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def findings_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Findings"
    ws.append(list(COLUMNS))
    for f in report.findings:
        row = f.as_row()
        ws.append([neutralise(row[c]) for c in COLUMNS])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for letter, width in zip("ABCDEFGHIJK", (7, 32, 10, 10, 24, 18, 24, 11, 80, 30, 80), strict=True):
        ws.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file, then rename; readable by others as the umask allows (mkstemp
    alone would leave 0600, which colleagues opening the report from a shared drive cannot read)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_report(report: Report, html_path: str | Path, findings_path: str | Path | None = None) -> list[Path]:
    """Write the HTML report and, if asked, the findings (.csv or .xlsx by the file's suffix)."""
    from .html import render_html  # matplotlib is loaded only when a report is drawn

    written = [Path(html_path)]
    _atomic(written[0], render_html(report).encode("utf-8"))
    if findings_path:
        path = Path(findings_path)
        if path.suffix.lower() not in (".csv", ".xlsx"):
            raise ValueError(f"{path.name}: findings are written as .csv or .xlsx")
        _atomic(path, findings_xlsx(report) if path.suffix.lower() == ".xlsx" else findings_csv(report))
        written.append(path)
    return written
