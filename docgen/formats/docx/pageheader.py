"""A page header with a picture: a borderless two-cell table, the picture at the left, lines of
text right-aligned at the right (the agency's name in bold, the document's title), as the
header part word/header1.xml. The picture's paragraph comes from drawing.picture."""

from __future__ import annotations

from lxml import etree

from .wml import el, paragraph, qn, root_element, run, sub


def picture_header_xml(picture: etree._Element, name: str, title: str, *, left: int, width: int) -> bytes:
    """`picture` (a paragraph) in a cell `left` twips wide, `name` and `title` in the rest of `width`."""
    jc = picture.find(f"{qn('w:pPr')}/{qn('w:jc')}")
    if jc is not None:  # drawing.picture centres it
        jc.set(qn("w:val"), "left")
    widths = [left, width - left]
    tbl = el("w:tbl")
    tblpr = sub(tbl, "w:tblPr")
    sub(tblpr, "w:tblW", {"w:w": width, "w:type": "dxa"})
    borders = sub(tblpr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        sub(borders, f"w:{side}", {"w:val": "nil"})
    sub(tblpr, "w:tblLayout", {"w:type": "fixed"})
    sub(sub(tblpr, "w:tblCellMar"), "w:left", {"w:w": 0, "w:type": "dxa"})
    sub(tblpr, "w:tblCaption", {"w:val": "Page header"})
    grid = sub(tbl, "w:tblGrid")
    for w in widths:
        sub(grid, "w:gridCol", {"w:w": w})
    tr = sub(tbl, "w:tr")
    lines = [
        paragraph(run(name, bold=True, size=10), align="right"),
        paragraph(run(title, size=9, color="4D4D4D"), align="right"),
    ]
    for content, w in (([picture], widths[0]), (lines, widths[1])):
        tc = sub(tr, "w:tc")
        tcpr = sub(tc, "w:tcPr")
        sub(tcpr, "w:tcW", {"w:w": w, "w:type": "dxa"})
        sub(tcpr, "w:vAlign", {"w:val": "center"})
        for block in content:
            tc.append(block)
    hdr = root_element("w:hdr")
    hdr.append(tbl)
    hdr.append(paragraph(style="Header"))  # a header part ends with a paragraph
    return etree.tostring(hdr, xml_declaration=True, encoding="UTF-8", standalone=True)


__all__ = ["picture_header_xml"]
