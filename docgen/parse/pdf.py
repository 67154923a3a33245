"""Read a completed PDF form: classify the file, then walk /AcroForm /Fields ourselves.

Two readers give the same answer (the tests read every PDF with both). The fast one
(pdfobjects.py, pure Python) loads only the objects the form needs: it reads a filled 60-field
docgen form in about half the time of the qpdf path, whose open alone costs more (bench/pdf.py),
and reads what docgen, qpdf, pdf.js and poppler write, incremental updates included. It hands
any file it does not fully understand (encryption, repair needed, unusual syntax) to pikepdf
(qpdf), which opens damaged files robustly and opens files encrypted with an empty user
password by itself. Both feed one walk and one set of value rules, over plain values
(`Name`, str, int, bool, list): field values are read with every inherited attribute (/FT /Ff
/V /Opt /Kids through /Parent) resolved; any checkbox state but /Off is ticked (falling back to
/AS); /Opt indices map back to keys (labels stored instead of keys are mapped by the field
type); /V given as a stream is decoded; two fields with one name, and loops in /Kids or
/Parent, are reported rather than trusted.

The manifest lives in the document information dictionary: /DocgenManifest (JSON) and
/DocgenFields (the form's field list, JSON), as in the DOCX custom XML part. Field names follow
`docgen.spec.tree.pdf_name`: `supervisee`, `actions__0__owner` for row 0 of the repeat `actions`.
"""

from __future__ import annotations

import io
import json
import zlib
import pikepdf

from ..spec.tree import PDF_SEP
from . import pdfobjects as fast
from .pdftokens import Name, Ref, Stream, Unsupported, parse_value, text
from .record import Issue, RawForm, field_list, require_form
from .safety import FormError, check_size

MAX_FIELDS = 20_000
MAX_DEPTH = 64  # /Kids within /Kids
MAX_VALUE = 1_000_000  # bytes: no answer in a form is anywhere near this
_INHERITED = ("/FT", "/Ff", "/V", "/Opt")
_RADIO, _PUSH = 1 << 15, 1 << 16


def read_pdf(data: bytes, *, fast_first: bool = True) -> RawForm:
    """Read a completed PDF form: the fast reader first, qpdf when it declines (or when
    `fast_first` is False, as the tests do to compare the two)."""
    check_size(data)
    if b"%PDF-" not in data[:1024]:
        raise FormError("not-pdf", "the file is not a PDF")
    if fast_first:
        try:
            return read_fast(data)
        except Unsupported:
            pass
        except (TypeError, ValueError, KeyError, IndexError, AttributeError, RecursionError):
            pass  # what the fast reader did not foresee, the robust one judges
    return read_qpdf(data)


def read_fast(data: bytes) -> RawForm:
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
    return _form(reader.info_text(info, b"/DocgenManifest", ""), lambda: reader.info_text(info, b"/DocgenFields", "{}"),
                 acro is not None, len(fields or ()), acro is not None and b"/XFA" in acro,
                 lambda: _walk(fields or (), reader.node), reader.value)


def read_qpdf(data: bytes) -> RawForm:
    pdf = open_pdf(data)
    try:
        acro = pdf.Root.get("/AcroForm")
        acro = acro if isinstance(acro, pikepdf.Dictionary) else None
        info = pdf.trailer.get("/Info")
        info = info if isinstance(info, pikepdf.Dictionary) else None
        fields = acro.get("/Fields") if acro is not None else None
        count = len(acro.get("/Fields", [])) if acro is not None else 0
        return _form(str(info.get("/DocgenManifest", "")) if info is not None else "",
                     lambda: str(info.get("/DocgenFields", "{}")) if info is not None else "{}",
                     acro is not None, count, acro is not None and "/XFA" in acro,
                     lambda: _walk(fields if isinstance(fields, pikepdf.Array) else (), _qpdf_node), _qpdf_value)
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
        raise FormError("encrypted", "the PDF needs a password to open; ask the sender for a copy without one") from None
    except (pikepdf.PdfError, ValueError, RuntimeError, OSError) as exc:
        raise FormError("corrupt", f"the PDF is damaged and cannot be opened ({exc})") from None


