"""The sections of the policy document, one builder each, in the usual order of a supervision policy.

Every sentence about a rule is built from what the policy *states* (docgen/policy/stated.py): a
decision the agency left to docgen (a missing key, or a block marked `source: {basis: default}`)
is left out here and listed in the "Not yet decided" appendix instead. A Prose title that repeats
its section's heading (or is the seed's own numbered heading, "3. Purpose of supervision" under
"Purpose and benefits") is dropped; a title ending in a colon is the lead-in of its list and goes
directly before it.
"""

from __future__ import annotations

import re

from ..forms.tree import Heading, ListBlock, Paragraph, Section, Table
from ..policy import LoadedPolicy
from ..policy.adopted import origin
from ..policy.model import Prose
from ..policy.signoff import SignOff
from ..policy.stated import stated

WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}
_NUMBERED = re.compile(r"^\s*(\d+(\.\d+)*\.?|[A-Z]\.|[ivx]+\.)\s+")
_MINOR = {"of", "and", "the", "a", "an", "in", "for", "to", "on", "supervision", "supervisor", "supervisors"}


def count_words(n: int) -> str:
    """A count in words ("three"), digits from 11 on."""
    return WORDS.get(n, str(n))


def plural(n: int, one: str, many: str = "") -> str:
    return one if n == 1 else (many or one + "s")


def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph((text,), style)


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", text.lower()) if w not in _MINOR]


def repeats(title: str, heading: str) -> bool:
    """Whether a Prose title says again what its section heading says ("1. Introduction" under
    "Introduction", "Types/methods of supervision" under "Types and methods of supervision")."""
    mine, theirs = _words(_NUMBERED.sub("", title)), _words(heading)
    if not mine or not theirs:
        return not mine
    return set(mine) <= set(theirs) or mine[0] == theirs[0]


def prose(block: Prose | None, heading: str = "") -> list:
    """A Prose block as document blocks: its title (unless it repeats `heading`; the seed's own
    numbering taken off), paragraphs, the list with its lead-in directly before it, closing lines."""
    if block is None:
        return []
    title = _NUMBERED.sub("", block.title).strip()
    lead_in = bool(title.endswith(":") and block.items)
    out: list = []
    if title and not lead_in and not repeats(title, heading):
        out.append(Heading(title, 3))
    out += [_p(t) for t in block.paragraphs]
    if block.items:
        out += [_p(title)] if lead_in else []
        out.append(ListBlock(block.items))
    return out + [_p(t) for t in block.closing]


def titled(heading: str, blocks: list) -> Section | None:
    """The section, or None when it has nothing to say; a paragraph that repeats the one just
    before it (an intro that is also the first rule's text) is said once."""
    said = [b for i, b in enumerate(blocks) if not (i and isinstance(b, Paragraph) and b == blocks[i - 1])]
    return Section(heading, tuple(said)) if said else None


def introduction(loaded: LoadedPolicy) -> Section | None:
    p = loaded.policy
    blocks = prose(p.introduction, "Introduction")
    if p.statutory_basis:
        blocks += [Heading("Statutory basis", 3)] + prose(p.statutory_basis, "Statutory basis")
    return titled("Introduction", blocks)


def definitions(loaded: LoadedPolicy) -> Section | None:
    blocks: list = []
    for d in loaded.policy.definitions:
        blocks += [Heading(d.term, 3), _p(d.text)]
    return titled("Definitions", blocks)


def purpose(loaded: LoadedPolicy) -> Section | None:
    p = loaded.policy
    blocks = prose(p.purpose, "Purpose and benefits")
    if p.benefits:
        blocks.append(Table(p.benefits.columns, p.benefits.rows))
    return titled("Purpose and benefits", blocks)


def principles(loaded: LoadedPolicy) -> Section | None:
    blocks: list = []
    for block in loaded.policy.principles:
        blocks += prose(block, "Principles")
    return titled("Principles", blocks)


BALANCE = {
    "every_session": "Every function is covered in every session.",
    "sessions": "Every function is covered within every {sessions}.",
    "period": "Every function is covered within every {period}.",
    "relationship": "Every function is covered over the course of the supervision relationship.",
}


