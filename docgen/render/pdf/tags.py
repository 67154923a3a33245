"""Tagging a PDF while it is drawn: the structure tree a screen reader follows (PDF/UA).

A Flow owns one Tagger; as it walks the document tree it opens structure elements that mirror it:

    with flow.tags.element("Table"):          # an element that only groups others (no content)
        with flow.tags.element("TR"):
            with flow.tags.content("TD"):     # an element whose drawing is marked content
                canvas.drawString(...)

Marked content: everything drawn inside `content(tag)` goes in the page's content stream between
`/TD <</MCID n>> BDC` and `EMC`; everything else on the page (rules, borders, shading) sits in an
`/Artifact BMC ... EMC` sequence, and the running header and footer in a pagination artifact
(`pagination`). Exactly one sequence is open at a time and they never nest: opening a content
element inside another (a link in a paragraph, a blank in a sentence) ends the outer element's
sequence and begins it again, with a new MCID, after the inner one; so does a page break
(`end_page`), so a paragraph split over two pages is one P with a mark on each. A sequence that
ends with nothing drawn in it is taken out again. Marks change only between reportlab's drawing
calls, so they never cut a BT..ET text object; a caller wraps a saveState()/restoreState() pair
whole in one element (the figure) so they never cut a q..Q pair either.

Annotations are tagged by reference: `annot(name)` (a widget, by field name) and `link(text)`
in the element open at the time. tagtree.py, in the pikepdf pass, matches them to the page's
annotations in drawing order and builds the tree (StructTreeRoot, ParentTree, OBJR kids).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfgen.canvas import Canvas


@dataclass(eq=False)
class Element:
    """A structure element: its type (P, H2, TD, Form ...), attributes (Alt, Scope, BBox) and kids
    in reading order: elements, Marks and Annots."""

    tag: str
    attrs: dict[str, Any] = field(default_factory=dict)
    kids: list[Element | Mark | Annot] = field(default_factory=list)


@dataclass(eq=False)
class Mark:
    """A marked-content sequence: the page (from 1) and its MCID there."""

    page: int
    mcid: int


@dataclass(eq=False)
class Annot:
    """An annotation drawn on `page`: a widget of the field `name`, or a link ("link") reading `text`."""

    kind: str
    page: int
    name: str = ""
    text: str = ""


ARTIFACT, PAGINATION = "artifact", "pagination"
OPEN = {ARTIFACT: "/Artifact BMC", PAGINATION: "/Artifact <</Type /Pagination>> BDC"}


class Tagger:
    def __init__(self, canvas: Canvas):
        self.c = canvas
        self.root = Element("Document")
        self.stack: list[Element] = [self.root]  # the structure elements open, innermost last
        self.owners: list[Element | str] = []  # the content elements (or artifacts) open, innermost last
        self.page, self.next_mcid = 1, 0
        self.open: Element | str | None = None  # what the marked-content sequence open now belongs to
        self._opened: tuple[int, Mark | None] = (0, None)  # the code's length after it began, its Mark
        self.last_heading = 0
        canvas.docgen_tags = self  # for drawing code given only the canvas

    # --- the structure ------------------------------------------------------------------------
    def _add(self, tag: str, attrs: dict[str, Any]) -> Element:
        element = Element(tag, {k: v for k, v in attrs.items() if v is not None})
        self.stack[-1].kids.append(element)
        return element

    @contextmanager
    def element(self, tag: str, **attrs: Any) -> Iterator[Element]:
        """A structure element grouping the elements opened inside it (Table, TR, L, LI, Sect)."""
        if self.owners and self.owners[-1] == ARTIFACT:  # inside an artifact (a header row said again): none
            yield Element(tag)
            return
        element = self._add(tag, attrs)
        self.stack.append(element)
        try:
            yield element
        finally:
            self.stack.pop()

    @contextmanager
    def content(self, tag: str, **attrs: Any) -> Iterator[Element]:
        """A structure element whose drawing is its marked content (P, H2, TD, Lbl, Link, Form)."""
        if self.owners and self.owners[-1] == ARTIFACT:  # inside an artifact: drawn as part of it
            yield Element(tag)
            return
        with self.element(tag, **attrs) as element:
            self.owners.append(element)
            self._switch(element)
            try:
                yield element
            finally:
                self.owners.pop()
                self._switch(self._owner())

    @contextmanager
    def artifact(self) -> Iterator[None]:
        """Decoration drawn inside a content element (a cell's border, a swatch), or what is said
        again (a table's header row repeated on the next page): no elements are made inside it."""
        self.owners.append(ARTIFACT)
        self._switch(ARTIFACT)
        try:
            yield
        finally:
            self.owners.pop()
            self._switch(self._owner())

    def heading(self, level: int) -> str:
        """The tag for a heading of `level`, never more than one level below the last heading."""
        self.last_heading = max(1, min(level, self.last_heading + 1))
        return f"H{self.last_heading}"

    def annot(self, name: str) -> None:
        """The widget of field `name` just drawn belongs to the element open now (a Form)."""
        self.stack[-1].kids.append(Annot("widget", self.page, name))

    def link(self, text: str) -> None:
        """The link annotation just drawn, over `text`, belongs to the element open now (a Link)."""
        self.stack[-1].kids.append(Annot("link", self.page, text=text))

    # --- pages --------------------------------------------------------------------------------
    @contextmanager
    def pagination(self) -> Iterator[None]:
        """The running header and footer of a page: drawn first on each page, as a pagination
        artifact; whatever was open before the page break begins again after them."""
        self._switch(PAGINATION)
        try:
            yield
        finally:
            self._switch(self._owner())

    def end_page(self) -> None:
        """Before a page break (or the last page's end): the open sequence ends."""
        self._switch(None)
        self.page, self.next_mcid = self.page + 1, 0

    # --- marked content -----------------------------------------------------------------------
    def _owner(self) -> Element | str:
        return self.owners[-1] if self.owners else ARTIFACT

    def _switch(self, owner: Element | str | None) -> None:
        if owner is self.open:
            return
        code: list[str] = self.c._code  # reportlab's page operators
        if self.open is not None:
            length, mark = self._opened
            if len(code) == length:  # nothing drawn since it began: taken out again
                code.pop()
                if mark is not None:
                    assert isinstance(self.open, Element)
                    self.open.kids.remove(mark)
                    self.next_mcid -= 1
            else:
                code.append("EMC")
        self.open, mark = owner, None
        if owner is None:
            return
        if isinstance(owner, Element):
            mark = Mark(self.page, self.next_mcid)
            self.next_mcid += 1
            owner.kids.append(mark)
            code.append(f"/{owner.tag} <</MCID {mark.mcid}>> BDC")
        else:
            code.append(OPEN[owner])
        self._opened = (len(code), mark)


def of(canvas: Canvas) -> Tagger:
    """The Tagger drawing on `canvas` (for code given only the canvas: links, boxed panels)."""
    return canvas.docgen_tags


__all__ = ["Annot", "Element", "Mark", "Tagger", "of"]
