"""A structure check of a tagged PDF (PDF/UA's machine-checkable core), written with pikepdf and
pypdf only: it reads the file, never docgen's tagger, so it checks what a screen reader gets.

    problems(path) -> a list of plain-English problems ([] for a good file)
    python -m tests.helpers.pdf_structure FILE.pdf ...   (prints them; exit status 1 if any)

What it checks:
- tagged: /MarkInfo /Marked true and a /StructTreeRoot with a tree;
- headings (H1..H6) in tree order start at H1 and never skip a level;
- every MCID in every page's content belongs to exactly one element, the one the ParentTree
  gives for it; every marked-content reference in the tree exists on its page;
- no content outside marked content: every text-showing, path-painting, image and XObject
  operator is inside a BDC with an MCID or an /Artifact sequence;
- text drawn in the top or bottom RUNNING points of a page (the running header and footer) is an
  artifact;
- every widget annotation has /StructParent, and is an OBJR kid of a Form element; every link
  annotation has /Contents and /StructParent, and is an OBJR kid of a Link element;
- every Figure has /Alt; every Table has TR rows and a TH, and every TH says its /Scope;
- reading order: the tree's text, in tree order, follows the page's text in the order the page
  draws it (STREAM_ORDER alike) and, loosely, as pdftotext reads the page (READING_ORDER alike).
"""

from __future__ import annotations

import difflib
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import pikepdf
from pypdf import PdfReader

RUNNING = 42.0  # points from the top and bottom edge where only the running header and footer are drawn
# the least SequenceMatcher ratio between the tree's words and the page's, per page: in the order the
# content stream draws them (pypdf), and as pdftotext reads the page (loosely: it reads a table or
# panels in columns by its own layout analysis, row by row across them, where the tree goes cell by cell)
STREAM_ORDER, READING_ORDER = 0.95, 0.6
SHOWS = {"Tj", "TJ", "'", '"'}
PAINTS = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "BI", "INLINE IMAGE"}


def _elements(root: pikepdf.Object):
    """(element, depth) for each structure element under the tree root, in tree order."""
    kids = root.get("/K")
    stack = [kids] if kids is not None else []
    out = []

    def visit(node, depth):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                visit(kid, depth)
            return
        if isinstance(node, pikepdf.Dictionary) and node.get("/Type") not in ("/MCR", "/OBJR") and "/S" in node:
            out.append((node, depth))
            kid = node.get("/K")
            if kid is not None:
                visit(kid, depth + 1)

    for node in stack:
        visit(node, 0)
    return out


def _kids(element) -> list:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _parent_tree(root) -> dict[int, pikepdf.Object]:
    nums: dict[int, pikepdf.Object] = {}

    def walk(node):
        if "/Nums" in node:
            items = list(node.Nums)
            for key, value in zip(items[::2], items[1::2], strict=True):
                nums[int(key)] = value
        for kid in node.get("/Kids", []):
            walk(kid)

    if "/ParentTree" in root:
        walk(root.ParentTree)
    return nums


def _walk_content(page: pikepdf.Page):
    """(operator, inside an MCID, inside an artifact, mcid, y of the text matrix) per operator."""
    stack: list[tuple[str, int | None]] = []  # (tag, mcid)
    ctm_stack, ctm, tm_y = [], (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0.0
    for operands, op in pikepdf.parse_content_stream(page):
        name = str(op)
        if name in ("BDC", "BMC"):
            mcid = None
            if name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                mcid = int(operands[1].MCID)
            stack.append((str(operands[0]), mcid))
        elif name == "EMC":
            if stack:
                stack.pop()
        elif name == "q":
            ctm_stack.append(ctm)
        elif name == "Q":
            ctm = ctm_stack.pop() if ctm_stack else ctm
        elif name == "cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            A, B, C, D, E, F = ctm
            ctm = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)
        elif name == "Tm":
            tm_y = float(operands[5])
        elif name in ("Td", "TD"):
            tm_y += float(operands[1])
        mcid = next((m for _, m in reversed(stack) if m is not None), None)
        artifact = any(tag == "/Artifact" for tag, _ in stack)
        yield name, mcid, artifact, ctm[5] + ctm[3] * tm_y


