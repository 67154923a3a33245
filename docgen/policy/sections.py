"""The rest of the policy model: agreement, recording, case discussion, evaluation, QA,
documents, and the top-level `Policy` that holds every block."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from ..structure import Context, Ident, doc, join
from .guide import Guide
from .model import (
    Agency,
    Benefits,
    ClauseKind,
    Definition,
    FormChoice,
    FormKind,
    Frequency,
    Functions,
    Handout,
    Party,
    Prose,
    Selector,
    Source,
    SourceDoc,
    Strength,
    SupervisionType,
)
from .periods import Duration, Interval
from .tools import Briefing, Evaluation, ReflectiveModel

BLANK_RE = re.compile(r"\{([a-z][a-z0-9_]*)\}")


@dataclass(frozen=True)
class Blank:
    """A fill-in blank inside a clause's text, written {id} in the text."""

    id: Ident
    label: str
    type: Literal["text", "multiline", "number", "date", "person"] = "text"
    role: Ident | None = field(default=None, metadata=doc("semantic role, e.g. supervisor, agreement_frequency"))
    same_as: str = field(default="", metadata=doc("clause_id.blank_id of an earlier blank showing the same value"))
    help: str = ""


@dataclass(frozen=True)
class Clause:
    id: Ident
    kind: ClauseKind
    text: str = field(metadata=doc("the clause's words; {blank_id} marks a fill-in blank"))
    items: tuple[str, ...] = field(default=(), metadata=doc("numbered items under the text"))
    blanks: tuple[Blank, ...] = ()
    max_duration: Duration | None = None
    rearrange_within: Interval | None = None
    variants: tuple[Ident, ...] = field(default=(), metadata=doc("agreement variants it belongs to; none = all"))
    source: Source | None = None

    def _check(self, ctx: Context, node, path: str) -> None:
        in_text = BLANK_RE.findall(self.text)
        declared = [b.id for b in self.blanks]
        for name in in_text:
            if name not in declared:
                ctx.problem_at(
                    "bad-reference",
                    f'the text uses {{{name}}} but no blank has id "{name}"',
                    "add it under blanks:, or write the words without braces",
                    join(path, "text"),
                )
        for i, blank in enumerate(self.blanks):
            if blank.id not in in_text:
                ctx.problem_at(
                    "bad-reference",
                    f'the blank "{blank.id}" is not used in the text',
                    f"write {{{blank.id}}} in the text where the blank goes",
                    join(join(path, "blanks"), i),
                )


@dataclass(frozen=True)
class AgreementVariant:
    id: Ident
    label: str
    title: str = field(default="", metadata=doc('the variant\'s form title, e.g. "Supervision agreement: direct work"'))
    applies_to: Selector = Selector()
    source: Source | None = None


@dataclass(frozen=True)
class Agreement:
    title: str = "Supervision Agreement"
    intro: str = ""
    terms: tuple[Clause, ...] = ()
    variants: tuple[AgreementVariant, ...] = ()
    signed_by: tuple[Party, ...] = field(
        default=("supervisor", "supervisee"), metadata=doc("", decision="Who signs the supervision agreement")
    )
    review_every: Interval | None = field(
        default=None,
        metadata=doc(
            "how often agreements are reviewed",
            decision="How often supervision agreements are reviewed",
            fallback=Interval(12, "month"),
        ),
    )
    source: Source | None = None


@dataclass(frozen=True)
class Recording:
    signed_by: tuple[Party, ...] = ()
    sign_within: Interval | None = field(
        default=None,
        metadata=doc(
            "how soon records are signed, e.g. 14 days",
            decision="How soon session records are signed",
            fallback=Interval(14, "day"),
        ),
    )
    children_identified_by: Literal["name", "initials", "anonymised", "case_number"] = field(
        default="name",
        metadata=doc(
            "how children appear on records",
            decision="How children are identified on supervision records",
            words={"name": "their names", "initials": "their initials", "case_number": "case numbers"},
        ),
    )
    shared_with_supervisee: bool | None = None
    retention: str = ""
    storage: Prose | None = None
    access: Prose | None = None
    child_record: Prose | None = field(default=None, metadata=doc("what goes on the child's own record"))
    rules: Prose | None = None
    source: Source | None = None


