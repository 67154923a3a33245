"""The document tree: a resolved form (or read-only document) that renderers draw.

Everything here is final: Jinja has run, loops are expanded, options are listed, ids are the
ones that end up as DOCX content-control tags, PDF field names (dots mapped, see `fieldlist.pdf_name`)
and harvest columns. Renderers and parsers read only this.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..policy.logo import Logo


@dataclass(frozen=True)
class Option:
    key: str
    label: str


@dataclass(frozen=True)
class FieldSpec:
    id: str  # full id; inside a repeat, "repeat_id.child_id"
    type: str  # a key of docgen.forms.fields.FIELD_TYPES
    label: str
    help: str = ""
    required: bool = False
    role: str | None = None
    options: tuple[Option, ...] = ()
    function: str | None = None  # id of the supervision function this field evidences
    lines: int = 1
    default: str = ""

    @property
    def short_id(self) -> str:
        return self.id.rpartition(".")[2]


@dataclass(frozen=True)
class Mirror:
    """A second place that shows the value of an earlier field (same name twice in a clause)."""

    field_id: str
    label: str


@dataclass(frozen=True)
class RepeatSpec:
    """A table whose rows repeat (actions, children discussed, family discussions)."""

    id: str
    label: str
    fields: tuple[FieldSpec, ...]
    rows: int = 3
    role: str | None = None
    function: str | None = None
    help: str = ""
    layout: str = "table"  # "table": one row per item; "block": each item a group of labelled fields
    # its columns' relative widths come from the field types: docgen.forms.fields.column_weights


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Link:
    """A phrase of a read-only document's paragraph that links to an address (a PDF link
    annotation, a Word hyperlink)."""

    text: str
    url: str


@dataclass(frozen=True)
class Paragraph:
    """Text, possibly with fields inline (agreement clauses: "every {weeks} weeks") or links."""

    parts: tuple[str | FieldSpec | Mirror | Link, ...]
    style: str = "body"  # body | help | note


@dataclass(frozen=True)
class ListBlock:
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    by_column: bool = False  # each column is one thing, its header and its cells (render/tablefit.py)

    def column_weights(self) -> list[float]:
        """Relative column widths from the text they hold (a column of long answers gets more
        room than a Yes/No column), the same in every format."""
        weights = []
        for i, head in enumerate(self.header):
            cells = [len(r[i]) for r in self.rows if i < len(r)] or [0]
            weights.append(max(len(head) * 0.6, sum(cells) / len(cells), max(cells) * 0.5, 8) ** 0.5)
        return weights


@dataclass(frozen=True)
class Diagram:
    """A drawn figure (read-only documents): `kind` names the drawing, `labels` its parts in
    reading order, `alt` the text alternative every format carries."""

    kind: str  # "cycle": the labels round a circle, joined by arrows, clockwise from the top
    labels: tuple[str, ...]
    alt: str
    title: str = ""


@dataclass(frozen=True)
class Panel:
    """A numbered panel of a briefing: a number, a heading and its blocks, framed together."""

    number: str
    heading: str
    blocks: tuple = ()


@dataclass(frozen=True)
class FieldBlock:
    field: FieldSpec
    show_label: bool = True  # False: the heading above already says it (the label stays the tooltip/alias)


@dataclass(frozen=True)
class RepeatBlock:
    repeat: RepeatSpec
    show_caption: bool = True  # False: the heading above already says it


@dataclass(frozen=True)
class GridBlock:
    """Questions that share one set of options, asked as a grid: a row per question, a column per
    option (the evaluation tool's statements x Yes / No / Maybe). Each question is still its own
    field; only the drawing is shared."""

    fields: tuple[FieldSpec, ...]
    options: tuple[Option, ...]


Block = Heading | Paragraph | ListBlock | Table | FieldBlock | RepeatBlock | GridBlock | Diagram | Panel


def gridded(blocks: Sequence[Block], ticked: Callable[[FieldSpec], bool]) -> tuple[Block, ...]:
    """Runs of two or more labelled fields in a row, each drawn as tick boxes (`ticked`) and all with
    the same options, made one GridBlock; everything else as it was."""
    out: list[Block] = []
    run: list[FieldSpec] = []

    def close() -> None:
        if len(run) >= 2:
            out.append(GridBlock(tuple(run), run[0].options))
        else:
            out.extend(FieldBlock(f) for f in run)
        run.clear()

    for block in blocks:
        if isinstance(block, FieldBlock) and block.show_label and ticked(block.field):
            if run and block.field.options != run[0].options:
                close()
            run.append(block.field)
            continue
        close()
        out.append(block)
    close()
    return tuple(out)


def same_words(a: str, b: str) -> bool:
    """Whether two texts say the same words, ignoring case, punctuation and spacing."""

    def words(t: str) -> list[str]:
        return re.findall(r"[a-z0-9]+", t.casefold())

    return bool(words(a)) and words(a) == words(b)


def say_once(heading: str, blocks: Sequence[Block]) -> tuple[Block, ...]:
    """Each thing said once: a sub-heading that repeats the heading above it is dropped, a repeat
    whose caption repeats it shows no caption, and the only field under a heading (or the field
    straight after it) that repeats it shows no separate label."""
    out: list[Block] = []
    current = heading
    runs: list[list[int]] = [[]]  # indexes in `out` of each heading's blocks
    heads = [heading]
    for block in blocks:
        if isinstance(block, Heading):
            if same_words(block.text, current):
                continue
            current = block.text
            out.append(block)
            runs.append([])
            heads.append(current)
            continue
        if isinstance(block, RepeatBlock) and same_words(block.repeat.label, current):
            block = replace(block, show_caption=False)
        runs[-1].append(len(out))
        out.append(block)
    for head, run in zip(heads, runs, strict=True):
        asked = [i for i in run if isinstance(out[i], (FieldBlock, RepeatBlock))]
        # the only field under the heading, or the one straight after it
        lone = asked[0] if len(asked) == 1 or (asked and run[0] == asked[0]) else None
        first = out[lone] if lone is not None else None
        if lone is not None and isinstance(first, FieldBlock) and same_words(first.field.label, head):
            out[lone] = replace(first, show_label=False)
    return tuple(out)


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...] = ()
    grid: int = 0  # a section of Panels drawn as a grid of boxed panels, this many columns (0: one after another)
    number: str = ""  # "1." or "Appendix A:", printed before the heading (read-only documents)

    @property
    def title(self) -> str:
        return f"{self.number} {self.heading}" if self.number else self.heading


@dataclass(frozen=True)
class Manifest:
    """What every generated document carries so a harvest knows what it is."""

    form_id: str
    form_version: str
    kind: str
    policy_id: str
    policy_version: str
    policy_digest: str
    docgen_version: str


@dataclass(frozen=True)
class FormSpec:
    manifest: Manifest
    title: str
    agency: str
    sections: tuple[Section, ...]
    intro: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()
    variant: str | None = None
    source: str = ""
    status: str = ""
    title_page: tuple[str, ...] = ()  # read-only documents: lines under the title on a page of its own
    version_line: str = ""  # the policy's version in words, for page footers ("Version 1.2, March 2025")
    logo: Logo | None = None  # the agency's logo (agency.logo) for the page header, if it has one
    title_from: str = "template"  # where the title came from: "policy" (stated), "variant", "template" (default)
    masthead: tuple[str, ...] = ()  # drawn in place of title and agency: a title line, then lines under it
    one_page: str = ""  # a genre of one page (a handout): what to shorten, said when the words do not fit

    def fields(self) -> Iterator[FieldSpec]:
        """Every field, with repeat children as `repeat_id.child_id` (inline fields included)."""
        for item in self.walk():
            if isinstance(item, FieldSpec):
                yield item

    def repeats(self) -> Iterator[RepeatSpec]:
        for item in self.walk():
            if isinstance(item, RepeatSpec):
                yield item

    def walk(self) -> Iterator[FieldSpec | RepeatSpec]:
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, FieldBlock):
                    yield block.field
                elif isinstance(block, GridBlock):
                    yield from block.fields
                elif isinstance(block, RepeatBlock):
                    yield block.repeat
                    yield from block.repeat.fields
                elif isinstance(block, Paragraph):
                    yield from (p for p in block.parts if isinstance(p, FieldSpec))

    def field_by_role(self, role: str) -> list[FieldSpec]:
        return [f for f in self.fields() if f.role == role]
