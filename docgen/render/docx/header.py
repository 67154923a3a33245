"""The page header of a Word document when the policy gives a logo (agency.logo): a borderless
two-cell table, the logo at the left (about 12 mm high, aspect kept), the agency's name and the
document's title at the right. A PNG logo is embedded as it is; an SVG as SVG with a PNG
fallback, as the diagrams are (Word 2016 and later draw the SVG, others the PNG)."""

from __future__ import annotations

import io

from lxml import etree

from ...formats.docx import drawing
from ...formats.docx.oxml import el, paragraph, qn, root_element, run, sub
from ...forms.tree import FormSpec

MM = 72 / 25.4
LOGO_H, LOGO_MAX_W = 12 * MM, 60 * MM  # as the PDF header (render/pdf/logo.py)
TEXT_W = 11906 - 2 * 1134  # twips: A4 less the 2 cm margins (document.py)
SHAPE_ID = 9001  # the logo's drawing id, clear of the figures' ids in the body
Media = tuple[tuple[str, str, bytes], ...]


def logo_header(spec: FormSpec) -> tuple[bytes, Media] | None:
    """The header part's XML and its pictures, or None without a logo."""
    logo = spec.logo
    if logo is None:
        return None
    width, height = logo.fit(LOGO_H, LOGO_MAX_W)
    if logo.kind == "png":
        media: Media = (("rIdLogoPng", "logo.png", logo.data),)
    else:
        media = (("rIdLogoPng", "logo.png", _svg_png(logo.data)), ("rIdLogoSvg", "logo.svg", logo.data))
    picture = drawing.picture(
        png_rel="rIdLogoPng",
        svg_rel="rIdLogoSvg" if logo.kind == "svg" else None,
        width_pt=width,
        height_pt=height,
        alt=f"{spec.agency} logo",
        title=f"{spec.agency} logo",
        shape_id=SHAPE_ID,
    )
    left = int(width * 20) + 240
    widths = [left, TEXT_W - left]
    tbl = el("w:tbl")
    tblpr = sub(tbl, "w:tblPr")
    sub(tblpr, "w:tblW", {"w:w": TEXT_W, "w:type": "dxa"})
    borders = sub(tblpr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        sub(borders, f"w:{side}", {"w:val": "nil"})
    sub(tblpr, "w:tblLayout", {"w:type": "fixed"})
    sub(tblpr, "w:tblCellMar").append(el("w:left", {"w:w": 0, "w:type": "dxa"}))
    sub(tblpr, "w:tblCaption", {"w:val": "Page header"})
    grid = sub(tbl, "w:tblGrid")
    for w in widths:
        sub(grid, "w:gridCol", {"w:w": w})
    tr = sub(tbl, "w:tr")
    name = paragraph(run(spec.agency, bold=True, size=10), align="right")
    title = paragraph(run(spec.title, size=9, color="4D4D4D"), align="right")
    for content, w in (([_left(picture)], widths[0]), ([name, title], widths[1])):
        tc = sub(tr, "w:tc")
        tcpr = sub(tc, "w:tcPr")
        sub(tcpr, "w:tcW", {"w:w": w, "w:type": "dxa"})
        sub(tcpr, "w:vAlign", {"w:val": "center"})
        for block in content:
            tc.append(block)
    hdr = root_element("w:hdr")
    hdr.append(tbl)
    hdr.append(paragraph(style="Header"))  # a header ends with a paragraph
    return etree.tostring(hdr, xml_declaration=True, encoding="UTF-8", standalone=True), media


def _left(p: etree._Element) -> etree._Element:
    """The picture's paragraph aligned left (drawing.picture centres it)."""
    jc = p.find(f"{qn('w:pPr')}/{qn('w:jc')}")
    if jc is not None:
        jc.set(qn("w:val"), "left")
    return p


def _svg_png(data: bytes) -> bytes:
    """The PNG a reader without SVG shows: the SVG drawn by svglib, rasterised as the diagrams are."""
    from svglib.svglib import svg2rlg

    from ..diagram import png_bytes

    try:
        figure = svg2rlg(io.BytesIO(data))
    except Exception:  # an SVG svglib cannot draw: a blank fallback (Word 2016 and later draw the SVG)
        figure = None
    if figure is None or not figure.width or not figure.height:
        from reportlab.graphics.shapes import Drawing

        figure = Drawing(1, 1)
    return png_bytes(figure, scale=max(1.0, 300 / max(figure.width, figure.height)))