def _form(manifest_text: str, fields_text, has_acro: bool, n_fields: int, xfa: bool, walk, value) -> RawForm:
    """Classify the file, then read its fields (both readers)."""
    try:
        manifest = _manifest(manifest_text)
    except FormError as exc:
        if exc.code == "not-a-form" and has_acro and n_fields:
            raise FormError("not-a-form", "this is a PDF form made by other software, not by docgen; docgen reads "
                                          "only the forms it generated") from None
        raise
    meta = field_list(fields_text())
    require_form(manifest)
    fields = walk() if has_acro else []
    if not fields:
        if xfa:
            raise FormError("xfa", "the PDF is an XFA form (made by Adobe LiveCycle or similar), which docgen "
                                   "cannot read; ask for the docgen PDF or Word form instead")
        raise FormError("flattened", "the PDF has no form fields left: it was flattened or printed to PDF, so "
                                     "the answers are only ink on the page; ask for the filled form itself")
    raw = RawForm(manifest, meta["fields"], meta["repeats"], meta["specs"])
    _collect(fields, raw, value)
    return raw


def _manifest(text_: str) -> dict:
    if not text_:
        raise FormError("not-a-form", "this PDF was not made by docgen (it has no docgen manifest); "
                                      "docgen reads only forms it generated")
    try:
        manifest = json.loads(text_)
        if not isinstance(manifest, dict):
            raise ValueError
    except ValueError:
        raise FormError("corrupt", "the form's manifest is damaged") from None
    return manifest


# A node of the field tree, as either reader sees it (values not yet decoded), is a tuple
# (key, attrs, title, kids, state): key is the object number and generation ((0, 0) for a direct
# object); attrs the inheritable /FT /Ff /V /Opt in the reader's own values (None if absent);
# title the partial name /T (None without one); kids the /Kids array's items (None without
# one); state the appearance state /AS when it is a name.


def _walk(fields, node_of) -> list:
    """Terminal fields as (full name, resolved attributes, widget states), with /Parent
    inheritance, depth first in document order."""
    seen: set = set()
    out: list = []
    count = 0
    for item in fields:
        top = node_of(item)
        if top is not None and top[3] is None:  # a field with no kids, the commonest by far
            if top[0] in seen:
                raise FormError("corrupt", "the PDF's form fields loop back on themselves")
            if top[0] != (0, 0):
                seen.add(top[0])
            count += 1
            if count > MAX_FIELDS:
                raise FormError("corrupt", f"the PDF has more than {MAX_FIELDS:,} form fields")
            out.append((top[2] or "", top[1], [] if top[4] is None else [top[4]]))
            continue
        stack = [(top, "", None, 0)] if top is not None else []
        while stack:
            (key, own, title, kids, state), parent_name, inherited, depth = stack.pop()
            if key != (0, 0):
                if key in seen:
                    raise FormError("corrupt", "the PDF's form fields loop back on themselves")
                seen.add(key)
            count += 1
            if count > MAX_FIELDS:
                raise FormError("corrupt", f"the PDF has more than {MAX_FIELDS:,} form fields")
            if depth > MAX_DEPTH:
                raise FormError("corrupt", f"the PDF's form fields are nested more than {MAX_DEPTH} deep")
            attrs = own if inherited is None else tuple(o if o is not None else i for o, i in zip(own, inherited))
            partial = title or ""
            full = f"{parent_name}.{partial}" if parent_name and partial else partial or parent_name
            if kids is None:
                out.append((full, attrs, [] if state is None else [state]))
                continue
            nodes = [k for k in map(node_of, kids) if k is not None]
            field_kids = [k for k in nodes if k[2] is not None]
            if field_kids:
                stack.extend((kid, full, attrs, depth + 1) for kid in reversed(field_kids))
            else:
                out.append((full, attrs, [w[4] for w in nodes if w[4] is not None]))
    return out


