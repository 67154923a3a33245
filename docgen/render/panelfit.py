"""A briefing's numbered panels fitted to one page: the text size (11 pt, down to a floor of 9 pt)
and which panels go in which column (in reading order, down the first column then the next,
columns as even as they can be), measured as the PDF draws them (render/pdf/panels.py). The
Word document uses the same size and columns. When the panels cannot fit at 9 pt, the problem
names the longest panel and says what to shorten: nothing is clipped or spilled onto a page 2."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from ..errors import Problem, ProblemsFound
from ..forms.tree import FormSpec, Heading, ListBlock, Panel, Paragraph
from .fonts import BOLD, SANS
from .wrap import runs, wrap

SIZES = (11.0, 10.5, 10.0, 9.5, 9.0)  # the text sizes tried, largest first: never under 9 pt
PAD = 6.0  # inside a panel's box
GAP = 7.0  # between panels, and between columns
BADGE = 11.0  # the number's circle (radius)
INDENT = 14.0  # a list item's text


def genre(spec: FormSpec) -> str:
    """The document's genre in a sentence: "one minute guide", "7-minute briefing"."""
    name = spec.title.split(":")[0]
    return name[:1].lower() + name[1:]


def lead(size: float) -> float:
    return size * 1.2


def heading_size(size: float) -> float:
    return size + 2


@dataclass(frozen=True)
class Fit:
    size: float
    columns: tuple[tuple[int, ...], ...]  # panel indexes, per column
    heights: tuple[float, ...]  # each panel's height, boxed


def block_height(block, size: float, width: float) -> float:
    if isinstance(block, Paragraph):
        return len(wrap(runs(block), size, width)) * lead(size) + 3
    if isinstance(block, ListBlock):
        lines = sum(len(wrap([(item, "")], size, width - INDENT)) for item in block.items)
        return lines * lead(size) + 1.5 * len(block.items) + 2
    if isinstance(block, Heading):
        return len(wrap([(block.text, "")], size, width, BOLD)) * lead(size) + 2
    return 0.0


def header_height(panel: Panel, size: float, width: float) -> float:
    h = heading_size(size)
    lines = len(wrap([(panel.heading, "")], h, width - 2 * BADGE - 6, BOLD))
    return max(2 * BADGE, lines * lead(h)) + 5


def panel_height(panel: Panel, size: float, width: float) -> float:
    inner = width - 2 * PAD
    return 2 * PAD + header_height(panel, size, inner) + sum(block_height(b, size, inner) for b in panel.blocks)


def split(heights: list[float], columns: int) -> tuple[tuple[int, ...], ...]:
    """Panels in reading order cut into `columns` runs, the tallest run as short as it can be."""
    n = len(heights)
    cols = min(columns, n)
    best: tuple[float, tuple[tuple[int, ...], ...]] | None = None
    for cuts in combinations(range(1, n), cols - 1):
        bounds = (0, *cuts, n)
        runs_ = tuple(tuple(range(a, b)) for a, b in zip(bounds, bounds[1:], strict=False))
        tallest = max(sum(heights[i] for i in r) + GAP * (len(r) - 1) for r in runs_)
        if best is None or tallest < best[0]:
            best = (tallest, runs_)
    assert best is not None
    return best[1]


def column_height(fit: Fit, column: tuple[int, ...]) -> float:
    return sum(fit.heights[i] for i in column) + GAP * (len(column) - 1)


def fit_panels(spec: FormSpec, panels: tuple[Panel, ...], columns: int, width: float, room: float) -> Fit:
    """The largest size at which the panels fit `room` points high in `columns` columns of
    `width` (the text width); a clear problem when even 9 pt does not fit."""
    col_w = (width - GAP * (columns - 1)) / columns
    fit = None
    for size in SIZES:
        heights = [panel_height(p, size, col_w) for p in panels]
        fit = Fit(size, split(heights, columns), tuple(heights))
        if all(column_height(fit, c) <= room for c in fit.columns):
            return fit
    assert fit is not None
    longest = max(range(len(panels)), key=lambda i: fit.heights[i])
    p = panels[longest]
    tallest = max(column_height(fit, c) for c in fit.columns)
    raise ProblemsFound(
        [
            Problem(
                "bad-value",
                f"the {genre(spec)} does not fit on one page, even at {SIZES[-1]:g} pt: panel "
                f'{p.number} "{p.heading}" is the longest ({fit.heights[longest]:.0f} points high; the panels '
                f"need {tallest:.0f} of the {room:.0f} a column has)",
                spec.one_page or "shorten the panel's words in the policy",
                path="briefing",
            )
        ]
    )


__all__ = [
    "Fit",
    "fit_panels",
    "genre",
    "panel_height",
    "lead",
    "heading_size",
    "PAD",
    "GAP",
    "BADGE",
    "INDENT",
    "SANS",
]
