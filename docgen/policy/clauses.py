"""An agreement's clauses: their kinds (each with its meaning), their fill-in blanks, and tick-box
choices inside a clause ("Supervision will take place {mode}" with `mode` a choice of in person,
remotely or a mix of both), checked so that a clause says what it means in one round.

A blank of type `choice` lists its `options` (each `{key, label}`, or a plain label whose key is
made from it: "in person" -> in_person); `multiple: true` lets the parties tick several;
`preset:` lists the option keys prefill ticks in a personalised agreement. On the form a choice
is tick boxes (fillable on screen, tickable on paper): one field, named `<clause id>_<blank id>`,
whose value is the ticked option's key; a multiple choice is a checkbox per option, named
`<clause id>_<blank id>_<option key>` (docgen/forms/resolve.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ..errors import did_you_mean
from ..structure import INVALID, Context, Ident, doc, join
from .model import ClauseKind, Source
from .periods import Duration, Interval

BLANK_RE = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_BRACES_RE = re.compile(r"\{([^{}]*)\}")

# What each kind of clause is about (docs/policy-format.md prints the same list).
CLAUSE_KINDS: dict[str, str] = {
    "parties": "who the agreement is between",
    "frequency": "how often supervision takes place",
    "duration": "how long sessions last",
    "venue": "where sessions take place",
    "mode": "how sessions take place: in person, remotely (video or telephone) or a mix",
    "ad_hoc": "supervision between planned sessions",
    "scheduling": "how sessions are booked",
    "cancellation": "what happens when a session is cancelled",
    "interruptions": "keeping the session free of interruptions",
    "preparation": "what each party prepares before a session",
    "agenda": "how the agenda is set",
    "supervision_types": "the types of supervision the supervisee receives (one-to-one, group, peer)",
    "recording": "how sessions are recorded and signed",
    "storage": "where records are kept",
    "access": "who may see the records",
    "record_sharing": "when and with whom records are shared",
    "confidentiality": "what stays confidential and its limits",
    "child_record": "what goes on the child's own record",
    "purposes": "what supervision is for",
    "team_issues": "team matters brought to supervision",
    "escalation": "raising concerns about a case beyond supervision",
    "disagreement": "what happens when supervisor and supervisee disagree, or a party complains",
    "workload_performance": "workload and performance",
    "wellbeing": "the supervisee's wellbeing and the support offered",
    "equality_and_diversity": "equality, diversity and difference in the relationship and the work",
    "training": "learning, training and professional development",
    "notice_of_changes": "telling each other of changes",
    "roles": "the responsibilities of each party",
    "contributions": "what each party brings",
    "review": "when and how the agreement is reviewed",
    "signatures": "signing the agreement",
    "other": "anything else",
}


@dataclass(frozen=True)
class BlankOption:
    """One option of a choice blank: `{key, label}`, or a plain label (its key made from it)."""

    key: Ident = field(metadata=doc("the value recorded when this option is ticked", example="in_person"))
    label: str = field(metadata=doc("the words beside its tick box", example='"In person"'))

    EXAMPLE = '"In person", or key: and label: lines'

    @classmethod
    def from_scalar(cls, node, path, ctx):
        label = str(node.value or "").strip()
        key = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")
        if not key or not key[0].isalpha():
            ctx.problem(
                "bad-value",
                f'the option "{label}" has no letters to make its key from',
                'write it as {key: option_1, label: "..."}',
                node,
                path,
            )
            return INVALID
        return cls(key=Ident(key), label=label[:1].upper() + label[1:])


@dataclass(frozen=True)
class Blank:
    """A fill-in blank inside a clause's text, written {id} in the text."""

    id: Ident
    label: str
    type: Literal["text", "multiline", "number", "date", "person", "choice"] = "text"
    role: Ident | None = field(default=None, metadata=doc("semantic role, e.g. supervisor, agreement_frequency"))
    same_as: str = field(default="", metadata=doc("clause_id.blank_id of an earlier blank showing the same value"))
    help: str = ""
    options: tuple[BlankOption, ...] = field(default=(), metadata=doc("a choice's options, each with a tick box"))
    multiple: bool = field(default=False, metadata=doc("a choice: true lets the parties tick more than one"))
    preset: tuple[Ident, ...] = field(default=(), metadata=doc("a choice: option keys prefill ticks"))

    def _check(self, ctx: Context, node, path: str) -> None:
        if self.type != "choice":
            for key in ("options", "multiple", "preset"):
                if key in node.children:
                    ctx.problem(
                        "bad-value",
                        f'{key} is for a blank of type choice, and this blank is of type "{self.type}"',
                        f"write type: choice, or remove {key}",
                        node.children[key],
                        join(path, key),
                    )
            return
        if not self.options:
            ctx.problem(
                "missing-key",
                "a choice blank needs the options the parties tick",
                'add options: ["In person", "Remotely", "A mix of both"]',
                node.children.get("options", node),
                join(path, "options"),
            )
        keys = [o.key for o in self.options]
        labels = [o.label.casefold() for o in self.options]
        for i, option in enumerate(self.options):
            if option.key in keys[:i] or option.label.casefold() in labels[:i]:
                ctx.problem_at(
                    "duplicate-id",
                    f'the option "{option.label}" is listed twice',
                    "list each option once",
                    join(join(path, "options"), i),
                )
        if len(self.options) == 1 and not self.multiple:
            ctx.problem_at(
                "bad-value",
                f'a choice of one option ("{self.options[0].label}") leaves nothing to choose',
                "add the other options, or write the words into the clause's text",
                join(path, "options"),
            )
        for i, key in enumerate(self.preset):
            if key not in keys:
                ctx.problem_at(
                    "bad-reference",
                    f'preset "{key}" is not one of the options ({", ".join(keys)})',
                    did_you_mean(key, keys),
                    join(join(path, "preset"), i),
                )
        if len(self.preset) > 1 and not self.multiple:
            ctx.problem_at(
                "bad-value",
                f"preset ticks {len(self.preset)} options but only one may be ticked",
                "preset one option, or write multiple: true",
                join(path, "preset"),
            )
        if self.same_as:
            ctx.problem_at(
                "bad-value",
                "a choice blank cannot show another blank's value (same_as)",
                "remove same_as, or make this blank a text blank",
                join(path, "same_as"),
            )


