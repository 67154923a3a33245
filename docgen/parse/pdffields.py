"""The field rules both PDF readers share (pdf.py): the walk over /AcroForm /Fields and the
values it finds, over plain values (`Name`, str, int, bool, list) so that the fast reader
(pdfobjects.py) and qpdf give the same answer by construction.

The walk resolves inheritance through /Kids (attributes /FT /Ff /V /Opt pass down to kids that
lack them), names a field by its partial names joined with dots, and reports loops, trees nested
more than MAX_DEPTH deep and more than MAX_FIELDS fields as damage. Values: any checkbox state
but /Off is ticked (falling back to the widgets' /AS); a radio group (docgen's tick-box choices,
whose kids' states are the option keys) reads its /V, or without one its kid whose /AS is not
/Off, as the key, nothing ticked as None; /Opt indices map back to export values;
/V given as a stream is inflated within MAX_VALUE; two fields with one name keep the first and
report an issue.
"""

from __future__ import annotations

import zlib
from typing import NamedTuple

from ..forms.fieldlist import from_pdf_name
from .pdftokens import Name, Unsupported
from .record import Issue, RawForm
from .safety import FormError

MAX_FIELDS = 20_000
MAX_DEPTH = 64  # /Kids within /Kids
MAX_VALUE = 1_000_000  # bytes: no answer in a form is anywhere near this
MAX_INFLATE = 4 * MAX_VALUE  # bytes inflated for one value, across all its stacked filters
MAX_FILTERS = 8  # filters stacked on one value stream
_RADIO, _PUSH = 1 << 15, 1 << 16


# A node of the field tree, as either reader sees it (values not yet decoded), is a tuple
# (key, attrs, title, kids, state): key is the object number and generation ((0, 0) for a direct
# object); attrs the inheritable /FT /Ff /V /Opt in the reader's own values (None if absent);
# title the partial name /T (None without one); kids the /Kids array's items (None without
# one); state the appearance state /AS when it is a name.


def walk(fields, node_of) -> list:
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
            attrs = (
                own
                if inherited is None
                else tuple(o if o is not None else i for o, i in zip(own, inherited, strict=True))
            )
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
                if attrs[2] is None:  # poppler before 23 writes a field's value into its widgets
                    attrs = (*attrs[:2], next((w[1][2] for w in nodes if w[1][2] is not None), None), *attrs[3:])
                out.append((full, attrs, [w[4] for w in nodes if w[4] is not None]))
    return out


class Odd(NamedTuple):
    """A /V of a type no answer has (a dictionary, a real number, arrays within arrays): the
    field reads as empty, with a bad-value issue that says what was found (`what`)."""

    what: str


class DamagedText(str):
    """Text whose Unicode is damaged (a lone UTF-16 surrogate): kept with U+FFFD in place of the
    damage, with a bad-value issue."""


def stream_text(raw: bytes, names: list[str], decode_other=None) -> str:
    """A /V given as a stream, inflated with a limit (a value stream can be a compression bomb):
    Flate, stacked any number of times up to MAX_FILTERS, is inflated here within one budget for
    the value (MAX_INFLATE bytes across all stages, MAX_VALUE for the result). `decode_other`
    decodes one other filter (qpdf); without it (the fast reader) others are Unsupported."""
    if len(names) > MAX_FILTERS:
        raise FormError("corrupt", f"a field's value is encoded {len(names)} times over, which docgen does not read")
    if not names:
        data = raw
    elif all(n == "/FlateDecode" for n in names):
        data, budget = raw, MAX_INFLATE
        for _ in names:
            if budget <= 0:
                raise FormError("zip-bomb", "a field's value expands to more than docgen accepts")
            data = _inflate(data, min(budget, MAX_VALUE), decode_other is None)
            budget -= len(data)
    elif len(raw) > 64 * 1024 or len(names) > 1:
        raise FormError("corrupt", "a field's value is stored in a way docgen does not read")
    elif decode_other is None:
        raise Unsupported("a value stream with a filter only qpdf decodes")
    else:
        data = decode_other()
    if len(data) > MAX_VALUE:
        raise FormError("zip-bomb", "a field's value is larger than docgen accepts")
    return data.decode("utf-8", "replace")


def _inflate(data: bytes, limit: int, fast: bool) -> bytes:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, limit)
    except zlib.error:
        if fast:
            raise Unsupported("a damaged value stream") from None  # qpdf's reader says so
        raise FormError("corrupt", "a field's value is damaged") from None
    if inflater.unconsumed_tail or len(out) >= limit and inflater.decompress(b"", 1):
        raise FormError("zip-bomb", "a field's value expands to more than docgen accepts")
    return out


