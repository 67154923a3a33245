"""What an admin should know about a PDF form that was read: active content and answers
changed after a digital signature. These are record issues (the file is read and stored, with
status ok_with_issues), not failures.

Active content: a JavaScript action (/S /JavaScript, a /JS entry, a /JavaScript name tree)
other than the date formatting scripts docgen itself puts on date fields (Acrobat's built-in
AF... format and keystroke functions with literal arguments) is `javascript`; a /Launch action
is `launch-action`; a /SubmitForm action is `submit-action`. Every object of the file is looked
at (field widgets, pages, the catalogue's /OpenAction and /Names, ...), stream data excepted.

Signed, then changed: a /Sig field whose signature's /ByteRange ends before the file does was
followed by an incremental update. The signed revision (the bytes up to the end of the range)
is read again; answers that differ from the whole file's were changed after signing.
"""

from __future__ import annotations

import bisect
import functools
import re
from itertools import compress

from .pdftokens import (
    _OBJ_HEADER,
    WHITESPACE,
    Name,
    RawDict,
    Ref,
    Stream,
    Unsupported,
    one_object,
    parse_value,
    text,
)
from .record import Issue, RawForm
from .safety import FormError

# Acrobat's formatting scripts, as docgen writes them on date fields (AFDate_FormatEx("dd/mm/yyyy");)
_ARG = r'(?:"[^"\\]{0,40}"|-?\d{1,3}|true|false)'
_HARMLESS_JS = re.compile(
    rf"\s*AF(?:Date|Time|Number|Percent|Special)_(?:Format|Keystroke)(?:Ex)?"
    rf"\(\s*(?:{_ARG}(?:\s*,\s*{_ARG}){{0,5}})?\s*\);?\s*"
)
# Bytes that an object holding an action must contain (a name can hide behind #xx escapes)
_REGULAR = rb"[^\x00\t\n\f\r ()<>\[\]{}/%]"
HINT = re.compile(rb"/(?:JS|JavaScript|Launch|SubmitForm)(?!%s)|/%s*#[0-9A-Fa-f]{2}" % (_REGULAR, _REGULAR))
MAX_DEPTH = 32

ACTIVE_ISSUES = {
    "javascript": "the PDF carries JavaScript that docgen did not put there (scripts a PDF viewer may run when "
    "the form is opened or filled in); the answers were read without running it",
    "launch-action": "the PDF holds a Launch action (it asks a PDF viewer to start a program or open a file on "
    "the computer); the answers were read without running it",
    "submit-action": "the PDF holds a SubmitForm action (it asks a PDF viewer to send the form's answers to an "
    "address on the internet); the answers were read without sending them",
}


def harmless_script(text: str | None) -> bool:
    """A /JS text docgen itself writes (or Acrobat's formatting functions with literal arguments)."""
    return text is not None and _HARMLESS_JS.fullmatch(text) is not None


def judge(keys, get_name, js_text) -> set[str]:
    """The active-content codes of one dictionary: `keys` its keys (str, "/S"), `get_name(key)`
    the value of a key when it is a name (else None), `js_text()` the /JS text when it is a
    direct text string (else None)."""
    found = set()
    action = get_name("/S") if "/S" in keys else None
    if ("/JS" in keys or action == "/JavaScript") and not harmless_script(js_text() if "/JS" in keys else None):
        found.add("javascript")
    if "/JavaScript" in keys:  # the catalogue's /Names tree of document scripts
        found.add("javascript")
    if action == "/Launch":
        found.add("launch-action")
    elif action == "/SubmitForm":
        found.add("submit-action")
    return found


def add_active_issues(raw: RawForm, codes: set[str]) -> None:
    for code in sorted(codes):
        raw.issues.append(Issue("", code, ACTIVE_ISSUES[code]))


def byte_range_end(byte_range) -> int | None:
    """Where the signed bytes end, from a signature's /ByteRange [a b c d] (plain ints), or None."""
    if (
        not isinstance(byte_range, list)
        or len(byte_range) != 4
        or not all(type(n) is int and n >= 0 for n in byte_range)
    ):
        return None
    return byte_range[2] + byte_range[3]


def add_signature_issues(raw: RawForm, data: bytes, signed: list[tuple[str, int | None]], reread) -> None:
    """A signed-then-changed issue for each signature followed by changed answers; `signed` is
    [(signature field name, end of its byte range)], `reread(bytes)` reads a PDF's RawForm."""
    for name, end in signed:
        if end is None or end >= len(data) or not data[end:].strip(WHITESPACE):
            continue  # the signature covers the whole file (or its range is damaged: nothing to compare)
        try:
            before = reread(data[:end])
        except (FormError, Unsupported, ValueError, TypeError, KeyError, IndexError, RecursionError):
            changed = ["(the signed version cannot be read back to compare)"]
        else:
            changed = sorted(
                k for k in set(before.values) | set(raw.values) if before.values.get(k) != raw.values.get(k)
            )
            changed += sorted(k for k in set(before.rows) | set(raw.rows) if before.rows.get(k) != raw.rows.get(k))
        if changed:
            shown = ", ".join(changed[:10]) + (f" and {len(changed) - 10} more" if len(changed) > 10 else "")
            raw.issues.append(
                Issue(
                    name,
                    "signed-then-changed",
                    f"answers were changed after the form was digitally signed, so the signature "
                    f"does not cover them: {shown}",
                )
            )


