"""A small, strict PDF object reader for the files docgen and ordinary viewers write.

docgen's PDF reader (pdf.py) needs a handful of objects from a filled form: the trailer, the
document information, the catalogue's /AcroForm and the field dictionaries. qpdf (pikepdf)
takes 0.6-0.9 ms just to open a 100 KB form with an embedded font and object streams, and about
as long again to walk 60 fields; this reader loads only the objects asked for, by reference,
and reads a field dictionary with one regular expression (`PICK`).

It reads the common structure exactly: cross-reference tables and streams (/W, /Index, PNG
"Up" predictor: pngup.py), /Prev chains of incremental updates (the newest revision wins), object
streams, and the syntax in pdftokens.py. Anything it does not fully understand (encryption, a
hybrid or broken cross-reference, an offset that does not hold the object it should, a filter
other than Flate, a stream whose /Length does not end at endstream) raises `Unsupported`, and
the caller hands the file to qpdf, which stays the robust reader. Inflating is bounded
(`FormError("zip-bomb")`), and every chain it follows (/Prev, /Length) is checked for loops.
"""

from __future__ import annotations

import re
import zlib
from typing import NamedTuple

from .pdftokens import (
    _OBJ_HEADER,
    _WS,
    PICK,
    PICKED,
    TOKEN,
    RawDict,
    Ref,
    Stream,
    Unsupported,
    entry,
    one_object,
    parse_objects,
    parse_value,
)
from .pngup import undo_png_up
from .safety import FormError

MAX_REVISIONS = 64  # /Prev chain length
WHITESPACE = b"\x00\t\n\f\r "
_STARTXREF = re.compile(rb"startxref[\x00\t\n\f\r ]+(\d+)[\x00\t\n\f\r ]+%%EOF[\x00\t\n\f\r ]*\Z")
MAX_STREAM = 8 * 1024 * 1024  # inflated bytes of one cross-reference or object stream
MAX_INFLATED = 32 * 1024 * 1024  # inflated bytes per file
MAX_OBJSTM = 100_000  # objects in one object stream (a form's has dozens)


