"""The WordprocessingML element layer, in one name: what render (docgen/render/docx) and parse
(docgen/parse/docx.py) import to build or read a document. Nothing outside docgen/formats/docx
spells a `w:`, `w14:` or `w15:` name.

    wml       namespaces, `qn`, runs, paragraphs, tables, the section, reading text back
    controls  content controls: build one, set or clear its value, read every control back
    parts     styles.xml, numbering.xml, settings.xml, the header and footer
    drawing   pictures (DrawingML)
"""

from __future__ import annotations

from . import drawing
from .controls import (
    CHECKED,
    FIELD,
    ITEM,
    LEGACY_MARK,
    SECTION,
    UNCHECKED,
    ControlIds,
    LegacyField,
    clear_value,
    clone_item,
    control,
    control_tag,
    controls,
    is_repeating_item,
    is_repeating_section,
    item_controls,
    legacy_fields,
    max_control_id,
    properties,
    read_value,
    repeating_section,
    section_items,
    set_value,
    tagged_controls,
)
from .wml import (
    MC,
    NSMAP,
    TABLE,
    TABLE_ROW,
    W14,
    W15,
    R,
    W,
    clean_text,
    decorate,
    document_root,
    el,
    field_code,
    first_child,
    is_unnumbered_paragraph,
    page_break,
    paragraph,
    qn,
    root_element,
    row,
    run,
    section_properties,
    sub,
    table,
    text_of,
)

NAMESPACES = (W, W14, W15, R, MC, drawing.WP, drawing.A, drawing.PIC, drawing.ASVG)  # all that word/*.xml uses

__all__ = [
    "CHECKED", "FIELD", "ITEM", "LEGACY_MARK", "MC", "NAMESPACES", "NSMAP", "SECTION", "TABLE", "TABLE_ROW",
    "UNCHECKED", "W", "W14", "W15", "ControlIds", "LegacyField", "R", "clean_text", "clear_value", "clone_item",
    "control",
    "control_tag", "controls", "decorate", "document_root", "el", "field_code", "first_child",
    "is_repeating_item", "is_repeating_section", "is_unnumbered_paragraph", "item_controls", "legacy_fields",
    "max_control_id", "page_break", "paragraph", "properties", "qn", "read_value", "repeating_section",
    "root_element", "row", "run", "section_items", "section_properties", "set_value", "sub", "table",
    "tagged_controls", "text_of",
]
