"""PDF syntax for the fast reader (pdfobjects.py): tokens, objects, strings, names, text.

Objects: dict (keys are bytes names such as b"/Type"), list, int, float, bool, None, `Name` (a
str such as "/Yes", #xx escapes decoded), `bytes` (a string with its escapes undone, not yet
decoded: see `text`), `Ref`, `Stream`. A dictionary read through the fast path is a `RawDict`
whose values are parsed when read (`entry`). Whatever is not plain PDF that qpdf would read
the same way raises `Unsupported`; the caller then reads the file with qpdf.
"""

from __future__ import annotations

import codecs
import functools
import re
from typing import NamedTuple

from ..errors import DocgenError

MAX_DEPTH = 64  # nesting of arrays and dictionaries in one object


class Unsupported(DocgenError):
    """The file is outside what this reader handles exactly; read it with qpdf instead."""


class Name(str):
    """A PDF name, "/Yes" (the #xx escapes decoded)."""


class Ref(NamedTuple):
    num: int
    gen: int


class Stream:
    __slots__ = ("dict", "raw")

    def __init__(self, dictionary: dict, raw: bytes):
        self.dict, self.raw = dictionary, raw


_WS = rb"\x00\t\n\f\r "  # for patterns
WHITESPACE = b"\x00\t\n\f\r "
_DELIM = rb"()<>\[\]{}/%"
_SPACE = rb"(?:[%s]|%%[^\r\n]*)*+" % _WS  # whitespace and comments


def _none_of(chars: bytes) -> bytes:
    """The class [^chars] written as the ranges of bytes it holds: re runs a positive class of
    ranges through long text about three times as fast as the negated one (same bytes)."""
    ranges, start = [], None
    for b in range(257):
        inside = b < 256 and b not in chars
        if inside and start is None:
            start = b
        elif not inside and start is not None:
            ranges.append(rb"\x%02x-\x%02x" % (start, b - 1))
            start = None
    return b"[%s]" % b"".join(ranges)


_PLAIN = _none_of(b"\\()")  # in a literal string, between escapes and parentheses
_STRING = rb"\((?:%s++|\\.|\((?:%s++|\\.)*+\))*+\)" % (_PLAIN, _PLAIN)
_HEX = rb"<(?!<)[0-9A-Fa-f%s]*+>" % _WS
# Control bytes other than whitespace (\x0b, \x1b, DEL...) are not regular characters either: the
# syntax says a name spells them as #xx, and readers disagree on a raw one (qpdf ends the name at
# \x0b), so a token holding one is not read here: it raises Unsupported and qpdf reads the file.
_CONTROLS = bytes(b for b in range(1, 32) if b not in WHITESPACE) + b"\x7f"
_REGULAR = _none_of(WHITESPACE + b"()<>[]{}/%" + _CONTROLS)
# One token after optional whitespace and comments. A literal string may hold one level of
# balanced parentheses (deeper ones are legal but rare: they fall through to the one-character
# alternative and raise Unsupported, as does any stray delimiter). The pattern matches at every
# position, so findall never skips text: whitespace or a comment running to the end gives b"".
TOKEN = re.compile(rb"%s(/%s*+|%s|<<|>>|%s|[\[\]]|%s++|.|\Z)" % (_SPACE, _REGULAR, _STRING, _HEX, _REGULAR), re.S)


def _balanced(depth: int) -> bytes:
    """The inside of an array or dictionary: strings, hex strings and brackets balanced."""
    inner = rb"|<<%s>>|\[%s\]" % (_balanced(depth - 1), _balanced(depth - 1)) if depth else b""
    return rb"(?:%s++|%s|%s%s)*+" % (_none_of(b"()<>[]{}%"), _STRING, _HEX, inner)


# The fast path for dictionaries: one regular expression cuts a dictionary into its entries
# (key, value text) without building the values; a value is parsed, strictly, when it is read
# (`entry`). It takes keys without #xx, and values that are a name, a string, a number, a
# reference, a keyword, or an array or dictionary nested at most four deep whose strings and
# brackets balance. Anything else (comments, a stray delimiter) goes through the tokenizer.
_SPACE_ONLY = rb"[%s]*+" % _WS
_NUMERIC = rb"[+\-.\d]++(?:%s\d++%sR)?(?!%s)|(?:true|false|null)(?!%s)" % (_SPACE_ONLY, _SPACE_ONLY, _REGULAR, _REGULAR)
_VALUE = rb"/%s*+|%s|%s|%s|<<%s>>|\[%s\]" % (_REGULAR, _STRING, _NUMERIC, _HEX, _balanced(3), _balanced(3))
_KEY = rb"/%s*+" % _none_of(WHITESPACE + b"()<>[]{}/%#" + _CONTROLS)
ENTRY = re.compile(rb"%s(%s)%s(%s)" % (_SPACE_ONLY, _KEY, _SPACE_ONLY, _VALUE), re.S)
# The keys a form field is read by. PICK matches a whole dictionary and captures only their
# values: the cheapest way through the ~60 field dictionaries of a form.
PICKED = (b"/T", b"/FT", b"/Ff", b"/V", b"/Opt", b"/Kids", b"/AS")
PICK = re.compile(
    rb"%s<<(?:%s(?:%s|%s%s(?:%s)))*+%s>>%s"
    % (
        _SPACE_ONLY,
        _SPACE_ONLY,
        b"|".join(rb"%s(?!%s)%s(%s)" % (re.escape(k), _REGULAR, _SPACE_ONLY, _VALUE) for k in PICKED),
        _KEY,
        _SPACE_ONLY,
        _VALUE,
        _SPACE_ONLY,
        _SPACE_ONLY,
    ),
    re.S,
)


