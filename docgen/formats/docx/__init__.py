"""The DOCX form format, shared by the renderer (docgen/render/docx) and the parser
(docgen/parse/docx.py): `oxml` holds the WordprocessingML names and control builders/readers;
this module holds the manifest namespace and the prompts docgen leaves in empty controls."""

from __future__ import annotations

MANIFEST_NS = "urn:docgen:manifest:1"  # the custom XML part that carries the form's id, version and field list

PROMPTS = ("Choose or type a date (dd/mm/yyyy)", "Choose an item", "Type your full name to sign", "Enter a number",
           "Click or tap here to enter text", "Enter text")


def is_prompt(text: str) -> bool:
    """Is this one of the prompts docgen puts in empty controls (left in place of an answer)?"""
    return text in PROMPTS or text.startswith("Choose: ")


__all__ = ["MANIFEST_NS", "PROMPTS", "is_prompt"]
