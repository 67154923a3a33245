"""DOCX renderer: one FormSpec (document tree) -> a Word document with content controls.

    data = render_docx(spec)                       # a blank form
    data = render_docx(spec, {"supervisee": "A"})  # personalised
"""

from __future__ import annotations

import dataclasses
import io
import uuid
import zipfile

from lxml import etree

from ...spec.tree import FormSpec
from .document import BodyBuilder
from .fill import fill_tree
from .package import compact_fields, write_package

__all__ = ["render_docx", "fill_docx", "Rendered"]


@dataclasses.dataclass(frozen=True)
class Rendered:
    data: bytes
    document_id: str
    notes: tuple[tuple[str, str], ...] = ()  # (field id, what was changed) for prefilled values


def render_docx(spec: FormSpec, values: dict | None = None, *, document_id: str | None = None) -> Rendered:
    builder = BodyBuilder(spec)
    root = builder.build()
    notes = fill_tree(root, values) if values else []
    manifest = dataclasses.asdict(spec.manifest)
    manifest["document_id"] = document_id or uuid.uuid4().hex
    document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    m = spec.manifest
    data = write_package(document, manifest=manifest, fields_json=compact_fields(spec), title=spec.title,
                         header=spec.agency, footer=f"{spec.title} ({m.form_id} v{m.form_version})")
    return Rendered(data, manifest["document_id"], tuple(notes))


def fill_docx(data: bytes, values: dict) -> bytes:
    """Fill a generated form's controls (as a person would in Word), keeping everything else."""
    src = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(src.read("word/document.xml"))
    fill_tree(root, values)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == "word/document.xml":
                payload = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, payload)
    return out.getvalue()
