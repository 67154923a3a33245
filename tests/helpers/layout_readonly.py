"""The layout checker's rules for read-only documents (the policy document and the handouts), beside
the forms' rules in layout_rules.py: what the document tree says about a document (DocFacts), and
the rules a document to read must keep on every page, in docgen's PDF and in LibreOffice's
rendering of the DOCX (issue 17 item 6):

    1  nothing the agency did not write (the forms' rule: "docgen", "seed", "added by") and no
       internal kind name ("session-record", "agreement:direct")
    2  a heading never the last thing on a page (the forms' rule)
    3  nothing outside the printable area, no text drawn over text (the forms' rule)
    8  a table's header row never the last thing on a page
    9  no word past its table cell's right edge or outside the page's text frame
    10 no clipped word: every word printed is a whole word of the document's text
    11 no page holding only a source line or a lone short block
    12 a lead-in sentence ending in ":" directly followed by its list, on the same page
    13 the one-minute guide and the 7-minute briefing on exactly one page
    14 no heading straight under another whose words it repeats ("Introduction", "1. Introduction")
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from docgen.documents.handouts import handout_keys, is_handout
from docgen.forms.tree import Diagram, FormSpec, Heading, ListBlock, Panel, Paragraph, Table
from docgen.generate import POLICY

from .layout_pages import Box, Document, Line, Page, squash, union
from .layout_rules import (
    Facts,
    Violation,
    _body_size,
    _heading,
    _line,
    forbidden_text,
    norm,
    outside_printable,
    overlapping_text,
)
from .layout_rules import stranded_headings as _stranded_headings

ONE_PAGE = {"handout-one-minute-guide": "one-minute guide", "handout-seven-minute-briefing": "7-minute briefing"}
FRAME = 56.7  # docgen's margins (2 cm) when the DOCX does not say
GAP, GAP_SHARE = 2.5, 0.3  # a gap between two characters wider than any inside a word: points, share of
# the line's tallest character
TOUCH = 0.25  # points of a word's ink inside a cell's side that count (rounding)
SLACK = 1.0  # points a glyph may pass an edge (a glyph's box is its ink; strokes have a width)
LONE_LINES = 4  # a page after the first holding this many lines or fewer holds a lone short block
WORD = re.compile(r"[^\W\d_]+")
HYPHENS = ("-", "\u00ad", "\u2010")  # a word hyphenated at a line's end
PRINTED = {"page", "of", "figure"}  # words the renderers print themselves ("Page 2 of 3", "Figure: ...")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class DocFacts(Facts):
    """What the document tree says about a read-only document, beside its headings (Facts): the
    header rows of its tables, every word of its text, its lead-in sentences (text, whether its list
    follows), its source lines, whether it must be one page, and the text frame's margins (left,
    right, in points) for portrait (False) and landscape (True) pages."""

    tables: list[tuple[str, ...]] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    lead_ins: list[tuple[str, bool]] = field(default_factory=list)
    sources: tuple[str, ...] = ()
    one_page: str = ""  # the handout's name when it must be one page
    internal: set[str] = field(default_factory=set)  # the policy's form and handout kinds: ids, not words
    frames: dict[bool, tuple[float, float]] = field(
        default_factory=lambda: {False: (FRAME, FRAME), True: (FRAME, FRAME)}
    )


def document_keys(loaded) -> list[str]:
    """The read-only documents of a policy: its policy document and every handout it lists (the
    preparation sheet it may list is a form, checked with the forms)."""
    keys = [POLICY] if loaded.policy.documents.policy_document else []
    return keys + [key for key in handout_keys(loaded) if is_handout(key)]


def words(text: str) -> list[str]:
    return WORD.findall(text)


def facts_for_document(spec: FormSpec, docx: bytes | None = None, kinds: Iterable[str] = ()) -> DocFacts:
    """The facts of a document tree; the text frame from the DOCX's section margins when given; the
    policy's form and handout kinds (`kinds`) that are ids rather than words ("session-record",
    "agreement:direct")."""
    internal = {kind for kind in kinds if re.search(r"[-:_]", kind)}
    facts = DocFacts(sources=spec.footer, one_page=ONE_PAGE.get(spec.manifest.kind, ""), internal=internal)
    texts = [spec.title, spec.agency, spec.version_line, *spec.intro, *spec.footer, *spec.title_page]
    facts.headings[spec.title] = False
    for section in spec.sections:
        if section.heading:
            facts.headings[section.heading] = False
            texts.append(section.heading)
        _blocks(section.blocks, facts, texts)
    facts.words = {w.casefold() for text in texts for w in words(text)}
    if docx is not None:
        facts.frames.update(frames(docx))
    return facts


def _blocks(blocks, facts: DocFacts, texts: list[str]) -> None:
    for i, block in enumerate(blocks):
        after = blocks[i + 1] if i + 1 < len(blocks) else None
        if isinstance(block, Heading):
            facts.headings[block.text] = False
            texts.append(block.text)
        elif isinstance(block, Paragraph):
            text = "".join(p for p in block.parts if isinstance(p, str))
            texts.append(text)
            if text.rstrip().endswith(":"):
                # its list: a list, a table, or the sub-sections it introduces (a heading each)
                facts.lead_ins.append((text, isinstance(after, (ListBlock, Table, Heading))))
        elif isinstance(block, ListBlock):
            texts.extend(block.items)
        elif isinstance(block, Table):
            texts.extend(block.header)
            texts.extend(cell for row in block.rows for cell in row)
            if block.rows:
                facts.tables.append(block.header)
        elif isinstance(block, Panel):
            facts.headings[block.heading] = False
            texts.extend([block.number, block.heading])
            _blocks(block.blocks, facts, texts)
        elif isinstance(block, Diagram):
            texts.extend([block.title, *block.labels])  # its alt text is the picture's, not printed (issue 18)


def frames(docx: bytes) -> dict[bool, tuple[float, float]]:
    """The left and right margins (points) of the DOCX's sections, by orientation (landscape: True)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    out: dict[bool, tuple[float, float]] = {}
    for sect in root.iter(f"{W}sectPr"):
        size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
        if size is None or margins is None:
            continue
        wide = float(size.get(f"{W}w", 0)) > float(size.get(f"{W}h", 0))
        out.setdefault(wide, (float(margins.get(f"{W}left", 1134)) / 20, float(margins.get(f"{W}right", 1134)) / 20))
    return out


