"""Cheap, bounded checks on untrusted files before any real parsing.

Completed forms come from many hands. Every check reads a bounded amount of data and raises
`FormError` with a documented code and a plain message. No XML part with a DOCTYPE is parsed;
zip packages are opened by zipread.py, which inflates nothing without a bound.
"""

from __future__ import annotations

from lxml import etree

MAX_FILE = 50 * 1024 * 1024  # a completed form is kilobytes; 50 MB is generous
CHUNK = 64 * 1024  # a harvest reads files in pieces of this size

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
