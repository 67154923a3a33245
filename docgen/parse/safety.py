"""Cheap, bounded checks on untrusted files before any real parsing.

Completed forms come from many hands. Every check here reads a bounded amount of data and
raises `FormError` with a documented code and a plain message; nothing inflates a zip member
in one call (CPython's reader will inflate up to 1 GiB at once, and Python 3.11.7 predates the
fix for overlapping-entry zip bombs, CVE-2024-0450), and no XML part with a DOCTYPE is parsed.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from lxml import etree

MAX_FILE = 50 * 1024 * 1024  # a completed form is kilobytes; 50 MB is generous
MAX_MEMBER = 64 * 1024 * 1024
MAX_TOTAL = 200 * 1024 * 1024
MAX_RATIO = 200  # inflated / compressed, for members over 1 MB
CHUNK = 64 * 1024

# The codes a completed form can fail with (also used by the harvest's problems.csv).
FORM_ERRORS = {
    "not-a-form": "the file is not a docgen form",
    "not-docx": "the file is not a Word document",
    "not-pdf": "the file is not a PDF",
    "flattened": "the PDF has no form fields left",
    "xfa": "the PDF is an XFA form",
    "encrypted": "the file needs a password",
    "corrupt": "the file is damaged",
    "too-large": "the file is too large",
    "zip-bomb": "the file expands to far more data than it holds",
    "unsafe-xml": "the file contains XML that docgen refuses to read",
}


class FormError(Exception):
    """A completed file that cannot be read, with a code from FORM_ERRORS and a plain message."""

    def __init__(self, code: str, message: str):
        if code not in FORM_ERRORS:
            raise ValueError(code)
        self.code = code
        self.message = message
        super().__init__(message)


def check_size(data: bytes) -> None:
    if len(data) > MAX_FILE:
        raise FormError("too-large", f"the file is {len(data) / 1e6:.0f} MB; docgen reads forms up to "
                                     f"{MAX_FILE // (1024 * 1024)} MB")


def open_zip(data: bytes) -> zipfile.ZipFile:
    """Open a DOCX (a zip) after checking its magic bytes, its directory and its layout."""
    check_size(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FormError("encrypted", "the Word document is password-protected (encrypted); "
                                     "open it in Word, remove the password, save and try again")
    if data[:4] != b"PK\x03\x04":
        raise FormError("not-docx", "the file is not a Word (.docx) document")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, struct.error, NotImplementedError, EOFError) as exc:
        raise FormError("corrupt", f"the Word document is damaged and cannot be opened ({exc})") from None
    if len(infos) > 2000:
        raise FormError("zip-bomb", f"the document holds {len(infos)} parts; a form has a few dozen")
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise FormError("corrupt", f"the Word document holds two parts named {twice[0]}; which one Word would show "
                                   "is not certain, so docgen does not guess")
    for info in infos:  # deflate never shrinks data to a fraction of its compressed size
        if info.compress_type == zipfile.ZIP_DEFLATED and info.compress_size > info.file_size * 1.01 + 1024:
            raise FormError("zip-bomb", f"the document's directory understates the size of {info.filename} "
                                        "(a zip-bomb trick)")
    _check_overlaps(data, infos)
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL:
        raise FormError("zip-bomb", f"the document claims to expand to {total / 1e6:.0f} MB")
    return zf


def _check_overlaps(data: bytes, infos) -> None:
    """Two entries sharing bytes is how the smallest zip bombs work; no real document does it."""
    spans = []
    for info in infos:
        start = info.header_offset
        if start < 0 or start + 30 > len(data):
            raise FormError("corrupt", "the Word document is damaged (an entry points past the end of the file)")
        name_len, extra_len = struct.unpack("<HH", data[start + 26:start + 30])
        spans.append((start, start + 30 + name_len + extra_len + info.compress_size))
    spans.sort()
    for (_, a_end), (b_start, _) in zip(spans, spans[1:]):
        if b_start < a_end:
            if sum(i.file_size for i in infos) > 20 * len(data):
                raise FormError("zip-bomb", "the document's parts overlap one another (a zip bomb)")
            raise FormError("corrupt", "the Word document is damaged (its parts overlap)")


def read_member(zf: zipfile.ZipFile, name: str, budget: list[int] | None = None) -> bytes:
    """Inflate one member in small chunks, stopping at the size and ratio limits."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise FormError("not-docx", f"the document has no {name} part") from None
    out = bytearray()
    try:
        with zf.open(info) as handle:
            while True:
                chunk = handle.read(CHUNK)
                if not chunk:
                    break
                out += chunk
                if len(out) > MAX_MEMBER or (budget is not None and len(out) > budget[0]):
                    raise FormError("zip-bomb", f"{name} expands to more than docgen accepts")
                if len(out) > 1024 * 1024 and len(out) > MAX_RATIO * max(info.compress_size, 1):
                    raise FormError("zip-bomb", f"{name} expands {len(out) // max(info.compress_size, 1)}-fold")
    except FormError:
        raise
    except (zipfile.BadZipFile, zlib.error, struct.error, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError) as exc:
        if "encrypted" in str(exc).lower() or "password" in str(exc).lower():
            raise FormError("encrypted", "the document is password-protected") from None
        raise FormError("corrupt", f"the part {name} is damaged ({exc})") from None
    if budget is not None:
        budget[0] -= len(out)
    return bytes(out)


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_comments=True, remove_pis=True)


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse an XML part, refusing DOCTYPEs (entity expansion, external entities)."""
    if b"!" in data and (b"<!doctype" in data[:4096].lower() or b"<!entity" in data.lower()):
        raise FormError("unsafe-xml", f"{name} declares a DOCTYPE or entities, which a Word document never needs")
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise FormError("corrupt", f"{name} is not well-formed XML ({exc.msg})") from None
