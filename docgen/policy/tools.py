"""The tool blocks of a policy: the evaluation questionnaire, reflective models and the 7-minute
briefing. Another organisation's tool is taken only as adopted (`source: {basis: adopted}`,
docgen/policy/adopted.py), and the documents built on it credit it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..structure import Ident, doc
from .model import Prose, Source
from .periods import Interval


@dataclass(frozen=True)
class ScaleOption:
    key: Ident
    label: str


@dataclass(frozen=True)
class FreeText:
    id: Ident
    label: str
    help: str = ""
    role: Literal["evaluation_more", "evaluation_less", "evaluation_other"] = "evaluation_other"


@dataclass(frozen=True)
class Evaluation:
    title: str
    statements: tuple[str, ...]
    scale: tuple[ScaleOption, ...] = (
        ScaleOption(Ident("yes"), "Yes"),
        ScaleOption(Ident("no"), "No"),
        ScaleOption(Ident("maybe"), "Maybe"),
    )
    free_text: tuple[FreeText, ...] = ()
    every: Interval | None = field(
        default=None,
        metadata=doc(
            "how often supervisees evaluate supervision",
            decision="How often supervisees evaluate their supervision",
            fallback=Interval(12, "month"),
            relevant=lambda evaluation: evaluation is not None,
        ),
    )
    anonymous: bool = field(
        default=False, metadata=doc("true: answers are not named", decision="Whether evaluations are anonymous")
    )
    source: Source | None = None


@dataclass(frozen=True)
class Stage:
    id: Ident
    label: str
    questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReflectiveModel:
    id: Ident
    name: str
    stages: tuple[Stage, ...]
    citation: str = ""
    source: Source | None = None


@dataclass(frozen=True)
class Briefing:
    """Panels of a 7-minute briefing that the rest of the policy does not hold (seed 000's layout).

    The other panels come from the policy itself: Background from statutory_basis (or the
    introduction), Why it matters from purpose, Information from the first definition,
    Principles from the functions, What to do from principles, and the case-discussion panel
    from case_discussion. A panel given here replaces the one drawn from the policy."""

    questions: tuple[str, ...] = field(default=(), metadata=doc("questions for teams (panel 07)"))
    background: Prose | None = None
    why_it_matters: Prose | None = None
    what_to_do: Prose | None = None
    case_discussion: Prose | None = field(default=None, metadata=doc("the case-discussion panel (05)"))
    information: Prose | None = field(default=None, metadata=doc("panel 03; default: the definition of supervision"))
    principles: Prose | None = field(default=None, metadata=doc("panel 04, its title the panel's heading"))
    source: Source | None = None
