"""Read a completed PDF form: classify the file, then walk /AcroForm /Fields ourselves.

Two readers give the same answer (the tests read every PDF with both). The fast one
(pdfobjects.py, pure Python) loads only the objects the form needs: it reads a filled 60-field
docgen form in about half the time of the qpdf path, whose open alone costs more (bench/pdf.py),
and reads what docgen, qpdf, pdf.js and poppler write, incremental updates included. It hands
any file it does not fully understand (encryption, repair needed, unusual syntax) to pikepdf
(qpdf), which opens damaged files robustly and opens files encrypted with an empty user
password by itself. Both feed one walk and one set of value rules (pdffields.py): inherited
attributes resolved, any checkbox state but /Off ticked, /Opt indices mapped to keys, /V streams
decoded, duplicate names and loops reported rather than trusted.

The manifest lives in the document information dictionary: /DocgenManifest (JSON) and
/DocgenFields (the form's field list, JSON), as in the DOCX custom XML part, and again in the
first page's dictionary, which survives the tools that rebuild a PDF from its pages and drop the
document information (pypdf's append, qpdf --empty --pages, pdftk cat): a file without the first
is read by the second, checked as strictly (pdfmanifest.py). A print of a form keeps neither. Field names follow
`docgen.forms.fieldlist.pdf_name`: `supervisee`, `actions__0__owner` for row 0 of the repeat `actions`.
"""

from __future__ import annotations

import decimal
import io
import json
import re

import pikepdf

from . import pdfobjects as fast
from .pdffields import DamagedText, Odd, collect, stream_text, walk
from .pdfflags import add_active_issues, add_signature_issues, byte_range_end, fast_active, qpdf_active
from .pdfmanifest import FLATTENED, MAX_CARRIED, NO_MANIFEST, carried_texts, docgen_print, qpdf_text
from .pdftokens import Name, RawDict, Ref, Stream, Unsupported, _hex, parse_value, text
from .record import RawForm, field_list, require_form
from .safety import FormError, check_size

_INHERITED = ("/FT", "/Ff", "/V", "/Opt")


def read_pdf(data: bytes, *, fast_first: bool = True, flags: bool = True) -> RawForm:
    """Read a completed PDF form: the fast reader first, qpdf when it declines (or when
    `fast_first` is False, as the tests do to compare the two). With `flags`, active content
    and answers changed after a signature are issues (pdfflags.py)."""
    check_size(data)
    if b"%PDF-" not in data[:1024]:
        raise FormError("not-pdf", "the file is not a PDF")
    try:
        if fast_first:
            try:
                return read_fast(data, flags=flags)
            except Unsupported:
                pass
            except (TypeError, ValueError, KeyError, IndexError, AttributeError, RecursionError):
                pass  # what the fast reader did not foresee, the robust one judges
        return read_qpdf(data, flags=flags)
    except FormError as exc:
        if exc.code == "not-a-form" and exc.message == NO_MANIFEST and docgen_print(data):
            raise FormError("flattened", FLATTENED) from None  # a print of a docgen form (pdfmanifest.py)
        raise


def read_fast(data: bytes, *, flags: bool = True) -> RawForm:
    """The pure-Python reader; raises Unsupported for a file that needs qpdf."""
    doc = fast.Document(data)
    reader = _FastReader(doc)
    info = doc.get(fast.entry(doc.trailer, b"/Info"))
    root = doc.get(fast.entry(doc.trailer, b"/Root"))
    if not isinstance(root, dict) or not (info is None or isinstance(info, dict)):
        raise Unsupported("an unusual trailer")
    pages = doc.get(fast.entry(root, b"/Pages"))  # qpdf refuses a file without a page tree
    if not isinstance(pages, dict) or fast.entry(pages, b"/Type") != "/Pages":
        raise Unsupported("no page tree")
    acro = doc.get(fast.entry(root, b"/AcroForm"))
    acro = acro if isinstance(acro, dict) else None
    fields = doc.get(fast.entry(acro, b"/Fields")) if acro is not None else None
    if not (fields is None or isinstance(fields, list)):
        raise Unsupported("/Fields that is not an array")
    raw, signatures = _form(
        reader.info_text(info, b"/DocgenManifest", ""),
        lambda: reader.info_text(info, b"/DocgenFields", "{}"),
        acro is not None,
        len(fields or ()),
        acro is not None and b"/XFA" in acro,
        lambda: walk(fields or (), reader.node),
        reader.value,
        lambda: carried_texts(reader.first_page(pages), reader.info_text),
    )
    if flags:
        add_active_issues(raw, fast_active(doc))
        add_signature_issues(
            raw, data, [(name, byte_range_end(reader.byte_range(v))) for name, v in signatures], _signed_version
        )
    return raw