def pieces(line: Line) -> list[tuple[str, Box]]:
    """A line's runs of text with the box of their ink: split at spaces and at gaps wider than a
    space (two table cells' text run together on one line when no space was drawn between them)."""
    out: list[tuple[str, Box]] = []
    chars = iter(line.chars)
    gap = max(GAP, GAP_SHARE * max((b[3] - b[1] for b in line.chars), default=0.0))
    for token in line.text.split(" "):
        text, boxes = "", []
        for ch in token:
            box = next(chars, None)
            if box is None:
                break
            if boxes and box[0] - boxes[-1][2] > gap:
                out.append((text, union(boxes)))
                text, boxes = "", []
            text += ch
            boxes.append(box)
        if boxes:
            out.append((text, union(boxes)))
    return out


# --- 1. nothing the agency did not write: the forms' words, and no internal kind names ---------------


def internal_names(doc: Document, facts: DocFacts) -> list[Violation]:
    out = []
    for page in doc.pages:
        for line in page.lines:
            for kind in sorted(facts.internal):
                if re.search(rf"(?<![\w-]){re.escape(kind)}(?![\w-])", line.text, re.IGNORECASE):
                    out.append(_line(1, line, f'the internal name "{kind}" printed (a form is named by its title)'))
    return out


# --- 2. a heading never ends a page (the forms' rule, on the document's headings) -----------------


def stranded_headings(doc: Document, facts: DocFacts) -> list[Violation]:
    return _stranded_headings(doc, facts)


