"""Small WordprocessingML edits, each written in schema order: a paragraph's spacing, its runs'
size and a hyperlink run (the read-only documents' boxed layouts, render/docx/panels.py); a list
item's numbering and a heading's own outline level (render/docx/document.py)."""

from __future__ import annotations

from lxml import etree

from .wml import el, first_child, properties, qn, run, sub

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


_PPR_BEFORE_NUMPR = {qn(t) for t in ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:widowControl")}


def numbered(p: etree._Element, num_id: int) -> etree._Element:
    """A list item numbered by Word (w:numPr: level 0 of the numbering instance `num_id` in
    numbering.xml), in schema order: after w:pStyle and the keeps, before everything else."""
    ppr = properties(p, "w:pPr")
    num = el("w:numPr", None, el("w:ilvl", {"w:val": 0}), el("w:numId", {"w:val": num_id}))
    before = [c for c in ppr if c.tag in _PPR_BEFORE_NUMPR]
    if before:
        before[-1].addnext(num)
    else:
        ppr.insert(0, num)
    return p


def outline(p: etree._Element, level: int) -> etree._Element:
    """A paragraph's own outline level (1 for a top heading): a heading set in a smaller style
    than its level's, so the outline never skips a level."""
    ppr = properties(p, "w:pPr")
    node = el("w:outlineLvl", {"w:val": level - 1})
    rpr = first_child(ppr, qn("w:rPr"))
    if rpr is not None:
        rpr.addprevious(node)
    else:
        ppr.append(node)
    return p


__all__ = ["hyperlink", "numbered", "outline", "set_size", "set_spacing"]