def functions(loaded: LoadedPolicy) -> Section | None:
    f = loaded.policy.functions
    n = len(f.items)
    if not n:  # the policy names no functions of supervision: the document says nothing of them
        return None
    lead = f"The {count_words(n)} {plural(n, 'function')} of supervision {plural(n, 'is', 'are')}:"
    blocks: list = [_p(f.intro or (f"{f.model}:" if f.model else lead))]
    for item in f.items:
        blocks.append(Heading(item.label, 3))
        if item.description:
            blocks.append(_p(item.description))
        if item.prompts:
            blocks.append(ListBlock(item.prompts))
    balance = f.balance
    if stated(loaded, "functions.balance.window"):  # docgen's default span is not the agency's word
        sessions = f"{balance.sessions} {plural(balance.sessions or 0, 'session')}"
        window = "every_session" if balance.window == "sessions" and balance.sessions == 1 else balance.window
        text = balance.text or BALANCE[window].format(sessions=sessions, period=balance.period)
        if text != f.intro:
            blocks.append(_p(text))
    return titled("Functions of supervision", blocks)


def _counts_cell(loaded: LoadedPolicy, i: int, t) -> str:
    if not stated(loaded, f"supervision_types[{i}].counts_towards_frequency"):
        return ""
    return "Yes" if t.counts_towards_frequency else "No"


def types(loaded: LoadedPolicy) -> Section | None:
    p = loaded.policy
    blocks = prose(p.types_intro, "Types and methods of supervision")
    if stated(loaded, "supervision_types"):  # docgen's three default types are not the agency's
        rows = [[t.label, t.description, _counts_cell(loaded, i, t)] for i, t in enumerate(p.supervision_types)]
        blocks.append(_table(["Type of supervision", "What it is", "Counts towards how often"], rows))
    return titled("Types and methods of supervision", blocks)


def _table(header: list[str], rows: list[list[str]]) -> Table:
    """A table without the columns (after the first) that no row fills: a column of blanks says nothing."""
    keep = [i for i in range(len(header)) if i == 0 or any(row[i] for row in rows)]
    return Table(tuple(header[i] for i in keep), tuple(tuple(row[i] for i in keep) for row in rows))


def counted_types(loaded: LoadedPolicy, rule) -> tuple[str, ...]:
    """The labels of the types that count towards a rule: its own `counts`, else the types the
    policy states count towards frequency (a defaulted flag asserts nothing)."""
    p = loaded.policy
    labels = {t.id: t.label for t in p.supervision_types}
    if rule.counts:
        return tuple(labels.get(c, c) for c in rule.counts)
    if not stated(loaded, "supervision_types"):
        return ()
    return tuple(
        t.label
        for i, t in enumerate(p.supervision_types)
        if t.counts_towards_frequency and stated(loaded, f"supervision_types[{i}].counts_towards_frequency")
    )


def frequency(loaded: LoadedPolicy) -> Section | None:
    p = loaded.policy
    fr = p.frequency
    blocks: list = []
    if stated(loaded, "frequency.set_by"):
        blocks += {
            "agreement": [_p("How often each person is supervised is set in their supervision agreement.")],
            "agency": [_p("Each agency sets how often its staff are supervised.")],
            "policy": [_p("How often each person is supervised is set by this policy.")],
        }[fr.set_by]
    if fr.rules:
        labels: dict[str, str] = {r.id: r.label for r in fr.rules}
        rows = [
            [
                rule.label,
                f"{rule.schedule.words(labels)} ({rule.strength})",
                rule.schedule.length_words(rule.duration),  # per phase, where a stepped schedule sets it
                ", ".join(counted_types(loaded, rule)),
            ]
            for rule in fr.rules
        ]
        blocks.append(_table(["Staff group", "How often", "Duration", "What counts"], rows))
        blocks += [_p(rule.note, "note") for rule in fr.rules if rule.note]
    if len(fr.rules) > 1 and stated(loaded, "frequency.combine"):
        which = {
            "all": "each of them applies: every rule that applies must be met, and each is checked on its own.",
            "strictest": "the strictest applies.",
            "most_specific": "the most specific applies.",
        }[fr.combine]
        blocks.append(_p("Where more than one rule applies to a person, " + which))
    for block in (fr.scheduling, fr.ad_hoc, fr.absence_cover):
        blocks += prose(block, "Frequency and duration")
    if (booking := loaded.policy.booking) is not None:  # docgen/policy/booking.py
        lead = [_p(booking.intro)] if booking.intro else []
        blocks += [
            Heading("Booking and cancelling sessions", 3),
            *lead,
            ListBlock(tuple(w for _, w, _ in booking.rules())),
        ]
    return titled("Frequency and duration", blocks)