@dataclass(frozen=True)
class CaseCategory:
    id: Ident
    label: str
    source: Source | None = None


@dataclass(frozen=True)
class CaseRule:
    id: Ident
    text: str
    categories: tuple[Ident, ...] = ()
    max_interval: Interval | None = None
    before_meetings: tuple[str, ...] = ()
    immediate_escalation: bool = False
    strength: Strength = field(
        default="should", metadata=doc("", decision="Whether case discussion rules are a must or a should")
    )
    source: Source | None = None


@dataclass(frozen=True)
class CaseDiscussion:
    categories: tuple[CaseCategory, ...] = ()
    rules: tuple[CaseRule, ...] = ()
    intro: str = ""
    source: Source | None = None


@dataclass(frozen=True)
class RagLevel:
    key: Literal["red", "amber", "green"]
    label: str
    meaning: str = ""


@dataclass(frozen=True)
class RagScale:
    levels: tuple[RagLevel, ...]
    question: str = ""
    source: Source | None = None

    def _check(self, ctx: Context, node, path: str) -> None:
        keys = sorted(level.key for level in self.levels)
        if keys != ["amber", "green", "red"]:
            ctx.problem(
                "bad-value",
                "a RAG scale needs exactly one red, one amber and one green level",
                "list three levels with key: red, amber and green",
                node,
                join(path, "levels"),
            )


@dataclass(frozen=True)
class Responsibility:
    who: str
    items: tuple[str, ...]
    source: Source | None = None


@dataclass(frozen=True)
class Measure:
    id: Ident
    label: str
    text: str = ""
    source: Source | None = None


@dataclass(frozen=True)
class QualityAssurance:
    measures: tuple[Measure, ...] = ()
    indicators: tuple[str, ...] = ()
    target_on_time_rate: float | None = field(default=None, metadata=doc("0 to 1, e.g. 0.9"))
    intro: str = ""
    source: Source | None = None


@dataclass(frozen=True)
class Documents:
    """What the agency generates. forms: kind (or kind:variant) -> form template id."""

    forms: dict[str, FormChoice] = field(
        metadata=doc("kind (or kind:variant) -> template id, or {template: id, title: ...}")
    )
    policy_document: bool = True
    handouts: tuple[Handout, ...] = ()

    def _check(self, ctx: Context, node, path: str) -> None:
        kinds = FormKind.__args__  # type: ignore[attr-defined]
        from ..errors import did_you_mean

        for key in self.forms:
            kind = key.split(":", 1)[0]
            if kind not in kinds:
                ctx.problem_at(
                    "bad-choice",
                    f'"{kind}" is not a form kind',
                    did_you_mean(kind, kinds),
                    join(join(path, "forms"), key),
                )


CheckId = Literal[
    "S1", "S2", "S3", "S4", "S5", "S6", "S7", "A1", "A2", "R1", "R2", "ACT1", "ACT2", "F1", "C1", "C2", "E1"
]
Severity = Literal["info", "advisory", "warning", "breach"]