class RawDict(dict):
    """A dictionary from the fast path: key (bytes) -> the text of its value, parsed by `entry`."""


def _raw_dict(region: bytes) -> RawDict | None:
    region = region.strip(WHITESPACE)
    if region[:2] != b"<<" or region[-2:] != b">>":
        return None
    parts = ENTRY.split(region[2:-2])
    if any(parts[0:-1:3]) or parts[-1].strip(WHITESPACE):  # text the entries did not account for
        return None
    made = RawDict(zip(parts[1::3], parts[2::3], strict=True))
    if len(made) * 3 + 1 != len(parts):
        raise Unsupported("a dictionary with a repeated key")
    if b"null" in parts[2::3]:  # qpdf reads a key whose value is null as absent
        made = RawDict((k, v) for k, v in made.items() if v != b"null")
    return made


def entry(dictionary: dict, key: bytes):
    """The value of `key` (b"/T") in a dictionary from either path, or None."""
    value = dictionary.get(key)
    if value is None or type(dictionary) is not RawDict:
        return value
    return parse_value(value)


def parse_value(value: bytes):
    """An object from the text ENTRY or PICK matched as a value."""
    c = value[0]
    if c == 40:  # (
        return _string(value)
    if c == 47 and b"#" not in value and value.isascii():
        return Name(value.decode())  # a value ENTRY or PICK matched: no delimiters inside
    if value.isdigit():
        return int(value)
    if c == 91:  # [: /Opt arrays repeat from field to field and form to form
        return _array(value)
    if c == 60 and value[1:2] != b"<":  # a hex string, as poppler writes names and values
        return _hex(value)
    if value[-1] == 82:  # R: a reference, as parse_objects reads `n g R` (n from 1)
        ref = _REF_VALUE.fullmatch(value)
        if ref is not None and int(ref.group(1)) > 0:
            return Ref(int(ref.group(1)), int(ref.group(2)))
    return one_object(value, 0, len(value))


_REF_VALUE = re.compile(rb"(\d+)[%s]+(\d+)[%s]+R" % (_WS, _WS))


@functools.lru_cache(maxsize=512)
def _array(value: bytes) -> list:
    return one_object(value, 0, len(value))  # callers do not change what they are given


_INT = re.compile(rb"[+-]?\d+")
_REAL = re.compile(rb"[+-]?(?:\d+\.\d*|\.\d+)")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|[\s\S])|\r\n?")
_BACKSLASH = re.compile(rb"\\([0-7]{1,3}|\r\n|[\s\S])")  # _ESCAPE for text without \r: found by its literal \\
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"\r\n": b"", b"\r": b"", b"\n": b""}
_NAME_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_KEYWORDS = {b"true": True, b"false": False, b"null": None}
_OBJ_HEADER = re.compile(rb"[%s]*(\d+)[%s]+(\d+)[%s]+obj(?!%s)" % (_WS, _WS, _WS, _REGULAR))


def _unescape(match: re.Match) -> bytes:
    esc = match.group(1)
    if esc is None:
        return b"\n"  # an end of line inside a string reads as \n
    if esc[:1].isdigit():
        return bytes([int(esc, 8) & 0xFF])
    return _ESCAPES.get(esc, esc)


def _string(tok: bytes) -> bytes:
    body = tok[1:-1]
    if b"\r" in body:
        return _ESCAPE.sub(_unescape, body)
    return _BACKSLASH.sub(_unescape, body) if b"\\" in body else body


def _hex(tok: bytes) -> bytes:
    digits = tok[1:-1].translate(None, WHITESPACE)  # the token matched _HEX: hex digits and whitespace
    return bytes.fromhex((digits + b"0").decode() if len(digits) % 2 else digits.decode())


def _name(tok: bytes) -> Name:
    if b"#" in tok:
        if tok.count(b"#") != len(_NAME_HEX.findall(tok)):
            raise Unsupported("a name with a stray #")
        tok = _NAME_HEX.sub(lambda m: bytes.fromhex(m.group(1).decode()), tok)
        if b"\x00" in tok:
            raise Unsupported("a name with a null byte")
    try:
        return Name(tok.decode())
    except UnicodeDecodeError:
        raise Unsupported("a name that is not UTF-8") from None


