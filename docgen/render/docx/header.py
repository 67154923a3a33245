"""The page header of a Word document when the policy gives a logo (agency.logo): a borderless
two-cell table, the logo at the left (about 12 mm high, aspect kept), the agency's name and the
document's title at the right. A PNG logo is embedded as it is; an SVG as SVG with a PNG
fallback, as the diagrams are (Word 2016 and later draw the SVG, others the PNG)."""

from __future__ import annotations

import io

from ...formats.docx import drawing
from ...formats.docx.pageheader import picture_header_xml
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
    header = picture_header_xml(picture, spec.agency, spec.title, left=int(width * 20) + 240, width=TEXT_W)
    return header, media


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
