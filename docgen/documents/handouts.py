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

from itertools import zip_longest

from .. import __version__
from ..forms.tree import Diagram, FormSpec, Heading, ListBlock, Manifest, Panel, Paragraph, Section, Table
from ..policy import LoadedPolicy
from ..policy.adopted import adopted_from, credit
from ..policy.model import Prose
from ..policy.sections import Policy, ReflectiveModel
from ..policy.versionline import version_line

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
    title, sections = BUILDERS[name](loaded.policy)
    p = loaded.policy
    manifest = Manifest(name, VERSION, key, p.id, p.version, loaded.digest, __version__)
    return FormSpec(
        manifest=manifest,
        title=title,
        agency=p.agency.name,
        logo=loaded.logo,
        sections=tuple(sections),
        footer=_sources(p, name),
        version_line=version_line(p.version, p.last_reviewed),
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


def _area(p) -> str:
    return p.agency.area or p.agency.short_name or p.agency.name


def _function_blocks(p, detail: bool) -> list:
    f = p.functions
    blocks: list = [_p(f.intro)] if f.intro else []
    for item in f.items:
        blocks.append(Heading(item.label, 3))
        if item.description:
            blocks.append(_p(item.description))
        if item.prompts and (detail or not item.description):
            blocks.append(ListBlock(item.prompts))
    if f.balance.text and f.balance.text != f.intro:
        blocks.append(_p(f.balance.text))
    return blocks


def one_minute_guide(p: Policy) -> tuple[str, list[Section]]:
    """What is supervision? / What do we have in [area]? / Why is it important? / functions /
    principles / further information (Leeds One minute guide No. 63)."""
    sections = _section("What is supervision?", [_p(d.text) for d in p.definitions])
    sections += _section(f"What do we have in {_area(p)}?", _prose(p.introduction, titles=False))
    sections += _section("Why is supervision important?", _prose(p.purpose, titles=False))
    sections += _section("What are the key functions of supervision?", _function_blocks(p, detail=False))
    principles = [b for prose in p.principles for b in _prose(prose)]
    sections += _section("What are the common principles for supervision?", principles)
    further = [_p(f"This guide is drawn from {p.title} ({p.agency.name}, version {p.version}).")]
    sections += _section("Further information", further)
    return "One minute guide: Supervision", sections


def _briefing_panels(p) -> list[tuple[str, list]]:
    b = p.briefing
    background = _prose(b.background if b and b.background else p.statutory_basis or p.introduction, titles=False)
    why = _prose(b.why_it_matters if b and b.why_it_matters else p.purpose, titles=False)
    definition = next((d for d in p.definitions if d.id == "supervision"), p.definitions[0] if p.definitions else None)
    f = p.functions
    labels = tuple(
        f"{i.label} ({i.description})" if i.description and len(i.description) < 80 else i.label for i in f.items
    )
    principles = [_p(f"The {_count(len(labels))} key functions of supervision are:"), ListBlock(labels, numbered=True)]
    if b and b.case_discussion:
        cases = _prose(b.case_discussion)
    elif p.case_discussion:
        cd = p.case_discussion
        texts = ([cd.intro] if cd.intro else []) + [r.text for r in cd.rules]
        cases = [_p(t) for t in dict.fromkeys(texts)]
    else:
        cases = []
    what_to_do = _prose(b.what_to_do) if b and b.what_to_do else [x for prose in p.principles for x in _prose(prose)]
    return [
        ("Background", background),
        ("Why it matters", why),
        ("Information", [_p(definition.text)] if definition else []),
        ("Supervision principles", principles),
        ("Case discussion", cases),
        ("What to do", what_to_do),
        ("Questions", [ListBlock(b.questions)] if b and b.questions else []),
    ]


def seven_minute_briefing(p: Policy) -> tuple[str, list[Section]]:
    """Seven numbered panels: background, why it matters, information, principles, case
    discussion, what to do, questions. A panel with nothing from the policy is left out."""
    present = [(h, blocks) for h, blocks in _briefing_panels(p) if blocks]
    panels = tuple(Panel(f"{n:02d}", heading, tuple(blocks)) for n, (heading, blocks) in enumerate(present, 1))
    return "7-minute briefing: Supervision", [Section("", panels)]


def functions_sheet(p: Policy) -> tuple[str, list[Section]]:
    """One column per function with its prompts, one prompt a row (Worcestershire Appendix 1)."""
    f = p.functions
    columns = [(i.label, i.prompts or ((i.description,) if i.description else ())) for i in f.items]
    columns = [c for c in columns if c[1]]
    rows = tuple(tuple(cell or "" for cell in row) for row in zip_longest(*(c[1] for c in columns)))
    blocks: list = [_p(f.intro)] if f.intro else []
    blocks.append(Table(tuple(c[0] for c in columns), rows))
    if f.balance.text and f.balance.text != f.intro:
        blocks.append(_p(f.balance.text))
    return (f.model or "Functions of supervision"), [Section("What each function covers", tuple(blocks))]


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
