"""A Word-like filler: edits a rendered DOCX the way Microsoft Word does when a person fills it.

Real Word is not available here; this writes what Word writes (seen in files Word saved):
- a text, date or dropdown control loses w:showingPlcHdr and its placeholder run; the typed text
  goes in as several runs, split where Word splits them (editing sessions: w:rsidR / w:rsidRPr
  attributes, a word split inside), with w:proofErr marks around a "misspelt" word, line breaks
  as w:br and tabs as w:tab;
- a date control gets w:fullDate and the date in its own format (dd/MM/yyyy); a dropdown gets
  w:lastValue and the chosen item's display text; a checkbox gets w14:checked and the ☒ glyph in
  MS Gothic with w:hint="eastAsia";
- a choice drawn as tick boxes (checkbox controls tagged "<field id>=<option key>", the option's
  label at the end of each one's title) gets the box of the chosen option ticked, as a click does;
- a repeating section gets extra items, copies of its last item with fresh w:id values; every
  paragraph gets w14:paraId / w14:textId and edited ones rsid attributes, settings.xml gets
  w:rsids, and the _GoBack bookmark marks where the person stopped typing.

Every namespace is spelled out here: the filler does not use docgen's OOXML layer (the code under
test). `word_fills(spec)` gives what to type in every control, and what `docgen parse` must return.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from itertools import count

from lxml import etree

from docgen.render.docx.package import with_parts

from .values import plan

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
CHECKED = "\u2612"  # ☒

# What people type: Welsh letters, curly quotes, dashes and an ellipsis (Word's AutoFormat makes them).
WORD_TEXTS = [
    "Siân ap Rhŷs",
    "Ŵyn O\u2019Brien \u2013 \u2018quoted\u2019 \u2026",
    "\u201cDouble\u201d quotes: ŵ ŷ Ŵ Ŷ ẁ ẃ ẅ ỳ Ẁ Ẃ Ẅ Ỳ",
    "Dafydd\u2019s plan \u2014 agreed, reviewed\u2009in May",
    "Gwenllïan Ffion\u2019s notes\nsecond line\twith a tab",
]


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def word_fills(spec) -> tuple[list[tuple[str, int, object]], dict]:
    """(field id, row, what the person enters: a date as a date) for every control, one row more
    than each repeat has (Word adds an item), and what parsing must return."""
    planned = plan(spec, WORD_TEXTS, extra_rows=1)
    return planned.by_control(), planned.want


class _Session:
    """Word's revision save ids (rsids) and paragraph ids, fresh for each edit."""

    def __init__(self):
        self.rsids: list[str] = []
        self._rsid = count(0x00A1B2C3, 0x0101)
        self._para = count(0x1A2B3C00, 7)

    def rsid(self) -> str:
        value = f"{next(self._rsid):08X}"
        self.rsids.append(value)
        return value

    def para_id(self) -> str:
        return f"{next(self._para):08X}"


def word_fill(data: bytes, fills: list[tuple[str, int, object]]) -> bytes:
    """The DOCX `data` as Word saves it after a person entered `fills` (from `word_fills`)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(src.read("word/document.xml"))
    session = _Session()
    rows_needed: dict[str, int] = {}
    for field_id, row, _ in fills:
        rid, dot, _child = field_id.rpartition(".")
        if dot:
            rows_needed[rid] = max(rows_needed.get(rid, 0), row + 1)
    next_id = max((int(node.get(w("val"))) for node in root.iter(w("id"))), default=0) + 1
    for rid, rows in rows_needed.items():
        next_id = _add_items(_section(root, rid), rows, next_id, session)
    last = None
    for field_id, row, typed in fills:
        sdt = _control(root, field_id, row, typed)
        last = _enter(sdt, True if _tag(sdt) != field_id else typed, session)
    if last is not None:  # where the person stopped typing
        content = last.find(w("sdtContent"))
        content.append(etree.Element(w("bookmarkStart"), {w("id"): "0", w("name"): "_GoBack"}))
        content.append(etree.Element(w("bookmarkEnd"), {w("id"): "0"}))
    for p in root.iter(w("p")):  # Word gives every paragraph an id when it saves
        p.set(f"{{{W14}}}paraId", session.para_id())
        p.set(f"{{{W14}}}textId", "77777777")
    settings = _with_rsids(src.read("word/settings.xml"), session.rsids)
    document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return with_parts(data, {"word/document.xml": document, "word/settings.xml": settings})


# --- finding controls -------------------------------------------------------------------------------


def _tagged(root, tag: str) -> list:
    return [s for s in root.iter(w("sdt")) if s.find(f"{w('sdtPr')}/{w('tag')}[@{w('val')}='{tag}']") is not None]


def _section(root, rid: str):
    (section,) = [s for s in _tagged(root, rid) if s.find(f"{w('sdtPr')}/{{{W15}}}repeatingSection") is not None]
    return section


def _items(section) -> list:
    content = section.find(w("sdtContent"))
    return [c for c in content if c.find(f"{w('sdtPr')}/{{{W15}}}repeatingSectionItem") is not None]


def _control(root, field_id: str, row: int, typed=None):
    rid, dot, _ = field_id.rpartition(".")
    scope = _items(_section(root, rid))[row] if dot else root
    options = [s for s in scope.iter(w("sdt")) if _tag(s).startswith(f"{field_id}=")]
    if options:  # tick boxes: the one whose title ends with the chosen label
        (sdt,) = [s for s in options if _alias(s).endswith(f": {typed}")]
        return sdt
    (sdt,) = _tagged(scope, field_id)
    return sdt


def _tag(sdt) -> str:
    node = sdt.find(f"{w('sdtPr')}/{w('tag')}")
    return node.get(w("val"), "") if node is not None else ""


def _alias(sdt) -> str:
    node = sdt.find(f"{w('sdtPr')}/{w('alias')}")
    return node.get(w("val"), "") if node is not None else ""


def _add_items(section, rows: int, next_id: int, session: _Session) -> int:
    """Word's "insert item after": a copy of the last item, every w:id fresh."""
    items = _items(section)
    while len(items) < rows:
        clone = etree.fromstring(etree.tostring(items[-1]))
        for node in clone.iter(w("id")):
            node.set(w("val"), str(next_id))
            next_id += 1
        rsid = session.rsid()
        for tr in clone.iter(w("tr")):
            tr.set(w("rsidR"), rsid)
            tr.set(w("rsidTr"), rsid)
        items[-1].addnext(clone)
        items.append(clone)
    return next_id


