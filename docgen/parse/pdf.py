"""Read a completed PDF form: classify the file, then walk /AcroForm /Fields ourselves.

Uses pikepdf (qpdf): it opens damaged and object-stream files robustly, opens files encrypted
with an empty user password by itself, and reads a filled form far faster than a pure-Python
parser. Field values are read with every inherited attribute (/FT /Ff /V /Opt /Kids through
/Parent) resolved; any checkbox state but /Off is ticked (falling back to /AS); /Opt indices map
back to keys (labels stored instead of keys are mapped by the field type); /V given as a stream is
decoded; two fields with one name, and
loops in /Kids or /Parent, are reported rather than trusted.

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
from .record import Issue, RawForm, field_list, require_form
from .safety import FormError, check_size

MAX_FIELDS = 20_000
_INHERITED = ("/FT", "/Ff", "/V", "/Opt")
_RADIO, _PUSH = 1 << 15, 1 << 16


def read_pdf(data: bytes) -> RawForm:
    pdf = open_pdf(data)
    try:
        return _read(pdf)
    except FormError:
        raise
    except (pikepdf.PdfError, UnicodeError, TypeError, ValueError, KeyError, AttributeError) as exc:
        # qpdf repairs what it can while reading; what it cannot becomes one plain error
        raise FormError("corrupt", f"the PDF is damaged: {type(exc).__name__}: {exc}") from None
    finally:
        pdf.close()


def _read(pdf: pikepdf.Pdf) -> RawForm:
    acro = pdf.Root.get("/AcroForm")
    try:
        manifest, meta = _manifest(pdf)
    except FormError as exc:
        if exc.code == "not-a-form" and isinstance(acro, pikepdf.Dictionary) and len(acro.get("/Fields", [])):
            raise FormError("not-a-form", "this is a PDF form made by other software, not by docgen; docgen reads "
                                          "only the forms it generated") from None
        raise
    require_form(manifest)
    fields = list(_walk(acro)) if isinstance(acro, pikepdf.Dictionary) else []
    if not fields:
        if isinstance(acro, pikepdf.Dictionary) and "/XFA" in acro:
            raise FormError("xfa", "the PDF is an XFA form (made by Adobe LiveCycle or similar), which docgen "
                                   "cannot read; ask for the docgen PDF or Word form instead")
        raise FormError("flattened", "the PDF has no form fields left: it was flattened or printed to PDF, so "
                                     "the answers are only ink on the page; ask for the filled form itself")
    raw = RawForm(manifest, meta["fields"], meta["repeats"], meta["specs"])
    _collect(fields, raw)
    return raw


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


def _manifest(pdf: pikepdf.Pdf) -> tuple[dict, dict]:
    info = pdf.trailer.get("/Info")
    text = str(info.get("/DocgenManifest", "")) if isinstance(info, pikepdf.Dictionary) else ""
    if not text:
        raise FormError("not-a-form", "this PDF was not made by docgen (it has no docgen manifest); "
                                      "docgen reads only forms it generated")
    try:
        manifest = json.loads(text)
        if not isinstance(manifest, dict):
            raise ValueError
    except ValueError:
        raise FormError("corrupt", "the form's manifest is damaged") from None
    return manifest, field_list(str(info.get("/DocgenFields", "{}")))


def _walk(acro):
    """Terminal fields as (full name, resolved attributes, widgets), with /Parent inheritance."""
    seen: set = set()
    count = [0]

    def visit(node, parent_name: str, inherited: dict):
        key = node.objgen  # (0, 0) for a direct object
        if key != (0, 0):
            if key in seen:
                raise FormError("corrupt", "the PDF's form fields loop back on themselves")
            seen.add(key)
        count[0] += 1
        if count[0] > MAX_FIELDS:
            raise FormError("corrupt", f"the PDF has more than {MAX_FIELDS:,} form fields")
        attrs = dict(inherited)
        for name in _INHERITED:  # `in` and [] are far cheaper than .get() or .keys() in pikepdf
            if name in node:
                attrs[name] = node[name]
        partial = str(node["/T"]) if "/T" in node else ""
        full = f"{parent_name}.{partial}" if parent_name and partial else partial or parent_name
        kids = node["/Kids"] if "/Kids" in node else None
        field_kids = [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/T" in k] \
            if isinstance(kids, pikepdf.Array) else []
        if field_kids:
            for kid in field_kids:
                yield from visit(kid, full, attrs)
            return
        widgets = [k for k in kids if isinstance(k, pikepdf.Dictionary)] if isinstance(kids, pikepdf.Array) else [node]
        yield full, attrs, widgets

    fields = acro.get("/Fields")
    if isinstance(fields, pikepdf.Array):
        for node in fields:
            if isinstance(node, pikepdf.Dictionary):
                yield from visit(node, "", {})


def _collect(fields, raw: RawForm) -> None:
    repeats = {r["id"] for r in raw.repeats}
    known = {f["id"] for f in raw.fields}
    seen: dict[str, object] = {}
    rows: dict[str, dict[int, dict]] = {rid: {} for rid in repeats}
    for name, attrs, widgets in fields:
        if attrs.get("/FT") == "/Sig":  # a digital signature, not an answer; signing is the viewer's job
            continue
        value = _value(attrs, widgets)
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
            raw.issues.append(Issue(f["id"], "missing-control", f'the field "{f["label"]}" is missing from the file'))


def _split(name: str, repeats: set) -> tuple[str | None, int, str]:
    parts = name.split(PDF_SEP)
    if len(parts) == 3 and parts[0] in repeats and parts[1].isascii() and parts[1].isdigit():
        return parts[0], int(parts[1]), parts[2]
    return None, 0, ""


def _value(attrs: dict, widgets: list):
    kind = str(attrs.get("/FT", ""))
    raw_flags = attrs.get("/Ff", 0)
    flags = raw_flags if isinstance(raw_flags, int) and not isinstance(raw_flags, bool) else 0
    value = attrs.get("/V")
    if kind == "/Btn":
        if flags & _PUSH:
            return None
        state = str(value) if isinstance(value, pikepdf.Name) else None
        if state is None:  # no /V: the widget's appearance state says what is shown
            states = [str(w.get("/AS")) for w in widgets if isinstance(w.get("/AS"), pikepdf.Name)]
            state = next((s for s in states if s != "/Off"), "/Off" if states else None)
        if flags & _RADIO:
            return _radio_key(state, attrs) if state and state != "/Off" else None
        return state is not None and state != "/Off"
    text = _text(value)
    if kind == "/Ch":
        return _choice_key(value, text, attrs.get("/Opt"))
    return text


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, pikepdf.Stream):
        return _stream_text(value)
    if isinstance(value, pikepdf.String):
        try:
            return str(value)
        except UnicodeDecodeError:  # neither PDFDocEncoding nor UTF-16 after damage
            return bytes(value).decode("latin-1")
    if isinstance(value, pikepdf.Name):
        return str(value)[1:]
    if isinstance(value, pikepdf.Array):
        return ", ".join(t for t in (_text(v) for v in value) if t)
    return str(value)


MAX_VALUE = 1_000_000  # bytes: no answer in a form is anywhere near this


def _stream_text(stream: pikepdf.Stream) -> str:
    """A /V given as a stream, inflated with a limit (a value stream can be a compression bomb)."""
    raw = stream.read_raw_bytes()
    filters = stream.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else [str(filters)] if filters else []
    if not names:
        data = raw
    elif names == ["/FlateDecode"]:
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(raw, MAX_VALUE)
        except zlib.error:
            raise FormError("corrupt", "a field's value is damaged") from None
        if inflater.unconsumed_tail:
            raise FormError("zip-bomb", "a field's value expands to more than docgen accepts")
    elif len(raw) <= 64 * 1024:
        data = stream.read_bytes()
    else:
        raise FormError("corrupt", "a field's value is stored in a way docgen does not read")
    if len(data) > MAX_VALUE:
        raise FormError("zip-bomb", "a field's value is larger than docgen accepts")
    return data.decode("utf-8", "replace")


def _options(opt) -> list[tuple[str, str]]:
    """(export value, display label) pairs from /Opt."""
    out = []
    if isinstance(opt, pikepdf.Array):
        for item in opt:
            if isinstance(item, pikepdf.Array) and len(item) >= 2:
                out.append((_text(item[0]) or "", _text(item[1]) or ""))
            else:
                text = _text(item) or ""
                out.append((text, text))
    return out


def _choice_key(value, text: str | None, opt) -> str | None:
    """An index into /Opt becomes its export value; a label a viewer stored instead of the key
    is mapped by the field type (docgen.spec.fields.Choice), with the options of the spec."""
    if text is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        options = _options(opt)
        return options[value][0] if 0 <= value < len(options) else text
    return text


def _radio_key(state: str, attrs: dict) -> str:
    name = state[1:] if state.startswith("/") else state
    options = _options(attrs.get("/Opt"))
    if name.isascii() and name.isdigit() and options and int(name) < len(options):  # index states with /Opt
        return options[int(name)][0]
    return name


__all__ = ["read_pdf", "open_pdf"]