# --- the two readers' sides -------------------------------------------------------------------


def fast_active(doc) -> set[str]:
    """Active content in a file the fast reader opened (pdfobjects.Document). The names an action
    needs (_ACTION_NAMES, plainly or behind #xx escapes) are searched for in the file and in each
    object stream at C speed; only the objects they point into are read (a match in stream data,
    or in a string, finds nothing), and not even those when the match is inside a harmless script
    action (docgen's own date formatting)."""
    data = doc.data
    found: set[str] = set()
    done: set[int] = set()
    hits = _file_hints(data)
    if hits:
        heads = [m.start() for m in _OBJ_HEADER.finditer(data)]
        for at in hits:
            i = bisect.bisect_right(heads, at) - 1
            if i < 0 or heads[i] in done:
                continue
            done.add(heads[i])
            _, start, end = doc._plain_region(heads[i], None)
            if start <= at < end:
                _walk_fast(one_object(data, start, end), found, 0)
    for number in sorted(_object_streams(doc)):
        raw = doc.load(Ref(number, 0))
        raw = raw.raw if isinstance(raw, Stream) else b""
        known = _OBJSTM_FLAGS.get(raw)  # an object stream of fonts and pages recurs in every copy of a form
        if known is None:
            body, _, offsets, first = doc.objstm(number)
            places = {bisect.bisect_right(offsets, at - first) - 1 for at in _hints(body, first)}
            here: set[str] = set()
            for i in sorted(p for p in places if 0 <= p < len(offsets) - 1):
                _walk_fast(one_object(body, first + offsets[i], first + offsets[i + 1]), here, 0)
            known = frozenset(here)
            if len(_OBJSTM_FLAGS) > 64:
                _OBJSTM_FLAGS.clear()
            _OBJSTM_FLAGS[raw] = known
        found |= known
    return found


# Where an action may be: a name that is, once any #xx escapes are undone, one of these. Two quick
# searches find them: the names written plainly, and '#xx' escapes traced back to the '/' of their
# name. (HINT itself, a superset, stops at every '/' and is three times slower on a whole file.)
_ACTION_NAMES = frozenset({b"JS", b"JavaScript", b"Launch", b"SubmitForm"})
_NAMES = re.compile(rb"/(?:JS|JavaScript|Launch|SubmitForm)(?!%s)" % _REGULAR)
_ESCAPE = re.compile(rb"#[0-9A-Fa-f]{2}")
_RUN = re.compile(rb"%s*" % _REGULAR)
_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")


def _file_hints(data: bytes) -> list[int]:
    """Where a name of an action (_ACTION_NAMES) starts in a whole file, less those inside a
    harmless script action."""
    return _not_harmless(data, _name_hints(data, 0), 0)


def _hints(body: bytes, start: int) -> list[int]:
    """The same in body[start:], an object stream's text."""
    return _not_harmless(body, _name_hints(body, start), start)


def _name_hints(buf: bytes, start: int) -> list[int]:
    hits = [m.start() for m in _NAMES.finditer(buf, start)]
    if buf.find(b"#", start) < 0:
        return hits
    escaped = set()
    for m in _ESCAPE.finditer(buf, start):
        at = buf.rfind(b"/", max(start, m.start() - 127), m.start())  # a name is 127 bytes at most
        if at >= 0 and at not in escaped and _RUN.fullmatch(buf, at + 1, m.start()):
            run = _RUN.match(buf, at + 1)
            assert run is not None  # _RUN matches the empty run too
            name = buf[at + 1 : run.end()]
            if _HEX.sub(lambda h: bytes.fromhex(h.group(1).decode()), name) in _ACTION_NAMES:
                escaped.add(at)
    return sorted(escaped.union(hits)) if escaped else hits


# A JavaScript action dictionary written out plainly, its script a literal string: /JS (...) and
# /S /JavaScript in either order, and nothing else. docgen writes one on each date field.
_LITERAL = rb"\(((?:[^()\\]|\\[()\\])*)\)"
_ACTION = re.compile(rb"<<\s*(?:/JS\s*%s\s*/S\s*/JavaScript|/S\s*/JavaScript\s*/JS\s*%s)\s*>>" % (_LITERAL, _LITERAL))


@functools.lru_cache(maxsize=256)
def _harmless_literal(raw: bytes) -> bool:
    """harmless_script of a literal string's bytes (its parentheses escaped, nothing else)."""
    script = raw.replace(b"\\(", b"(").replace(b"\\)", b")")
    return b"\\" not in script and harmless_script(script.decode("latin-1"))


