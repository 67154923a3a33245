"""Small helpers the handouts share: the policy's prose as document blocks, counts in words, and
references to another document's numbered sections resolved (or dropped)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..forms.tree import Link, ListBlock, Paragraph, Section
from ..policy.guide import GuideLink
from ..policy.model import Prose

WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}
HERE = re.compile(r"\b(?:accessed|available|found|viewed|read|downloaded|see|click)\s+here\b", re.I)
# "as outlined in section 5", "(see section 5)", "in section 5 below"
SECTION_REF = re.compile(
    r"(?P<lead>,?\s*\(?\s*(?:(?:as\s+)?(?:outlined|set\s+out|described|detailed|shown|explained)\s+in|see)\s+)"
    r"section\s+(?P<n>\d+)(?P<tail>(?:\s+(?:below|above))?\)?)",
    re.I,
)


def count(n: int) -> str:
    return WORDS.get(n, str(n))


def counted(intro: str, n: int, noun: str = "functions") -> str:
    """The policy's introduction to its list when the count it states is the list's own; else the
    count said from the data ("The five key functions of supervision are:")."""
    said = re.search(r"\b(" + "|".join(WORDS.values()) + r")\b(?=[\w\s]*\b(?:functions|elements)\b)", intro, re.I)
    if said and said.group(1).lower() != count(n):
        return f"The {count(n)} key {noun} of supervision are:"
    return intro


def words(prose: Prose | None) -> int:
    if prose is None:
        return 0
    return sum(len(t.split()) for t in (prose.title, *prose.paragraphs, *prose.items, *prose.closing))


def linked(text: str, links: Sequence[GuideLink] = ()) -> Paragraph:
    """A paragraph whose phrases named by `links` are links (the first time each appears)."""
    parts: list = [text]
    for link in links:
        for i, part in enumerate(parts):
            if isinstance(part, str) and link.text in part:
                before, _, after = part.partition(link.text)
                parts[i : i + 1] = [p for p in (before, Link(link.text, link.url), after) if p != ""]
                break
    return Paragraph(tuple(parts))


def blocks(
    prose: Prose | None, *, heading: str = "", links: Sequence[GuideLink] = (), resolve=None, titles: bool = True
) -> list:
    """Prose as paragraphs and a list; its title is a lead-in line ("All supervision should:")
    unless it repeats `heading` or `titles` is False (a section title of the source)."""
    if prose is None:
        return []
    fix = resolve or (lambda t: t)
    out: list = []
    if titles and prose.title and prose.title.rstrip("?:").lower() != heading.rstrip("?:").lower():
        out.append(linked(fix(prose.title), links))
    out += [linked(fix(t), links) for t in prose.paragraphs]
    if prose.items:
        out.append(ListBlock(tuple(fix(i) for i in prose.items)))
    return out + [linked(fix(t), links) for t in prose.closing]


def section(heading: str, content: list) -> list[Section]:
    return [Section(heading, tuple(content))] if content else []


def section_titles(policy) -> dict[str, str]:
    """The numbered sections of the policy's own source, by number, from the `at` of its sources
    ("5. Elements of supervision" -> {"5": "Elements of supervision"})."""
    titles: dict[str, str] = {}

    def visit(node) -> None:
        if isinstance(node, tuple):
            for x in node:
                visit(x)
            return
        if not hasattr(node, "__dataclass_fields__"):
            return
        at = getattr(node, "at", None)
        if isinstance(at, str):
            for part in at.split(";"):
                m = re.match(r"\s*(\d+)\.\s+([^,(]+)", part)
                if m:
                    titles.setdefault(m.group(1), m.group(2).strip())
        for name in node.__dataclass_fields__:
            visit(getattr(node, name))

    visit(policy)
    return titles


def resolver(policy):
    """Text with its references to numbered sections of the source ("as outlined in section 5")
    resolved to that section's title, or dropped when the policy does not say which it is."""
    titles = section_titles(policy)

    def fix(text: str) -> str:
        def one(m: re.Match) -> str:
            title = titles.get(m.group("n"))
            if not title:
                return ""
            lead = m.group("lead")
            return f"{lead}“{title}”{m.group('tail')}"

        return re.sub(r"\s+([.,;:])", r"\1", SECTION_REF.sub(one, text))

    return fix


def dangling(text: str, links: Sequence[GuideLink]) -> bool:
    """Whether the text sends the reader "here" with no link to follow."""
    return bool(HERE.search(text)) and not any(link.text.lower() == "here" for link in links)


__all__ = ["blocks", "count", "counted", "dangling", "linked", "resolver", "section", "words"]
