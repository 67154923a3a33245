"""What common tools make of a PDF form: pypdf's append, qpdf --empty --pages and pdftk cat rebuild
it from its pages (dropping the document information and the XMP), and poppler's cairo output
(`pdftocairo -pdf`, what GTK's "Print to File" uses) prints it (no fields left)."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader, PdfWriter


def pypdf_append(data: bytes) -> bytes:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(data)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _tool(args: list[str], data: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        src, out = Path(folder) / "in.pdf", Path(folder) / "out.pdf"
        src.write_bytes(data)
        command = [str(src) if a == "IN" else str(out) if a == "OUT" else a for a in args]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        return out.read_bytes()


def qpdf_pages(data: bytes) -> bytes:
    return _tool(["qpdf", "--empty", "--pages", "IN", "--", "OUT"], data)


def pdftk_cat(data: bytes) -> bytes:
    return _tool(["pdftk", "IN", "cat", "output", "OUT"], data)


def print_to_pdf(data: bytes) -> bytes:
    return _tool(["pdftocairo", "-pdf", "IN", "OUT"], data)


REBUILDERS = {"pypdf-append": pypdf_append, "qpdf-pages": qpdf_pages, "pdftk-cat": pdftk_cat}