def _not_harmless(buf: bytes, hits: list[int], start: int) -> list[int]:
    """`hits` (in order) less those inside an action that `judge` finds harmless, so the object
    around them need not be read at all (a date field of every copy of a form has two). An
    action is looked for just before each hit; one missed (more space before its first name)
    is only read in full."""
    left, inside_until = [], -1
    for at in hits:
        if at < inside_until:
            continue
        begin = buf.rfind(b"<<", max(start, at - 64), at)
        m = _ACTION.match(buf, begin) if begin >= 0 else None
        if m is not None and at < m.end() and _harmless_literal(m.group(1) if m.group(1) is not None else m.group(2)):
            inside_until = m.end()
            continue
        left.append(at)
    return left


def _object_streams(doc) -> set[int]:
    """The numbers of the object streams, from the type 2 entries of cross-reference streams."""
    streams: set[int] = set()
    for kind, body in doc._sections:
        if kind == "stream":
            (w1, w2, w3), _, rows, skip = body
            stride = w1 + w2 + w3 + skip
            if len(rows) // max(stride, 1) > 200_000:
                raise Unsupported("more objects than a form has")
            if w1 == 1:  # (as docgen and most writers make them) the type 2 rows' numbers, at C speed
                # (a cut-off last row is left out)
                columns = zip(*(rows[skip + 1 + k :: stride] for k in range(w2)), strict=False)
                numbers = set(compress(columns, map((2).__eq__, rows[skip::stride])))
                streams.update(int.from_bytes(bytes(n), "big") for n in numbers)
                continue
            for at in range(skip, len(rows), stride):
                if (int.from_bytes(rows[at : at + w1], "big") if w1 else 1) == 2:
                    streams.add(int.from_bytes(rows[at + w1 : at + w1 + w2], "big"))
    return streams


_OBJSTM_FLAGS: dict[bytes, frozenset[str]] = {}  # an object stream's compressed bytes -> what it holds


@functools.lru_cache(maxsize=1024)
def _judged_text(item: bytes, depth: int) -> frozenset[str]:
    """What a dictionary or array written as `item` holds (an /AA dictionary recurs in every
    date field of every copy of a form: it is judged once)."""
    found: set[str] = set()
    _walk_fast(parse_value(item), found, depth)
    return frozenset(found)


def _walk_fast(obj, found: set[str], depth: int) -> None:
    if depth > MAX_DEPTH:
        raise Unsupported("objects nested too deeply")
    if isinstance(obj, list):
        for item in obj:
            _walk_fast(item, found, depth + 1)
        return
    if not isinstance(obj, dict):
        return
    raw = type(obj) is RawDict

    def value(key: str):
        got = obj.get(key.encode())
        return parse_value(got) if raw and got is not None else got

    def name(key: str):
        got = value(key)
        return got if type(got) is Name else None

    def js() -> str | None:
        got = value("/JS")
        try:
            return text(got) if type(got) is bytes else None
        except Unsupported:  # damaged Unicode: not docgen's script
            return None

    found |= judge({k.decode("latin-1") for k in obj}, name, js)
    for item in obj.values():
        if not raw:
            _walk_fast(item, found, depth + 1)
        elif type(item) is bytes and item[:1] in (b"<", b"[") and HINT.search(item):
            found |= _judged_text(item, depth + 1)


def qpdf_active(pdf) -> set[str]:
    """Active content in every object of a file qpdf opened, as fast_active finds it."""
    import pikepdf

    found: set[str] = set()
    for obj in pdf.objects:
        head = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
        written = head.unparse(resolved=True) if isinstance(head, (pikepdf.Dictionary, pikepdf.Array)) else b""
        if HINT.search(written):
            try:
                _walk_qpdf(head, found, 0)
            except UnicodeError:  # a damaged name (not UTF-8) in the object: judge by the names written
                found |= _names_in(written)
    return found


_NAME = re.compile(rb"/%s*" % _REGULAR)
_NAME_CODES = {
    b"/JS": "javascript",
    b"/JavaScript": "javascript",
    b"/Launch": "launch-action",
    b"/SubmitForm": "submit-action",
}


def _names_in(written: bytes) -> set[str]:
    """The codes of the action names an object's text holds (#xx escapes undone)."""
    names = (
        re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes.fromhex(m.group(1).decode()), n) for n in _NAME.findall(written)
    )
    return {_NAME_CODES[n] for n in names if n in _NAME_CODES}


def _walk_qpdf(obj, found: set[str], depth: int) -> None:
    import pikepdf

    if depth > MAX_DEPTH:
        raise FormError("corrupt", "the PDF is damaged: its objects are nested too deeply to read")
    items = list(obj) if isinstance(obj, pikepdf.Array) else []
    if isinstance(obj, pikepdf.Dictionary):

        def name(key: str):
            got = obj.get(key)
            return str(got) if isinstance(got, pikepdf.Name) else None

        def js() -> str | None:
            got = obj.get("/JS")
            if not isinstance(got, pikepdf.String) or got.is_indirect:
                return None
            try:
                return text(bytes(got))
            except Unsupported:
                return None

        found |= judge(set(obj.keys()), name, js)
        items = [v for _, v in obj.items()]
    for item in items:
        if isinstance(item, (pikepdf.Dictionary, pikepdf.Array)) and not item.is_indirect:
            _walk_qpdf(item, found, depth + 1)
