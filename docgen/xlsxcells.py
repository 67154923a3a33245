"""Cells for every XLSX file docgen writes: neutralised like CSV cells, and made storable.

XLSX is XML 1.0, which cannot hold most C0 control characters (a vertical tab pasted from Excel,
a NUL from another system), nor U+FFFE, U+FFFF or a lone surrogate; openpyxl refuses such a
value with an error that quotes it. Here each such character becomes a visible stand-in (the
Unicode control picture for a C0 character, `␋` for a vertical tab; U+FFFD otherwise), the cell
gets a comment saying so, and the workbook gets a "Notes" sheet. Tab, line feed and carriage
return are kept: XLSX holds them. The CSV and JSON Lines exports keep the original values.

Dates and times (datetime.date / datetime.datetime values) become real Excel dates shown as
dd/mm/yyyy (and hh:mm): the way a UK admin writes and reads a date, while the cell stays a date
that sorts, filters and feeds Power BI as one (ISO text would sort but not filter as a date).

    cells = Cells()
    cells.header(sheet, header)  # the first row: bold, frozen, with a filter button on each header
    cells.append(sheet, row)     # for every other row of every sheet
    cells.note(book)             # once, before saving: columns as wide as what they hold (10 to 50)
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .outfiles import neutralise

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")  # openpyxl's set, and more
COMMENT = "docgen replaced control characters a spreadsheet cannot hold with visible symbols (such as ␋)."


def _stand_in(match: re.Match) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\ufffd"


def clean(value):
    """(value XLSX can hold, whether it had to change)."""
    if isinstance(value, str) and _ILLEGAL.search(value):
        return _ILLEGAL.sub(_stand_in, value), True
    return value, False


class Cells:
    """Appends rows to worksheets, counting the cells it had to clean."""

    def __init__(self) -> None:
        self.cleaned = 0
        self._widths: dict[int, tuple[Any, list[int]]] = {}  # sheets with a header: the widest text per column

    def header(self, sheet, values) -> None:
        """The header row: bold, frozen (it stays in view), with a filter button on each header; its
        columns are made as wide as what they hold when the workbook is finished (`note`)."""
        from openpyxl.styles import Font

        self._widths[id(sheet)] = (sheet, [0] * len(values))
        self.append(sheet, values)
        bold = Font(bold=True)
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"

    def append(self, sheet, values) -> None:
        row, changed, dated = [], [], []
        for i, value in enumerate(values):
            if isinstance(value, dt.date):
                dated.append(i)
            value, was = clean(neutralise(value))
            row.append(value)
            if was:
                changed.append(i + 1)
        sheet.append(row)
        if id(sheet) in self._widths:
            widths = self._widths[id(sheet)][1]
            for i, value in enumerate(row[: len(widths)]):
                size = 10 if i in dated else len(str(value).partition("\n")[0]) if value is not None else 0
                if size > widths[i]:
                    widths[i] = size
        if dated:
            cells = sheet._cells  # the row just appended (openpyxl's own index: max_row is a scan)
            at = sheet._current_row
            for i in dated:
                cells[(at, i + 1)].number_format = DATETIME_FORMAT if isinstance(row[i], dt.datetime) else DATE_FORMAT
        if changed:
            from openpyxl.comments import Comment

            for column in changed:
                sheet.cell(row=sheet._current_row, column=column).comment = Comment(COMMENT, "docgen")
            self.cleaned += len(changed)

    def note(self, book) -> None:
        """Sheets with a header get their column widths (what each column holds, 10 to 50 characters
        wide) and filters; and a "Notes" sheet is added when any cell was cleaned (so a reader knows a
        value is not as typed)."""
        from openpyxl.utils import get_column_letter

        for sheet, widths in self._widths.values():
            for i, width in enumerate(widths, start=1):
                sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 10), 50)
            sheet.auto_filter.ref = sheet.dimensions
        self._widths.clear()
        if not self.cleaned:
            return
        sheet = book.create_sheet("Notes")
        sheet.append(
            [
                (
                    f"{self.cleaned:,} cell(s) held control characters that a spreadsheet cannot store "
                    "(such as a vertical tab pasted from Excel). Each such character is shown as its "
                    "visible symbol (␋ for a vertical tab, ␀ for a null, � otherwise), and each cell "
                    "is marked with a comment."
                )
            ]
        )
        sheet.append(["The original values are kept in the harvest database, the CSV files and records.jsonl."])
        sheet.column_dimensions["A"].width = 120
