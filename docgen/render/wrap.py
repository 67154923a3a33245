"""Text with links broken into lines, for both renderers' measures: each line a list of runs
(text, url or ""), wrapped at spaces to fit a width in DejaVu Sans (the PDF's font; Word's Arial
is narrower, so what fits here fits there)."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from ..forms.tree import Link, Paragraph
from .fonts import SANS, register_fonts

Run = tuple[str, str]  # (text, url: "" when not a link)


def runs(block: Paragraph) -> list[Run]:
    out: list[Run] = []
    for part in block.parts:
        if isinstance(part, Link):
            out.append((part.text, part.url))
        elif isinstance(part, str):
            out.append((part, ""))
    return out


def plain(block: Paragraph) -> str:
    return "".join(text for text, _ in runs(block))


def has_links(block: Paragraph) -> bool:
    return any(isinstance(p, Link) for p in block.parts)


def wrap(parts: list[Run], size: float, width: float, font: str = SANS) -> list[list[Run]]:
    """Lines of runs, each at most `width` wide (a word longer than the width goes on a line of its own)."""
    register_fonts()
    words: list[Run] = []  # each word with the space after it
    for text, url in parts:
        pieces = text.split(" ")
        for i, piece in enumerate(pieces):
            tail = " " if i < len(pieces) - 1 else ""
            if piece or tail:
                words.append((piece + tail, url))
    lines: list[list[Run]] = [[]]
    used = 0.0
    for text, url in words:
        w = stringWidth(text.rstrip(), font, size)
        if lines[-1] and used + w > width:
            lines.append([])
            used = 0.0
        if not lines[-1] and not text.strip():
            continue
        line = lines[-1]
        if line and line[-1][1] == url:
            line[-1] = (line[-1][0] + text, url)
        else:
            line.append((text, url))
        used += stringWidth(text, font, size)
    return [line for line in lines if line] or [[("", "")]]


__all__ = ["Run", "has_links", "plain", "runs", "wrap"]