def agreement(loaded: LoadedPolicy) -> Section | None:
    a = loaded.policy.agreement
    if a is None:
        return None
    blocks: list = [_p(a.intro)] if a.intro else []
    for clause in a.terms:
        text = clause.text
        for blank in clause.blanks:
            text = text.replace("{" + blank.id + "}", _choice_words(blank) if blank.type == "choice" else "…")
        blocks.append(_p(text))
        if clause.items:
            blocks.append(ListBlock(clause.items, numbered=True))
    if a.variants:
        blocks.append(Heading("Agreement variants", 3))
        blocks.append(ListBlock(tuple(v.label for v in a.variants)))
    facts = []
    if stated(loaded, "agreement.signed_by") and a.signed_by:
        facts.append(f"The agreement is signed by the {' and '.join(a.signed_by)}.")
    if stated(loaded, "agreement.review_every") and a.review_every:
        facts.append(
            f"It is reviewed every {a.review_every}." if facts else f"The agreement is reviewed every {a.review_every}."
        )
    if facts:
        blocks.append(_p(" ".join(facts)))
    return titled(a.title, blocks)


def _choice_words(blank) -> str:
    """A clause's choice in words: "in person, remotely or a mix of both" ("and/or" when several may be ticked)."""
    said = [_lower_first(o.label) for o in blank.options]
    last = (" and/or " if blank.multiple else " or ") + said[-1] if len(said) > 1 else said[-1]
    return ", ".join(said[:-1]) + last


def _lower_first(label: str) -> str:
    word = label.split()[0] if label.split() else label
    return label[:1].lower() + label[1:] if len(word) == 1 or word[1:].islower() else label


CHILDREN = {
    "name": "Children are named on supervision records.",
    "initials": "Children are identified by their initials only.",
    "anonymised": "Children are not identified on supervision records.",
    "case_number": "Children are identified by case number only.",
}


def recording(loaded: LoadedPolicy) -> Section | None:
    r = loaded.policy.recording
    if r is None:
        return None
    blocks = prose(r.rules, "Recording")
    facts = []
    if r.signed_by:
        within = f" within {r.sign_within}" if r.sign_within and stated(loaded, "recording.sign_within") else ""
        if isinstance(r.sign_within, SignOff) and within:  # a deadline per party: recording/signoff.py
            facts.append(f"Records are signed by {r.sign_within}.")
        else:
            facts.append(f"Records are signed by the {' and '.join(r.signed_by)}{within}.")
    if stated(loaded, "recording.children_identified_by"):
        facts.append(CHILDREN[r.children_identified_by])
    if r.shared_with_supervisee:
        facts.append("Records are shared with the supervisee.")
    if r.retention:
        facts.append(f"Records are kept for {r.retention}.")
    if facts:
        blocks.append(ListBlock(tuple(facts)))
    for title, block in (("The child's record", r.child_record), ("Storage", r.storage), ("Access", r.access)):
        if block is not None:
            blocks += [Heading(title, 3)] + prose(block, title)
    return titled("Recording", blocks)


def case_discussion(loaded: LoadedPolicy) -> Section | None:
    p = loaded.policy
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
        rows = [[lv.key.capitalize(), lv.label, lv.meaning] for lv in p.rag_scale.levels]
        blocks.append(_table(["Rating", "Label", "Meaning"], rows))
    return titled("Case discussion", blocks)


def escalation(loaded: LoadedPolicy) -> Section | None:
    heading = "Escalation and professional differences"
    return titled(heading, prose(loaded.policy.escalation, heading))


def responsibilities(loaded: LoadedPolicy) -> Section | None:
    blocks: list = []
    for r in loaded.policy.responsibilities:
        blocks += [Heading(r.who, 3), ListBlock(r.items)]
    return titled("Roles and responsibilities", blocks)


def training(loaded: LoadedPolicy) -> Section | None:
    return titled("Supervisor training", prose(loaded.policy.training, "Supervisor training"))


def quality(loaded: LoadedPolicy) -> Section | None:
    p = loaded.policy
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
        bare = tuple(m.label for m in qa.measures if not m.text)
        if bare:  # measures named without words of their own: a list, not headings over nothing
            blocks.append(ListBlock(bare))
        for m in qa.measures:
            if m.text:
                blocks += [Heading(m.label, 3), _p(m.text)]
        if qa.indicators:
            blocks += [Heading("Indicators", 3), ListBlock(qa.indicators, numbered=True)]
    return titled("Evaluation and quality assurance", blocks)


BUILDERS = (
    introduction,
    definitions,
    purpose,
    principles,
    functions,
    types,
    frequency,
    agreement,
    recording,
    case_discussion,
    escalation,
    responsibilities,
    training,
    quality,
)
