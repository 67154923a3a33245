"""Read a completed DOCX form: manifest + raw values of every content control (any depth).

Copes with: text split across runs and proofing marks; tracked changes (deleted text is not the
value); line breaks and tabs; placeholder state (= empty); repeating sections whose wrapper an
editor dropped (LibreOffice does: child controls are regrouped by table row, or by table for
block layout); controls deleted or duplicated by a user (issues, not crashes); and legacy
FORMTEXT / FORMCHECKBOX / FORMDROPDOWN fields.
"""

from __future__ import annotations

from ..formats.docx import MANIFEST_NS, is_prompt, oxml
from ..forms.fieldlist import FieldList, cell_id, from_pdf_name, split_id
from .record import Issue, RawForm, field_list, require_form
from .safety import FormError, parse_xml
from .zipread import open_zip


def read_docx(data: bytes) -> RawForm:
    zf = open_zip(data)
    budget = [100 * 1024 * 1024]
    names = set(zf.namelist())
    if "word/document.xml" not in names:
        raise FormError("not-docx", "the file is a zip archive but not a Word document")
    manifest, meta = _manifest(zf, names, budget)
    require_form(manifest, meta)
    document = zf.read("word/document.xml", budget)
    root = parse_xml(document, "word/document.xml")
    raw = RawForm(manifest, meta)
    _read_controls(root, raw)
    if oxml.LEGACY_MARK in document:  # legacy form fields are rare: look for them only when present
        _read_legacy(root, raw)
    return raw


def _manifest(zf, names, budget) -> tuple[dict, FieldList]:
    for name in sorted(
        n
        for n in names
        if n.startswith("customXml/item") and n.count("/") == 1 and not n.startswith("customXml/itemProps")
    ):
        node = parse_xml(zf.read(name, budget), name)
        if node.tag == f"{{{MANIFEST_NS}}}docgen":
            manifest = dict(node.attrib)
            fields = node.find(f"{{{MANIFEST_NS}}}fields")
            return manifest, field_list(fields.text if fields is not None and fields.text else "{}")
    raise FormError(
        "not-a-form",
        "this Word document was not made by docgen (it has no docgen manifest); docgen reads only forms it generated",
    )


def _read_controls(root, raw: RawForm) -> None:
    layouts = {r.id: r.layout for r in raw.form.repeats}
    known = raw.form.ids
    seen: dict[str, object] = {}
    rows: dict[str, dict] = {rid: {} for rid in layouts}  # repeat id -> {row anchor element: row}, in order
    items: set = set()  # repeating-section items met so far (a document is walked parents first)
    groups: set[str] = set()  # tick-box choices whose group control is in the file
    read_value, item, section, group = oxml.read_value, oxml.ITEM, oxml.SECTION, oxml.GROUP
    for sdt, role, tag, props in oxml.tagged_controls(root):
        if role == item:
            items.add(sdt)
            continue
        if not tag or tag in layouts or role == section:
            continue  # a repeat's wrapper (also when an editor dropped its w15 marker)
        if role == group:
            groups.add(tag)  # its options' boxes carry the answer
            continue
        tag, key = oxml.split_option_tag(tag)
        if key is not None:  # one option of a tick-box choice: what is ticked, gathered per field
            value: object = Ticked((key,) if read_value(sdt, props) else ())
        else:
            value = read_value(sdt, props)
        if isinstance(value, str) and len(value) < 80 and is_prompt(value.strip()):
            raw.issues.append(
                Issue(tag, "placeholder-left", "the prompt text was left in place of an answer; it is read as empty")
            )
            value = None
        rid, child = split_id(tag)
        if rid in layouts:
            row = rows[rid].setdefault(_row_anchor(sdt, layouts[rid], items), {})
            if isinstance(value, Ticked):
                before = row.get(child)
                row[child] = Ticked((before if isinstance(before, Ticked) else ()) + value)
                continue
            if child in row and row[child] != value:
                raw.issues.append(
                    Issue(tag, "duplicate-control", f'"{tag}" appears twice in one row; the first is kept')
                )
            row.setdefault(child, value)
            continue
        if tag not in known:
            raw.issues.append(
                Issue(tag, "unknown-control", f'the file has a control "{tag}" that the form does not define')
            )
            continue
        if isinstance(value, Ticked):
            before = seen.get(tag)
            seen[tag] = Ticked((before if isinstance(before, Ticked) else ()) + value)
            continue
        if tag in seen and seen[tag] != value:
            raw.issues.append(
                Issue(
                    tag,
                    "duplicate-control",
                    f'"{tag}" appears more than once with different answers; the first is kept',
                )
            )
            continue
        seen.setdefault(tag, value)
    labels = {spec.id: {o.key: o.label for o in spec.options} for spec in raw.form.specs if spec.options}
    raw.values.update({k: _one_ticked(v, k, labels, raw) for k, v in seen.items()})
    for rid, by_anchor in rows.items():
        raw.rows[rid] = [
            {c: _one_ticked(v, f"{rid}[{i}].{c}", labels, raw, cell_id(rid, c)) for c, v in r.items()}
            for i, r in enumerate(by_anchor.values())
        ]
    present = groups | set(seen) | {cell_id(rid, c) for rid in rows for r in rows[rid].values() for c in r}
    for f in raw.form.top:
        if f.id not in present:
            raw.issues.append(Issue(f.id, "missing-control", f'the field "{f.label}" is missing from the file'))


class Ticked(tuple):
    """The option keys ticked in one tick-box choice (gathered from its options' checkboxes)."""


def _one_ticked(value, where: str, labels: dict, raw: RawForm, field_id: str | None = None):
    """A tick-box choice's answer: the ticked option's key; None when nothing is ticked, and when
    more than one is (an issue says which)."""
    if not isinstance(value, Ticked):
        return value
    ticked = list(dict.fromkeys(value))
    if len(ticked) == 1:
        return ticked[0]
    if ticked:
        names = labels.get(field_id or where, {})
        shown = ", ".join(names.get(k, k) for k in ticked)
        raw.issues.append(Issue(where, "bad-value", f"more than one option is ticked ({shown}); tick one"))
    return None


def _row_anchor(sdt, layout: str, items: set):
    """What groups a repeat's controls into one row: the repeating-section item if it survived,
    otherwise the table row (table layout) or the table (block layout) that holds them."""
    wanted = oxml.TABLE_ROW if layout == "table" else oxml.TABLE
    node = sdt.getparent()
    fallback = None
    while node is not None:
        if node in items:
            return node
        if fallback is None and node.tag == wanted:
            fallback = node
        node = node.getparent()
    return fallback if fallback is not None else sdt


def _read_legacy(root, raw: RawForm) -> None:
    """Legacy form fields (FORMTEXT, FORMCHECKBOX, FORMDROPDOWN), named by field id."""
    known = raw.form.ids
    for legacy in oxml.legacy_fields(root):
        _legacy_value(legacy, known, raw)


def _legacy_value(legacy: oxml.LegacyField, known: frozenset[str], raw: RawForm) -> None:
    name = legacy.name
    field_id = from_pdf_name(name)[0]  # named as PDF fields are
    if field_id not in known or field_id in raw.values:
        return
    raw.values[field_id] = legacy.value()


def parse_docx(data: bytes):
    """Read and coerce: the typed record and its issues."""
    from .record import coerce

    return coerce(read_docx(data))


__all__ = ["read_docx", "parse_docx"]
