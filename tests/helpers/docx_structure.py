"""A Word document's accessibility structure, read with lxml from the package itself (never from
docgen's renderer): what a screen reader and Word's accessibility checker rely on.

Rules (each problem one line, "rule: where: what"):
- heading-order: outline levels (a paragraph's w:outlineLvl, or its style's, through basedOn)
  start at 1 and never skip a level on the way down (1 -> 3);
- control-title: no two content controls of a document share a title (w:alias);
- real-list: no paragraph's text starts with a typed number or bullet ("1.<tab>", "•<tab>"):
  a list item is numbered by w:numPr (its own or its style's) and numbering.xml;
- table-header: a table with a repeating header row (w:tblHeader) is a data table: the header
  is its first row, its look says firstRow, it has a caption and a description; any other table
  is a layout table: no firstRow look, no caption (Word's checker reads those as a data table
  without headers);
- figure: every picture has alt text (wp:docPr descr) and no paragraph repeats it as a caption;
- contrast: every run of text has a contrast of at least 4.5:1 (WCAG 2 relative luminance)
  against the fill behind it (the run's, the paragraph's or the cell's shading, else white);
- text-size: every run of text is at least 8 pt.

    python -m tests.helpers.docx_structure FILES...      # prints problems, exit 1 if any
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
MIN_CONTRAST, MIN_SIZE = 4.5, 8.0
TYPED_LIST = re.compile(r"^\s*(\d+[.)]|[•\u2022\u25cf\u25aa\-*])\t")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def val(node, path: str) -> str | None:
    found = node.find(path) if node is not None else None
    return None if found is None else found.get(w("val"))


# --- colours ----------------------------------------------------------------------------------


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of an RRGGBB colour."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _colour(value: str | None) -> str | None:
    return value.upper() if value and re.fullmatch(r"[0-9A-Fa-f]{6}", value) else None


# --- styles -----------------------------------------------------------------------------------


@dataclass
class Styles:
    """Paragraph and character styles: each property looked up through basedOn."""

    nodes: dict[str, etree._Element] = field(default_factory=dict)
    default_rpr: etree._Element | None = None
    default_style: str | None = None

    @classmethod
    def read(cls, xml: bytes | None) -> Styles:
        styles = cls()
        if xml is None:
            return styles
        root = etree.fromstring(xml)
        styles.default_rpr = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        for s in root.iter(w("style")):
            styles.nodes[s.get(w("styleId"))] = s
            if s.get(w("default")) == "1" and s.get(w("type")) == "paragraph":
                styles.default_style = s.get(w("styleId"))
        return styles

    def chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self.nodes and style_id not in seen:
            seen.add(style_id)
            node = self.nodes[style_id]
            yield node
            style_id = val(node, w("basedOn"))

    def ppr(self, style_id: str | None, tag: str) -> etree._Element | None:
        for node in self.chain(style_id or self.default_style):
            found = node.find(f"{w('pPr')}/{w(tag)}")
            if found is not None:
                return found
        return None

    def rpr(self, style_id: str | None, tag: str) -> etree._Element | None:
        for node in self.chain(style_id):
            found = node.find(f"{w('rPr')}/{w(tag)}")
            if found is not None:
                return found
        return None


# --- the checks -------------------------------------------------------------------------------


@dataclass
class Report:
    name: str
    problems: list[str] = field(default_factory=list)

    def add(self, rule: str, where: str, what: str) -> None:
        self.problems.append(f"{rule}: {self.name}: {where}: {what}")


def paragraph_text(p) -> str:
    out = []
    for node in p.iter(w("t"), w("tab")):
        out.append("\t" if node.tag == w("tab") else node.text or "")
    return "".join(out)


def outline_level(p, styles: Styles) -> int | None:
    """1-9 for a heading, None for body text."""
    ppr = p.find(w("pPr"))
    level = val(ppr, w("outlineLvl"))
    if level is None:
        found = styles.ppr(val(ppr, w("pStyle")), "outlineLvl")
        level = None if found is None else found.get(w("val"))
    return None if level is None or int(level) > 8 else int(level) + 1


def check_headings(body, styles: Styles, report: Report) -> None:
    last = 0
    for p in body.iter(w("p")):
        level = outline_level(p, styles)
        if level is None or not paragraph_text(p).strip():
            continue
        if level > last + 1:
            report.add("heading-order", repr(paragraph_text(p)[:50]), f"level {level} after level {last}")
        last = level


def check_titles(body, report: Report) -> None:
    seen: dict[str, int] = {}
    for alias in body.iter(w("alias")):
        title = alias.get(w("val")) or ""
        seen[title] = seen.get(title, 0) + 1
    for title, n in seen.items():
        if n > 1:
            report.add("control-title", repr(title), f"{n} controls share this title")


def has_numbering(p, styles: Styles) -> bool:
    ppr = p.find(w("pPr"))
    num = ppr.find(w("numPr")) if ppr is not None else None
    if num is None:
        num = styles.ppr(val(ppr, w("pStyle")), "numPr")
    return num is not None and val(num, w("numId")) not in (None, "0")


def check_lists(body, styles: Styles, numbering: bytes | None, report: Report) -> None:
    defined = set()
    if numbering is not None:
        defined = {n.get(w("numId")) for n in etree.fromstring(numbering).iter(w("num"))}
    for p in body.iter(w("p")):
        text = paragraph_text(p)
        if TYPED_LIST.match(text):
            report.add("real-list", repr(text[:50]), "a typed number or bullet, not list numbering")
        ppr = p.find(w("pPr"))
        num = ppr.find(w("numPr")) if ppr is not None else None
        if num is not None and val(num, w("numId")) not in defined | {"0"}:
            report.add("real-list", repr(text[:50]), f"numbering {val(num, w('numId'))} is not in numbering.xml")


def check_tables(body, report: Report) -> None:
    for n, tbl in enumerate(body.iter(w("tbl")), 1):
        tblpr = tbl.find(w("tblPr"))
        caption = val(tblpr, w("tblCaption")) or ""
        description = val(tblpr, w("tblDescription")) or ""
        look = tblpr.find(w("tblLook")) if tblpr is not None else None
        first_row_look = look is not None and (
            look.get(w("firstRow")) == "1"
            or (look.get(w("firstRow")) is None and int(look.get(w("val"), "0"), 16) & 0x20)
        )
        rows = [tr for tr in tbl.iter(w("tr")) if _owner(tr) is tbl]
        headers = [i for i, tr in enumerate(rows) if tr.find(f"{w('trPr')}/{w('tblHeader')}") is not None]
        first = paragraph_text(rows[0])[:40] if rows else ""
        where = f"table {n} ({caption or first!r})"
        if headers:  # a data table
            if headers[0] != 0:
                report.add("table-header", where, "its header row is not its first row")
            if not first_row_look:
                report.add("table-header", where, "a header row but no firstRow look")
            if not caption.strip() or not description.strip():
                report.add("table-header", where, "a data table without a caption and a description")
        else:  # a layout table
            if first_row_look:
                report.add("table-header", where, "a firstRow look but no header row (a layout table)")
            if caption:
                report.add("table-header", where, f"a layout table with a caption ({caption!r})")


def _owner(tr):
    node = tr.getparent()
    while node is not None and node.tag != w("tbl"):
        node = node.getparent()
    return node


def check_figures(body, report: Report) -> None:
    texts = [" ".join(paragraph_text(p).split()) for p in body.iter(w("p"))]
    for doc_pr in body.iter(f"{{{WP}}}docPr"):
        descr = " ".join((doc_pr.get("descr") or "").split())
        where = f"picture {doc_pr.get('name')!r}"
        if not descr:
            report.add("figure", where, "no alt text (descr)")
            continue
        if any(t and (t == descr or (len(descr) > 30 and descr in t)) for t in texts):
            report.add("figure", where, "a caption repeats its alt text")


def _background(r) -> str:
    """The fill behind a run: its own shading, its paragraph's, its cell's, else white."""
    node = r
    while node is not None:
        tag = node.tag
        shd = None
        if tag == w("r"):
            shd = node.find(f"{w('rPr')}/{w('shd')}")
        elif tag == w("p"):
            shd = node.find(f"{w('pPr')}/{w('shd')}")
        elif tag == w("tc"):
            shd = node.find(f"{w('tcPr')}/{w('shd')}")
        fill = _colour(shd.get(w("fill"))) if shd is not None else None
        if fill:
            return fill
        node = node.getparent()
    return "FFFFFF"


def _run_property(r, styles: Styles, tag: str):
    """A run property: direct, its character style's, its paragraph style's, the defaults'."""
    rpr = r.find(w("rPr"))
    found = rpr.find(w(tag)) if rpr is not None else None
    if found is None:
        found = styles.rpr(val(rpr, w("rStyle")), tag)
    if found is None:
        p = r.getparent()
        while p is not None and p.tag != w("p"):
            p = p.getparent()
        pstyle = val(p.find(w("pPr")), w("pStyle")) if p is not None else None
        found = styles.rpr(pstyle or styles.default_style, tag)
    if found is None and styles.default_rpr is not None:
        found = styles.default_rpr.find(w(tag))
    return found


