"""Training handouts as read-only document trees, drawn from the policy alone.

Each handout the policy lists under `documents.handouts` is one kind:

    one_minute_guide       handout-one-minute-guide        the Leeds one-minute-guide layout
    seven_minute_briefing  handout-seven-minute-briefing   seven numbered panels (seed 000)
    functions_sheet        handout-functions-sheet         one column per function, its prompts
    reflective_cycle       handout-reflective-cycle        the cycle drawn, each stage's questions
    preparation_sheet      preparation-sheet               the fillable preparation form itself

The words are the policy's; the handout adds only headings and order. A part the policy does
not hold (no principles, no questions for teams) is left out, never filled in.
"""

from __future__ import annotations

from .. import __version__
from ..forms.tree import Diagram, FormSpec, Heading, ListBlock, Manifest, Paragraph, Section
from ..policy import LoadedPolicy
from ..policy.adopted import adopted_from, credit
from ..policy.model import Prose
from ..policy.sections import Policy
from ..policy.tools import ReflectiveModel
from ..policy.versionline import version_line
from .briefing import seven_minute_briefing
from .functions_sheet import functions_sheet
from .guide import one_minute_guide

VERSION = "1.0"
PREPARATION = "preparation-sheet"  # this handout is the form kind of that name
KINDS = {
    "one_minute_guide": "handout-one-minute-guide",
    "seven_minute_briefing": "handout-seven-minute-briefing",
    "functions_sheet": "handout-functions-sheet",
    "reflective_cycle": "handout-reflective-cycle",
    "preparation_sheet": PREPARATION,
}


def handout_keys(loaded: LoadedPolicy) -> list[str]:
    """The kinds of the handouts the policy lists, in its order."""
    return [KINDS[h] for h in loaded.policy.documents.handouts]


def is_handout(key: str) -> bool:
    return key.startswith("handout-")


def build_handout(loaded: LoadedPolicy, key: str) -> FormSpec:
    name = next(n for n, k in KINDS.items() if k == key and is_handout(k))
    built: tuple = BUILDERS[name](loaded.policy)
    title: str = built[0]
    sections: list[Section] = built[1]
    extras: dict = built[2] if len(built) > 2 else {}  # the genre's masthead, one-page rule, footer version line
    p = loaded.policy
    manifest = Manifest(name, VERSION, key, p.id, p.version, loaded.digest, __version__)
    return FormSpec(
        manifest=manifest,
        title=title,
        agency=p.agency.name,
        logo=loaded.logo,
        sections=tuple(sections),
        footer=_sources(p, name),
        **{"version_line": version_line(p.version, p.last_reviewed), **extras},
    )


def _sources(p, name: str) -> tuple[str, ...]:
    """The sources a handout's words come from: the policy's own, and any borrowed for it; a tool
    the policy adopts from another organisation is credited as such ("Adapted from: ...")."""
    refs = [p.sources[0].id] if p.sources else []
    model = reflective_model(p) if name == "reflective_cycle" else None
    block = model if model else p.briefing if name == "seven_minute_briefing" and p.briefing else None
    if block is not None and block.source:
        refs.append(block.source.ref)
    if model is not None and adopted_from(p, model) is not None:
        refs = refs[-1:]  # every word of the cycle is the adopted model's: it alone is credited
    if name == "one_minute_guide":
        refs = []  # its "Further information" names the policy
    docs = {s.id: s for s in p.sources}
    return tuple(_credit_line(p, block, docs[r]) for r in dict.fromkeys(refs) if r in docs)


def _credit_line(p, block, source) -> str:
    """ "Adapted from: ..." when `block` is adopted from `source`, else "Source: <title>, <publisher>"."""
    adopted = adopted_from(p, block) if block is not None else None
    if adopted is not None and adopted.id == source.id:
        return credit(p, block)
    return f"Source: {source.title}" + (f", {source.publisher}" if source.publisher else "")


WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}


def _count(n: int) -> str:
    return WORDS.get(n, str(n))


def _p(text: str) -> Paragraph:
    return Paragraph((text,))


def _prose(prose: Prose | None, skip_title: str = "", titles: bool = True) -> list:
    """Prose as paragraphs and a list; its title is a lead-in line unless it repeats the heading."""
    if prose is None:
        return []
    out: list = []
    if titles and prose.title and prose.title.rstrip("?:").lower() != skip_title.rstrip("?:").lower():
        out.append(_p(prose.title))
    out += [_p(t) for t in prose.paragraphs]
    if prose.items:
        out.append(ListBlock(prose.items))
    return out + [_p(t) for t in prose.closing]


def _section(heading: str, blocks: list) -> list[Section]:
    return [Section(heading, tuple(blocks))] if blocks else []


def reflective_model(p: Policy) -> ReflectiveModel | None:
    """The model to draw: the first whose every stage has questions, else the first with stages."""
    models = [m for m in p.reflective_models if len(m.stages) >= 3]
    return next((m for m in models if all(s.questions for s in m.stages)), models[0] if models else None)


def reflective_cycle(p: Policy) -> tuple[str, list[Section]]:
    """The cycle drawn as a diagram (alt text in words), then each stage with its questions."""
    m = reflective_model(p)
    assert m is not None  # check_policy requires a model of three or more stages for this handout
    labels = tuple(s.label for s in m.stages)
    alt = (
        f"{m.name}: a cycle of {_count(len(labels))} stages, each leading to the next: "
        + ", then ".join(labels)
        + f", and back to {labels[0]}."
    )
    blocks: list = [Diagram("cycle", labels, alt, title=m.name)]
    if m.citation:
        blocks.append(_p(f"After {m.citation}."))
    sections = [Section("The cycle", tuple(blocks))]
    if any(s.questions for s in m.stages):
        stages: list = []
        for s in m.stages:
            stages.append(Heading(s.label, 3))
            stages.append(_p(" ".join(s.questions)) if s.questions else _p(""))
        sections.append(Section("Questions for each stage", tuple(b for b in stages if b != _p(""))))
    return m.name, sections


BUILDERS = {
    "one_minute_guide": one_minute_guide,
    "seven_minute_briefing": seven_minute_briefing,
    "functions_sheet": functions_sheet,
    "reflective_cycle": reflective_cycle,
}