def collect(fields, raw: RawForm, plain) -> list[tuple[str, object]]:
    """Put the fields' answers (and issues) into `raw`; return the signature fields that hold a
    signature, as (name, /V in the reader's own values)."""
    repeats, known = raw.form.repeat_ids, raw.form.ids
    seen: dict[str, object] = {}
    rows: dict[str, dict[int, dict]] = {rid: {} for rid in repeats}
    signatures = []
    for name, (ft, ff, v, opt), states in fields:
        kind = None if ft is None else plain(ft)
        if kind == "/Sig":  # a digital signature, not an answer; signing is the viewer's job
            if v is not None:
                signatures.append((name, v))
            continue
        value = _value(
            kind,
            None if ff is None else plain(ff),
            None if v is None else plain(v),
            None if opt is None else plain(opt),
            states,
        )
        field_id, rid, row, child = from_pdf_name(name, repeats)
        if isinstance(value, (Odd, DamagedText)) and (rid is not None or field_id in known):
            value = _odd_value(value, field_id, raw)
        if rid is not None:
            cells = rows[rid].setdefault(row, {})
            if child in cells and cells[child] != value:
                raw.issues.append(
                    Issue(f"{rid}.{child}", "duplicate-control", f'two fields are named "{name}"; the first is kept')
                )
            cells.setdefault(child, value)
            continue
        if field_id not in known:
            raw.issues.append(
                Issue(name, "unknown-control", f'the file has a field "{name}" that the form does not define')
            )
            continue
        if field_id in seen and seen[field_id] != value:
            raw.issues.append(Issue(field_id, "duplicate-control", f'two fields are named "{name}"; the first is kept'))
            continue
        seen.setdefault(field_id, value)
    raw.values.update(seen)
    for rid in repeats:
        raw.rows[rid] = [rows[rid][i] for i in sorted(rows[rid])]
    for f in raw.form.top:
        if f.id not in seen:
            raw.issues.append(Issue(f.id, "missing-control", f'the field "{f.label}" is missing from the file'))
    return signatures


def _odd_value(value, where: str, raw: RawForm) -> str | None:
    """The value of an answer stored oddly (see Odd, DamagedText), with a bad-value issue."""
    if isinstance(value, Odd):
        raw.issues.append(
            Issue(
                where,
                "bad-value",
                f"the answer is stored as {value.what}, which a form field never "
                "holds (the file was damaged or made by other software); it is "
                "read as empty",
            )
        )
        return None
    raw.issues.append(
        Issue(
            where,
            "bad-value",
            "the answer holds damaged characters (broken Unicode), shown as \ufffd; check it against the form",
        )
    )
    return str(value)


def _value(kind, flags, value, opt, states: list):
    """A field's answer from its plain attributes (/FT /Ff /V /Opt) and its widgets' states."""
    kind = "" if kind is None else str(kind)
    flags = flags if isinstance(flags, int) and not isinstance(flags, bool) else 0
    if isinstance(value, Odd):
        return value
    if kind == "/Btn":
        if flags & _PUSH:
            return None
        state = str(value) if isinstance(value, Name) else None
        if state is None:  # no /V: the widget's appearance state says what is shown
            state = next((s for s in states if s != "/Off"), "/Off" if states else None)
        if flags & _RADIO:
            return _radio_key(state, opt) if state and state != "/Off" else None
        return state is not None and state != "/Off"
    if kind == "/Ch" and type(value) is int:  # an index into /Opt
        return _choice_key(value, str(value), opt)
    return _text(value)


def _text(value) -> str | Odd | None:
    """Text from a /V (a text string, a name, an array of them for several choices); any other
    type is Odd."""
    if value is None or isinstance(value, Odd):
        return value
    if isinstance(value, Name):
        return str(value)[1:]
    if isinstance(value, str):
        return value  # DamagedText stays DamagedText
    if isinstance(value, list):
        items = [_text(v) for v in value]
        if not all(t is None or isinstance(t, str) for t in items):
            return next((t for t in items if isinstance(t, Odd)), Odd("an array holding other things than text"))
        joined = ", ".join(t for t in items if isinstance(t, str) and t)  # (all are text or None here)
        return DamagedText(joined) if any(isinstance(t, DamagedText) for t in items) else joined
    if isinstance(value, bool):
        return Odd("true or false")
    if isinstance(value, int):
        return Odd("a number (or a reference that loops back to itself)")
    return Odd("an unusual kind of PDF object")


def _label(value) -> str:
    text_ = _text(value)
    return text_ if isinstance(text_, str) else ""


def _options(opt) -> list[tuple[str, str]]:
    """(export value, display label) pairs from /Opt."""
    out = []
    if isinstance(opt, list):
        for item in opt:
            if isinstance(item, list) and len(item) >= 2:
                out.append((_label(item[0]), _label(item[1])))
            else:
                text_ = _label(item)
                out.append((text_, text_))
    return out


def _choice_key(value, text_: str | None, opt) -> str | None:
    """An index into /Opt becomes its export value; a label a viewer stored instead of the key
    is mapped by the field type (docgen.forms.fields.Choice), with the options of the spec."""
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
