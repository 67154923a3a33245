"""The rest of the policy model: agreement, recording, case discussion, evaluation, QA,
documents, and the top-level `Policy` that holds every block."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from ..structure import Context, Ident, doc, join
from .booking import Booking
from .clauses import BLANK_RE, Blank, BlankOption, Clause  # noqa: F401 (BLANK_RE, Blank: their old home)
from .guide import Guide
from .model import (
    NO_FUNCTIONS,
    Agency,
    Benefits,
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
from .periods import Deadline, Interval
from .signoff import SignOff
from .tools import Briefing, Evaluation, ReflectiveModel


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
    sign_within: SignOff | Deadline | None = field(
        default=None,
        metadata=doc(
            'how soon records are signed: "14 days" (every party, from the session), or a deadline per party:'
            ' supervisor: "10 days", supervisee: {within: "5 days", from: receipt}',
            decision="How soon session records are signed",
            fallback=Interval(14, "day"),
        ),
    )
    children_identified_by: Literal["name", "initials", "anonymised", "case_number", "not_stated"] = field(
        default="name",
        metadata=doc(
            "how children appear on records: name, initials, anonymised, case_number or not_stated",
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

    def _check(self, ctx: Context, node, path: str) -> None:
        if not isinstance(self.sign_within, SignOff):
            return
        where = join(path, "sign_within")
        given = self.sign_within.parties()
        signers = ", ".join(self.signed_by)
        for party, deadline in given.items():
            if party not in self.signed_by:
                ctx.problem_at(
                    "bad-value",
                    f"sign_within gives the {party} a deadline, but the {party} does not sign records"
                    + (f" (signed_by: [{', '.join(self.signed_by)}])" if self.signed_by else " (no signed_by)"),
                    f"add {party} to signed_by: [{', '.join((*self.signed_by, party))}], or remove {party}: here",
                    join(where, party),
                )
            elif deadline.from_ == "receipt" and len(self.signed_by) < 2:
                ctx.problem_at(
                    "bad-value",
                    f"the {party}'s deadline counts from receipt, but no one else signs the record first",
                    "write from: session, or add the other party to signed_by",
                    join(join(where, party), "from"),
                )
        for party in self.signed_by:
            if given and party not in given:
                ctx.problem_at(
                    "missing-key",
                    f"sign_within gives a deadline for the {' and the '.join(given)} but not the {party}, "
                    f"who also signs records (signed_by: [{signers}])",
                    f'add {party}: "14 days" (from the session) or {party}: {{within: "5 days", from: receipt}}; '
                    'or write one length for every party: sign_within: "14 days"',
                    where,
                )


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
    "S1",
    "S2",
    "S3",
    "S4",
    "S5",
    "S6",
    "S7",
    "A1",
    "A2",
    "R1",
    "R2",
    "ACT1",
    "ACT2",
    "F1",
    "C1",
    "C2",
    "E1",
    "B1",
    "B2",
    "B3",
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
    frequency: Frequency = field(metadata=doc("", example="{rules: [...]}"))
    documents: Documents = field(metadata=doc("", example="{forms: {session-record: ...}}"))
    functions: Functions = field(
        default=NO_FUNCTIONS,
        metadata=doc("the functions of supervision; none: the policy names none", example="{items: [...]}"),
    )
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
    booking: Booking | None = field(default=None, metadata=doc("booking, notice to cancel, rearranging (booking.py)"))
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