def _signed_version(data: bytes) -> RawForm:
    return read_pdf(data, flags=False)


def read_qpdf(data: bytes, *, flags: bool = True) -> RawForm:
    pdf = open_pdf(data)
    try:
        acro = pdf.Root.get("/AcroForm")
        acro = acro if isinstance(acro, pikepdf.Dictionary) else None
        info = pdf.trailer.get("/Info")
        info = info if isinstance(info, pikepdf.Dictionary) else None
        fields = acro.get("/Fields") if acro is not None else None
        count = len(acro.get("/Fields", [])) if acro is not None else 0
        raw, signatures = _form(
            str(info.get("/DocgenManifest", "")) if info is not None else "",
            lambda: str(info.get("/DocgenFields", "{}")) if info is not None else "{}",
            acro is not None,
            count,
            acro is not None and "/XFA" in acro,
            lambda: walk(fields if isinstance(fields, pikepdf.Array) else (), _qpdf_node),
            _qpdf_value,
            lambda: carried_texts(pdf.pages[0].obj if len(pdf.pages) else None, qpdf_text),
        )
        if any("deeply nested" in w for w in pdf.get_warnings()):  # qpdf read such an object as null
            raise FormError(
                "corrupt",
                "the PDF is damaged: it holds objects nested too deeply to read, which qpdf "
                "skips (a form never needs them)",
            )
        if flags:
            add_active_issues(raw, qpdf_active(pdf))
            add_signature_issues(
                raw, data, [(name, byte_range_end(_qpdf_byte_range(v))) for name, v in signatures], _signed_version
            )
        return raw
    except FormError:
        raise
    except (pikepdf.PdfError, UnicodeError, TypeError, ValueError, KeyError, AttributeError) as exc:
        # qpdf repairs what it can while reading; what it cannot becomes one plain error
        raise FormError("corrupt", f"the PDF is damaged: {type(exc).__name__}: {exc}") from None
    finally:
        pdf.close()


def open_pdf(data: bytes) -> pikepdf.Pdf:
    check_size(data)
    if b"%PDF-" not in data[:1024]:
        raise FormError("not-pdf", "the file is not a PDF")
    try:
        return pikepdf.open(io.BytesIO(data), inherit_page_attributes=False)  # only the fields are read
    except pikepdf.PasswordError:
        raise FormError(
            "encrypted", "the PDF needs a password to open; ask the sender for a copy without one"
        ) from None
    except (pikepdf.PdfError, ValueError, RuntimeError, OSError) as exc:
        detail = re.sub(r"^stream <[^>]*>(?: \(object \d+ \d+\))?: ", "", str(exc))  # qpdf names its input stream
        raise FormError("corrupt", f"the PDF is damaged and cannot be opened ({detail})") from None


def _form(
    manifest_text: str, fields_text, has_acro: bool, n_fields: int, xfa: bool, fields_of, plain, carried
) -> tuple[RawForm, list]:
    """Classify the file, then read its fields (both readers): `fields_text()` is the embedded
    field list, `fields_of()` walks the fields, `plain` turns a reader's value into a plain one;
    `carried()` the manifest and field list the first page carries (pdfmanifest.py), read when the
    document information has no manifest. Returns the form and its signature fields (name, /V as
    the reader gives it)."""
    if not manifest_text:
        found = carried()
        if found is not None:
            manifest_text, fields_text = found[0], lambda: found[1]
    try:
        manifest = _manifest(manifest_text)
    except FormError as exc:
        if exc.code == "not-a-form" and has_acro and n_fields:
            raise FormError(
                "not-a-form",
                "this is a PDF form made by other software, not by docgen; docgen reads only the forms it generated",
            ) from None
        raise
    meta = field_list(fields_text())
    require_form(manifest, meta)
    fields = fields_of() if has_acro else []
    if not fields:
        if xfa:
            raise FormError(
                "xfa",
                "the PDF is an XFA form (made by Adobe LiveCycle or similar), which docgen "
                "cannot read; ask for the docgen PDF or Word form instead",
            )
        raise FormError("flattened", FLATTENED)
    raw = RawForm(manifest, meta)
    return raw, collect(fields, raw, plain)


