"""The policy model: what an agency's supervision policy says, as typed, immutable data.

Each dataclass is also the schema of one block of the policy YAML: its fields are the allowed
keys (see docgen/structure.py). Cross-field rules live in `_check`; references between blocks
(a rule naming a supervision type, a source, a case category) are checked in checks.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..errors import MEANINGS
from ..structure import INVALID, Context, Ident, doc, join, structure
from .periods import Interval
from .places import RULE_PLACES
from .schedules import Schedule, SessionDuration

Basis = Literal["stated", "paraphrased", "inferred", "adopted", "default", "gap"]
Strength = Literal["must", "should", "recommended"]
Experience = Literal["student", "newly_qualified", "newly_appointed", "experienced"]
Contact = Literal["direct", "indirect"]
Employment = Literal["full_time", "part_time", "volunteer", "sessional", "agency"]
Party = Literal["supervisor", "supervisee"]
FunctionTag = Literal[
    "management",
    "development",
    "support",
    "mediation",
    "quality_assurance",
    "reflection",
    "case_management",
    "diversity",
]
ClauseKind = Literal[
    "parties",
    "frequency",
    "duration",
    "venue",
    "ad_hoc",
    "scheduling",
    "cancellation",
    "interruptions",
    "agenda",
    "recording",
    "storage",
    "access",
    "confidentiality",
    "child_record",
    "purposes",
    "team_issues",
    "escalation",
    "workload_performance",
    "notice_of_changes",
    "roles",
    "contributions",
    "review",
    "signatures",
    "other",
    # added for issue 19: kinds seen in real agreements (meanings in docgen/policy/clauses.py)
    "mode",
    "preparation",
    "supervision_types",
    "record_sharing",
    "disagreement",
    "wellbeing",
    "equality_and_diversity",
    "training",
]
FormKind = Literal[
    "agreement", "session-record", "case-record", "evaluation", "preparation-sheet", "session-log", "front-sheet"
]
Handout = Literal[
    "one_minute_guide", "seven_minute_briefing", "functions_sheet", "reflective_cycle", "preparation_sheet"
]


@dataclass(frozen=True)
class Source:
    """Where a statement comes from: a source id, the section, the words, and how close we are.

    Adopting another organisation's tool (an evaluation questionnaire, a reflective model's
    questions, a briefing's panels) is said one way: `source: {ref: <its source id>, at: "<where
    in it>", basis: adopted}`. The documents built on it then credit it ("Adapted from: <title>,
    <publisher>"); a tool block citing another organisation's document without it is an error
    (docgen/policy/crossrefs.py, docgen/policy/adopted.py)."""

    ref: Ident = field(metadata=doc("id of an entry in `sources`", example="worcs"))
    at: str = field(default="", metadata=doc("section, appendix or page"))
    quote: str = field(default="", metadata=doc("the source's own words"))
    basis: Basis = field(
        default="stated",
        metadata=doc(
            "stated (the source's words), paraphrased, inferred, adopted (another organisation's tool,"
            " used with credit), default (docgen's choice), gap"
        ),
    )
    note: str = ""


@dataclass(frozen=True)
class SourceDoc:
    id: Ident
    title: str
    publisher: str = ""
    date: str = ""
    url: str = ""
    seed: str = field(default="", metadata=doc("file name of the seed document, if any"))


@dataclass(frozen=True)
class FormChoice:
    """One form of `documents.forms`: a template id, or `{template: id, title: "..."}` to give the
    form the agency's own title (the template's title is the default)."""

    template: Ident = field(metadata=doc("id of a form template", example="generic_session_record"))
    title: str = field(default="", metadata=doc("the form's title; default: the template's title"))

    EXAMPLE = "a template id, or template: and title: lines"

    @classmethod
    def from_scalar(cls, node, path, ctx):
        value = structure(node, Ident, path, ctx)
        return INVALID if value is INVALID else cls(template=value)

    def __unstructure__(self):
        return {"template": str(self.template), "title": self.title} if self.title else str(self.template)

    def __str__(self) -> str:
        return str(self.template)


@dataclass(frozen=True)
class Agency:
    name: str
    short_name: str = ""
    area: str = ""
    kind: Literal[
        "local_authority",
        "safeguarding_partnership",
        "nhs_trust",
        "school",
        "charity",
        "private_provider",
        "national_standard",
        "other",
    ] = "other"
    applies_to: str = field(default="", metadata=doc("who the policy is for, in the agency's words"))
    logo: str = field(default="", metadata=doc("a PNG or SVG file beside the policy: the header of every page"))
    source: Source | None = None


@dataclass(frozen=True)
class Prose:
    """A block of text: optional title, paragraphs, bullet items. A plain string is one paragraph."""

    title: str = ""
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    closing: tuple[str, ...] = field(default=(), metadata=doc("paragraphs after the items"))
    source: Source | None = None

    @classmethod
    def from_scalar(cls, node, path, ctx):
        return cls(paragraphs=(node.value,)) if node.value else cls()


@dataclass(frozen=True)
class Definition:
    id: Ident
    term: str
    text: str
    source: Source | None = None


@dataclass(frozen=True)
class Benefits:
    """A two-column table such as "Benefits of Effective Supervision | Impact of Poor Supervision"."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    source: Source | None = None

    def _check(self, ctx: Context, node, path: str) -> None:
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                ctx.problem_at(
                    "bad-value",
                    f"this row has {len(row)} cells but there are {len(self.columns)} columns",
                    "give one cell per column",
                    join(join(path, "rows"), i),
                )