@dataclass(frozen=True)
class Clause:
    id: Ident
    kind: ClauseKind = field(metadata=doc("what the clause is about: " + ", ".join(CLAUSE_KINDS)))
    text: str = field(metadata=doc("the clause's words; {blank_id} marks a fill-in blank"))
    items: tuple[str, ...] = field(default=(), metadata=doc("numbered items under the text"))
    blanks: tuple[Blank, ...] = ()
    max_duration: Duration | None = None
    rearrange_within: Interval | None = None
    variants: tuple[Ident, ...] = field(default=(), metadata=doc("agreement variants it belongs to; none = all"))
    source: Source | None = None

    def _check(self, ctx: Context, node, path: str) -> None:
        declared: list[tuple[str, str]] = [(b.id, b.type) for b in self.blanks]
        _check_text(ctx, self.text, declared, path)
        for i, blank in enumerate(self.blanks):
            if blank.id in [d for d, _ in declared[:i]]:
                ctx.problem_at(
                    "duplicate-id",
                    f'two blanks have the id "{blank.id}"',
                    "give each blank its own id",
                    join(join(path, "blanks"), i),
                )

    @staticmethod
    def _check_raw(ctx: Context, node, path: str) -> None:
        """The text against the blanks as written, when a blank is wrong (all said in one round)."""
        text = node.children.get("text")
        blanks = node.children.get("blanks")
        if node.kind != "map" or text is None or not isinstance(text.text, str):
            return
        declared: list[tuple[str, str]] = []
        for item in blanks.value if blanks is not None and blanks.kind == "seq" else ():
            bid, btype = (item.children.get(k) for k in ("id", "type")) if item.kind == "map" else (None, None)
            if bid is not None and isinstance(bid.text, str):
                declared.append((bid.text.strip(), (btype.text or "").strip() if btype is not None else "text"))
        _check_text(ctx, text.text, declared, path)


def _check_text(ctx: Context, text: str, declared: list[tuple[str, str]], path: str) -> None:
    """A clause's text against its blanks (id, type): every {blank} declared, every blank used,
    braces only around blank ids, and a choice written once."""
    in_text = BLANK_RE.findall(text)
    ids = [d for d, _ in declared]
    for name in dict.fromkeys(in_text):
        if name not in ids:
            hint = f"add it under blanks: - {{id: {name}, label: ...}}, or write the words without braces"
            ctx.problem_at(
                "bad-reference", f'the text uses {{{name}}} but no blank has id "{name}"', hint, join(path, "text")
            )
    for inner in _BRACES_RE.findall(text):
        if not BLANK_RE.fullmatch("{" + inner + "}"):
            ctx.problem_at(
                "bad-value",
                f'the text has "{{{inner}}}", which is not a blank id',
                "a blank is {id} with lower-case letters, digits and underscores; to show braces, reword",
                join(path, "text"),
            )
    for i, (bid, btype) in enumerate(declared):
        if bid not in in_text:
            ctx.problem_at(
                "bad-reference",
                f'the blank "{bid}" is not used in the text',
                f"write {{{bid}}} in the text where the blank goes",
                join(join(path, "blanks"), i),
            )
        elif btype == "choice" and in_text.count(bid) > 1 and bid not in ids[:i]:
            ctx.problem_at(
                "bad-value",
                f"the choice {{{bid}}} appears {in_text.count(bid)} times in the text",
                "write it once: its tick boxes are one answer",
                join(path, "text"),
            )
