"""The 7-minute briefing (seed 000): seven numbered, boxed panels on one page.

    01 Background       briefing.background, else the statutory basis when it is prose (not a
                        list of citations), else the introduction
    02 Why it matters   briefing.why_it_matters, else the guide's `why`, else purpose
    03 Information      briefing.information (else the definition of supervision), then "The
                        <count> key functions of supervision are:" with the functions (as the seed)
    04 <principles>     briefing.principles (its title is the panel's heading; default
                        "Supervision principles"), else the guide's, else the policy's principles
    05 Case discussion  briefing.case_discussion, else case_discussion's words
    06 What to do       briefing.what_to_do
    07 Questions        briefing.questions

A panel with nothing from the policy is left out (the rest are numbered on). The panels are drawn
as a grid of boxes (Section.grid); when the words cannot fit one page at the least text size the
renderer names the panel that is too long.
"""

from __future__ import annotations

from ..forms.tree import ListBlock, Panel, Paragraph, Section
from ..policy.model import Prose
from ..policy.sections import Policy
from .prose import blocks, count, resolver

PRINCIPLES = "Supervision principles"
FIT = (
    "The 7-minute briefing is one page. Give the panel shorter words under `briefing:` in the policy "
    "(background, why_it_matters, information, principles, case_discussion, what_to_do, questions)"
)


def _background(p: Policy) -> Prose | None:
    b = p.briefing
    if b and b.background:
        return b.background
    basis = p.statutory_basis
    if basis and basis.paragraphs:  # prose; a list of citations alone is not a background
        return Prose(paragraphs=basis.paragraphs)
    return p.introduction


def _why(p: Policy) -> Prose | None:
    b, g = p.briefing, p.guide
    return (b.why_it_matters if b else None) or (g.why if g else None) or p.purpose


def _information(p: Policy, fix) -> list:
    """briefing.information (else the definition of supervision), then the functions counted and
    listed, as the seed's panel 03."""
    b = p.briefing
    if b and b.information:
        out = blocks(b.information, resolve=fix)
    else:
        d = next((d for d in p.definitions if d.id == "supervision"), p.definitions[0] if p.definitions else None)
        out = [Paragraph((fix(d.text),))] if d else []
    items = p.functions.items
    if items:
        labels = tuple(
            f"{i.label} ({i.description})" if i.description and len(i.description) < 80 else i.label for i in items
        )
        out += [Paragraph((f"The {count(len(items))} key functions of supervision are:",)), ListBlock(labels, True)]
    return out


def _principles(p: Policy, fix) -> tuple[str, list]:
    b = p.briefing
    if b and b.principles:
        heading = b.principles.title.rstrip(":") or PRINCIPLES
        return heading, blocks(b.principles, heading=b.principles.title, resolve=fix)
    if p.guide and p.guide.principles:  # the one-minute guide's shorter words
        return PRINCIPLES, blocks(p.guide.principles, resolve=fix)
    return PRINCIPLES, [x for prose in p.principles for x in blocks(prose, resolve=fix)]


def _cases(p: Policy, fix) -> list:
    b = p.briefing
    if b and b.case_discussion:
        return blocks(b.case_discussion, resolve=fix)
    if p.case_discussion:
        cd = p.case_discussion
        texts = ([cd.intro] if cd.intro else []) + [r.text for r in cd.rules]
        return [Paragraph((fix(t),)) for t in dict.fromkeys(texts)]
    return []


def briefing_panels(p: Policy) -> list[tuple[str, list]]:
    b = p.briefing
    fix = resolver(p)
    heading, principles = _principles(p, fix)
    return [
        ("Background", blocks(_background(p), resolve=fix, titles=False)),
        ("Why it matters", blocks(_why(p), resolve=fix, titles=False)),
        ("Information", _information(p, fix)),
        (heading, principles),
        ("Case discussion", _cases(p, fix)),
        ("What to do", blocks(b.what_to_do, resolve=fix) if b and b.what_to_do else []),
        ("Questions", [ListBlock(b.questions)] if b and b.questions else []),
    ]


def seven_minute_briefing(p: Policy) -> tuple[str, list[Section], dict]:
    present = [(h, content) for h, content in briefing_panels(p) if content]
    panels = tuple(Panel(f"{n:02d}", heading, tuple(c)) for n, (heading, c) in enumerate(present, 1))
    return "7-minute briefing: Supervision", [Section("", panels, grid=2)], {"one_page": FIT}


__all__ = ["seven_minute_briefing", "briefing_panels"]
