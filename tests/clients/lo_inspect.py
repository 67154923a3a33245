"""Open a DOCX in LibreOffice over UNO and report what an assistive technology would get from it.

Run by Debian's own python3 (python3-uno) against a running soffice on a local socket:

    /usr/bin/python3 lo_inspect.py PORT IN.docx [--pdf OUT.pdf]

Prints JSON: the document title, the language of the first paragraph, every graphic's name,
description (alt text) and title, every heading as [outline level, text] in reading order, and
the number of pages. With --pdf, also exports the document to PDF as LibreOffice lays it out.
"""

import json
import os
import sys

import uno
from lo_common import connect, prop


def paragraphs_of(text):
    """The paragraphs of a text in reading order, those in tables too (cell by cell, row by row)."""
    items = text.createEnumeration()
    while items.hasMoreElements():
        item = items.nextElement()
        if item.supportsService("com.sun.star.text.Paragraph"):
            yield item
        elif item.supportsService("com.sun.star.text.TextTable"):
            for name in item.getCellNames():
                yield from paragraphs_of(item.getCellByName(name))


def main():
    port, src = sys.argv[1:3]
    pdf = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--pdf" else None
    desktop = connect(port)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
    try:
        graphics = doc.getGraphicObjects()
        pictures = []
        for i in range(graphics.getCount()):
            g = graphics.getByIndex(i)
            pictures.append({"name": g.Name, "description": g.Description, "title": g.Title})
        headings, language = [], None
        for para in paragraphs_of(doc.getText()):
            if language is None and para.getString().strip():
                locale = para.CharLocale
                language = f"{locale.Language}-{locale.Country}"
            if para.OutlineLevel:
                headings.append([para.OutlineLevel, para.getString()])
        pages = doc.getCurrentController().PageCount
        if pdf:
            doc.storeToURL(uno.systemPathToFileUrl(pdf), (prop("FilterName", "writer_pdf_Export"),))
        print(
            json.dumps(
                {
                    "title": doc.DocumentProperties.Title,
                    "language": language,
                    "pictures": pictures,
                    "headings": headings,
                    "pages": pages,
                }
            )
        )
    finally:
        doc.close(True)


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # pyuno can crash tearing down its bridge at exit; the work is done
