"""Spec stage: form templates + policy -> resolved FormSpec (the document tree of a form)."""

from .resolve import build_form, form_keys
from .tree import FieldSpec, FormSpec, RepeatSpec, pdf_name

__all__ = ["build_form", "form_keys", "FieldSpec", "FormSpec", "RepeatSpec", "pdf_name"]