def _page_texts(path: str) -> dict[int, dict[int, str]]:
    """page index -> MCID -> the text shown in it (pypdf decodes the fonts), in the order drawn."""
    out: dict[int, dict[int, str]] = defaultdict(dict)
    for index, page in enumerate(PdfReader(path).pages):
        stack: list[int | None] = []

        def before(op, args, cm, tm, stack=stack):
            if op == b"BDC":
                props = args[1] if len(args) > 1 else None
                stack.append(props.get("/MCID") if hasattr(props, "get") else None)
            elif op == b"BMC":
                stack.append(None)
            elif op == b"EMC" and stack:
                stack.pop()

        def text(t, cm, tm, font, size, stack=stack, index=index):
            mcid = next((m for m in reversed(stack) if m is not None), None)
            if mcid is not None and t:
                out[index][int(mcid)] = out[index].get(int(mcid), "") + t + " "

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return out


def problems(path: str) -> list[str]:
    found: list[str] = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        mark_info = pdf.Root.get("/MarkInfo")
        if mark_info is None or not bool(mark_info.get("/Marked", False)):
            found.append("not tagged: no /MarkInfo /Marked true")
        if root is None or "/K" not in root:
            return found + ["no structure tree"]
        elements = _elements(root)
        parents = _parent_tree(root)
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        # headings in order, never skipping a level
        last = 0
        for element, _ in elements:
            tag = str(element.S)[1:]
            if re.fullmatch(r"H[1-6]", tag):
                level = int(tag[1])
                if level > last + 1:
                    found.append(f"heading H{level} follows H{last}: a level is skipped")
                last = level
        # marked-content references in the tree
        claimed: Counter = Counter()
        owner: dict[tuple[int, int], pikepdf.Object] = {}
        for element, _ in elements:
            for kid in _kids(element):
                mcid, page = None, element.get("/Pg")
                if isinstance(kid, int) or (isinstance(kid, pikepdf.Object) and kid._type_name == "integer"):
                    mcid = int(kid)
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    mcid, page = int(kid.MCID), kid.get("/Pg", page)
                if mcid is None:
                    continue
                key = (pages.get(page.objgen, -1) if page is not None else -1, mcid)
                claimed[key] += 1
                owner[key] = element
        for key, n in claimed.items():
            if n > 1:
                found.append(f"page {key[0] + 1} MCID {key[1]} belongs to {n} elements")
        # the pages' content
        seen: set[tuple[int, int]] = set()
        for index, page in enumerate(pdf.pages):
            height = float(page.mediabox[3])
            structparents = page.obj.get("/StructParents")
            by_mcid = parents.get(int(structparents)) if structparents is not None else None
            outside = 0
            running = 0
            for op, mcid, artifact, y in _walk_content(page):
                if mcid is not None and (index, mcid) not in seen:
                    seen.add((index, mcid))
                    if (index, mcid) not in owner:
                        found.append(f"page {index + 1} MCID {mcid} belongs to no element")
                    elif by_mcid is None or mcid >= len(by_mcid) or by_mcid[mcid].objgen != owner[index, mcid].objgen:
                        found.append(f"page {index + 1} MCID {mcid}: the ParentTree does not name its element")
                if (op in SHOWS or op in PAINTS) and mcid is None and not artifact:
                    outside += 1
                if op in SHOWS and (y < RUNNING or y > height - RUNNING) and not artifact:
                    running += 1
            if outside:
                found.append(f"page {index + 1}: {outside} drawing operators outside marked content and artifacts")
            if running:
                found.append(f"page {index + 1}: {running} running header/footer texts are not artifacts")
        for key in claimed:
            if key not in seen:
                found.append(f"page {key[0] + 1} MCID {key[1]} is in the tree but not on the page")
        found += _annotations(pdf, parents)
        found += _elements_checks(elements)
    texts = _page_texts(path)
    found += _reading_order(path, pdf_elements_texts(path, texts), texts)
    return found


