"""The agency's supervision policy as a read-only document tree, built from the policy alone.

Sections follow the usual order of a supervision policy (introduction, definitions, purpose,
principles, functions, types, frequency, agreement, recording, case discussion, escalation,
responsibilities, training, evaluation and quality assurance, appendices). A section the policy
does not cover is left out, never filled with placeholder text; `policy_gaps` lists what the
agency still has to decide. The same DOCX and PDF renderers as the forms draw it.
"""

from __future__ import annotations

from .. import __version__
from ..forms.tree import FormSpec, Heading, ListBlock, Manifest, Paragraph, Section, Table
from ..policy import LoadedPolicy
from ..policy.model import Prose
from ..policy.versionline import version_line

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


def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph((text,), style)


def _prose(prose: Prose | None) -> list:
    if prose is None:
        return []
    out: list = []
    if prose.title:
        out.append(Heading(prose.title, 3))
    out += [_p(t) for t in prose.paragraphs]
    if prose.items:
        out.append(ListBlock(prose.items))
    out += [_p(t) for t in prose.closing]
    return out


def build_policy_document(loaded: LoadedPolicy) -> FormSpec:
    p = loaded.policy
    sections = [
        s
        for s in (
            _introduction(p),
            _definitions(p),
            _purpose(p),
            _principles(p),
            _functions(p),
            _types(p),
            _frequency(p),
            _agreement(p),
            _recording(p),
            _case_discussion(p),
            _titled("Escalation and professional differences", _prose(p.escalation)),
            _responsibilities(p),
            _titled("Supervisor training", _prose(p.training)),
            _quality(p),
            _appendices(loaded),
        )
        if s is not None
    ]
    manifest = Manifest("policy_document", VERSION, KIND, p.id, p.version, loaded.digest, __version__)
    return FormSpec(
        manifest=manifest,
        title=p.title,
        agency=p.agency.name,
        logo=loaded.logo,
        sections=tuple(sections),
        title_page=title_page(p),
        version_line=version_line(p.version, p.last_reviewed),
        footer=tuple(f"Source: {s.title}" + (f", {s.publisher}" if s.publisher else "") for s in p.sources),
    )


def title_page(p) -> tuple[str, ...]:
    """The lines under the title on the title page: status, version, review dates."""
    lines = [f"Status: {p.status}"] if p.status else []
    lines.append(f"Version {p.version}")
    if p.review_date:
        lines.append(f"Review date: {p.review_date.strftime('%d/%m/%Y')}")
    if p.last_reviewed:
        lines.append(f"Last reviewed: {p.last_reviewed}")
    return tuple(lines)


def _titled(heading: str, blocks: list) -> Section | None:
    return Section(heading, tuple(blocks)) if blocks else None


def _introduction(p) -> Section | None:
    blocks = _prose(p.introduction)
    if p.statutory_basis:
        blocks += [Heading("Statutory basis", 3)] + _prose(p.statutory_basis)
    return _titled("Introduction", blocks)


def _definitions(p) -> Section | None:
    blocks: list = []
    for d in p.definitions:
        blocks += [Heading(d.term, 3), _p(d.text)]
    return _titled("Definitions", blocks)


def _purpose(p) -> Section | None:
    blocks = _prose(p.purpose)
    if p.benefits:
        blocks.append(Table(p.benefits.columns, p.benefits.rows))
    return _titled("Purpose and benefits", blocks)


def _principles(p) -> Section | None:
    blocks: list = []
    for prose in p.principles:
        blocks += _prose(prose)
    return _titled("Principles", blocks)


def _functions(p) -> Section | None:
    f = p.functions
    blocks: list = [_p(f.intro or (f"{f.model}:" if f.model else "The functions of supervision are:"))]
    for item in f.items:
        blocks.append(Heading(item.label, 3))
        if item.description:
            blocks.append(_p(item.description))
        if item.prompts:
            blocks.append(ListBlock(item.prompts))
    balance = f.balance
    blocks.append(
        _p(
            balance.text
            or {
                "every_session": "Every function is covered in every session.",
                "sessions": f"Every function is covered within every {balance.sessions} sessions.",
                "period": f"Every function is covered within every {balance.period}.",
                "relationship": "Every function is covered over the course of the supervision relationship.",
            }[balance.window]
        )
    )
    return Section("Functions of supervision", tuple(blocks))


def _types(p) -> Section | None:
    blocks = _prose(p.types_intro)
    rows = tuple((t.label, t.description, "Yes" if t.counts_towards_frequency else "No") for t in p.supervision_types)
    blocks.append(Table(("Type of supervision", "What it is", "Counts towards frequency"), rows))
    return Section("Types and methods of supervision", tuple(blocks))


def _frequency(p) -> Section | None:
    fr = p.frequency
    types = {t.id: t.label for t in p.supervision_types}
    blocks: list = []
    if fr.set_by == "agreement":
        blocks.append(_p("How often each person is supervised is set in their supervision agreement."))
    elif fr.set_by == "agency":
        blocks.append(_p("Each agency sets how often its staff are supervised."))
    if fr.rules:
        rows = []
        for rule in fr.rules:
            counts = rule.counts or tuple(t.id for t in p.supervision_types if t.counts_towards_frequency)
            how_often = rule.schedule.words({r.id: r.label for r in fr.rules})
            rows.append(
                (
                    rule.label,
                    f"{how_often} ({rule.strength})",
                    rule.duration.words() if rule.duration else "",
                    ", ".join(types.get(c, c) for c in counts),
                )
            )
        blocks.append(Table(("Staff group", "How often", "Duration", "What counts"), tuple(rows)))
        blocks += [_p(rule.note, "note") for rule in fr.rules if rule.note]
    if len(fr.rules) > 1:
        blocks.append(
            _p(
                "Where more than one rule applies to a person, "
                + ("the strictest applies." if fr.combine == "strictest" else "the most specific applies.")
            )
        )
    for prose in (fr.scheduling, fr.ad_hoc, fr.absence_cover):
        blocks += _prose(prose)
    return _titled("Frequency and duration", blocks)