def _atom(tok: bytes):
    if tok.isdigit():
        return int(tok)
    if tok in _KEYWORDS:
        return _KEYWORDS[tok]
    if _INT.fullmatch(tok):
        return int(tok)
    if _REAL.fullmatch(tok):
        return float(tok)
    raise Unsupported(f"an unexpected token {tok[:20]!r}")


def parse_objects(tokens: list[bytes]) -> list:
    """The objects a token list holds, in order (references built from `n g R`)."""
    stack: list[list] = []
    out: list = []
    while tokens and not tokens[-1]:  # the end of the text (see TOKEN)
        tokens = tokens[:-1]
    for tok in tokens:
        c = tok[0]
        if c == 47:  # /
            out.append(_name(tok))
        elif c == 40:  # (
            if len(tok) < 2 or tok[-1] != 41:
                raise Unsupported("an unterminated or deeply nested string")
            out.append(_string(tok))
        elif tok == b"R":
            if len(out) < 2 or type(out[-1]) is not int or type(out[-2]) is not int or out[-2] < 1 or out[-1] < 0:
                raise Unsupported("a reference without its numbers")
            gen = out.pop()
            out[-1] = Ref(out[-1], gen)
        elif tok == b"<<" or tok == b"[":
            if len(stack) >= MAX_DEPTH:
                raise Unsupported("objects nested too deeply")
            stack.append(out)
            out = [tok]
        elif tok == b">>" or tok == b"]":
            if not stack or (out[0] == b"<<") != (tok == b">>"):
                raise Unsupported("unbalanced brackets")
            made = _dict(out) if tok == b">>" else out[1:]
            out = stack.pop()
            out.append(made)
        elif c == 60:  # <
            if len(tok) < 2:
                raise Unsupported("a stray <")
            out.append(_hex(tok))
        else:
            out.append(_atom(tok))
    if stack:
        raise Unsupported("an unterminated array or dictionary")
    return out


def _dict(items: list) -> dict:
    keys, values = items[1::2], items[2::2]
    if len(keys) != len(values) or not all(type(k) is Name for k in keys):
        raise Unsupported("a dictionary whose keys are not names")
    made = dict(zip((k.encode() for k in keys), values, strict=True))
    if len(made) != len(keys):
        raise Unsupported("a dictionary with a repeated key")
    if None in values:  # qpdf reads a key whose value is null as absent
        made = {k: v for k, v in made.items() if v is not None}
    return made


_REF_ARRAY = re.compile(
    rb"[%s]*\[((?:[%s]*\d+[%s]+\d+[%s]+R(?!%s))*+)[%s]*\][%s]*" % (_WS, _WS, _WS, _WS, _REGULAR, _WS, _WS)
)
_REF = re.compile(rb"(\d+)[%s]+(\d+)" % _WS)


def one_object(data: bytes, start: int, end: int):
    """The one object in data[start:end]: a dictionary or an array of references through a
    fast path when it can."""
    fast = _raw_dict(data[start:end])
    if fast is not None:
        return fast
    refs = _REF_ARRAY.fullmatch(data, start, end)
    if refs is not None:
        made = [Ref(int(n), int(g)) for n, g in _REF.findall(data, *refs.span(1))]
        if all(r.num > 0 for r in made):
            return made
    found = parse_objects(TOKEN.findall(data, start, end))
    if len(found) != 1:
        raise Unsupported("not exactly one object where one was expected")
    return found[0]


PDFDOC = (
    "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17"
    "\u02d8\u02c7\u02c6\u02d9\u02dd\u02db\u02da\u02dc" + "".join(map(chr, range(0x20, 0x7F))) + "\ufffd"
    "\u2022\u2020\u2021\u2026\u2014\u2013\u0192\u2044\u2039\u203a\u2212\u2030\u201e\u201c\u201d\u2018"
    "\u2019\u201a\u2122\ufb01\ufb02\u0141\u0152\u0160\u0178\u017d\u0131\u0142\u0153\u0161\u017e\ufffd"
    "\u20ac" + "".join(map(chr, range(0xA1, 0xAD))) + "\ufffd" + "".join(map(chr, range(0xAE, 0x100)))
)
_PDFDOC_SPECIAL = re.compile(rb"[\x18-\x1f\x7f-\xa0\xad]")


def text(value: bytes) -> str:
    """A text string as qpdf decodes it: UTF-16 (either byte order) or UTF-8 after a byte order
    mark, else PDFDocEncoding. Damaged UTF-16/UTF-8 raises Unsupported (qpdf's own repair)."""
    if value[:2] in (b"\xfe\xff", b"\xff\xfe") or value[:3] == b"\xef\xbb\xbf":
        codec = "utf-8" if value[:1] == b"\xef" else "utf-16-be" if value[:1] == b"\xfe" else "utf-16-le"
        try:
            return value[3 if codec == "utf-8" else 2 :].decode(codec)
        except UnicodeDecodeError:
            raise Unsupported("damaged Unicode text") from None
    if _PDFDOC_SPECIAL.search(value):
        return codecs.charmap_decode(value, "strict", PDFDOC)[0]  # byte i -> PDFDOC[i], at C speed
    return value.decode("latin-1")