# --- 8. a table's header row never ends a page ---------------------------------------------------


def stranded_table_headers(doc: Document, facts: DocFacts) -> list[Violation]:
    out = []
    body = _body_size(doc)
    for page in doc.pages[:-1]:
        content = page.content()
        for header in facts.tables:
            cells = [norm(c) for c in header if norm(c)]
            if not cells:
                continue
            first = cells[0]
            for line in content:
                text = norm(line.text)
                if not (line.bold and line.size < body + 1 and text and (text == first or first.startswith(text))):
                    continue
                in_header = [o for o in content if o.bold and norm(o.text) and any(norm(o.text) in c for c in cells)]
                row = [o for o in in_header if o.box[3] <= line.box[3] + 2]
                floor = min(o.box[1] for o in row) if row else line.box[1]
                below = [o for o in content if o.box[3] < floor + 1 and o not in in_header]
                if not below:
                    out.append(_line(8, line, "a table's header row at the foot of the page, its rows on the next"))
    return out


# --- 9. no word past its cell's right edge or outside the text frame -----------------------------


def overflowing_words(doc: Document, facts: DocFacts) -> list[Violation]:
    out = []
    for page in doc.pages:
        left, right = facts.frames.get(page.width > page.height, (FRAME, FRAME))
        frame = (left - SLACK, page.width - right + SLACK)
        for line in page.lines:  # one violation a line: its first word past an edge
            for token, box in pieces(line):
                edge = _crossed(page, box)
                if edge is not None:
                    out.append(_line(9, line, f'"{token}" runs past its table cell\'s edge at x={edge:.0f}'))
                elif box[0] < frame[0] or box[2] > frame[1]:
                    out.append(_line(9, line, f'"{token}" outside the text frame (the page\'s margins)'))
                else:
                    continue
                break
    return out


def _crossed(page: Page, box) -> float | None:
    """The x of a cell's side (a vertical rule, or a side of a drawn box) the word's ink runs into:
    the word begins left of the side's ink and reaches into it."""
    middle = (box[1] + box[3]) / 2
    for left, _, bottom, top in page.edges:
        if bottom - 1 <= middle <= top + 1 and box[0] < left and box[2] > left + TOUCH:
            return left
    return None


# --- 10. no clipped word ---------------------------------------------------------------------------


def clipped_words(doc: Document, facts: DocFacts) -> list[Violation]:
    """A word printed that is not a word of the text but begins one ("Developme"), a word broken
    over two lines ("organisation" / "al"), and a word of the text printed nowhere whole. A word
    hyphenated at a line's end ("organisa-" / "tional") is whole."""
    vocab = facts.words | PRINTED
    out = []
    seen: set[str] = set()
    for page in doc.pages:
        rows = [(line, [w for piece, _ in pieces(line) for w in words(piece)]) for line in page.lines]
        joined = set()  # lines that begin with the rest of a hyphenated word
        for k, (line, tokens) in enumerate(rows):
            last = rows[k - 1][1][-1].casefold() if k and rows[k - 1][1] else ""
            after = rows[k + 1][1][0].casefold() if k + 1 < len(rows) and rows[k + 1][1] else ""
            for n, token in enumerate(tokens):
                word = token.casefold()
                seen.add(word)
                if word in vocab or (n == 0 and k in joined):
                    continue
                if n == len(tokens) - 1 and line.text.rstrip().endswith(HYPHENS) and word + after in vocab:
                    seen.add(word + after)
                    joined.add(k + 1)
                    continue
                whole = next((w for w in sorted(vocab) if len(w) > len(word) and w.startswith(word)), None)
                if len(word) >= 3 and whole:
                    out.append(_line(10, line, f'"{token}" is a clipped word ("{whole}")'))
                elif n == 0 and last and (last + word) in vocab:
                    out.append(_line(10, line, f'"{last}" / "{word}": one word broken over two lines'))
    for word in sorted(w for w in facts.words if len(w) >= 4 and w not in seen):
        out.append(Violation(10, 0, word, (0.0, 0.0), f'"{word}" is in the text but printed nowhere whole'))
    return out


