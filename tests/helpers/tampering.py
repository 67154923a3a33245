"""Tampered forms: real generated forms (DOCX and PDF) whose manifest and embedded field list are
rewritten where docgen keeps them (the DOCX custom XML part customXml/item1.xml, the PDF document
information dictionary's /DocgenManifest and /DocgenFields), the valid forms beside them, and a
roster naming their people."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pikepdf

from docgen.forms import build_form
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from docgen.render.docx.package import manifest_xml
from docgen.render.pdf import render_pdf

from .clients import fills_for
from .policies import POLICIES

WORCS = POLICIES / "worcestershire.yaml"
HERTS = POLICIES / "hertfordshire.yaml"  # Worcestershire has no evaluation tool: the evaluation is Hertfordshire's
_SPECS: dict = {}


def spec(key: str):
    if key not in _SPECS:
        _SPECS[key] = build_form(load_policy(HERTS if key == "evaluation" else WORCS), key)
    return _SPECS[key]


def filled(key: str, people: dict[str, str] | None = None) -> dict:
    """Values for every field of a Worcestershire form (Hertfordshire's, for the evaluation) as
    `fills_for` makes them, with the roles in `people` (role -> value) set, and a session that
    counts towards the frequency."""
    s = spec(key)
    values = dict(fills_for(s)[1])
    for f in s.fields():
        if "." in f.id:
            continue
        if people and f.role in people:
            values[f.id] = people[f.role]
        elif f.role == "supervision_type":
            values[f.id] = "one_to_one"
        elif f.role in ("session_date", "agreement_date", "signature_supervisee_date", "signature_supervisor_date"):
            values[f.id] = "2025-01-10"
    return values


ANN = {"supervisee": "Ann Example", "supervisor": "Sam Lead"}
BO = {"supervisee": "Bo Example", "supervisor": "Sam Lead"}


# --- rewriting a form's manifest and field list where docgen keeps them ---------------------------


def manifest_of(data: bytes) -> tuple[dict, dict]:
    """The manifest and the field list (as JSON data) a generated DOCX or PDF carries."""
    if data.startswith(b"%PDF"):
        pdf = pikepdf.open(io.BytesIO(data))
        return json.loads(str(pdf.docinfo["/DocgenManifest"])), json.loads(str(pdf.docinfo["/DocgenFields"]))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        from lxml import etree

        root = etree.fromstring(zf.read("customXml/item1.xml"))
    fields = root[0].text
    return dict(root.attrib), json.loads(fields)


def rewrite(data: bytes, manifest: dict, fields: dict) -> bytes:
    """The same file with another manifest and field list."""
    fields_json = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    if data.startswith(b"%PDF"):
        pdf = pikepdf.open(io.BytesIO(data))
        pdf.docinfo["/DocgenManifest"] = json.dumps(manifest)
        pdf.docinfo["/DocgenFields"] = fields_json
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    members["customXml/item1.xml"] = manifest_xml(manifest, fields_json)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, payload in members.items():
            zf.writestr(name, payload)
    return out.getvalue()


def _set(key, value):
    def change(m, f):
        m[key] = value

    return change


def _field_id(new_id):
    def change(m, f):
        f["fields"][0]["id"] = new_id  # the first field: the supervisee's name

    return change


def _role(role):
    def change(m, f):
        f["fields"][0]["role"] = role

    return change


def _relabel(m, f):  # a session record that says it is a signed agreement: kind and form id both
    m["kind"], m["form_id"] = "agreement", "worcestershire_agreement"


def _relabel_with_roles(m, f):  # ...and a field list that has an agreement's roles, so only the policy can tell
    _relabel(m, f)
    f["fields"] = [
        dict(e, role="agreement_review_date") if e.get("role") == "next_session_date" else e for e in f["fields"]
    ]


def _variant(m, f):  # ...as a variant of the agreement that Worcestershire does not have
    _relabel_with_roles(m, f)
    m["kind"] = "agreement:direct"


def _repeat_id(new_id):
    def change(m, f):
        old = f["repeats"][0]["id"]
        f["repeats"][0]["id"] = new_id
        for e in f["fields"]:
            if e["id"].startswith(old + "."):
                e["id"] = new_id + "." + e["id"].partition(".")[2]

    return change


# name -> (change to the manifest and field list, formats, code without --policy, code with --policy)
TAMPERED = {
    "kind-documents": (_set("kind", "documents"), "docx pdf", "tampered-form", "tampered-form"),
    "kind-meta": (_set("kind", "meta"), "docx pdf", "tampered-form", "tampered-form"),
    "kind-forms": (_set("kind", "forms"), "docx pdf", "tampered-form", "tampered-form"),
    "kind-issues": (_set("kind", "issues"), "docx", "tampered-form", "tampered-form"),
    "kind-sqlite": (_set("kind", "sqlite_master"), "pdf", "tampered-form", "tampered-form"),
    "kind-up": (_set("kind", "../../x"), "docx pdf", "tampered-form", "tampered-form"),
    "kind-abs": (None, "docx pdf", "tampered-form", "tampered-form"),  # /abs/x: set per test (a path of its own)
    "kind-number": (_set("kind", 7), "pdf", "corrupt", "corrupt"),  # not text
    "kind-list": (_set("kind", ["agreement"]), "pdf", "corrupt", "corrupt"),  # not text
    "kind-formula": (_set("kind", '=HYPERLINK("http://x","y")'), "docx", "tampered-form", "tampered-form"),
    "form-id-path": (_set("form_id", "../forms"), "pdf", "tampered-form", "tampered-form"),
    "form-id-number": (_set("form_id", 3), "pdf", "corrupt", "corrupt"),  # not text
    "field-sha256": (_field_id("_sha256"), "docx pdf", "tampered-form", "tampered-form"),
    "field-document-id": (_field_id("_document_id"), "docx", "tampered-form", "tampered-form"),
    "field-form-id": (_field_id("_form_id"), "pdf", "tampered-form", "tampered-form"),
    "field-policy-id": (_field_id("_policy_id"), "docx", "tampered-form", "tampered-form"),
    "field-rowid": (_field_id("rowid"), "pdf", "tampered-form", "tampered-form"),
    "field-formula": (_field_id('=HYPERLINK("http://x","y")'), "docx pdf", "tampered-form", "tampered-form"),
    "field-quote": (_field_id('a" TEXT, "b'), "pdf", "tampered-form", "tampered-form"),
    "repeat-row": (_repeat_id("_row"), "docx", "tampered-form", "tampered-form"),
    "repeat-path": (_repeat_id("../x"), "pdf", "tampered-form", "tampered-form"),
    "role-list": (_role([]), "pdf", "corrupt", "corrupt"),  # (it crashed the reader)
    "role-unknown": (_role("owner"), "docx", "tampered-form", "tampered-form"),
    "relabelled": (_relabel, "docx pdf", "tampered-form", "tampered-form"),
    "relabelled-roles": (_relabel_with_roles, "pdf", None, "form-mismatch"),
    "variant-unknown": (_variant, "docx", None, "form-mismatch"),
}


def tampered_files(folder: Path, abs_target: Path) -> dict[str, str]:
    """Ann's session record, rewritten each way of TAMPERED, in both formats: file name -> case name."""
    values = filled("session-record", ANN)
    made = {}
    for fmt, render in (("docx", render_docx), ("pdf", render_pdf)):
        data = render(spec("session-record"), values).data
        for name, (change, formats, _, _) in TAMPERED.items():
            if fmt not in formats.split():
                continue
            manifest, fields = manifest_of(data)
            (change or _set("kind", str(abs_target)))(manifest, fields)
            file = f"{name}.{fmt}"
            (folder / file).write_bytes(rewrite(data, manifest, fields))
            made[file] = name
    return made


def valid_files(folder: Path) -> dict[Path, dict]:
    """Ten valid forms: Ann's and Bo's session records, Bo's signed agreement (twice), and a case
    record, an evaluation and a preparation sheet in each format. Path -> the values filled in."""
    plan = [
        ("session-record", ANN, "docx"),
        ("session-record", BO, "pdf"),
        ("agreement", BO, "docx"),
        ("agreement", BO, "pdf"),
        ("case-record", BO, "docx"),
        ("case-record", BO, "pdf"),
        ("evaluation", None, "docx"),
        ("evaluation", None, "pdf"),
        ("preparation-sheet", BO, "docx"),
        ("preparation-sheet", BO, "pdf"),
    ]
    want = {}
    for n, (key, people, fmt) in enumerate(plan):
        values = filled(key, people)
        file = folder / f"valid-{n}-{key}.{fmt}"
        file.write_bytes((render_docx if fmt == "docx" else render_pdf)(spec(key), values).data)
        want[file.resolve()] = values
    return want


ROSTER = (
    "staff_id,name,supervisor_id,team,experience,employment,contact,start_date\n"
    "S,Sam Lead,,T,experienced,full_time,direct,2020-01-01\n"
    "A,Ann Example,S,T,experienced,full_time,direct,2020-01-01\n"
    "B,Bo Example,S,T,experienced,full_time,direct,2020-01-01\n"
)