def _manifest(text_: str) -> dict:
    if not text_:
        raise FormError("not-a-form", NO_MANIFEST)
    try:
        manifest = json.loads(text_)
        if not isinstance(manifest, dict):
            raise ValueError
    except ValueError:
        raise FormError("corrupt", "the form's manifest is damaged") from None
    return manifest


def _qpdf_node(obj) -> tuple | None:
    if not isinstance(obj, pikepdf.Dictionary):
        return None
    # `in` and [] are cheapest in pikepdf (not .get)
    attrs = tuple(obj[name] if name in obj else None for name in _INHERITED)  # noqa: SIM401
    kids = obj["/Kids"] if "/Kids" in obj else None  # noqa: SIM401
    state = obj["/AS"] if "/AS" in obj else None  # noqa: SIM401
    return (
        obj.objgen,
        attrs,
        str(obj["/T"]) if "/T" in obj else None,
        list(kids) if isinstance(kids, pikepdf.Array) else None,
        str(state) if isinstance(state, pikepdf.Name) else None,
    )


def _qpdf_value(value, depth: int = 0):
    """A pikepdf value as a plain one: Name, str, int, bool, list or None; any other type (a
    dictionary, a real number, arrays nested deeper than the fast reader reads) is `Odd`, and
    text with broken Unicode is `DamagedText` (qpdf would drop a lone surrogate silently)."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, pikepdf.Name):
        return Name(str(value))
    if isinstance(value, pikepdf.Stream):
        return stream_text(value.read_raw_bytes(), _filter_names(value.get("/Filter")), value.read_bytes)
    if isinstance(value, pikepdf.String):
        data = bytes(value)
        try:
            return text(data)  # as the fast reader and qpdf decode it
        except Unsupported:  # damaged UTF-16 or UTF-8 after a byte order mark
            codec = "utf-8" if data[:1] == b"\xef" else "utf-16-be" if data[:1] == b"\xfe" else "utf-16-le"
            return DamagedText(data[3 if codec == "utf-8" else 2 :].decode(codec, "replace"))
    if isinstance(value, pikepdf.Array):
        if depth >= 4:  # as deep as the fast reader reads (an /Opt pair within /Opt is 2)
            return Odd("arrays nested within arrays")
        return [_qpdf_value(v, depth + 1) for v in value]
    if isinstance(value, pikepdf.Dictionary):
        return Odd("a dictionary")
    return Odd("a number with a fraction" if isinstance(value, decimal.Decimal) else "an unusual kind of PDF object")


def _qpdf_byte_range(value) -> list | None:
    """A signature's /ByteRange as plain ints (None if it is not an array of integers)."""
    found = value.get("/ByteRange") if isinstance(value, pikepdf.Dictionary) else None
    if not isinstance(found, pikepdf.Array):
        return None
    items = list(found)
    return items if all(type(n) is int for n in items) else None