def _qpdf_node(obj) -> tuple | None:
    if not isinstance(obj, pikepdf.Dictionary):
        return None
    attrs = tuple(obj[name] if name in obj else None for name in _INHERITED)  # `in` and [] are cheapest in pikepdf
    kids = obj["/Kids"] if "/Kids" in obj else None
    state = obj["/AS"] if "/AS" in obj else None
    return (obj.objgen, attrs, str(obj["/T"]) if "/T" in obj else None,
            list(kids) if isinstance(kids, pikepdf.Array) else None,
            str(state) if isinstance(state, pikepdf.Name) else None)


def _qpdf_value(value):
    """A pikepdf value as a plain one: Name, str, int, bool, list or None."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, pikepdf.Name):
        return Name(str(value))
    if isinstance(value, pikepdf.Stream):
        return _stream_text(value.read_raw_bytes(), _filter_names(value.get("/Filter")), value.read_bytes)
    if isinstance(value, pikepdf.String):
        try:
            return str(value)
        except UnicodeDecodeError:  # neither PDFDocEncoding nor UTF-16 after damage
            return bytes(value).decode("latin-1")
    if isinstance(value, pikepdf.Array):
        return [_qpdf_value(v) for v in value]
    return str(value)


def _filter_names(filters) -> list[str]:
    return [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else [str(filters)] if filters else []


class _FastReader:
    """The fast reader's side of the walk: nodes and plain values from pdfobjects."""

    def __init__(self, doc):
        self.doc = doc

    def info_text(self, info: dict | None, key: bytes, default: str) -> str:
        value = fast.entry(info, key) if info is not None else None
        value = self.doc.get(value)
        if value is None:
            return default
        if type(value) is not bytes:
            raise Unsupported("a document information entry that is not a string")
        return text(value)

    def node(self, obj) -> tuple | None:
        picked = self.doc.pick(obj)
        if picked is None:
            return None
        title, ft, ff, v, opt, kids, state = picked
        if title is not None:
            title = text(title[1:-1]) if title[:1] == b"(" and b"\\" not in title and b"\r" not in title \
                else self.plain_text(self.doc.parse(title))
        if kids is not None:
            kids = self.doc.parse(kids)
            kids = kids if type(kids) is list else None
        if state is not None:
            state = self.doc.parse(state)
            state = state if type(state) is Name else None
        return (obj.num, obj.gen) if type(obj) is Ref else (0, 0), (ft, ff, v, opt), title, kids, state

    @staticmethod
    def plain_text(value) -> str | None:
        if type(value) is bytes:
            return text(value)
        if value is None or type(value) is Name or type(value) is int:
            return None if value is None else str(value)
        raise Unsupported("a field name that is not a string")

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
            names = [filters] if type(filters) is Name else filters if filters is None or isinstance(filters, list) else 0
            if parms is not None or names == 0 or not all(type(n) is Name for n in names or ()):
                raise Unsupported("a value stream docgen reads only through qpdf")
            return _stream_text(value.raw, names or [])
        raise Unsupported("a value of an unusual type")


_ATOMS: dict[bytes, object] = {}


def _stream_text(raw: bytes, names: list[str], decode_other=None) -> str:
    """A /V given as a stream, inflated with a limit (a value stream can be a compression bomb).
    `decode_other` decodes other filters (qpdf); without it (the fast reader) they are Unsupported."""
    if not names:
        data = raw
    elif names == ["/FlateDecode"]:
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(raw, MAX_VALUE)
        except zlib.error:
            if decode_other is None:
                raise Unsupported("a damaged value stream") from None  # qpdf's reader says so
            raise FormError("corrupt", "a field's value is damaged") from None
        if inflater.unconsumed_tail:
            raise FormError("zip-bomb", "a field's value expands to more than docgen accepts")
    elif len(raw) > 64 * 1024:
        raise FormError("corrupt", "a field's value is stored in a way docgen does not read")
    elif decode_other is None:
        raise Unsupported("a value stream with a filter only qpdf decodes")
    else:
        data = decode_other()
    if len(data) > MAX_VALUE:
        raise FormError("zip-bomb", "a field's value is larger than docgen accepts")
    return data.decode("utf-8", "replace")


