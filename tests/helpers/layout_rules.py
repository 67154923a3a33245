"""The layout checker's rules (tests/helpers/layout_check.py runs them on every shipped form). Each
rule is a function of a read PDF (layout_pages.Document) and what the form tree says (Facts), and
returns its violations, each with the page, the text and where it is."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docgen.forms.fieldlist import from_pdf_name
from docgen.forms.fields import FIELD_TYPES
from docgen.forms.names import FieldNames
from docgen.forms.tree import FieldSpec

from .layout_pages import Box, Document, Line, Page, Widget, overlap, squash

MARGIN = 10 * 72 / 25.4  # the printable area: 10 mm in from every edge
FORBIDDEN = re.compile(r"(?<![a-z0-9])(docgen|seeds?|added\s+by)(?![a-z0-9])", re.IGNORECASE)
HEADING_ZONE = 0.25  # a heading in the lowest quarter of the page body must have something of its own after it
LAST_PAGE_USED = 0.2  # a last page less than a fifth used is near-empty...
BODY_BOTTOM = 56.7  # the forms' bottom margin (2 cm, both formats): where a page's body ends
# ...when what it holds would fit in the page before's free space and this share of its body: docgen's
# PDF paging tightens a form's gaps and moves breaks (render/pdf/paging.py). A Word document is paged
# by Word or LibreOffice, which cannot be told to tighten one page: there it is near-empty only when
# what it holds would fit the page before as printed.
TIGHTENING = {"docgen": 0.1, "libreoffice": 0.0}
BLOCK_GAP = 20.0  # moved back, a block needs the gap above it (a heading's space before, the gap after a table)
# that the top of a new page swallows
SMALLEST, LABEL_SIZE, HELP_SIZE = 8.0, 10.0, 9.0
ROUNDING = 0.05  # font sizes are compared allowing this much (points)


@dataclass(frozen=True)
class Violation:
    rule: int
    page: int
    text: str
    at: tuple[float, float]  # x, y of the text's (or box's) bottom left, in points
    message: str

    def as_dict(self) -> dict:
        return {"rule": self.rule, "page": self.page, "text": self.text, "at": list(self.at), "message": self.message}


@dataclass
class Facts:
    """What the form tree says about a form: its headings (text -> whether answers follow it), the
    labels and help texts, and its fields (id -> (field, in a repeat table's row))."""

    headings: dict[str, bool] = field(default_factory=dict)
    labels: set[str] = field(default_factory=set)
    helps: set[str] = field(default_factory=set)
    fields: dict[str, tuple[FieldSpec, bool]] = field(default_factory=dict)
    repeats: frozenset[str] = frozenset()
    inline: set[str] = field(default_factory=set)  # blanks in a sentence (a Paragraph's fields)
    named: dict[str, list[tuple[FieldSpec, bool]]] = field(default_factory=dict)  # a field's name (its alias) -> it

    def fields_of(self, widget: Widget) -> list[tuple[FieldSpec, bool]]:
        """The fields a widget may be the answer box of: by its PDF name (docgen's PDFs), else by its
        tooltip, the control's alias (LibreOffice names its fields Widget, _2, ...): every field of that label."""
        name = widget.name.split(".")[0]
        if name.endswith("__signature"):
            return []
        fid = from_pdf_name(name, self.repeats)[0]
        if fid in self.fields:
            return [self.fields[fid]]
        tip = norm(widget.tooltip)
        labelled = [pair for pair in self.fields.values() if tip and norm(pair[0].label) == tip]
        return labelled or self.named.get(tip, [])  # a control titled with its name in context

    def name_fields(self, spec) -> None:
        """`named`: each field's name in context (a DOCX control's title, which LibreOffice's PDF
        gives its field as the tooltip) -> the field, for every row of a repeat."""
        names = FieldNames(spec)
        rows = {f.id: r.rows for r in spec.repeats() for f in r.fields}
        for f in spec.fields():
            for row in range(rows[f.id]) if f.id in rows else [None]:
                self.named.setdefault(norm(names(f.id, row)), []).append(self.fields[f.id])

    def field_of(self, widget: Widget) -> tuple[FieldSpec, bool] | None:
        return next(iter(self.fields_of(widget)), None)


def norm(text: str) -> str:
    """Text compared as words: case, spacing, a required marker and a trailing colon ignored."""
    return squash(text).casefold().rstrip(" *:").strip()


def _line(rule: int, line: Line, message: str) -> Violation:
    return Violation(rule, line.page, line.text[:80], line.where, message)


# --- 1. nothing the agency did not write ---------------------------------------------------------


def forbidden_text(doc: Document, facts: Facts) -> list[Violation]:
    out = []
    for page in doc.pages:
        for line in page.lines:
            for match in FORBIDDEN.finditer(line.text):
                out.append(_line(1, line, f'"{match.group(0)}" printed on the page'))
        per_line = sum(len(FORBIDDEN.findall(line.text)) for line in page.lines)
        if len(FORBIDDEN.findall(page.text())) > per_line:  # "Added" ending one line, "by" starting the next
            out.append(Violation(1, page.number, "Added by", (0.0, 0.0), '"Added by" printed across two lines'))
    return out


# --- 2. a heading never ends a page --------------------------------------------------------------


def _heading(line: Line, facts: Facts, body_size: float) -> str | None:
    """The heading of the tree this line draws (larger than the body text), if any."""
    if line.size < body_size + 1:  # headings are larger than the body text (a bold label is not one)
        return None
    text = norm(line.text)
    for heading in facts.headings:
        key = norm(heading)
        if text == key or (len(text) >= 12 and key.startswith(text)):
            return heading
    return None


def _body_size(doc: Document) -> float:
    sizes = sorted(s for page in doc.pages for s, _, _ in page.sizes)
    return sizes[len(sizes) // 2] if sizes else 10.0


def _wraps(other: Line, line: Line, heading: str) -> bool:
    """Whether a line is the rest of a heading that wraps (its words, at its size): not what it heads."""
    return abs(other.size - line.size) < ROUNDING + 0.5 and bool(norm(other.text)) and norm(other.text) in norm(heading)


def stranded_headings(doc: Document, facts: Facts) -> list[Violation]:
    out = []
    body = _body_size(doc)
    for page in doc.pages[:-1]:
        content = page.content()
        heads = [(line, h) for line in content if (h := _heading(line, facts, body))]
        if not heads:
            continue
        line, heading = min(heads, key=lambda pair: pair[0].box[1])  # the page's last heading
        if line.box[3] > MARGIN + HEADING_ZONE * (page.height - 2 * MARGIN):
            continue
        below = line.box[1]
        after_widgets = [w for w in page.widgets if w.rect[3] <= below + 1]
        after_text = [o for o in content if o.box[3] <= below + 1 and o is not line and not _wraps(o, line, heading)]
        if after_widgets if facts.headings[heading] else after_text or after_widgets:
            continue
        out.append(_line(2, line, "heading at the foot of the page, with what it heads on the next page"))
    return out


# --- 3. inside the printable area, nothing drawn over anything else ------------------------------


def outside_printable(doc: Document, facts: Facts) -> list[Violation]:
    out = []
    for page in doc.pages:
        inner = (MARGIN - 0.5, MARGIN - 0.5, page.width - MARGIN + 0.5, page.height - MARGIN + 0.5)
        for line in page.lines:
            if any(not _inside(box, inner) for box in line.chars):
                out.append(_line(3, line, "text outside the printable area (10 mm from the page's edges)"))
    return out


def _inside(box: Box, area: Box) -> bool:
    return box[0] >= area[0] and box[1] >= area[1] and box[2] <= area[2] and box[3] <= area[3]


def overlapping_text(doc: Document, facts: Facts) -> list[Violation]:
    out = []
    for page in doc.pages:
        lines = page.lines
        for i, a in enumerate(lines):
            for b in lines[i + 1 :]:
                if overlap(a.box, b.box) and any(overlap(x, y) for x in a.chars for y in b.chars):
                    out.append(_line(3, a, f'text drawn over other text ("{b.text[:40]}")'))
        if doc.producer == "libreoffice":
            continue  # Writer lays a content control's text out in the flow; its field's rect is that text's extent
        for line in page.content():
            for w in page.widgets:
                if overlap(line.box, w.rect, 1.0) and not _own(line, w):
                    out.append(_line(3, line, f"text drawn over the answer box {w.tooltip or w.name}"))
    return out


def _own(line: Line, widget: Widget) -> bool:
    """Text a widget shows of its own (LibreOffice prints a content control's text on the page too)."""
    text = norm(line.text)
    return bool(text) and (text in norm(widget.value) or text in norm(widget.tooltip))


# --- 4. room to write ------------------------------------------------------------------------------


def short_boxes(doc: Document, facts: Facts) -> list[Violation]:
    out = []
    for page in doc.pages:
        for w in page.widgets:
            found = facts.fields_of(w)
            if not found or w.kind in ("/Btn", "/Sig") or any(_exempt(page, w, f, facts) for f, _ in found):
                continue
            need, f = min(((FIELD_TYPES[f.type].min_height(f, in_row), f) for f, in_row in found), key=lambda n: n[0])
            have = _room(page, w) if doc.producer == "libreoffice" else w.rect[3] - w.rect[1]
            # measured between LibreOffice's drawn cell rules, whose width the row's height includes
            slack = 1.5 if doc.producer == "libreoffice" else 0.5
            if have < need - slack:
                message = f"answer box {have:.0f} pt high; a {f.type} answer needs at least {need:.0f} pt"
                out.append(Violation(4, page.number, f.label, (round(w.rect[0], 1), round(w.rect[1], 1)), message))
    return out


def _exempt(page: Page, w: Widget, f: FieldSpec, facts: Facts) -> bool:
    """Tick boxes and signatures need no writing space; a blank inside a sentence is as high as its line."""
    if f.type == "signature" or FIELD_TYPES[f.type].control_for(f) in ("ticks", "checkbox"):
        return True
    return f.id in facts.inline and _in_sentence(page, w, f)


def _in_sentence(page: Page, w: Widget, f: FieldSpec) -> bool:
    """Whether words of a sentence (not the field's own label or help) run on the box's line, beside it."""
    own = f"{norm(f.label)} {norm(f.help)}"
    for line in page.content():
        middle = (line.box[1] + line.box[3]) / 2
        beside = line.box[0] < w.rect[0] - 2 or line.box[2] > w.rect[2] + 2
        if w.rect[1] - 1 <= middle <= w.rect[3] + 1 and beside and norm(line.text) not in own:
            return True
    return False


def _room(page: Page, w: Widget) -> float:
    """The height of the table cell a LibreOffice field sits in (its rect is only its text's extent):
    from the rule above it to the rule below it, across its middle; its own height without rules."""
    middle = (w.rect[0] + w.rect[2]) / 2
    across = [r for r in page.rules if r[0] - 1 <= middle <= r[2] + 1]
    above = [r[1] for r in across if r[1] >= w.rect[3] - 1]
    below = [r[3] for r in across if r[3] <= w.rect[1] + 1]
    if not above or not below:
        return w.rect[3] - w.rect[1]
    return min(above) - max(below)


# --- 5. every option on the page -------------------------------------------------------------------


def missing_options(doc: Document, facts: Facts) -> list[Violation]:
    out = []
    for f, _ in facts.fields.values():
        if not f.options:
            continue
        for number, at in _places(doc, facts, f).items():
            page = doc.pages[number - 1]
            text = norm(page.text(answers=False))  # printed on the page, not only the answer chosen
            for option in f.options:
                if not re.search(rf"(?<!\w){re.escape(norm(option.label))}(?!\w)", text):
                    message = f'the option "{option.label}" of "{f.label}" is not printed on its page'
                    out.append(Violation(5, page.number, option.label, at, message))
    return out


def _places(doc: Document, facts: Facts, f: FieldSpec) -> dict[int, tuple[float, float]]:
    """The pages a field is on (where its answer boxes are, or its label is printed), and where on each."""
    out: dict[int, tuple[float, float]] = {}
    label = norm(f.label)
    for page in doc.pages:
        for w in page.widgets:
            found = facts.field_of(w)
            if found is not None and found[0].id == f.id and page.number not in out:
                out[page.number] = (round(w.rect[0], 1), round(w.rect[1], 1))
        for line in page.content():
            text = norm(line.text)
            if page.number not in out and (text == label or (len(text) >= 12 and label.startswith(text))):
                out[page.number] = line.where
    return out


# --- 6. no near-empty last page ------------------------------------------------------------------


def _lowest(page: Page) -> float | None:
    bottoms = [line.box[1] for line in page.content()] + [w.rect[1] for w in page.widgets]
    return min(bottoms) if bottoms else None


def near_empty_last_page(doc: Document, facts: Facts) -> list[Violation]:
    if len(doc.pages) < 2:
        return []
    last = doc.pages[-1]
    tops = [line.box[3] for line in last.content()] + [w.rect[3] for w in last.widgets]
    lowest = _lowest(last)
    floors = [low for page in doc.pages[:-1] if (low := _lowest(page)) is not None]
    if not tops or lowest is None:
        return [Violation(6, last.number, "", (0.0, 0.0), "the last page is empty")]
    top, floor = max(tops), (min(floors) if floors else MARGIN)
    used = (top - lowest) / max(top - floor, 1.0)
    if used >= LAST_PAGE_USED:
        return []
    before = _lowest(doc.pages[-2])
    bottom = min(floor, BODY_BOTTOM)
    room = (before if before is not None else top) - bottom + TIGHTENING.get(doc.producer, 0.1) * (top - bottom)
    if top - lowest + BLOCK_GAP > room:  # it cannot go on the page before, however tight: a page of its own is right
        return []
    message = f"the last page is {used:.0%} used; tightening would fit it on the page before"
    return [Violation(6, last.number, "", (0.0, round(lowest, 1)), message)]


# --- 7. font sizes ---------------------------------------------------------------------------------


def _kind(line: Line, labels: set[str], helps: set[str], options: list[str]) -> str | None:
    """ "label" or "help" when the line draws (part of) one of the form's labels or help texts (all
    normalised); None for anything else, a line of a choice's options included (they may be small)."""
    text = norm(line.text)
    if not text or not re.sub(r"[\W_]+", "", _without(text, options)):
        return None
    if text in labels:
        return "label"
    if text in helps:
        return "help"
    if len(text) >= 6 and any(text in h for h in helps):
        return "help"
    if len(text) >= 4 and any(text in label for label in labels):
        return "label"
    return None


def _without(text: str, options: list[str]) -> str:
    for option in options:  # longest first: "Child in Need" before "Need"
        text = re.sub(rf"(?<!\w){re.escape(option)}(?!\w)", " ", text)
    return text


def small_text(doc: Document, facts: Facts) -> list[Violation]:
    labels, helps = {norm(x) for x in facts.labels}, {norm(x) for x in facts.helps}
    options = sorted({norm(o.label) for f, _ in facts.fields.values() for o in f.options} - {""}, key=len, reverse=True)
    out = []
    for page in doc.pages:
        boxes: set[str] = set()  # an answer shrunk to fit its box is one violation, not one per line
        for line in page.lines:
            if line.size < SMALLEST - ROUNDING:
                box = next((w for w in page.widgets if line.answer and overlap(line.box, w.rect)), None)
                if box is None or box.name not in boxes:
                    what = f"the answer in {box.tooltip or box.name}" if box else "text"
                    out.append(_line(7, line, f"{what} at {line.size:.1f} pt (nothing under {SMALLEST:g} pt)"))
                if box is not None:
                    boxes.add(box.name)
                continue
            kind = None if line.answer else _kind(line, labels, helps, options)
            least = {"label": LABEL_SIZE, "help": HELP_SIZE}.get(kind or "", 0.0)
            if line.size < least - ROUNDING:
                out.append(_line(7, line, f"{kind} at {line.size:.1f} pt (at least {least:g} pt)"))
    return out


RULES = {
    1: ("forbidden text", [forbidden_text]),
    2: ("stranded heading", [stranded_headings]),
    3: ("outside / overlapping", [outside_printable, overlapping_text]),
    4: ("short box", [short_boxes]),
    5: ("missing option", [missing_options]),
    6: ("near-empty last page", [near_empty_last_page]),
    7: ("font size", [small_text]),
}


def check(doc: Document, facts: Facts) -> list[Violation]:
    return [v for _, functions in RULES.values() for rule in functions for v in rule(doc, facts)]