NotStated = Literal["not_stated"]  # a yes/no the policy leaves open, written out: `key: not_stated`


def counted_when_silent(loaded, t: SupervisionType, stated) -> bool:
    """Whether sessions of a type count towards how often when the policy does not say: not counted
    (the stricter reading: a session of a type that may not count never makes supervision on time),
    except that when no type is said to count, the first type listed whose counting is not stated
    counts (the frequency must be of something: usually the first type is formal one-to-one)."""
    types = loaded.policy.supervision_types
    silent = [x for i, x in enumerate(types) if not stated(loaded, f"supervision_types[{i}].counts_towards_frequency")]
    if any(x.counts_towards_frequency is True and x not in silent for x in types):
        return False
    return bool(silent) and silent[0] is t


@dataclass(frozen=True)
class SupervisionType:
    id: Ident
    label: str
    counts_towards_frequency: bool | NotStated = field(
        default=True,
        metadata=doc(
            "true, false (sessions of this type do not count towards how often) or not_stated",
            decision="Whether {label} counts towards how often supervision happens",
            fallback_of=counted_when_silent,
            words={False: "no (not counted: the stricter reading)"},
        ),
    )
    description: str = ""
    source: Source | None = None


@dataclass(frozen=True)
class Function:
    id: Ident
    label: str
    tag: FunctionTag = field(metadata=doc("the canonical function this is, so reports compare agencies"))
    description: str = ""
    prompts: tuple[str, ...] = ()
    record_label: str = field(default="", metadata=doc("heading on the session record, if different"))
    record_prompts: tuple[str, ...] = field(default=(), metadata=doc("the 'e.g.' prompts on the record"))
    on_record: bool = field(default=True, metadata=doc("false: not a section of the session record"))
    source: Source | None = None


@dataclass(frozen=True)
class Balance:
    """Over what span every function must be covered."""

    window: Literal["every_session", "sessions", "relationship", "period"] = field(
        metadata=doc(
            "",
            decision="Over what span every function of supervision is covered",
            fallback="relationship",
            words={"relationship": "over the whole supervision relationship", "every_session": "in every session"},
            relevant=lambda balance: _has_functions(balance),  # no functions: nothing to balance
        )
    )
    sessions: int | None = None
    period: Interval | None = None
    text: str = ""
    source: Source | None = None

    def _check(self, ctx: Context, node, path: str) -> None:
        if self.window == "sessions" and not self.sessions:
            ctx.problem(
                "missing-key",
                'window "sessions" needs the number of sessions',
                "add sessions: 6",
                node,
                join(path, "sessions"),
            )
        if self.window == "period" and self.period is None:
            ctx.problem(
                "missing-key",
                'window "period" needs the length of the period',
                'add period: "6 months"',
                node,
                join(path, "period"),
            )


@dataclass(frozen=True)
class Functions:
    items: tuple[Function, ...]
    balance: Balance
    model: str = field(default="", metadata=doc('name of the model, e.g. "Four elements of supervision"'))
    intro: str = ""
    source: Source | None = None

    @property
    def on_record(self) -> tuple[Function, ...]:
        return tuple(f for f in self.items if f.on_record)

    def _check(self, ctx: Context, node, path: str) -> None:
        if not self.items:
            ctx.problem(
                "bad-value",
                "at least one function of supervision is needed",
                "list the functions, e.g. management, development, support",
                node,
                join(path, "items"),
            )


