"""A strict, bounded reader for the zip package of a completed DOCX.

A harvest opens thousands of packages to read two members of each (the manifest and
word/document.xml). CPython's `zipfile` builds an object per member and reads through a
file-like wrapper; this reads the central directory with `struct` and inflates a member in one
bounded call, which is about three times cheaper. Anything it does not need to understand
(ZIP64, data before the archive, a directory that does not end where it says) goes through
`zipfile`'s directory reader instead, and the same checks and member reads follow either way.

Every limit raises `FormError`: more than MAX_ENTRIES members, two members of one name, a
directory that understates a member's size, members that overlap (the smallest zip bombs), more
than MAX_TOTAL in all, a member that inflates past MAX_MEMBER, the caller's budget or MAX_RATIO
times its compressed size. Nothing is inflated without a bound (CPython's reader will inflate up
to 1 GiB at once, and Python 3.11.7 predates the fix for overlapping-entry zip bombs,
CVE-2024-0450).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import NamedTuple

from .safety import FormError, check_size

MAX_ENTRIES = 2000
MAX_MEMBER = 64 * 1024 * 1024
MAX_TOTAL = 200 * 1024 * 1024
MAX_RATIO = 200  # inflated / compressed, for members over 1 MB

_END = struct.Struct("<4s4H2LH")  # end of central directory record
_CENTRAL = struct.Struct("<4s6H3L5H2L")  # central directory file header
_LOCAL = struct.Struct("<4s2xH18xHH")  # local file header: signature, flags, name and extra field lengths
_STORED, _DEFLATED = 0, 8


class Entry(NamedTuple):
    name: str
    raw_name: bytes
    flags: int
    method: int
    crc: int
    compressed: int
    size: int
    offset: int  # of the local header


def open_zip(data: bytes) -> Package:
    """Open a DOCX (a zip) after checking its magic bytes, its directory and its layout."""
    check_size(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FormError(
            "encrypted",
            "the Word document is password-protected (encrypted); "
            "open it in Word, remove the password, save and try again",
        )
    if data[:4] != b"PK\x03\x04":
        raise FormError("not-docx", "the file is not a Word (.docx) document")
    entries = _directory(data)
    if entries is None:
        entries = _directory_by_zipfile(data)
    return Package(data, entries)


class Package:
    def __init__(self, data: bytes, entries: list[Entry]):
        if len(entries) > MAX_ENTRIES:
            raise FormError("zip-bomb", f"the document holds {len(entries)} parts; a form has a few dozen")
        self.data = data
        self.entries = {e.name: e for e in entries}
        if len(self.entries) != len(entries):
            names = [e.name for e in entries]
            twice = sorted({n for n in names if names.count(n) > 1})
            raise FormError(
                "corrupt",
                f"the Word document holds two parts named {twice[0]}; which one Word would "
                "show is not certain, so docgen does not guess",
            )
        for e in entries:  # deflate never shrinks data to a fraction of its compressed size
            if e.method == _DEFLATED and e.compressed > e.size * 1.01 + 1024:
                raise FormError(
                    "zip-bomb", f"the document's directory understates the size of {e.name} (a zip-bomb trick)"
                )
        self._starts = _check_layout(data, entries)
        total = sum(e.size for e in entries)
        if total > MAX_TOTAL:
            raise FormError("zip-bomb", f"the document claims to expand to {total / 1e6:.0f} MB")

    def namelist(self) -> list[str]:
        return list(self.entries)

    def read(self, name: str, budget: list[int] | None = None) -> bytes:
        """Inflate one member, stopping at the size and ratio limits (and the caller's budget, a
        one-item list of bytes still allowed, which this lowers)."""
        entry = self.entries.get(name)
        if entry is None:
            raise FormError("not-docx", f"the document has no {name} part")
        if entry.flags & 0x1:
            raise FormError("encrypted", "the document is password-protected")
        start = self._starts[name]
        raw = memoryview(self.data)[start : start + entry.compressed]
        cap = min(MAX_MEMBER, budget[0] if budget is not None else MAX_MEMBER)
        ratio_cap = max(1024 * 1024, MAX_RATIO * max(entry.compressed, 1))
        limit = max(0, min(cap, ratio_cap))
        if entry.method == _STORED:
            out = bytes(raw)
        elif entry.method == _DEFLATED:
            inflater = zlib.decompressobj(-15)
            try:
                out = inflater.decompress(raw, limit + 1)
            except zlib.error as exc:
                raise FormError("corrupt", f"the part {name} is damaged ({exc})") from None
            if len(out) <= limit and not inflater.eof:
                raise FormError("corrupt", f"the part {name} is damaged (it ends too soon)")
        else:
            raise FormError(
                "corrupt", f"the part {name} is compressed in a way Word does not use (method {entry.method})"
            )
        if len(out) > limit:
            if ratio_cap < cap:
                raise FormError("zip-bomb", f"{name} expands more than {MAX_RATIO}-fold")
            raise FormError("zip-bomb", f"{name} expands to more than docgen accepts")
        if len(out) != entry.size or zlib.crc32(out) != entry.crc:
            raise FormError("corrupt", f"the part {name} is damaged (its size or checksum is wrong)")
        if budget is not None:
            budget[0] -= len(out)
        return out


def _directory(data: bytes) -> list[Entry] | None:
    """The central directory read directly, or None when it needs zipfile's fuller reader."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 65536 - _END.size))
    if at < 0 or at + _END.size > len(data):
        return None
    _, disk, cd_disk, here, count, cd_size, cd_offset, _ = _END.unpack_from(data, at)
    if (
        (disk, cd_disk) != (0, 0)
        or here != count
        or count == 0xFFFF
        or cd_offset + cd_size != at
        or data[at - 20 : at - 16] == b"PK\x06\x07"
    ):  # ZIP64, several disks, or data before the archive
        return None
    entries, pos, unpack, size, new = [], cd_offset, _CENTRAL.unpack_from, _CENTRAL.size, tuple.__new__
    for _ in range(count):
        if pos + size > at:
            return None
        (sig, _, _, flags, method, _, _, crc, compressed, length, name_len, extra_len, comment_len, _, _, _, offset) = (
            unpack(data, pos)
        )
        if sig != b"PK\x01\x02" or 0xFFFFFFFF in (compressed, length, offset):
            return None
        pos += size
        raw = data[pos : pos + name_len]
        name = raw.decode("utf-8" if flags & 0x800 else "cp437", "replace")
        entries.append(new(Entry, (name, raw, flags, method, crc, compressed, length, offset)))  # = Entry(...), cheaper
        pos += name_len + extra_len + comment_len
    return entries if pos == at else None


