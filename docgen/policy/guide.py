"""The one-minute guide's own words (Leeds One minute guide No. 63's layout): a digest of the
policy, one page long. Every key is optional: a section the guide block does not give is drawn
from the policy's own prose when that is short enough for a one-page guide."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..structure import doc
from .model import Prose, Source


@dataclass(frozen=True)
class GuideLink:
    """A phrase of the guide's words that is a link: where `text` appears in the guide's prose it
    is drawn as a link to `url` (a PDF link annotation, a Word hyperlink)."""

    text: str = field(metadata=doc("the words that are the link, as they appear in the guide's prose"))
    url: str = field(metadata=doc("the address, e.g. https://..."))


@dataclass(frozen=True)
class Guide:
    number: str = field(default="", metadata=doc("the guide's issue number, e.g. 63", example="63"))
    date: str = field(default="", metadata=doc("the guide's date in words, e.g. January 2025"))
    subject: str = field(default="", metadata=doc('the subject under the title; default "Supervision"'))
    what_is: Prose | None = field(default=None, metadata=doc("What is supervision?"))
    what_we_have: Prose | None = field(default=None, metadata=doc("What do we have in [area]?"))
    why: Prose | None = field(default=None, metadata=doc("Why is supervision important?"))
    functions: Prose | None = field(default=None, metadata=doc("What are the key functions of supervision?"))
    principles: Prose | None = field(default=None, metadata=doc("What are the common principles for supervision?"))
    further_information: Prose | None = field(default=None, metadata=doc("Further information, in the agency's words"))
    links: tuple[GuideLink, ...] = ()
    source: Source | None = None


__all__ = ["Guide", "GuideLink"]
