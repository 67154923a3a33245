"""Findings as CSV (UTF-8 with BOM, for Excel) or XLSX (openpyxl), and the report's files."""

from __future__ import annotations

import io
from pathlib import Path

from ..outfiles import csv_bytes, write_atomic
from ..xlsxcells import Cells
from .build import Report

COLUMNS = ("check", "title", "severity", "staff_id", "name", "team", "supervisor", "date", "finding", "detail",
           "policy_clause")


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
    for letter, width in zip("ABCDEFGHIJK", (7, 32, 10, 10, 24, 18, 24, 11, 80, 30, 80), strict=True):
        ws.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_report(report: Report, html_path: str | Path, findings_path: str | Path | None = None) -> list[Path]:
    """Write the HTML report and, if asked, the findings (.csv or .xlsx by the file's suffix). Both
    name people (and children, unless pseudonymised): they are readable by their owner only."""
    from .html import render_html  # matplotlib is loaded only when a report is drawn

    written = [Path(html_path)]
    write_atomic(written[0], render_html(report).encode("utf-8"), private=True)
    if findings_path:
        path = Path(findings_path)
        if path.suffix.lower() not in (".csv", ".xlsx"):
            raise ValueError(f"{path.name}: findings are written as .csv or .xlsx")
        write_atomic(path, findings_xlsx(report) if path.suffix.lower() == ".xlsx" else findings_csv(report),
                     private=True)
        written.append(path)
    return written