def _directory_by_zipfile(data: bytes) -> list[Entry]:
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, struct.error, NotImplementedError, EOFError) as exc:
        raise FormError("corrupt", f"the Word document is damaged and cannot be opened ({exc})") from None
    return [
        Entry(
            i.filename,
            i.orig_filename.encode("utf-8" if i.flag_bits & 0x800 else "cp437", "replace"),
            i.flag_bits,
            i.compress_type,
            i.CRC,
            i.compress_size,
            i.file_size,
            i.header_offset,
        )
        for i in infos
    ]


def _check_layout(data: bytes, entries: list[Entry]) -> dict[str, int]:
    """Where each member's data starts, after checking its local header; members must not overlap
    (two entries sharing bytes is how the smallest zip bombs work; no real document does it)."""
    starts, spans, unpack, header, end = {}, [], _LOCAL.unpack_from, _LOCAL.size, len(data)
    for e in entries:
        name, raw, offset = e.name, e.raw_name, e.offset
        if offset < 0 or offset + header > end:
            raise FormError("corrupt", "the Word document is damaged (an entry points past the end of the file)")
        sig, flags, name_len, extra_len = unpack(data, offset)
        start = offset + header + name_len + extra_len
        if sig != b"PK\x03\x04" or start + e.compressed > end:
            raise FormError(
                "corrupt", f"the Word document is damaged (the part {name} is not where its directory says)"
            )
        same = name_len == len(raw) and (flags ^ e.flags) & 0x800 == 0 and data.startswith(raw, offset + header)
        if (
            not same
            and data[offset + header : offset + header + name_len].decode(
                "utf-8" if flags & 0x800 else "cp437", "replace"
            )
            != name
        ):
            raise FormError("corrupt", f"the Word document is damaged (two names for the part {name})")
        starts[name] = start
        spans.append((offset, start + e.compressed))
    spans.sort()
    for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False):
        if b_start < a_end:
            if sum(e.size for e in entries) > 20 * len(data):
                raise FormError("zip-bomb", "the document's parts overlap one another (a zip bomb)")
            raise FormError("corrupt", "the Word document is damaged (its parts overlap)")
    return starts
