"""Pictures in a document (read-only documents' figures), beside `wml`.

A picture is an inline DrawingML picture whose blip is a PNG, with the vector SVG as Office
2016's svgBlip extension (Word draws the SVG; older Word and other readers fall back to the PNG).
Alt text is `wp:docPr descr` (what Word's Alt Text pane edits). The only module that writes
DrawingML element names."""

from __future__ import annotations

from lxml import etree

from .wml import R, el, paragraph

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
SVG_EXT = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
EMU_PER_POINT = 12700


def _e(ns: str, tag: str, attrs: dict | None = None, *children) -> etree._Element:
    node = etree.Element(f"{{{ns}}}{tag}", nsmap={"wp": WP, "a": A, "pic": PIC, "asvg": ASVG, "r": R})
    for key, value in (attrs or {}).items():
        node.set(key, str(value))
    for child in children:
        node.append(child)
    return node


def picture(
    *, png_rel: str, svg_rel: str | None, width_pt: float, height_pt: float, alt: str, title: str, shape_id: int
) -> etree._Element:
    """A centred paragraph holding one inline picture (a PNG alone when `svg_rel` is None)."""
    cx, cy = int(width_pt * EMU_PER_POINT), int(height_pt * EMU_PER_POINT)
    name = f"Figure {shape_id}"
    blip = _e(A, "blip", {f"{{{R}}}embed": png_rel})
    if svg_rel:
        blip.append(
            _e(A, "extLst", None, _e(A, "ext", {"uri": SVG_EXT}, _e(ASVG, "svgBlip", {f"{{{R}}}embed": svg_rel})))
        )
    pic = _e(
        PIC,
        "pic",
        None,
        _e(PIC, "nvPicPr", None, _e(PIC, "cNvPr", {"id": shape_id, "name": name, "descr": alt}), _e(PIC, "cNvPicPr")),
        _e(PIC, "blipFill", None, blip, _e(A, "stretch", None, _e(A, "fillRect"))),
        _e(
            PIC,
            "spPr",
            None,
            _e(A, "xfrm", None, _e(A, "off", {"x": 0, "y": 0}), _e(A, "ext", {"cx": cx, "cy": cy})),
            _e(A, "prstGeom", {"prst": "rect"}, _e(A, "avLst")),
        ),
    )
    inline = _e(
        WP,
        "inline",
        {"distT": 0, "distB": 0, "distL": 0, "distR": 0},
        _e(WP, "extent", {"cx": cx, "cy": cy}),
        _e(WP, "effectExtent", {"l": 0, "t": 0, "r": 0, "b": 0}),
        _e(WP, "docPr", {"id": shape_id, "name": name, "descr": alt, "title": title[:250]}),
        _e(WP, "cNvGraphicFramePr", None, _e(A, "graphicFrameLocks", {"noChangeAspect": 1})),
        _e(A, "graphic", None, _e(A, "graphicData", {"uri": PIC}, pic)),
    )
    return paragraph(el("w:r", None, el("w:drawing", None, inline)), align="center")


__all__ = ["picture", "WP"]
