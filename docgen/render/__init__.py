"""Render stage: the document tree of a form (or read-only document) -> DOCX / PDF bytes."""