def check_runs(root, styles: Styles, report: Report, part: str) -> None:
    for r in root.iter(w("r")):
        text = "".join(t.text or "" for t in r.iter(w("t")))
        if not text.strip():
            continue
        colour = _run_property(r, styles, "color")
        fg = _colour(colour.get(w("val"))) if colour is not None else None
        fg = fg or "000000"  # "auto" on a light fill is black
        bg = _background(r)
        ratio = contrast(fg, bg)
        if ratio < MIN_CONTRAST - 1e-9:
            report.add("contrast", f"{part} {text[:30]!r}", f"{fg} on {bg} is {ratio:.2f}:1")
        size = _run_property(r, styles, "sz")
        points = int(size.get(w("val"))) / 2 if size is not None else 10.0  # Word's default is 10 pt
        if points < MIN_SIZE:
            report.add("text-size", f"{part} {text[:30]!r}", f"{points:g} pt")


RULES = ("heading-order", "control-title", "real-list", "table-header", "figure", "contrast", "text-size")


def check(path: Path | str, data: bytes | None = None) -> list[str]:
    """Every problem of one .docx (its path, or its bytes in `data`), a line each."""
    name = Path(path).name
    with zipfile.ZipFile(path if data is None else io.BytesIO(data)) as zf:
        files = set(zf.namelist())
        parts = {n: zf.read(n) for n in files if n.startswith("word/") and n.endswith(".xml")}
    report = Report(name)
    styles = Styles.read(parts.get("word/styles.xml"))
    body = etree.fromstring(parts["word/document.xml"])
    check_headings(body, styles, report)
    check_titles(body, report)
    check_lists(body, styles, parts.get("word/numbering.xml"), report)
    check_tables(body, report)
    check_figures(body, report)
    for part, xml in sorted(parts.items()):
        if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", part):
            check_runs(etree.fromstring(xml), styles, report, part.removeprefix("word/"))
    return report.problems


def by_rule(problems: list[str]) -> dict[str, int]:
    counts = dict.fromkeys(RULES, 0)
    for line in problems:
        rule = line.split(":", 1)[0]
        counts[rule] = counts.get(rule, 0) + 1
    return counts


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m tests.helpers.docx_structure FILE.docx ...", file=sys.stderr)
        return 2
    total: list[str] = []
    for name in argv:
        problems = check(name)
        total += problems
        for line in problems:
            print(line)
    counts = by_rule(total)
    print(f"{len(argv)} documents, {len(total)} problems: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