# --- 11. no page holding only a source line or a lone short block -------------------------------


def lone_pages(doc: Document, facts: DocFacts) -> list[Violation]:
    out = []
    sources = norm(" ".join(facts.sources))
    for page in doc.pages[1:]:
        content = page.content()
        if not content:
            out.append(Violation(11, page.number, "", (0.0, 0.0), "an empty page"))
            continue
        lowest = min(content, key=lambda line: line.box[1])
        if sources and all(norm(line.text) in sources for line in content):
            out.append(_line(11, lowest, "the page holds only the source line"))
        elif len({round(line.box[1]) for line in content}) <= LONE_LINES:
            out.append(_line(11, lowest, f"the page holds only a short block ({len(content)} lines)"))
    return out


# --- 12. a lead-in sentence directly followed by its list ---------------------------------------


def lead_ins(doc: Document, facts: DocFacts) -> list[Violation]:
    out = []
    for text, followed in facts.lead_ins:
        ends = [
            (page, line)
            for page in doc.pages
            for line in page.content()
            if squash(line.text).endswith(":") and norm(line.text) and norm(text).endswith(norm(line.text))
        ]
        if not followed:
            page, line = ends[0] if ends else (None, None)
            if line is not None:
                out.append(_line(12, line, "a lead-in ending in ':' not followed by its list"))
            else:
                out.append(Violation(12, 0, text[:80], (0.0, 0.0), "a lead-in ending in ':' not followed by its list"))
            continue
        for page, line in ends:
            if page.number < len(doc.pages) and not [o for o in page.content() if o.box[3] < line.box[1]]:
                out.append(_line(12, line, "a lead-in at the foot of the page, its list on the next"))
    return list(dict.fromkeys(out))  # two lead-ins of the same words end on the same line


# --- 14. no heading that repeats the heading above it ----------------------------------------------


def repeated_headings(doc: Document, facts: DocFacts) -> list[Violation]:
    """A heading straight under another whose words it repeats ("Introduction", then "1. Introduction";
    "Principles", then "Guiding Principles"): the seed's heading kept under the document's own."""
    out = []
    body = _body_size(doc)
    for page in doc.pages:
        heads = [(line, _heading(line, facts, body)) for line in page.content()]
        for (_, above), (line, heading) in zip(heads, heads[1:], strict=False):
            if above is None or heading is None:
                continue
            parent, mine = words(above.casefold()), words(heading.casefold())
            n = len(parent)
            if n and any(mine[i : i + n] == parent for i in range(len(mine) - n + 1)):
                out.append(_line(14, line, f'the heading repeats the heading above it ("{above[:60]}")'))
    return out


# --- 13. the one-page handouts ---------------------------------------------------------------------


def one_page(doc: Document, facts: DocFacts) -> list[Violation]:
    if not facts.one_page or len(doc.pages) == 1:
        return []
    message = f"the {facts.one_page} runs to {len(doc.pages)} pages (it is one page)"
    return [Violation(13, len(doc.pages), "", (0.0, 0.0), message)]


READONLY_RULES = {
    1: ("forbidden text", [forbidden_text, internal_names]),
    2: ("stranded heading", [stranded_headings]),
    3: ("outside / overlapping", [outside_printable, overlapping_text]),
    8: ("stranded table header", [stranded_table_headers]),
    9: ("past cell or frame", [overflowing_words]),
    10: ("clipped word", [clipped_words]),
    11: ("lone page", [lone_pages]),
    12: ("lead-in and list", [lead_ins]),
    13: ("one page", [one_page]),
    14: ("repeated heading", [repeated_headings]),
}


def check_document(doc: Document, facts: DocFacts) -> list[Violation]:
    return [v for _, functions in READONLY_RULES.values() for rule in functions for v in rule(doc, facts)]
