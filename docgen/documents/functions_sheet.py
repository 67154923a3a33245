"""The functions sheet handout: what each function of supervision covers (Worcestershire Appendix 1).

One column per function with its prompts, one prompt a row, for any number of functions: the
table is marked `by_column`, so a renderer that cannot set the columns side by side (their words
do not fit the page's width even at the least text size, or side by side they would not fit a
page) draws each function as a block of its own, its heading over its prompts as a list, two
blocks a row or one (render/tablefit.py). The words are the policy's; a function with neither
prompts nor a description is left out.
"""

from __future__ import annotations

from itertools import zip_longest

from ..forms.tree import Paragraph, Section, Table
from ..policy.sections import Policy


def functions_sheet(p: Policy) -> tuple[str, list[Section]]:
    """The policy's functions, each with its prompts (or its description when it has none)."""
    f = p.functions
    columns = [(i.label, i.prompts or ((i.description,) if i.description else ())) for i in f.items]
    columns = [c for c in columns if c[1]]
    rows = tuple(tuple(cell or "" for cell in row) for row in zip_longest(*(c[1] for c in columns)))
    blocks: list = [Paragraph((f.intro,))] if f.intro else []
    blocks.append(Table(tuple(c[0] for c in columns), rows, by_column=True))
    if f.balance.text and f.balance.text != f.intro:
        blocks.append(Paragraph((f.balance.text,)))
    return (f.model or "Functions of supervision"), [Section("What each function covers", tuple(blocks))]


__all__ = ["functions_sheet"]
