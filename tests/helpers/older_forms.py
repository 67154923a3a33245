"""Forms as docgen drew them before tick boxes: every choice a dropdown list (w:dropDownList). Such
forms were issued and are still filled in and harvested, so the readers keep reading them."""

from __future__ import annotations

from unittest import mock

from docgen.render.docx import DocxForm
from docgen.render.docx import document as docx_document


def with_dropdowns(spec, values: dict | None = None, document_id: str = "older-form") -> bytes:
    """The DOCX of `spec` with each choice drawn as a dropdown (not tick boxes), as before."""
    kinds = {**docx_document.CONTROL_KINDS, "ticks": "dropdown"}
    with mock.patch.dict(docx_document.CONTROL_KINDS, kinds):
        form = DocxForm(spec)  # built here, not the renderer's prepared (tick-box) form
    return form.render(values, document_id).data