class Document:
    """Objects of one PDF, loaded lazily by number; `trailer` is the newest trailer."""

    def __init__(self, data: bytes):
        if not data.startswith(b"%PDF-"):
            raise Unsupported("the header is not at the start of the file")
        self.data = data
        self._sections: list = []  # newest first: (table rows or stream entries)
        self._cache: dict[int, tuple[object, int]] = {}  # number -> (object, generation)
        self._loading: set[int] = set()
        self._objstms: dict[int, tuple[bytes, dict[int, int], list[int], int]] = {}
        self._picked: dict[int, tuple[int, tuple | None]] = {}
        self._entries: dict[int, tuple[int, int, int] | None] = {}
        self._budget = MAX_INFLATED
        self.size: int  # the newest trailer's /Size, set by _read_xref_chain
        self.trailer = self._read_xref_chain()

    # --- cross-reference ------------------------------------------------------------------
    def _read_xref_chain(self) -> dict:
        found = _STARTXREF.search(self.data, max(0, len(self.data) - 1024))
        if found is None:  # the file does not end as a whole one does: let qpdf judge it
            raise Unsupported("no startxref at the end")
        offset: int | None = int(found.group(1))
        newest: dict | None = None
        seen: set[int] = set()
        while offset is not None:
            if offset in seen or len(seen) >= MAX_REVISIONS or not 0 < offset < len(self.data):
                raise Unsupported("a /Prev chain that loops, or an offset outside the file")
            seen.add(offset)
            trailer = self._xref_table(offset) if self.data.startswith(b"xref", offset) else self._xref_stream(offset)
            newest = newest or trailer
            if b"/Encrypt" in trailer or b"/XRefStm" in trailer:
                raise Unsupported("an encrypted or hybrid-reference file")
            prev = entry(trailer, b"/Prev")
            if prev is not None and type(prev) is not int:
                raise Unsupported("a /Prev that is not a number")
            offset = prev
        assert newest is not None  # the loop ran at least once
        size = entry(newest, b"/Size")
        if type(size) is not int or not isinstance(entry(newest, b"/Root"), Ref):
            raise Unsupported("a trailer without /Size or /Root")
        self.size = size
        return newest

    _SUBSECTION = re.compile(rb"[%s]*(\d+) (\d+)[ \t]*(?:\r\n|\r|\n)" % _WS)
    _ENTRIES = re.compile(rb"(?:\d{10} \d{5} [fn](?: \r| \n|\r\n))*")

    def _xref_table(self, offset: int) -> dict:
        data, pos, rows = self.data, offset + 4, []
        while True:
            m = self._SUBSECTION.match(data, pos)
            if not m:
                break
            first, count = int(m.group(1)), int(m.group(2))
            end = m.end() + 20 * count
            if self._ENTRIES.fullmatch(data, m.end(), end) is None:
                raise Unsupported("a damaged cross-reference table")
            rows.append((first, count, m.end()))
            pos = end
        trailer_at = TOKEN.match(data, pos)
        if not trailer_at or trailer_at.group(1) != b"trailer":
            raise Unsupported("no trailer after the cross-reference table")
        end = data.find(b"startxref", trailer_at.end())
        trailer = one_object(data, trailer_at.end(), end if end > 0 else len(data))
        if not isinstance(trailer, dict):
            raise Unsupported("a trailer that is not a dictionary")
        self._sections.append(("table", rows))
        return trailer

    def _xref_stream(self, offset: int) -> dict:
        stream = self._load_at(offset, None)
        head = stream.dict if isinstance(stream, Stream) and isinstance(stream.dict, dict) else {}
        widths, size = entry(head, b"/W"), entry(head, b"/Size")
        if (
            entry(head, b"/Type") != "/XRef"
            or type(size) is not int
            or not isinstance(widths, list)
            or len(widths) != 3
            or not all(type(w) is int and 0 <= w <= 8 for w in widths)
            or widths[1] == 0
        ):
            raise Unsupported("a damaged cross-reference stream")
        index = entry(head, b"/Index")
        index = [0, size] if index is None else index
        if not isinstance(index, list) or len(index) % 2 or not all(type(i) is int and i >= 0 for i in index):
            raise Unsupported("a damaged cross-reference /Index")
        rows = self.decode(stream, predictor_columns=sum(widths))
        skip = entry(stream.dict, b"/DecodeParms") is not None  # rows start with their (undone) filter byte
        if len(rows) != sum(index[1::2]) * (sum(widths) + skip):
            raise Unsupported("a cross-reference stream of the wrong length")
        ranges, base = [], 0
        for first, count in zip(index[::2], index[1::2], strict=True):
            ranges.append((first, count, base))
            base += count
        self._sections.append(("stream", (widths, ranges, rows, skip)))
        return head

    def _xref_entry(self, num: int) -> tuple[int, int, int] | None:
        """(type, field 2, field 3) of the newest revision that lists `num`."""
        found = self._entries.get(num)
        if found is None:
            found = self._entries[num] = self._find_entry(num)
        return found

    def _find_entry(self, num: int) -> tuple[int, int, int] | None:
        for kind, body in self._sections:
            if kind == "table":
                for first, count, at in body:
                    if first <= num < first + count:
                        row = self.data[at + 20 * (num - first) : at + 20 * (num - first) + 18]
                        return (1 if row[17:18] == b"n" else 0), int(row[:10]), int(row[11:16])
            else:
                (w1, w2, w3), ranges, rows, skip = body
                for first, count, base in ranges:
                    if first <= num < first + count:
                        at = (base + num - first) * (w1 + w2 + w3 + skip) + skip
                        two, three = at + w1, at + w1 + w2
                        return (
                            rows[at] if w1 == 1 else int.from_bytes(rows[at:two], "big") if w1 else 1,
                            int.from_bytes(rows[two:three], "big"),
                            rows[three] if w3 == 1 else int.from_bytes(rows[three : three + w3], "big"),
                        )
        return None

    # --- objects ----------------------------------------------------------------------------
    def get(self, obj):
        """`obj`, or the object a reference points at."""
        return self.load(obj) if type(obj) is Ref else obj

    def load(self, ref: Ref):
        num = ref.num
        if num in self._cache:
            found, gen = self._cache[num]
        else:
            if num in self._loading:
                raise Unsupported("an object whose length refers back to itself")
            where = self._xref_entry(num) if num < self.size else None
            if where is None or where[0] not in (1, 2):
                raise Unsupported("a reference to an object that is missing or free")
            self._loading.add(num)
            try:
                found = self._load_at(where[1], num, where[2]) if where[0] == 1 else self._from_objstm(where[1], num)
            finally:
                self._loading.discard(num)
            gen = where[2] if where[0] == 1 else 0
            self._cache[num] = found, gen
        if ref.gen != gen:
            raise Unsupported("a reference with the wrong generation")
        return found

    def _plain_region(self, offset: int, num: int | None, gen: int = 0) -> tuple[bytes, int, int]:
        """Where an object outside object streams lies: from after `num gen obj` to `endobj`
        (or to `stream`, for a stream's dictionary)."""
        data = self.data
        head = _OBJ_HEADER.match(data, offset)
        if not head or (num is not None and (int(head.group(1)), int(head.group(2))) != (num, gen)):
            raise Unsupported("a cross-reference offset that does not hold its object")
        end = data.find(b"endobj", head.end())
        if end < 0:
            raise Unsupported("an object without endobj")
        keyword = data.find(b"stream", head.end(), end)
        return data, head.end(), end if keyword < 0 else keyword

    def _load_at(self, offset: int, num: int | None, gen: int = 0):
        data, start, end = self._plain_region(offset, num, gen)
        if not data.startswith(b"stream", end):
            return one_object(data, start, end)
        stream_dict = one_object(data, start, end)
        if not isinstance(stream_dict, dict) or not data[start:end].rstrip(WHITESPACE).endswith(b">>"):
            raise Unsupported("stream data after something that is not a dictionary")  # or a comment
        keyword = end
        start = keyword + 6 + (2 if data.startswith(b"\r\n", keyword + 6) else data[keyword + 6 : keyword + 7] == b"\n")
        length = entry(stream_dict, b"/Length")
        length = self.load(length) if type(length) is Ref else length
        if (
            type(length) is not int
            or length < 0
            or start + length > len(data)
            or not (after := TOKEN.match(data, start + length))
            or after.group(1) != b"endstream"
        ):
            raise Unsupported("a stream whose /Length does not end at endstream")
        return Stream(stream_dict, data[start : start + length])

    def _from_objstm(self, stream_num: int, num: int):
        return one_object(*self._objstm_region(stream_num, num))

    def _objstm_region(self, stream_num: int, num: int) -> tuple[bytes, int, int]:
        body, index, offsets, first = self.objstm(stream_num)
        i = index.get(num)
        if i is None:
            raise Unsupported("an object missing from its object stream")
        return body, first + offsets[i], first + offsets[i + 1]

    def objstm(self, stream_num: int) -> tuple[bytes, dict[int, int], list[int], int]:
        """An object stream, decoded: (body, object number -> place, offsets from /First, /First)."""
        if stream_num not in self._objstms:
            stream = self.load(Ref(stream_num, 0))
            if (
                not isinstance(stream, Stream)
                or entry(stream.dict, b"/Type") != "/ObjStm"
                or b"/Extends" in stream.dict
            ):
                raise Unsupported("an object stream that is not one")
            body, n, first = self.decode(stream), entry(stream.dict, b"/N"), entry(stream.dict, b"/First")
            if type(n) is not int or type(first) is not int or not 0 <= first <= len(body) or n > MAX_OBJSTM:
                raise Unsupported("a damaged object stream")
            head = body[:first]  # digits and whitespace (not \x0b or \x00, which split() treats otherwise)
            if not head.translate(None, b"0123456789 \t\n\r\f"):
                pairs = list(map(int, head.split()))
            else:
                pairs = parse_objects(TOKEN.findall(body, 0, first))
                if not all(type(p) is int for p in pairs):
                    raise Unsupported("a damaged object stream header")
            if len(pairs) != 2 * n:
                raise Unsupported("a damaged object stream header")
            offsets = pairs[1::2]  # from /First
            offsets.append(len(body) - first)
            if offsets != sorted(offsets):
                raise Unsupported("an object stream out of order")
            # object number -> its place; spans are offsets[i:i + 2]
            index = dict(zip(pairs[::2], range(n), strict=True))
            if len(index) != n:
                raise Unsupported("an object stream that holds one object twice")
            self._objstms[stream_num] = body, index, offsets, first
        return self._objstms[stream_num]

    def pick(self, obj) -> tuple | None:
        """The PICKED entries of a dictionary (or of the dictionary a reference points at), None
        where absent or null: each the text of its value (bytes) or a `Parsed` value; see
        `parse`. None if `obj` is not a dictionary. Cached by object."""
        if type(obj) is not Ref:
            return _picked_from(obj)
        num, gen = obj
        found = self._picked.get(num)
        if found is None or found[0] != gen:
            found = self._picked[num] = gen, self._pick_ref(num, gen)
        return found[1]

    def _pick_ref(self, num: int, gen: int) -> tuple | None:
        """_xref_entry and _objstm_region inlined: this runs once a field."""
        match = None
        if num < self.size and num not in self._cache:
            where = self._entries.get(num)
            if where is None:
                where = self._entries[num] = self._find_entry(num)
            if where is None:
                pass
            elif where[0] == 2:
                if gen == 0:
                    loaded = self._objstms.get(where[1])
                    if loaded is None:
                        match = PICK.fullmatch(*self._objstm_region(where[1], num))
                    else:
                        body, index, offsets, first = loaded
                        i = index.get(num)
                        if i is None:
                            raise Unsupported("an object missing from its object stream")
                        match = PICK.fullmatch(body, first + offsets[i], first + offsets[i + 1])
            elif where[0] == 1 and gen == where[2]:
                data, start, end = self._plain_region(where[1], num, gen)
                if not data.startswith(b"stream", end):  # a stream is no field (`load` reads its dictionary)
                    match = PICK.fullmatch(data, start, end)
        if match is None:
            return _picked_from(self.load(Ref(num, gen)))
        return match.groups()

    def parse(self, item):
        """A picked item as an object, references resolved."""
        value = parse_value(item) if type(item) is bytes else item.value if type(item) is Parsed else item
        return self.load(value) if type(value) is Ref else value

    def decode(self, stream: Stream, predictor_columns: int = 0, limit: int = MAX_STREAM) -> bytes:
        """A stream's data through /FlateDecode (bounded), undoing a PNG Up predictor if asked."""
        filters, parms = entry(stream.dict, b"/Filter"), entry(stream.dict, b"/DecodeParms")
        if filters is None and parms is None:
            return stream.raw
        if filters not in ("/FlateDecode", ["/FlateDecode"]):
            raise Unsupported("a filter other than /FlateDecode")
        inflater = zlib.decompressobj()
        try:
            out = inflater.decompress(stream.raw, min(limit, self._budget) + 1)
        except zlib.error:
            raise Unsupported("a damaged compressed stream") from None
        if len(out) <= min(limit, self._budget) and not inflater.eof:
            raise Unsupported("a compressed stream cut short")
        if len(out) > min(limit, self._budget):
            raise FormError("zip-bomb", "the PDF holds a stream that expands to more than docgen accepts")
        self._budget -= len(out)
        parms = parms[0] if isinstance(parms, list) and len(parms) == 1 else parms
        if parms is None:
            return out
        if (
            not isinstance(parms, dict)
            or not predictor_columns
            or entry(parms, b"/Predictor") not in (10, 11, 12, 13, 14, 15)
            or entry(parms, b"/Columns") != predictor_columns
            or entry(parms, b"/Colors") not in (None, 1)
            or entry(parms, b"/BitsPerComponent") not in (None, 8)
        ):
            raise Unsupported("a predictor docgen does not read")
        return undo_png_up(out, predictor_columns)


class Parsed(NamedTuple):
    """A picked value already parsed (from a dictionary the tokenizer read)."""

    value: object


def _picked_from(obj) -> tuple | None:
    if type(obj) is RawDict:
        return tuple(map(obj.get, PICKED))
    if isinstance(obj, dict):
        return tuple(None if obj.get(k) is None else Parsed(obj[k]) for k in PICKED)
    return None
