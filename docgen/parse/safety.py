"""Cheap, bounded checks on untrusted files before any real parsing.

Completed forms come from many hands. Every check reads a bounded amount of data and raises
`FormError` with a documented code and a plain message. No XML part with a DOCTYPE is parsed;
zip packages are opened by zipread.py, which inflates nothing without a bound.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree

from ..errors import DocgenError
from ..filecodes import meanings

MAX_FILE = 50 * 1024 * 1024  # a completed form is kilobytes; 50 MB is generous
CHUNK = 64 * 1024  # a harvest reads files in pieces of this size

# The codes a completed form can fail with (their meanings and what to do: docgen/filecodes.py).
FORM_ERRORS = meanings("form-error")


class FormError(DocgenError):
    """A completed file that cannot be read, with a code from FORM_ERRORS and a plain message."""

    def __init__(self, code: str, message: str):
        if code not in FORM_ERRORS:
            raise ValueError(code)
        self.code = code
        self.message = message
        super().__init__(message)


def check_size(data: bytes) -> None:
    if len(data) > MAX_FILE:
        raise FormError(
            "too-large",
            f"the file is {len(data) / 1e6:.0f} MB; docgen reads forms up to {MAX_FILE // (1024 * 1024)} MB",
        )


_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True
)


_DTD = re.compile(rb"<!(?i:doctype|entity)")
_DTD_TEXT = re.compile(r"<!(?i:doctype|entity)")
_ENCODING = re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x00<\x00?", "utf-16-be"),
)


def _declares_dtd(data: bytes) -> bool:
    """Whether an XML part declares a DOCTYPE or entities anywhere, in whatever encoding its byte
    order mark or XML declaration gives (a UTF-16 part hides them from a search of its bytes)."""
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        declared = _ENCODING.match(data)
        encoding = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    if encoding.replace("-", "").replace("_", "") in ("utf8", "ascii", "usascii"):
        return _DTD.search(data) is not None
    try:
        return _DTD_TEXT.search(data.decode(encoding, "replace")) is not None
    except LookupError:  # an encoding Python does not know: libxml2 will refuse it, or the check below sees it
        return _DTD.search(data) is not None


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse an XML part, refusing DOCTYPEs (entity expansion, external entities): looked for in
    the decoded text before parsing, and in what the parser found after."""
    unsafe = FormError("unsafe-xml", f"{name} declares a DOCTYPE or entities, which a Word document never needs")
    if _declares_dtd(data):
        raise unsafe
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise FormError("corrupt", f"{name} is not well-formed XML ({exc.msg})") from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise unsafe
    return root
