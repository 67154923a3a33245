"""Words for the exports: column headers, sheet and file names, and each record's short key.

Everything here is text in, text out (no database), so each rule is testable on its own:

- `short_label`: a field's label made into a column header ("e) RAG rating: Are children's ..."
  becomes "RAG rating"): list letters dropped, a long label cut at its first clause, else at a word;
- `unique_headers`: headers unique within a sheet, a collision told apart by the fuller labels,
  else by a number ("Category (2)");
- `sheet_title`: an Excel sheet name, at most 31 characters cut at a word, none of \\ / ? * [ ] :,
  unique; `file_stem`: the same name for a CSV file, ASCII letters, digits and _ only;
- `kind_title`: a form kind's sheet ("session-record" -> "Session records", "agreement:direct" ->
  "Agreements (direct)");
- `repeat_title`: a repeat's sheet ("Session record agreed actions", "Management actions");
- `record_keys`: a short readable key per record, unique within the export: the document id when
  docgen gave a short one (`demo-7-00015`), the first 8 characters of a long one (a uuid), else of
  the content hash; lengthened where two records would share one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ..outfiles import ascii_letters

HEADER_LIMIT = 40  # a label longer than this is shortened for its column header
SHEET_LIMIT = 31  # Excel's limit for a sheet name

_LIST_MARK = re.compile(r"^(?:\(?[a-z]\)|\d{1,2}[.)]|[a-z]\.)\s+", re.IGNORECASE)  # "e) ", "(a) ", "1. ", "a. "
_CLAUSE = (": ", "? ", " - ", " – ", " — ", " (", ". ", "; ", ", ")
_SHEET_BAD = re.compile(r"[\\/?*\[\]:]")
_KEY_CHARS = re.compile(r"[^A-Za-z0-9_.-]")


def _words(text: str) -> str:
    return " ".join(str(text).split())


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word (a lone word longer than that is cut where it must)."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[: limit + 1] else text[:limit]
    return head[:limit].rstrip(" ,;:-–—(/")


def short_label(label: str, limit: int = HEADER_LIMIT) -> str:
    """A column header from a field's label: the label itself when it is short, else its first
    clause (before ': ', '? ', ' (' ...) when that says enough, else its first words and an ellipsis."""
    text = _LIST_MARK.sub("", _words(label)) or _words(label)
    if len(text) <= limit:
        return text
    for sep in _CLAUSE:
        head = text.split(sep, 1)[0].rstrip(" ?:")
        if 3 <= len(head) <= limit and head != text:
            return head
    return _cut(text, limit - 1) + "…"


def unique_headers(headers: list[str], fuller: list[str]) -> list[str]:
    """Headers unique within a sheet (compared without case). Where some collide, each takes its
    fuller label (`fuller[i]`, cut to 60 characters) when those tell them apart; what still collides
    gets a number: "Category", "Category (2)"."""
    out = list(headers)
    counts = Counter(h.casefold() for h in out)
    for i, header in enumerate(out):
        if counts[header.casefold()] > 1 and fuller[i]:
            wider = _cut(_LIST_MARK.sub("", _words(fuller[i])), 60)
            if wider.casefold() != header.casefold():
                out[i] = wider
    seen: set[str] = set()
    for i, header in enumerate(out):
        name, n = header, 1
        while name.casefold() in seen:
            n += 1
            name = f"{header} ({n})"
        seen.add(name.casefold())
        out[i] = name
    return out


def sheet_title(name: str, used: set[str]) -> str:
    """An Excel sheet name: no \\ / ? * [ ] :, no quote at either end, at most 31 characters cut at a
    word, unique among `used` (without case, as Excel compares them), which it joins."""
    text = _words(_SHEET_BAD.sub(" ", name)).strip("'") or "Sheet"
    title, n = _cut(text, SHEET_LIMIT), 1
    while title.casefold() in used:
        n += 1
        suffix = f" ({n})"
        title = _cut(text, SHEET_LIMIT - len(suffix)) + suffix
    used.add(title.casefold())
    return title


def file_stem(title: str) -> str:
    """A sheet's name as a CSV file's stem: ASCII letters and digits, words joined by _ (lower case)."""
    ascii_text = ascii_letters(title)
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_") or "table"


def kind_words(kind: str) -> str:
    """A form kind in words, singular: "session-record" -> "Session record"."""
    base = kind.partition(":")[0].replace("-", " ").replace("_", " ")
    return _words(base).capitalize() or "Form"


def kind_title(kind: str) -> str:
    """A form kind's sheet: plural, an agreement variant's name after it ("Agreements (direct)")."""
    words = kind_words(kind)
    title = words if words.endswith("s") else words + "s"
    variant = _words(kind.partition(":")[2].replace("-", " ").replace("_", " "))
    return f"{title} ({variant})" if variant else title


def repeat_title(kind: str, label: str, actions: bool) -> str:
    """A repeat's sheet: "<kind> <label>" ("Session record agreed actions"), the label alone when that
    does not fit ("Children and families discussed"). A table of actions whose label does not say so
    (Worcestershire's tables under each function are labelled by the function: "Management") is
    "<label> actions" ("Management actions", with no kind before it, so that the tables of one
    form read alike), its first words dropped when that is too long
    ("Professional Development actions" -> "Development actions"); the dictionary keeps the label."""
    if actions and "action" not in label.casefold():
        words = label.split()
        for start in range(len(words)):
            title = " ".join(words[start:]) + " actions"
            if len(title) <= SHEET_LIMIT:  # no kind before it: its sibling tables read alike
                return title[:1].upper() + title[1:]
        return "Actions"
    title = f"{kind} {label[:1].lower() + label[1:]}"
    return title if len(title) <= SHEET_LIMIT else label


def record_keys(records: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """sha256 -> a short key, unique among these records: the document id (letters, digits, _ . -)
    when it is at most 16 characters, else its first 8; no document id: the hash's first 8. Records
    that would share a key are told apart: a long id or a hash by more of its characters, a short id
    by a dash and the start of the hash (`demo-7-00015-3fa2`)."""
    candidates: dict[str, list[str]] = {}
    for sha, doc in records:
        doc = _KEY_CHARS.sub("", doc or "")
        if doc and len(doc) <= 16:
            steps = [doc] + [f"{doc}-{sha[:n]}" for n in (4, 6, 8, 12, 16, 64)]
        elif doc:
            steps = [doc[:n] for n in (8, 10, 12, 16)] + [doc] + [f"{doc[:8]}-{sha[:n]}" for n in (4, 8, 64)]
        else:
            steps = [sha[:n] for n in (8, 10, 12, 16, 24, 64)]
        candidates[sha] = steps
    level = dict.fromkeys(candidates, 0)
    while True:
        keys = {sha: candidates[sha][level[sha]] for sha in candidates}
        counts = Counter(k.casefold() for k in keys.values())
        clash = [sha for sha, k in keys.items() if counts[k.casefold()] > 1 and level[sha] + 1 < len(candidates[sha])]
        if not clash:
            return keys
        for sha in clash:
            level[sha] += 1