def _filter_names(filters) -> list[str]:
    return [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else [str(filters)] if filters else []


_ATOMS: dict[bytes, object] = {}  # plain values of names, numbers and /Opt arrays, by their text
_INFO_TEXTS: dict[bytes, str] = {}  # /DocgenFields strings, by their text
_TITLES: dict[bytes, str] = {}  # field names (/T strings without escapes), by their text


class _FastReader:
    """The fast reader's side of the walk: nodes and plain values from pdfobjects."""

    def __init__(self, doc):
        self.doc = doc

    def info_text(self, info: dict | None, key: bytes, default: str) -> str:
        raw = info.get(key) if type(info) is RawDict and key == b"/DocgenFields" else None
        if type(raw) is bytes and raw[:1] == b"(":  # a literal string: its text depends on nothing else
            found = _INFO_TEXTS.get(raw)  # the field list recurs in every copy of a form
            if found is None:
                found = text(parse_value(raw))
                if len(_INFO_TEXTS) > 256:
                    _INFO_TEXTS.clear()
                _INFO_TEXTS[raw] = found
            return found
        value = fast.entry(info, key) if info is not None else None
        value = self.doc.get(value)
        if value is None:
            return default
        if type(value) is not bytes:
            raise Unsupported("a document information entry that is not a string")
        return text(value)

    def first_page(self, pages: dict) -> dict | None:
        """The first page's dictionary: the first kid, down the page tree (None if there is none)."""
        node = pages
        for _ in range(64):
            if fast.entry(node, b"/Type") == "/Page":
                return node
            kids = self.doc.get(fast.entry(node, b"/Kids"))
            if not isinstance(kids, list) or not kids:
                return None
            node = self.doc.get(kids[0])
            if not isinstance(node, dict):
                raise Unsupported("a page tree docgen reads only through qpdf")
        raise Unsupported("a page tree nested very deeply")

    def node(self, obj) -> tuple | None:
        picked = self.doc.pick(obj)
        if picked is None:
            return None
        title, ft, ff, v, opt, kids, state = picked
        if title is not None:
            name = _TITLES.get(title)  # a form's field names recur in every copy of it
            if name is None:
                if title[:1] == b"(" and b"\\" not in title and b"\r" not in title:
                    name = text(title[1:-1])
                    if len(_TITLES) > 4096:
                        _TITLES.clear()
                    _TITLES[title] = name
                else:
                    name = self.plain_text(self.doc.parse(title))
            title = name
        if kids is not None:
            kids = self.doc.parse(kids)
            kids = kids if type(kids) is list else None
        if state is not None:
            state = self.doc.parse(state)
            state = state if type(state) is Name else None
        return obj if type(obj) is Ref else (0, 0), (ft, ff, v, opt), title, kids, state  # a Ref is its (num, gen)

    @staticmethod
    def plain_text(value) -> str | None:
        if type(value) is bytes:
            return text(value)
        if value is None or type(value) is Name or type(value) is int:
            return None if value is None else str(value)
        raise Unsupported("a field name that is not a string")

    def byte_range(self, item) -> list | None:
        """A signature's /ByteRange (a picked /V) as plain ints, or None."""
        value = self.doc.parse(item)
        found = self.doc.get(fast.entry(value, b"/ByteRange")) if isinstance(value, dict) else None
        return found if isinstance(found, list) and all(type(n) is int for n in found) else None

    def value(self, item, depth: int = 0):
        """A picked item (or, below depth 0, an object) as a plain value."""
        if item is None:
            return None
        if depth == 0 and type(item) is bytes:  # the text of a value: the commonest first
            if item[0] == 40 and b"\\" not in item and b"\r" not in item:  # (a string without escapes)
                return text(item[1:-1])
            atom = _ATOMS.get(item)  # names and numbers (/Tx, 4096) recur in every field of every form
            if atom is not None:
                return atom
            if item[0] == 60 and item[1:2] != b"<":  # a hex string (UTF-16 text): as parse_value reads it
                return text(_hex(item))
            if item[0] == 47 and b"#" not in item and item.isascii() or item.isdigit():
                atom = Name(item.decode()) if item[0] == 47 else int(item)
            elif item[0] == 91 and b"R" not in item:  # an /Opt array, without references
                atom = self.value(parse_value(item), 1)
            if atom is not None:
                if len(_ATOMS) > 4096:
                    _ATOMS.clear()
                _ATOMS[item] = atom  # plain values are never changed by their readers
                return atom
        value = self.doc.parse(item) if depth == 0 else self.doc.get(item)
        kind = type(value)
        if kind is bytes:
            return text(value)
        if kind is Name or kind is int or value is None:
            return value
        if kind is list and depth < 4:
            return [self.value(v, depth + 1) for v in value]
        if kind is Stream:
            parms = fast.entry(value.dict, b"/DecodeParms")
            filters = self.doc.get(fast.entry(value.dict, b"/Filter"))
            names: list[str] | None = None  # None: a /Filter that is neither a name nor an array
            if type(filters) is Name:
                names = [filters]
            elif filters is None or isinstance(filters, list):
                names = filters or []
            if parms is not None or names is None or not all(type(n) is Name for n in names):
                raise Unsupported("a value stream docgen reads only through qpdf")
            return stream_text(value.raw, names)
        raise Unsupported("a value of an unusual type")


__all__ = ["read_pdf", "open_pdf", "read_fast", "read_qpdf", "FLATTENED", "NO_MANIFEST", "MAX_CARRIED"]
