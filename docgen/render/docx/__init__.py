"""DOCX renderer: one FormSpec (document tree) -> a Word document with content controls.

data = render_docx(spec)                       # a blank form
data = render_docx(spec, {"supervisee": "A"})  # personalised
"""

from __future__ import annotations

import copy
import dataclasses
import io
import uuid
import zipfile

from lxml import etree

from ...forms.fieldlist import FieldList
from ...forms.tree import FormSpec
from .. import prepared
from .document import BodyBuilder
from .fill import fill_tree
from .header import logo_header
from .package import with_parts, write_package

__all__ = ["render_docx", "fill_docx", "DocxForm", "Rendered"]


@dataclasses.dataclass(frozen=True)
class Rendered:
    data: bytes
    document_id: str
    notes: tuple[tuple[str, str], ...] = ()  # (field id, what was changed) for prefilled values


class DocxForm:
    """A form prepared once (its XML tree built), then rendered many times: blank, or personalised
    with values. Rendering copies the prepared tree, so people never share state."""

    def __init__(self, spec: FormSpec):
        self.spec = spec
        builder = BodyBuilder(spec)
        self.root = builder.build()
        self.media = tuple(builder.media)
        self.links = tuple(builder.links)
        self.lists = builder.lists
        self.fields_json = FieldList.of(spec).to_json()
        self.header = logo_header(spec)  # (header XML, its pictures), or None: the agency's name alone

    def render(
        self, values: dict | None = None, document_id: str | None = None, manifest_entries: dict[str, str] | None = None
    ) -> Rendered:
        spec = self.spec
        root = copy.deepcopy(self.root) if values else self.root
        notes = fill_tree(root, values) if values else []
        manifest = {**(manifest_entries or {}), **dataclasses.asdict(spec.manifest)}  # prefill's entries: text
        manifest["document_id"] = document_id or uuid.uuid4().hex
        document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        data = write_package(
            document,
            manifest=manifest,
            fields_json=self.fields_json,
            title=spec.title,
            header=spec.agency,
            footer=(spec.title, spec.version_line),
            media=self.media,
            links=self.links,
            lists=self.lists,
            header_part=self.header[0] if self.header else None,
            header_media=self.header[1] if self.header else (),
        )
        return Rendered(data, manifest["document_id"], tuple(notes))


_PREPARED: dict[int, DocxForm] = {}


def render_docx(
    spec: FormSpec,
    values: dict | None = None,
    *,
    document_id: str | None = None,
    manifest_entries: dict[str, str] | None = None,
) -> Rendered:
    """Render a form; the prepared tree of each spec is kept, so bulk runs build it once.
    `manifest_entries`: text the document carries beside its fields (docgen/prefill.py)."""
    return prepared(_PREPARED, spec, DocxForm).render(values, document_id, manifest_entries)


def fill_docx(data: bytes, values: dict) -> bytes:
    """Fill a generated form's controls (as a person would in Word), keeping everything else."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    fill_tree(root, values)
    document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return with_parts(data, {"word/document.xml": document})
