"""Fill a DOCX form's content controls in LibreOffice over UNO and save it as DOCX.

Run by Debian's own python3 (which has the `uno` module from python3-uno), against a running
soffice that listens on a local socket:

    /usr/bin/python3 lo_fill.py PORT IN.docx OUT.docx FILLS.json [--pdf OUT.pdf]

FILLS.json: [[tag, occurrence, value], ...]; occurrence counts controls with the same tag in
document order (rows of a repeating table). value is text, true/false for a checkbox,
"YYYY-MM-DD" for a date picker, or the display text of a dropdown item.
Prints a JSON summary: how many controls LibreOffice sees, their tags, and how many were filled.
"""

import datetime
import json
import os
import sys

import uno
from lo_common import connect, prop

LINE_BREAK = 1  # com.sun.star.text.ControlCharacter.LINE_BREAK


def set_text(control, text):
    """Replace the control's content, as typing would: new lines become line breaks."""
    cursor = control.createTextCursor()
    cursor.gotoStart(False)
    cursor.gotoEnd(True)
    cursor.setString("")
    for i, line in enumerate(text.split("\n")):
        if i:
            control.insertControlCharacter(cursor, LINE_BREAK, False)
        if line:
            control.insertString(cursor, line, False)


def fill(control, value):
    if control.Checkbox:
        control.Checked = bool(value)
        cursor = control.createTextCursor()  # the glyph replaced, keeping its size, as a click does
        cursor.gotoStart(False)
        cursor.gotoEnd(True)
        height = cursor.CharHeight
        control.insertString(cursor, "\u2612" if value else "\u2610", True)
        cursor.gotoStart(False)
        cursor.gotoEnd(True)
        cursor.CharHeight = height
        return
    if control.Date:
        day = datetime.date.fromisoformat(value)
        control.CurrentDate = f"{day.isoformat()}T00:00:00Z"
        set_text(control, day.strftime("%d/%m/%Y"))
    else:
        set_text(control, value)
    control.ShowingPlaceHolder = False


def main():
    port, src, dst, fills_path = sys.argv[1:5]
    pdf = sys.argv[6] if len(sys.argv) > 6 and sys.argv[5] == "--pdf" else None
    with open(fills_path, encoding="utf-8") as handle:
        fills = {(tag, occ): value for tag, occ, value in json.load(handle)}
    desktop = connect(port)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
    try:
        controls = doc.getContentControls()
        seen, filled, tags = {}, 0, []
        for i in range(controls.getCount()):
            control = controls.getByIndex(i)
            tag = control.Tag
            tags.append(tag)
            occ = seen.get(tag, 0)
            seen[tag] = occ + 1
            if (tag, occ) in fills:
                fill(control, fills[(tag, occ)])
                filled += 1
        doc.storeToURL(uno.systemPathToFileUrl(dst), (prop("FilterName", "MS Word 2007 XML"),))
        if pdf:
            doc.storeToURL(uno.systemPathToFileUrl(pdf), (prop("FilterName", "writer_pdf_Export"),))
        print(json.dumps({"controls": controls.getCount(), "filled": filled, "tags": tags}))
    finally:
        doc.close(True)


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    # pyuno can crash while tearing down its bridge at interpreter exit; the work is done and
    # saved by now, so leave without the teardown.
    os._exit(0)
