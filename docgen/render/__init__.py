"""Render stage: the document tree of a form (or read-only document) -> DOCX / PDF bytes."""

from __future__ import annotations

from typing import Callable, TypeVar

T = TypeVar("T")


def prepared(cache: dict, spec, make: Callable[[object], T]) -> T:
    """The prepared renderer of `spec` (built once, so bulk runs draw each form once)."""
    form = cache.get(id(spec))
    if form is None or form.spec is not spec:
        if len(cache) > 64:
            cache.clear()
        form = cache[id(spec)] = make(spec)
    return form
