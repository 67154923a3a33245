"""The agency's supervision policy as a read-only document tree, built from the policy alone.

Sections follow the usual order of a supervision policy (introduction, definitions, purpose,
principles, functions, types, frequency, agreement, recording, case discussion, escalation,
responsibilities, training, evaluation and quality assurance; policy_sections.py builds them),
numbered by the document, then the appendices: the forms and handouts by their titles and, with
`show_gaps`, "Not yet decided". A section the policy does not cover is left out, never filled with
placeholder text, and a decision the policy leaves to docgen is never printed as the agency's
(docgen/policy/stated.py); `policy_gaps` lists both. The same DOCX and PDF renderers as the forms
draw it.
"""

from __future__ import annotations

from dataclasses import replace

from .. import __version__
from ..forms.tree import FormSpec, ListBlock, Manifest, Paragraph, Section
from ..policy import LoadedPolicy
from ..policy.adopted import adopted_from, tool_blocks
from ..policy.stated import defaults
from ..policy.versionline import version_line
from .policy_sections import BUILDERS

KIND = "policy-document"
VERSION = "1.0"
SECTION_NAMES = (
    "Introduction",
    "Definitions",
    "Purpose and benefits",
    "Principles",
    "Functions of supervision",
    "Types and methods of supervision",
    "Frequency and duration",
    "The supervision agreement",
    "Recording",
    "Case discussion",
    "Escalation and professional differences",
    "Roles and responsibilities",
    "Supervisor training",
    "Evaluation and quality assurance",
)


GAPS_HEADING = "Not yet decided"


def build_policy_document(loaded: LoadedPolicy, show_gaps: bool = False) -> FormSpec:
    """The policy document; with `show_gaps`, a last appendix lists what is not yet decided."""
    p = loaded.policy
    sections = [s for s in (build(loaded) for build in BUILDERS) if s is not None]
    numbered = [replace(s, number=f"{n}.") for n, s in enumerate(sections, 1)]
    appendices = [s for s in (_forms_appendix(loaded), _gaps_appendix(loaded) if show_gaps else None) if s]
    lettered = [replace(s, number=f"Appendix {chr(65 + i)}:") for i, s in enumerate(appendices)]
    manifest = Manifest("policy_document", VERSION, KIND, p.id, p.version, loaded.digest, __version__)
    return FormSpec(
        manifest=manifest,
        title=p.title,
        agency=p.agency.name,
        logo=loaded.logo,
        sections=tuple(numbered + lettered),
        title_page=title_page(p),
        version_line=version_line(p.version, p.last_reviewed),
        footer=tuple(source_line(p, s) for s in p.sources),
    )


def source_line(p, source) -> str:
    """ "Source: <title>, <publisher>", or "Adapted from: ..." for a document the policy adopts a
    tool from (its evaluation tool, reflective model or briefing: policy/adopted.py)."""
    adopted = any(adopted_from(p, block) is source for _, _, block in tool_blocks(p))
    return (
        ("Adapted from: " if adopted else "Source: ")
        + source.title
        + (f", {source.publisher}" if source.publisher else "")
    )


def title_page(p) -> tuple[str, ...]:
    """The lines under the title on the title page: status, version, review dates."""
    lines = [f"Status: {p.status}"] if p.status else []
    # "Version 9.2", but an edition that names itself ("Standard 5", "No. 63, January 2025") as it is
    lines.append(f"Version {p.version}" if p.version[:1].isdigit() else p.version)
    if p.review_date:
        lines.append(f"Review date: {p.review_date.strftime('%d/%m/%Y')}")
    if p.last_reviewed:
        lines.append(f"Last reviewed: {p.last_reviewed}")
    return tuple(lines)


KIND_WORDS = {
    "agreement": "Supervision agreement",
    "session-record": "Supervision session record",
    "case-record": "Case supervision record",
    "evaluation": "Supervision evaluation",
    "preparation-sheet": "Supervision preparation sheet",
    "session-log": "Supervision session log",
    "front-sheet": "Supervision file front sheet",
}


def _forms_appendix(loaded: LoadedPolicy) -> Section | None:
    """The forms and handouts the agency uses, by their titles (never docgen's kind names)."""
    from ..errors import ProblemsFound
    from ..forms.resolve import build_form
    from .handouts import build_handout, handout_keys, is_handout

    p = loaded.policy
    forms = []
    for key in p.documents.forms:
        try:
            forms.append(build_form(loaded, key).title)
        except ProblemsFound:
            forms.append(p.documents.forms[key].title or KIND_WORDS.get(key.split(":")[0], "Form"))
    handouts = []
    for key in handout_keys(loaded):
        if is_handout(key):
            try:
                handouts.append(build_handout(loaded, key).title)
            except (ProblemsFound, AssertionError):
                continue
    blocks: list = []
    if forms:
        blocks += [Paragraph(("Forms:",)), ListBlock(tuple(dict.fromkeys(forms)))]
    if handouts:
        blocks += [Paragraph(("Handouts:",)), ListBlock(tuple(dict.fromkeys(handouts)))]
    return Section("Forms and handouts", tuple(blocks)) if blocks else None


def gap_lines(loaded: LoadedPolicy) -> list[str]:
    """Every decision in force by docgen's default, in plain words with the value used."""
    out = []
    for d in defaults(loaded):
        out.append(f"{d.topic}: for now, {d.words}." if d.value is not None else f"{d.topic}.")
    return out


def policy_gaps(loaded: LoadedPolicy) -> list[str]:
    """What the agency still has to decide: every default docgen uses, the policy's own gaps, and
    the sections it does not cover."""
    p = loaded.policy
    own = [f"{g.topic}: {g.note}" for g in p.gaps]
    topics = {g.topic.casefold() for g in p.gaps}
    covered = {s.heading for s in build_policy_document(loaded).sections}
    missing = [
        f"{name}: the policy says nothing on this yet."
        for name in SECTION_NAMES
        if name not in covered
        and name.casefold() not in topics
        and not (name == "The supervision agreement" and p.agreement)
    ]
    return list(dict.fromkeys(gap_lines(loaded))) + own + missing


def _gaps_appendix(loaded: LoadedPolicy) -> Section | None:
    gaps = policy_gaps(loaded)
    if not gaps:
        return None
    lead = Paragraph(
        (
            "The policy does not yet decide the following. Where the forms and the compliance report need a value "
            "meanwhile, the one they use is named.",
        )
    )
    return Section(GAPS_HEADING, (lead, ListBlock(tuple(gaps))))
