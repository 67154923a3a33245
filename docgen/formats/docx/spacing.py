"""Small WordprocessingML edits the read-only documents' boxed layouts need (render/docx/panels.py):
a paragraph's spacing, its runs' size, and a hyperlink run, each written in schema order."""

from __future__ import annotations

from lxml import etree

from .wml import el, properties, qn, run, sub

_RPR_BEFORE_SZ = {qn(t) for t in ("w:rStyle", "w:rFonts", "w:b", "w:i", "w:color")}
_PPR_AFTER_SPACING = {qn(t) for t in ("w:ind", "w:jc", "w:rPr")}


def set_spacing(p: etree._Element, *, before: int, after: int) -> None:
    """The space before and after a paragraph (twentieths of a point), replacing any it had."""
    ppr = properties(p, "w:pPr")
    for old in ppr.findall(qn("w:spacing")):
        ppr.remove(old)
    spacing = el("w:spacing", {"w:before": before, "w:after": after})
    anchor = next((c for c in ppr if c.tag in _PPR_AFTER_SPACING), None)
    if anchor is None:
        ppr.append(spacing)
    else:
        anchor.addprevious(spacing)


def set_size(p: etree._Element, half_points: int) -> None:
    """Every run of a paragraph at this size (half-points)."""
    for r in p.iter(qn("w:r")):
        rpr = properties(r, "w:rPr")
        for old in rpr.findall(qn("w:sz")):
            rpr.remove(old)
        sz = el("w:sz", {"w:val": half_points})
        before = [c for c in rpr if c.tag in _RPR_BEFORE_SZ]
        if before:
            before[-1].addnext(sz)
        else:
            rpr.insert(0, sz)


def hyperlink(rid: str, text: str, color: str) -> etree._Element:
    """A hyperlink to the relationship `rid` (an external address), its run coloured and underlined."""
    h = el("w:hyperlink", {"r:id": rid, "w:history": "1"})
    r = run(text, color=color)
    sub(r.find(qn("w:rPr")), "w:u", {"w:val": "single"})
    h.append(r)
    return h


__all__ = ["hyperlink", "set_size", "set_spacing"]
