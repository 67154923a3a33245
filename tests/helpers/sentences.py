"""The words of a document tree (a FormSpec): its sentences, for tests that compare what documents say."""

from __future__ import annotations

import dataclasses

from docgen.forms.tree import ListBlock, Panel, Paragraph, Table


def _blocks(spec):
    for section in spec.sections:
        for block in section.blocks:
            yield from block.blocks if isinstance(block, Panel) else (block,)


def sentences(spec) -> set[str]:
    """The text of every Paragraph, list item and table cell. A cell is named by its row's first
    cell and its column ("Group supervision | Counts towards how often: No"), so a "No" in one row
    is not the "No" of another."""
    out: set[str] = set()
    for block in _blocks(spec):
        if isinstance(block, Paragraph):
            out.add("".join(p for p in block.parts if isinstance(p, str)).strip())
        elif isinstance(block, ListBlock):
            out.update(block.items)
        elif isinstance(block, Table):
            for row in block.rows:
                out.update(f"{row[0]} | {head}: {cell}" for head, cell in zip(block.header, row, strict=False) if cell)
    return out - {""}


def strings(value) -> list[str]:
    """Every piece of text anywhere in a document tree (headings, titles, labels, footers too)."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in strings(getattr(value, f.name))]
    if isinstance(value, (tuple, list)):
        return [s for v in value for s in strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    return []