def _collect(fields, raw: RawForm, plain) -> None:
    repeats = {r["id"] for r in raw.repeats}
    known = {f["id"] for f in raw.fields}
    seen: dict[str, object] = {}
    rows: dict[str, dict[int, dict]] = {rid: {} for rid in repeats}
    for name, (ft, ff, v, opt), states in fields:
        kind = None if ft is None else plain(ft)
        if kind == "/Sig":  # a digital signature, not an answer; signing is the viewer's job
            continue
        value = _value(kind, None if ff is None else plain(ff), None if v is None else plain(v),
                       None if opt is None else plain(opt), states)
        rid, row, child = _split(name, repeats)
        if rid is not None:
            cells = rows[rid].setdefault(row, {})
            if child in cells and cells[child] != value:
                raw.issues.append(Issue(f"{rid}.{child}", "duplicate-control",
                                        f'two fields are named "{name}"; the first is kept'))
            cells.setdefault(child, value)
            continue
        field_id = name.replace(PDF_SEP, ".")
        if field_id not in known:
            raw.issues.append(Issue(name, "unknown-control", f'the file has a field "{name}" that the form does not define'))
            continue
        if field_id in seen and seen[field_id] != value:
            raw.issues.append(Issue(field_id, "duplicate-control", f'two fields are named "{name}"; the first is kept'))
            continue
        seen.setdefault(field_id, value)
    raw.values.update(seen)
    for rid in repeats:
        raw.rows[rid] = [rows[rid][i] for i in sorted(rows[rid])]
    for f in raw.fields:
        rid, dot, _ = f["id"].rpartition(".")
        if not (dot and rid in repeats) and f["id"] not in seen:
            raw.issues.append(Issue(f["id"], "missing-control",
                                    f'the field "{f.get("label", f["id"])}" is missing from the file'))


def _split(name: str, repeats: set) -> tuple[str | None, int, str]:
    parts = name.split(PDF_SEP)
    if len(parts) == 3 and parts[0] in repeats and parts[1].isascii() and parts[1].isdigit():
        return parts[0], int(parts[1]), parts[2]
    return None, 0, ""


def _value(kind, flags, value, opt, states: list):
    """A field's answer from its plain attributes (/FT /Ff /V /Opt) and its widgets' states."""
    kind = "" if kind is None else str(kind)
    flags = flags if isinstance(flags, int) and not isinstance(flags, bool) else 0
    if kind == "/Btn":
        if flags & _PUSH:
            return None
        state = str(value) if isinstance(value, Name) else None
        if state is None:  # no /V: the widget's appearance state says what is shown
            state = next((s for s in states if s != "/Off"), "/Off" if states else None)
        if flags & _RADIO:
            return _radio_key(state, opt) if state and state != "/Off" else None
        return state is not None and state != "/Off"
    text_ = _text(value)
    if kind == "/Ch":
        return _choice_key(value, text_, opt)
    return text_


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Name):
        return str(value)[1:]
    if isinstance(value, list):
        return ", ".join(t for t in (_text(v) for v in value) if t)
    return str(value)


def _options(opt) -> list[tuple[str, str]]:
    """(export value, display label) pairs from /Opt."""
    out = []
    if isinstance(opt, list):
        for item in opt:
            if isinstance(item, list) and len(item) >= 2:
                out.append((_text(item[0]) or "", _text(item[1]) or ""))
            else:
                text_ = _text(item) or ""
                out.append((text_, text_))
    return out


def _choice_key(value, text_: str | None, opt) -> str | None:
    """An index into /Opt becomes its export value; a label a viewer stored instead of the key
    is mapped by the field type (docgen.spec.fields.Choice), with the options of the spec."""
    if text_ is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        options = _options(opt)
        return options[value][0] if 0 <= value < len(options) else text_
    return text_


def _radio_key(state: str, opt) -> str:
    name = state[1:] if state.startswith("/") else state
    options = _options(opt)
    if name.isascii() and name.isdigit() and options and int(name) < len(options):  # index states with /Opt
        return options[int(name)][0]
    return name


__all__ = ["read_pdf", "open_pdf", "read_fast", "read_qpdf"]