# --- entering a value -------------------------------------------------------------------------------


def _enter(sdt, typed, session: _Session):
    pr = sdt.find(w("sdtPr"))
    content = sdt.find(w("sdtContent"))
    box = pr.find(f"{{{W14}}}checkbox")
    if box is not None:
        box.find(f"{{{W14}}}checked").set(f"{{{W14}}}val", "1" if typed else "0")
        _replace(content, [_box_run(typed)])
        return sdt
    plc = pr.find(w("showingPlcHdr"))
    if plc is not None:
        pr.remove(plc)
    date = pr.find(w("date"))
    drop = pr.find(w("dropDownList"))
    if date is not None:
        date.set(w("fullDate"), f"{typed.isoformat()}T00:00:00Z")
        shown = _date_text(typed, date.find(w("dateFormat")).get(w("val")))
        _replace(content, [_run(shown, session.rsid())])
    elif drop is not None:
        (item,) = [i for i in drop.findall(w("listItem")) if i.get(w("displayText")) == typed]
        drop.set(w("lastValue"), item.get(w("value")))
        _replace(content, [_run(typed, session.rsid())])
    else:
        _replace(content, _typed_runs(str(typed), session))
    paragraph = next((a for a in sdt.iterancestors(w("p"))), None)
    if paragraph is not None:
        rsid = session.rsid()
        for name in ("rsidR", "rsidRDefault", "rsidP"):
            paragraph.set(w(name), rsid)
    return sdt


def _replace(content, nodes) -> None:
    for child in list(content):
        content.remove(child)
    for node in nodes:
        content.append(node)


def _date_text(day: dt.date, word_format: str) -> str:
    return day.strftime(word_format.replace("dd", "%d").replace("MM", "%m").replace("yyyy", "%Y"))


def _box_run(ticked: bool):
    r = etree.Element(w("r"))
    rpr = etree.SubElement(r, w("rPr"))
    fonts = {w("ascii"): "MS Gothic", w("eastAsia"): "MS Gothic", w("hAnsi"): "MS Gothic", w("hint"): "eastAsia"}
    etree.SubElement(rpr, w("rFonts"), fonts)
    etree.SubElement(r, w("t")).text = CHECKED if ticked else "\u2610"
    return r


def _run(text: str, rsid: str, lang: str | None = None):
    """One run as Word writes it: rsid attributes, line breaks as w:br, tabs as w:tab."""
    r = etree.Element(w("r"), {w("rsidR"): rsid, w("rsidRPr"): rsid})
    if lang:
        rpr = etree.SubElement(r, w("rPr"))
        etree.SubElement(rpr, w("lang"), {w("val"): lang})
    for piece in re.split(r"(\n|\t)", text):
        if piece == "\n":
            etree.SubElement(r, w("br"))
        elif piece == "\t":
            etree.SubElement(r, w("tab"))
        elif piece:
            t = etree.SubElement(r, w("t"))
            t.text = piece
            if piece != piece.strip():
                t.set(XML_SPACE, "preserve")
    return r


def _typed_runs(text: str, session: _Session) -> list:
    """The text in runs split as Word splits them: the first word cut in two (typed in two
    sessions), each later word its own run, and the last word between proofing marks."""
    words = re.findall(r"\S+\s*|\s+", text)
    if not words:
        return [_run(text, session.rsid())]
    first = words[0]
    cut = max(1, len(first.rstrip()) // 2)
    pieces = [first[:cut], first[cut:], *words[1:]]
    pieces = [p for p in pieces if p]
    nodes = []
    for index, piece in enumerate(pieces):
        misspelt = index == len(pieces) - 1 and index > 0
        if misspelt:
            nodes.append(etree.Element(w("proofErr"), {w("type"): "spellStart"}))
        nodes.append(_run(piece, session.rsid(), lang="cy-GB" if index % 2 else None))
        if misspelt:
            nodes.append(etree.Element(w("proofErr"), {w("type"): "spellEnd"}))
    return nodes


def _with_rsids(settings: bytes, rsids: list[str]) -> bytes:
    """settings.xml with w:rsids (the revision sessions), where the schema puts it: after w:compat
    (and w:docVars), before w:themeFontLang and the rest."""
    root = etree.fromstring(settings)
    block = etree.Element(w("rsids"))
    etree.SubElement(block, w("rsidRoot"), {w("val"): rsids[0] if rsids else "00A1B2C3"})
    for value in rsids:
        etree.SubElement(block, w("rsid"), {w("val"): value})
    anchor = root.find(w("docVars"))
    if anchor is None:
        anchor = root.find(w("compat"))
    anchor.addnext(block)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
