"""The DOCX form format, shared by the renderer (docgen/render/docx) and the parser
(docgen/parse/docx.py), which import it and never each other. `oxml` is the element layer
(every `w:`, `w14:` and `w15:` name: `wml` for runs, paragraphs, tables and the section,
`controls` for content controls in both directions, `parts` for styles, numbering, settings,
header and footer, `drawing` for pictures); this module holds the manifest namespace and the
prompts docgen leaves in empty controls."""

from __future__ import annotations

MANIFEST_NS = "urn:docgen:manifest:1"  # the custom XML part that carries the form's id, version and field list

PROMPTS = ("Choose or type a date (dd/mm/yyyy)", "Choose an item", "Type your full name to sign", "Enter a number",
           "Click or tap here to enter text", "Enter text")


def is_prompt(text: str) -> bool:
    """Is this one of the prompts docgen puts in empty controls (left in place of an answer)?"""
    return text in PROMPTS or text.startswith("Choose: ")


__all__ = ["MANIFEST_NS", "PROMPTS", "is_prompt"]
