"""What a person sees in a PDF that PDFium (Chrome, Edge) filled and saved:

- `pdfium_shown`: PDFium flattens each page's fields into it for printing (their appearance
  streams, as saved) and reads the page's text back with each character's box; a field shows
  the characters whose boxes lie inside its rectangle;
- `poppler_shown`: the saved appearances flattened (`flatten`), read by poppler's `pdftotext -bbox`;
- `fields_without_border`: PDFium draws the fields alone; a field whose four edges carry no ink
  has lost its border;
- `render_png`: a page as PDFium shows it on screen, for a person to look at.
"""

from __future__ import annotations

import ctypes
import html
import io
import re
import subprocess
import warnings
import zlib
from pathlib import Path

import pikepdf
import pypdfium2.raw as pdfium

from .pdfium_fill import Document


def _inside(box, char_box, slack: float = 0.5) -> bool:
    left, bottom, right, top = box
    cl, cb, cr, ct = char_box
    return cl >= left - slack and cr <= right + slack and cb >= bottom - slack and ct <= top + slack


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def field_boxes(data: bytes) -> dict[str, tuple[int, tuple[float, float, float, float]]]:
    """Field name -> (page index, rectangle), as PDFium reads the file."""
    doc = Document(data)
    try:
        return {name: (index, box) for index, page in doc.pages() for name, _, box, _ in doc.widgets(page)}
    finally:
        doc.close()


def pdfium_shown(data: bytes) -> dict[str, str]:
    """Field name -> the text PDFium shows inside the field's box: each page's fields flattened
    into it for printing (FPDFPage_Flatten, their appearance streams as saved), then the page's
    text read with each character's box; a character counts for a field when its box lies inside
    the field's rectangle."""
    boxes = field_boxes(data)
    doc = Document(data)
    shown: dict[str, str] = {}
    try:
        for index, page in doc.pages():
            names = [(n, box) for n, (i, box) in boxes.items() if i == index]
            pdfium.FORM_OnBeforeClosePage(page, doc.form)
            if pdfium.FPDFPage_Flatten(page, pdfium.FLAT_PRINT) == pdfium.FLATTEN_FAIL:
                raise RuntimeError(f"PDFium could not flatten page {index + 1}")
            flat = pdfium.FPDF_LoadPage(doc.doc, index)  # the flattened page, read afresh
            text = pdfium.FPDFText_LoadPage(flat)
            chars = []
            for c in range(pdfium.FPDFText_CountChars(text)):
                left, right, bottom, top = (ctypes.c_double() for _ in range(4))
                pdfium.FPDFText_GetCharBox(text, c, left, right, bottom, top)
                box = (left.value, bottom.value, right.value, top.value)
                chars.append((chr(pdfium.FPDFText_GetUnicode(text, c)), box))
            pdfium.FPDFText_ClosePage(text)
            pdfium.FPDF_ClosePage(flat)
            pdfium.FORM_OnAfterLoadPage(page, doc.form)  # pages() closes it as it opened it
            for name, box in names:
                shown[name] = _squash("".join(ch if _inside(box, cb) else " " for ch, cb in chars))
    finally:
        doc.close()
    return shown


def flatten(data: bytes, path: Path) -> None:
    """The saved appearance streams drawn into the pages (qpdf's flattening, through pikepdf: the
    qpdf 11 command line gives up on PDFium's incremental saves), written to `path`."""
    pdf = pikepdf.open(io.BytesIO(data))
    pdf.flatten_annotations("all")
    with warnings.catch_warnings():  # pikepdf warns of the unsigned signature widgets flattening leaves
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
        pdf.save(path)


def poppler_shown(data: bytes, tmp_path: Path) -> dict[str, str]:
    """Field name -> the words poppler shows inside the field's box: the saved appearance streams
    flattened into the pages (`flatten`), then `pdftotext -bbox` (each word with its box) read."""
    boxes = field_boxes(data)
    flat, words = tmp_path / "flat.pdf", tmp_path / "words.html"
    flatten(data, flat)
    subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(flat), str(words)], check=True, capture_output=True)
    pages = re.split(r"<page width=", words.read_text(encoding="utf-8"))[1:]
    shown: dict[str, str] = {}
    for name, (index, box) in boxes.items():
        height = float(re.match(r'"([\d.]+)" height="([\d.]+)"', pages[index]).group(2))
        inside = []
        for x0, y0, x1, y1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', pages[index]
        ):
            char_box = (float(x0), height - float(y1), float(x1), height - float(y0))  # poppler's y runs down
            if _inside(box, char_box, slack=1.5):
                inside.append(html.unescape(word))
        shown[name] = " ".join(inside)
    return shown


