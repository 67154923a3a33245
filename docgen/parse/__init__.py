"""Parse stage: completed DOCX / PDF forms -> manifest + typed values + issues."""

from __future__ import annotations

from pathlib import Path

from .record import Issue, RawForm, Record, coerce
from .safety import FormError

__all__ = ["parse_file", "parse_bytes", "FormError", "Record", "RawForm", "Issue", "coerce"]


def parse_bytes(data: bytes, name: str = "") -> Record:
    """Parse a completed form, choosing the reader by its first bytes."""
    if b"%PDF-" in data[:1024] or name.lower().endswith(".pdf"):
        from .pdf import read_pdf

        return coerce(read_pdf(data))
    from .docx import read_docx

    return coerce(read_docx(data))


def parse_file(path: str | Path) -> Record:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FormError("corrupt", f"cannot read the file: {exc.strerror or exc}") from None
    return parse_bytes(data, path.name)
