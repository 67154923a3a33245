"""Spec stage: form templates + policy -> resolved FormSpec (the document tree of a form)."""

from .fieldlist import FieldList, pdf_name
from .resolve import build_form, form_keys
from .tree import FieldSpec, FormSpec, RepeatSpec

__all__ = ["build_form", "form_keys", "FieldSpec", "FormSpec", "RepeatSpec", "FieldList", "pdf_name"]
