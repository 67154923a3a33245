"""A blank said again in a sentence ("{supervisor} and {supervisee} will try..."; a Mirror of an
earlier field): in Word a writing line, "………………", that shows the earlier answer when it is known
as the document is made (prefilled or filled), never the literal "[Supervisor]".

It is plain text, not a second control: the earlier field's control holds the one answer a parser
reads, in every client (Word, LibreOffice), with nothing to keep in step. The run sits between a
hidden bookmark ("_" + field id + "_" + n: Word hides bookmarks whose name starts with "_") and its
end, so `fill_mirrors` finds it again.
"""

from __future__ import annotations

from lxml import etree

from ...formats.docx.marks import bookmarked, bookmarked_runs
from ...formats.docx.oxml import clean_text, run

LINE = "\u2026" * 14  # a writing line on paper: "…………………"
FIRST_ID = 90000  # bookmark ids (their own number space, kept clear of the few others)


def mirror_runs(field_id: str, n: int) -> list[etree._Element]:
    """The bookmark start, the writing line and the bookmark end of the `n`th mirror of a field."""
    return bookmarked(f"_{field_id}_{n}", FIRST_ID + n, run(LINE, color="595959"))


def fill_mirrors(root: etree._Element, values: dict) -> None:
    """Each mirror's writing line shows its field's value (a value of None leaves the line)."""
    for name, line in bookmarked_runs(root):
        field_id = name[1:].rpartition("_")[0]
        if not name.startswith("_") or field_id not in values or values[field_id] in (None, ""):
            continue
        text, _ = clean_text(str(values[field_id]))  # the control itself reports what was changed
        line.getparent().replace(line, run(text))  # the answer in the body's ink, for the grey line
