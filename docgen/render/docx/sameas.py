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

from ...formats.docx.oxml import clean_text, qn, run

LINE = "\u2026" * 14  # a writing line on paper: "…………………"
MAX_NAME = 40  # Word's longest bookmark name
FIRST_ID = 90000  # bookmark ids (their own number space, kept clear of the few others)


def mirror_runs(field_id: str, n: int) -> list[etree._Element]:
    """The bookmark start, the writing line and the bookmark end of the `n`th mirror of a field."""
    line = run(LINE, color="595959")
    name = f"_{field_id}_{n}"
    if len(name) > MAX_NAME:  # too long to name: a writing line the person fills by hand
        return [line]
    start = etree.Element(qn("w:bookmarkStart"))
    start.set(qn("w:id"), str(FIRST_ID + n))
    start.set(qn("w:name"), name)
    end = etree.Element(qn("w:bookmarkEnd"))
    end.set(qn("w:id"), str(FIRST_ID + n))
    return [start, line, end]


def fill_mirrors(root: etree._Element, values: dict) -> None:
    """Each mirror's writing line shows its field's value (a value of None leaves the line)."""
    for start in root.iter(qn("w:bookmarkStart")):
        name = start.get(qn("w:name"), "")
        field_id = name[1:].rpartition("_")[0]
        if not name.startswith("_") or field_id not in values or values[field_id] in (None, ""):
            continue
        line = start.getnext()
        if line is None or line.tag != qn("w:r"):
            continue
        text, _ = clean_text(str(values[field_id]))  # the control itself reports what was changed
        line.getparent().replace(line, run(text))  # the answer in the body's ink, for the grey line
