"""Render stage: the document tree of a form (or read-only document) -> DOCX / PDF bytes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from ..forms.tree import FormSpec


class _Prepared(Protocol):
    spec: FormSpec


T = TypeVar("T", bound=_Prepared)


def prepared(cache: dict[int, T], spec: FormSpec, make: Callable[[FormSpec], T]) -> T:
    """The prepared renderer of `spec` (built once, so bulk runs draw each form once)."""
    form = cache.get(id(spec))
    if form is None or form.spec is not spec:
        if len(cache) > 64:
            cache.clear()
        form = cache[id(spec)] = make(spec)
    return form
