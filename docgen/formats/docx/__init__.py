"""The DOCX form format, shared by the renderer (docgen/render/docx) and the parser
(docgen/parse/docx.py), which import it and never each other. `oxml` is the element layer
(every `w:`, `w14:` and `w15:` name: `wml` for runs, paragraphs, tables and the section,
`controls` for content controls in both directions, `tickboxes` for a choice drawn as tick boxes,
`parts` for styles, numbering, settings, header and footer, `drawing` for pictures); this module
holds the manifest namespace and the prompts docgen leaves in empty controls."""

from __future__ import annotations

MANIFEST_NS = "urn:docgen:manifest:1"  # the custom XML part that carries the form's id, version and field list

# The prompts docgen leaves in empty controls (the field types point into these, docgen.forms.fields).
PROMPT_TEXT = "Enter text"
PROMPT_LONG_TEXT = "Click or tap here to enter text"
PROMPT_NUMBER = "Enter a number"
PROMPT_DATE = "dd / mm / yyyy"  # on screen the format to type; on a printed blank a faint guide to write over
PROMPT_DATE_BEFORE = "Choose or type a date (dd/mm/yyyy)"  # docgen 1.x's date prompt: still read as empty
PROMPT_SIGNATURE = "Type your full name to sign"
PROMPT_CHOICE = "Choose an item"  # a dropdown whose options are too long to list in its prompt
PROMPT_CHOICE_PREFIX = "Choose: "  # a dropdown's prompt: this, then its options' labels
# A blank inside a sentence prompts with a writing line, not words ("between Enter text and Enter
# text" on a printed blank): short for a number, long for a name or a place.
PROMPT_BLANK_SHORT = "……………"
PROMPT_BLANK = "…………………………………"

# Every prompt a field type can leave; docgen.forms.fields.register adds the prompts of a type it registers.
PROMPTS: set[str] = {
    PROMPT_TEXT,
    PROMPT_LONG_TEXT,
    PROMPT_NUMBER,
    PROMPT_DATE,
    PROMPT_DATE_BEFORE,
    PROMPT_SIGNATURE,
    PROMPT_CHOICE,
    PROMPT_BLANK_SHORT,
    PROMPT_BLANK,
}


def is_prompt(text: str) -> bool:
    """Is this one of the prompts docgen puts in empty controls (left in place of an answer)?"""
    return text in PROMPTS or text.startswith(PROMPT_CHOICE_PREFIX)


__all__ = [
    "MANIFEST_NS",
    "PROMPTS",
    "PROMPT_BLANK",
    "PROMPT_BLANK_SHORT",
    "PROMPT_CHOICE",
    "PROMPT_CHOICE_PREFIX",
    "PROMPT_DATE",
    "PROMPT_LONG_TEXT",
    "PROMPT_NUMBER",
    "PROMPT_SIGNATURE",
    "PROMPT_TEXT",
    "is_prompt",
]