@dataclass(frozen=True)
class Compliance:
    """How `docgen report` checks records against this policy: switches, grace and severities."""

    grace_days: int = field(
        default=7,
        metadata=doc(
            "days after a session falls due before it is reported overdue (0: none)",
            decision="Days of grace before a late session is reported",
            fallback=7,
            unit="day",
        ),
    )
    off: tuple[CheckId, ...] = field(default=(), metadata=doc("checks switched off, e.g. [R1, E1]"))
    severity: dict[str, Severity] = field(
        default_factory=dict,
        metadata=doc("a check id -> info, advisory, warning or breach, to change its default severity"),
    )
    function_window_sessions: int = field(
        default=6,
        metadata=doc(
            "sessions over which every function must be covered when the balance window is the relationship",
            decision="Over how many sessions the report checks that every function is covered",
            fallback=6,
            unit="session",
        ),
    )
    source: Source | None = None

    def _check(self, ctx: Context, node, path: str) -> None:
        checks = CheckId.__args__  # type: ignore[attr-defined]
        from ..errors import did_you_mean

        if self.grace_days < 0:
            ctx.problem_at(
                "bad-value", "grace_days must not be negative", "write 0 for no grace", join(path, "grace_days")
            )
        if self.function_window_sessions < 1:
            ctx.problem_at(
                "bad-value",
                "function_window_sessions must be at least 1",
                "e.g. 6",
                join(path, "function_window_sessions"),
            )
        for key in self.severity:
            if key not in checks:
                ctx.problem_at(
                    "bad-choice",
                    f'"{key}" is not a check id',
                    did_you_mean(key, checks),
                    join(join(path, "severity"), key),
                )


@dataclass(frozen=True)
class Gap:
    topic: str
    note: str


@dataclass(frozen=True)
class Policy:
    docgen_policy: int = field(metadata=doc("format version of this file; currently 1", example="1"))
    id: Ident = field(metadata=doc("short id used in file names and manifests", example="my_agency"))
    version: str = field(metadata=doc("the policy's own version", example='"1.0"'))
    title: str = field(metadata=doc("the policy's title", example='"Safeguarding Supervision Policy"'))
    agency: Agency = field(metadata=doc("", example="{name: ...}"))
    sources: tuple[SourceDoc, ...] = field(metadata=doc("", example="[{id: ..., title: ...}]"))
    functions: Functions = field(metadata=doc("", example="{items: [...], balance: {window: relationship}}"))
    frequency: Frequency = field(metadata=doc("", example="{rules: [...]}"))
    documents: Documents = field(metadata=doc("", example="{forms: {session-record: ...}}"))
    status: str = ""
    review_date: dt.date | None = None
    last_reviewed: str = ""
    introduction: Prose | None = None
    statutory_basis: Prose | None = None
    definitions: tuple[Definition, ...] = ()
    purpose: Prose | None = None
    benefits: Benefits | None = None
    principles: tuple[Prose, ...] = ()
    supervision_types: tuple[SupervisionType, ...] = field(
        default=(
            SupervisionType(Ident("one_to_one"), "One-to-one formal supervision"),
            SupervisionType(Ident("group"), "Group supervision", counts_towards_frequency=False),
            SupervisionType(Ident("ad_hoc"), "Ad hoc or informal supervision", counts_towards_frequency=False),
        ),
        metadata=doc("", decision="The types of supervision"),
    )
    types_intro: Prose | None = None
    agreement: Agreement | None = None
    recording: Recording | None = None
    case_discussion: CaseDiscussion | None = None
    rag_scale: RagScale | None = None
    evaluation: Evaluation | None = None
    reflective_models: tuple[ReflectiveModel, ...] = ()
    briefing: Briefing | None = None
    guide: Guide | None = field(default=None, metadata=doc("the one-minute guide's own words (guide.py)"))
    escalation: Prose | None = None
    responsibilities: tuple[Responsibility, ...] = ()
    training: Prose | None = None
    quality_assurance: QualityAssurance | None = None
    compliance: Compliance | None = None
    gaps: tuple[Gap, ...] = ()

    def _check(self, ctx: Context, node, path: str) -> None:
        if self.docgen_policy != 1:
            ctx.problem_at(
                "bad-value",
                f"docgen_policy {self.docgen_policy} is not a format this docgen reads",
                "write docgen_policy: 1",
                "docgen_policy",
            )