# A policy that names no functions of supervision (no `functions:` block): the session record has no
# section per function, the policy document no functions section, and the report does not check F1.
NO_FUNCTIONS: Functions = Functions(items=(), balance=Balance(window="relationship"))


def _has_functions(balance: Balance) -> bool:
    return balance is not NO_FUNCTIONS.balance


@dataclass(frozen=True)
class Selector:
    """Who a rule applies to. Every key given must match; an empty selector matches everyone."""

    roles: tuple[Ident, ...] = ()
    experience: tuple[Experience, ...] = ()
    contact: tuple[Contact, ...] = ()
    caseload: tuple[Ident, ...] = field(default=(), metadata=doc("case category ids"))
    employment: tuple[Employment, ...] = ()
    min_fte: float | None = None
    max_fte: float | None = None
    description: str = ""

    def _check(self, ctx: Context, node, path: str) -> None:
        if self.min_fte is not None and self.max_fte is not None and self.min_fte > self.max_fte:
            ctx.problem(
                "bad-value",
                f"min_fte ({self.min_fte:g}) is above max_fte ({self.max_fte:g}), so no one can match this rule",
                f"swap them: min_fte: {self.max_fte:g}, max_fte: {self.min_fte:g}",
                node.children.get("min_fte", node),
                join(path, "min_fte"),
            )

    def specificity(self) -> int:
        return sum(
            bool(v)
            for v in (
                self.roles,
                self.experience,
                self.contact,
                self.caseload,
                self.employment,
                self.min_fte,
                self.max_fte,
            )
        )


@dataclass(frozen=True)
class FrequencyRule:
    id: Ident
    label: str = field(metadata=doc('the staff group in words, e.g. "Newly qualified social workers"'))
    schedule: Schedule = field(metadata=doc("how often: one kind (docgen/policy/schedules.py KINDS)"))
    strength: Strength
    source: Source
    applies_to: Selector = Selector()
    duration: SessionDuration | None = None
    counts: tuple[Ident, ...] = field(
        default=(),
        metadata=doc(
            "supervision type ids that count towards this rule (default: those marked counts_towards_frequency)"
        ),
    )
    note: str = ""

    @staticmethod
    def misplaced(key: str) -> str | None:
        """Where a key that belongs to a block inside a rule goes ("count" is a kind of schedule)."""
        return RULE_PLACES.get(key)


@dataclass(frozen=True)
class Frequency:
    set_by: Literal["policy", "agreement", "agency"] = field(
        default="policy",
        metadata=doc(
            "who sets how often",
            decision="Who sets how often each person is supervised",
            words={"policy": "this policy", "agreement": "each supervision agreement", "agency": "each agency"},
        ),
    )
    combine: Literal["all", "strictest", "most_specific"] = field(
        default="all",
        metadata=doc(
            "how rules combine when several apply to one person: all (each is checked), strictest, most_specific",
            decision="Which rule applies when more than one covers a person",
            words={
                "all": "all of them, each checked on its own",
                "strictest": "the strictest",
                "most_specific": "the most specific",
            },
            relevant=lambda frequency: frequency is not None and len(frequency.rules) > 1,
        ),
    )
    rules: tuple[FrequencyRule, ...] = ()
    ad_hoc: Prose | None = None
    absence_cover: Prose | None = None
    scheduling: Prose | None = None
    source: Source | None = None

    EXAMPLE = (
        '`frequency: {rules: [{id: all_staff, label: "All staff", schedule: {every: "4 weeks"}, strength: must, '
        "source: {ref: ...}}]}`"
    )


# words a person may write for each way rules combine (frequency.combine), for errors.did_you_mean
MEANINGS.update(
    {
        "all": (
            "each rule that applies is checked",
            ("each", "every", "both", "each_rule", "every_rule", "cumulative"),
        ),
        "strictest": ("only the rule with the shortest gap", ("shortest", "strict", "stricter", "most_frequent")),
        "most_specific": ("only the rule naming the most keys", ("specific", "narrowest", "closest")),
    }
)
