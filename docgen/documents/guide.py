"""The one-minute guide (Leeds One minute guide No. 63, seed 004): one A4 page.

    One minute guide / Supervision / No. 63, January 2025
    What is supervision? / What do we have in [area]? / Why is supervision important? /
    What are the key functions of supervision? / What are the common principles for supervision? /
    Further information

Each section is the guide's own words from the policy's `guide:` block (a digest of the policy),
else the policy's prose (definitions, introduction, purpose, functions, principles). Phrases
named in `guide.links` are links. A reference to a numbered section of the source ("as outlined
in section 5") is resolved to that section's title, or dropped. Text that sends the reader
"here" with no link is a problem for the policy to fix (a `guide:` key), never guessed at.
"""

from __future__ import annotations

from ..errors import Problem, ProblemsFound
from ..forms.tree import ListBlock, Paragraph, Section
from ..policy.guide import Guide, GuideLink
from ..policy.model import Prose
from ..policy.sections import Policy
from .prose import blocks, count, counted, dangling, linked, resolver, section

TITLE = "One minute guide"
FIT = (
    "The one-minute guide is one page. Give it its own shorter words under `guide:` in the policy "
    "(what_is, what_we_have, why, functions, principles, further_information)"
)


def _area(p: Policy) -> str:
    return p.agency.area or p.agency.short_name or p.agency.name


def _functions(p: Policy, g: Guide, fix) -> list:
    """The guide's own words, else the functions listed (a short description beside each, as the
    seeds list them) with the policy's words on balancing them; their prompts are the functions
    sheet's."""
    if g.functions:
        return blocks(g.functions, links=g.links, resolve=fix)
    f = p.functions
    if not f.items:  # the policy names no functions: the guide leaves the question out
        return []
    intro = counted(fix(f.intro), len(f.items)) if f.intro else f"Supervision has {count(len(f.items))} functions:"
    labels = tuple(
        f"{i.label} ({fix(i.description)})" if i.description and len(i.description) < 80 else i.label for i in f.items
    )
    out: list = [Paragraph((intro,)), ListBlock(labels)]
    if f.balance.text and f.balance.text != f.intro:
        out.append(Paragraph((fix(f.balance.text),)))
    return out


def _further(p: Policy, g: Guide) -> list:
    """The guide's own further information, else where the guide's words come from (linked when
    the policy gives the source's address)."""
    if g.further_information:
        return blocks(g.further_information, links=g.links)
    own = p.sources[0] if p.sources else None
    links = [GuideLink(p.title, own.url)] if own and own.url else []
    return [linked(f"This guide is drawn from {p.title} ({p.agency.name}).", links)]


def one_minute_guide(p: Policy) -> tuple[str, list[Section], dict]:
    g = p.guide or Guide()
    fix = resolver(p)
    what_is = g.what_is or (Prose(paragraphs=tuple(d.text for d in p.definitions)) if p.definitions else None)
    sections = section("What is supervision?", blocks(what_is, links=g.links, resolve=fix))
    we_have = g.what_we_have or p.introduction
    sections += section(
        f"What do we have in {_area(p)}?", blocks(we_have, links=g.links, resolve=fix, titles=bool(g.what_we_have))
    )
    sections += section(
        "Why is supervision important?", blocks(g.why or p.purpose, links=g.links, resolve=fix, titles=bool(g.why))
    )
    sections += section("What are the key functions of supervision?", _functions(p, g, fix))
    principles = [g.principles] if g.principles else list(p.principles)
    sections += section(
        "What are the common principles for supervision?", [b for pr in principles for b in blocks(pr, resolve=fix)]
    )
    sections += section("Further information", _further(p, g))
    _no_dangling_here(p, g, sections)
    issue = ", ".join(x for x in (f"No. {g.number}" if g.number else "", g.date) if x)
    masthead = (TITLE, g.subject or "Supervision", issue)
    extras = dict(masthead=tuple(m for m in masthead if m), one_page=FIT)
    if g.number or g.date:
        extras["version_line"] = issue
    return f"{TITLE}: {g.subject or 'Supervision'}", sections, extras


def _no_dangling_here(p: Policy, g: Guide, sections: list[Section]) -> None:
    """Text that says "can be accessed here." with no link is for the policy to fix."""
    problems = []
    for s in sections:
        for b in s.blocks:
            texts = [x for x in b.parts if isinstance(x, str)] if isinstance(b, Paragraph) else []
            texts += list(b.items) if isinstance(b, ListBlock) else []
            for t in texts:
                if dangling(t, g.links):
                    problems.append(
                        Problem(
                            "bad-value",
                            f'the one-minute guide\'s "{s.heading}" sends the reader "here" with no link: "{t[-80:]}"',
                            "give the guide its own words for this section under `guide:` (without the "
                            "dangling 'here'), or name the link under guide.links: [{text: here, url: ...}]",
                            path="guide",
                        )
                    )
    if problems:
        raise ProblemsFound(problems)


__all__ = ["one_minute_guide"]
