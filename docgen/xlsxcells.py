"""Cells for every XLSX file docgen writes: neutralised like CSV cells, and made storable.

XLSX is XML 1.0, which cannot hold most C0 control characters (a vertical tab pasted from Excel,
a NUL from another system), nor U+FFFE, U+FFFF or a lone surrogate; openpyxl refuses such a
value with an error that quotes it. Here each such character becomes a visible stand-in (the
Unicode control picture for a C0 character, `␋` for a vertical tab; U+FFFD otherwise), the cell
gets a comment saying so, and the workbook gets a "Notes" sheet. Tab, line feed and carriage
return are kept: XLSX holds them. The CSV and JSON Lines exports keep the original values.

    cells = Cells()
    cells.append(sheet, row)   # for every row of every sheet, headers too
    cells.note(book)           # once, before saving
"""

from __future__ import annotations

import re

from .outfiles import neutralise

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

    def append(self, sheet, values) -> None:
        row, changed = [], []
        for i, value in enumerate(values):
            value, was = clean(neutralise(value))
            row.append(value)
            if was:
                changed.append(i + 1)
        sheet.append(row)
        if changed:
            from openpyxl.comments import Comment

            for column in changed:
                sheet.cell(row=sheet.max_row, column=column).comment = Comment(COMMENT, "docgen")
            self.cleaned += len(changed)

    def note(self, book) -> None:
        """A "Notes" sheet, when any cell was cleaned (so a reader knows a value is not as typed)."""
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