def _draw(doc: Document, page, scale: float, with_page: bool) -> tuple[int, int, int, bytes]:
    """(width, height, stride, BGRx pixels) of a page as PDFium draws it on screen: the page's own
    content (unless `with_page` is false) and its fields over it (FPDF_FFLDraw), as Chrome shows it."""
    width = round(pdfium.FPDF_GetPageWidthF(page) * scale)
    height = round(pdfium.FPDF_GetPageHeightF(page) * scale)
    bitmap = pdfium.FPDFBitmap_Create(width, height, 0)
    try:
        pdfium.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, 0xFFFFFFFF)
        if with_page:
            pdfium.FPDF_RenderPageBitmap(bitmap, page, 0, 0, width, height, 0, pdfium.FPDF_ANNOT)
        pdfium.FPDF_FFLDraw(doc.form, bitmap, page, 0, 0, width, height, 0, pdfium.FPDF_ANNOT)
        stride = pdfium.FPDFBitmap_GetStride(bitmap)
        return width, height, stride, ctypes.string_at(pdfium.FPDFBitmap_GetBuffer(bitmap), stride * height)
    finally:
        pdfium.FPDFBitmap_Destroy(bitmap)


def _bordered(image, page_h: float, scale: float, box) -> bool:
    """Whether ink darker than a field's background runs along 90% of each of its four edges (within
    a point of the edge), in an image of the fields alone."""
    width, height, stride, px = image

    def dark(x: float, y: float) -> bool:  # a point in PDF space; pixels near it
        cx, cy = round(x * scale), round((page_h - y) * scale)
        near = [
            px[v * stride + 4 * u + 1]
            for u in range(cx - 3, cx + 4)
            for v in range(cy - 3, cy + 4)
            if 0 <= u < width and 0 <= v < height
        ]
        return min(near, default=255) < 200

    left, bottom, right, top = box
    xs = [left + 3 + i for i in range(int(right - left - 6))]
    ys = [bottom + 3 + i for i in range(int(top - bottom - 6))]
    edges = [[(x, top) for x in xs], [(x, bottom) for x in xs], [(left, y) for y in ys], [(right, y) for y in ys]]
    return all(sum(dark(x, y) for x, y in edge) >= 0.9 * len(edge) for edge in edges if edge)


def fields_without_border(data: bytes, names, scale: float = 3.0) -> list[str]:
    """The named fields PDFium draws with no border: the fields alone drawn (FPDF_FFLDraw on a white
    page, so table lines of the page do not count), then along each of a field's four edges ink
    darker than its background is looked for within a point of the edge, over 90% of the edge."""
    boxes = field_boxes(data)
    doc = Document(data)
    bare = []
    try:
        for index, page in doc.pages():
            image = _draw(doc, page, scale, with_page=False)
            for name in names:
                if boxes[name][0] == index and not _bordered(
                    image, pdfium.FPDF_GetPageHeightF(page), scale, boxes[name][1]
                ):
                    bare.append(name)
    finally:
        doc.close()
    return bare


def render_png(data: bytes, page_index: int, path: Path, scale: float = 2.0) -> None:
    """A page as PDFium draws it on screen, fields included (FPDF_FFLDraw), as a PNG for a person."""
    doc = Document(data)
    try:
        for index, page in doc.pages():
            if index == page_index:
                width, height, stride, px = _draw(doc, page, scale, with_page=True)
    finally:
        doc.close()
    rows = b"".join(
        b"\0" + bytes(px[y * stride + 4 * x + c] for x in range(width) for c in (2, 1, 0)) for y in range(height)
    )

    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    path.write_bytes(png)


def _dark_in(image, page_h: float, scale: float, rect, inset: float, bpp: int = 4) -> int:
    """Pixels darker than mid-grey inside `rect` (PDF points), `inset` points in from its edges, in
    an image of `bpp` bytes a pixel (BGRx: green read; grey: its one byte)."""
    width, height, stride, px = image
    channel = 1 if bpp == 4 else 0
    left, bottom, right, top = rect
    count = 0
    for v in range(round((page_h - top + inset) * scale), round((page_h - bottom - inset) * scale)):
        for u in range(round((left + inset) * scale), round((right - inset) * scale)):
            if 0 <= u < width and 0 <= v < height and px[v * stride + bpp * u + channel] < 128:
                count += 1
    return count


def pdfium_ink(data: bytes, page_index: int, rects, scale: float = 3.0, inset: float = 2.0) -> list[int]:
    """Dark pixels PDFium draws inside each rectangle (PDF points) of a page, fields included
    (FPDF_FFLDraw, as Chrome shows it), `inset` points in from the rectangle's edges."""
    doc = Document(data)
    try:
        for index, page in doc.pages():
            if index == page_index:
                image = _draw(doc, page, scale, with_page=True)
                page_h = pdfium.FPDF_GetPageHeightF(page)
                return [_dark_in(image, page_h, scale, rect, inset) for rect in rects]
    finally:
        doc.close()
    raise IndexError(page_index)


def poppler_ink(data: bytes, page_index: int, rects, tmp_path: Path, dpi: int = 216, inset: float = 2.0) -> list[int]:
    """Dark pixels poppler (pdftoppm) draws inside each rectangle (PDF points) of a page."""
    src = tmp_path / "ink.pdf"
    src.write_bytes(data)
    page = str(page_index + 1)
    subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-f", page, "-l", page, str(src), str(tmp_path / "ink")], check=True
    )
    [pgm] = tmp_path.glob("ink-*.pgm")
    raw = pgm.read_bytes()
    pgm.unlink()
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", raw)
    assert match is not None
    width, height, px = int(match.group(1)), int(match.group(2)), raw[match.end() :]
    scale = dpi / 72
    return [_dark_in((width, height, width, px), height / scale, scale, rect, inset, bpp=1) for rect in rects]