def _annotations(pdf: pikepdf.Pdf, parents) -> list[str]:
    found = []
    for index, page in enumerate(pdf.pages):
        for annot in page.obj.get("/Annots", []):
            kind = {"/Widget": "/Form", "/Link": "/Link"}.get(str(annot.get("/Subtype")))
            if kind is None:
                continue
            name = str(annot.get("/T", annot.get("/Parent", {}).get("/T", "")) if kind == "/Form" else "link")
            where = f"page {index + 1}: {kind[1:].lower()} annotation {name!r}"
            if kind == "/Link" and not str(annot.get("/Contents", "")).strip():
                found.append(f"{where} has no /Contents")
            if "/StructParent" not in annot:
                found.append(f"{where} has no /StructParent")
                continue
            element = parents.get(int(annot.StructParent))
            if element is None or element.get("/S") != kind:
                found.append(f"{where}: its /StructParent is not a {kind[1:]} element")
                continue
            objrs = [k for k in _kids(element) if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]
            if not any(k.Obj.objgen == annot.objgen for k in objrs):
                found.append(f"{where} is not an OBJR kid of its {kind[1:]} element")
    return found


def _elements_checks(elements) -> list[str]:
    found = []
    for element, _ in elements:
        tag = str(element.S)
        if tag == "/Figure" and not str(element.get("/Alt", "")).strip():
            found.append("a Figure without /Alt")
        if tag == "/Table":
            inner = [str(e.S) for e, _ in _elements(pikepdf.Dictionary(K=element.K))]
            if "/TR" not in inner:
                found.append("a Table without TR rows")
            if "/TH" not in inner:
                found.append("a Table without TH header cells")
        if tag == "/TH":
            a = element.get("/A")
            attrs = list(a) if isinstance(a, pikepdf.Array) else [a] if a is not None else []
            if not any(isinstance(x, pikepdf.Dictionary) and "/Scope" in x for x in attrs):
                found.append("a TH without /Scope")
    return found


def pdf_elements_texts(path: str, texts: dict[int, dict[int, str]]) -> dict[int, list[str]]:
    """page index -> the text of each MCID on that page, in the structure tree's order."""
    order: dict[int, list[str]] = defaultdict(list)
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        for element, _ in _elements(pdf.Root.StructTreeRoot):
            for kid in _kids(element):
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    index = pages.get(kid.get("/Pg", element.get("/Pg")).objgen, -1)
                    order[index].append(texts.get(index, {}).get(int(kid.MCID), ""))
    return order


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.replace("\u00ad", ""))


def _reading_order(path: str, order: dict[int, list[str]], drawn: dict[int, dict[int, str]]) -> list[str]:
    """The tree's words against pdftotext's for each page, the running header and footer cropped off."""
    found = []
    with pikepdf.open(path) as pdf, tempfile.TemporaryDirectory() as folder:
        sizes = [(float(p.mediabox[2]), float(p.mediabox[3])) for p in pdf.pages]
        for page in pdf.pages:  # the page's own text: not what widgets show (answers are no tree text)
            if "/Annots" in page.obj:
                del page.obj["/Annots"]
        if "/AcroForm" in pdf.Root:
            del pdf.Root["/AcroForm"]
        path = str(Path(folder) / "page.pdf")
        pdf.save(path)
        found += _compare(path, sizes, order, drawn)
    return found


def _compare(path: str, sizes, order: dict[int, list[str]], drawn: dict[int, dict[int, str]]) -> list[str]:
    found = []
    w, h = sizes[0]  # docgen's pages are all one size (A4)
    crop = ["-x", "0", "-y", str(int(RUNNING)), "-W", str(int(w)), "-H", str(int(h - 2 * RUNNING))]
    shown = subprocess.run(["pdftotext", "-r", "72", *crop, path, "-"], capture_output=True, text=True, check=True)
    pages = shown.stdout.split("\f")
    for index, texts in sorted(order.items()):
        tree = _words(" ".join(texts))
        ratio = difflib.SequenceMatcher(None, tree, _words(pages[index]), autojunk=False).ratio()
        if ratio < READING_ORDER:
            found.append(f"page {index + 1}: the tree's text follows pdftotext's reading only {ratio:.2f} alike")
        stream = _words(" ".join(drawn.get(index, {}).values()))
        ratio = difflib.SequenceMatcher(None, tree, stream, autojunk=False).ratio()
        if ratio < STREAM_ORDER:
            found.append(f"page {index + 1}: the tree's text follows the drawing order only {ratio:.2f} alike")
    return found


def main(paths: list[str]) -> int:
    bad = 0
    for path in paths:
        found = problems(path)
        bad += bool(found)
        print(f"{path}: {'ok' if not found else f'{len(found)} problems'}")
        for problem in found:
            print(f"  {problem}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