def _agreement(p) -> Section | None:
    a = p.agreement
    if a is None:
        return None
    blocks: list = [_p(a.intro)] if a.intro else []
    for clause in a.terms:
        text = clause.text
        for blank in clause.blanks:
            text = text.replace("{" + blank.id + "}", "…")
        blocks.append(_p(text))
        if clause.items:
            blocks.append(ListBlock(clause.items, numbered=True))
    if a.variants:
        blocks.append(Heading("Agreement variants", 3))
        blocks.append(ListBlock(tuple(v.label for v in a.variants)))
    signers = " and ".join(a.signed_by)
    blocks.append(
        _p(
            f"The agreement is signed by the {signers}."
            + (f" It is reviewed every {a.review_every}." if a.review_every else "")
        )
    )
    return Section(a.title, tuple(blocks))


def _recording(p) -> Section | None:
    r = p.recording
    if r is None:
        return None
    blocks = _prose(r.rules)
    facts = []
    if r.signed_by:
        facts.append(
            f"Records are signed by the {' and '.join(r.signed_by)}"
            + (f" within {r.sign_within}." if r.sign_within else ".")
        )
    facts.append(
        {
            "name": "Children are named on supervision records.",
            "initials": "Children are identified by their initials only.",
            "anonymised": "Children are not identified on supervision records.",
            "case_number": "Children are identified by case number only.",
        }[r.children_identified_by]
    )
    if r.shared_with_supervisee:
        facts.append("Records are shared with the supervisee.")
    if r.retention:
        facts.append(f"Records are kept for {r.retention}.")
    blocks.append(ListBlock(tuple(facts)))
    for title, prose in (("The child's record", r.child_record), ("Storage", r.storage), ("Access", r.access)):
        if prose is not None:
            blocks += [Heading(title, 3)] + _prose(prose)
    return Section("Recording", tuple(blocks))


def _case_discussion(p) -> Section | None:
    cd = p.case_discussion
    blocks: list = []
    if cd is not None:
        if cd.intro:
            blocks.append(_p(cd.intro))
        labels = {c.id: c.label for c in cd.categories}
        for rule in cd.rules:
            blocks.append(_p(rule.text))
            facts = []
            if rule.categories:
                facts.append("Applies to: " + ", ".join(labels.get(c, c) for c in rule.categories))
            if rule.max_interval:
                facts.append(f"Discussed at least every {rule.max_interval}")
            if rule.before_meetings:
                facts.append("Discussed before: " + ", ".join(rule.before_meetings))
            if rule.immediate_escalation:
                facts.append("Concerns are escalated at once")
            if facts:
                blocks.append(ListBlock(tuple(facts)))
    if p.rag_scale is not None:
        if p.rag_scale.question:
            blocks.append(_p(p.rag_scale.question))
        rows = tuple((lv.key.capitalize(), lv.label, lv.meaning) for lv in p.rag_scale.levels)
        blocks.append(Table(("Rating", "Label", "Meaning"), rows))
    return _titled("Case discussion", blocks)


def _responsibilities(p) -> Section | None:
    blocks: list = []
    for r in p.responsibilities:
        blocks += [Heading(r.who, 3), ListBlock(r.items)]
    return _titled("Roles and responsibilities", blocks)


def _quality(p) -> Section | None:
    from ..policy.adopted import origin

    blocks: list = []
    e = p.evaluation
    if e is not None and not (e.source and e.source.basis in ("default", "gap")):
        blocks.append(_p(f"Supervision is evaluated with the {e.title}" + (f" every {e.every}." if e.every else ".")))
        if origin(p, e):
            blocks.append(_p(f"The {e.title} is adapted from {origin(p, e)}."))
    qa = p.quality_assurance
    if qa is not None:
        if qa.intro:
            blocks.append(_p(qa.intro))
        for m in qa.measures:
            blocks += [Heading(m.label, 3)] + ([_p(m.text)] if m.text else [])
        if qa.indicators:
            blocks += [Heading("Indicators", 3), ListBlock(qa.indicators, numbered=True)]
    return _titled("Evaluation and quality assurance", blocks)


def _appendices(loaded: LoadedPolicy) -> Section | None:
    from ..errors import ProblemsFound
    from ..forms.resolve import build_form

    p = loaded.policy
    forms = []
    for key in p.documents.forms:
        try:
            forms.append(f"{build_form(loaded, key).title} ({key})")
        except ProblemsFound:
            forms.append(key)
    blocks: list = [ListBlock(tuple(forms))] if forms else []
    if p.documents.handouts:
        blocks.append(_p("Handouts: " + ", ".join(h.replace("_", " ") for h in p.documents.handouts) + "."))
    return _titled("Appendix: forms", blocks)


def policy_gaps(loaded: LoadedPolicy) -> list[str]:
    """What the agency still has to decide: the policy's own gaps, and sections it does not cover."""
    p = loaded.policy
    out = [f"{g.topic}: {g.note}" for g in p.gaps]
    covered = {s.heading for s in build_policy_document(loaded).sections}
    out += [
        f"{name}: the policy says nothing on this yet."
        for name in SECTION_NAMES
        if name not in covered and not (name == "The supervision agreement" and p.agreement)
    ]
    return out
