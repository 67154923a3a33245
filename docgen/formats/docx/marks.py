"""Marked places in a document, for text docgen fills in after building it: a run between a
hidden bookmark's start and end (Word hides bookmarks whose name starts with "_"), found again by
its name. The render stage uses them for a blank said again in a sentence (render/docx/sameas.py)."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from .wml import qn

MAX_NAME = 40  # Word's longest bookmark name


def bookmarked(name: str, bookmark_id: int, r: etree._Element) -> list[etree._Element]:
    """The bookmark start, the run `r` and the bookmark end (the run alone when the name is too long)."""
    if len(name) > MAX_NAME:
        return [r]
    start = etree.Element(qn("w:bookmarkStart"))
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = etree.Element(qn("w:bookmarkEnd"))
    end.set(qn("w:id"), str(bookmark_id))
    return [start, r, end]


def bookmarked_runs(root: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    """(bookmark name, run) for every bookmark whose start is followed by a run."""
    for start in list(root.iter(qn("w:bookmarkStart"))):
        following = start.getnext()
        if following is not None and following.tag == qn("w:r"):
            yield start.get(qn("w:name"), ""), following


__all__ = ["bookmarked", "bookmarked_runs", "MAX_NAME"]
