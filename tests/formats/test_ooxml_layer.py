"""One OOXML layer (docgen/formats/docx) for both directions: render and parse spell no
WordprocessingML name themselves, the parts they write use only namespaces the layer declares,
and what the renderer writes the parser reads back, control by control.

The expected values here come from the form's spec and from XML written out in the test, with
the namespaces spelled out, not from the layer under test."""

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import docgen
from docgen.formats.docx import oxml
from docgen.forms import form_keys
from docgen.parse.docx import read_docx
from docgen.policy import load_policy
from docgen.render.docx import fill_docx, render_docx
from tests.helpers.policies import POLICIES, SHIPPED, spec_for

PACKAGE = Path(docgen.__file__).parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
XML = "http://www.w3.org/XML/1998/namespace"
# a w:, w14: or w15: name in a string, an f-string's {...} or Clark notation, or an XML literal's tag
WML_NAME = re.compile(r"""["'{<]/?w(14|15)?:[A-Za-z]""")
WML_URIS = ("schemas.openxmlformats.org/wordprocessingml", "schemas.microsoft.com/office/word/")
FORMS = [(path, key) for path in SHIPPED for key in form_keys(load_policy(path))]


def parts(data: bytes) -> dict[str, bytes]:
    zf = zipfile.ZipFile(io.BytesIO(data))
    return {name: zf.read(name) for name in zf.namelist()}


@pytest.mark.parametrize("stage", ["render", "parse"])
def test_render_and_parse_spell_no_wordprocessingml_name(stage):
    found = []
    for path in sorted((PACKAGE / stage).rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if WML_NAME.search(line) or any(uri in line for uri in WML_URIS):
                found.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert found == []


def _names(node):
    """The element's name and its attributes' names (an attribute without a prefix, as DrawingML
    writes them, belongs to its element)."""
    yield node.tag
    yield from (a for a in node.attrib if a.startswith("{"))


def test_word_parts_use_only_the_namespaces_the_layer_declares():
    """Every element and prefixed attribute of word/*.xml (a form with every kind of control, and a
    handout with a picture) is in a namespace formats/docx declares, or xml:space."""
    leeds = load_policy(POLICIES / "leeds.yaml")
    from docgen.documents.handouts import build_handout

    documents = [render_docx(spec_for(path, key), document_id="d").data for path, key in FORMS[:4]]
    documents.append(render_docx(build_handout(leeds, "handout-reflective-cycle"), document_id="d").data)
    declared = set(oxml.NAMESPACES) | {XML}
    seen = set()
    for data in documents:
        for name, payload in parts(data).items():
            if not (name.startswith("word/") and name.endswith(".xml")):
                continue
            for node in etree.fromstring(payload).iter(etree.Element):
                for qname in _names(node):
                    seen.add(etree.QName(qname).namespace)
    assert seen - declared == set()
    assert {W, W15, "http://schemas.openxmlformats.org/drawingml/2006/main"} <= seen  # the walk saw them


def _answer(f):
    if f.type == "checkbox":
        return True
    if f.type == "date":
        return dt.date(2024, 5, 6)
    if f.options:
        return f.options[-1].key
    return "3" if f.type == "number" else f"Answer for {f.id}"


def _as_read(value):
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.mark.parametrize("path,key", FORMS, ids=[f"{p.stem}-{k}" for p, k in FORMS])
def test_the_parser_reads_every_control_the_renderer_wrote(path, key):
    spec = spec_for(path, key)
    repeats = {r.id: r for r in spec.repeats()}
    values: dict = {}
    for f in spec.fields():
        rid, dot, child = f.id.rpartition(".")
        if dot and rid in repeats:
            continue
        values[f.id] = _answer(f)
    for rid, r in repeats.items():  # one row more than the form has, so a row is cloned
        values[rid] = [{f.id.rpartition(".")[2]: _answer(f) for f in r.fields} for _ in range(r.rows + 1)]
    data = fill_docx(render_docx(spec, document_id="d").data, values)

    body = etree.fromstring(parts(data)["word/document.xml"])
    written = [
        s.find(f"{{{W}}}sdtPr/{{{W}}}tag").get(f"{{{W}}}val")
        for s in body.iter(f"{{{W}}}sdt")
        if s.find(f"{{{W}}}sdtPr/{{{W}}}tag") is not None
    ]
    read = [(role, tag) for _, role, tag, _ in oxml.tagged_controls(body)]
    assert [tag for role, tag in read if role != oxml.ITEM] == written
    assert [tag for role, tag in read if role == oxml.SECTION] == list(repeats)
    items = [s for s in body.iter(f"{{{W}}}sdt") if s.find(f"{{{W}}}sdtPr/{{{W15}}}repeatingSectionItem") is not None]
    assert sum(role == oxml.ITEM for role, _ in read) == len(items) == sum(r.rows + 1 for r in repeats.values())
    ids = [int(n.get(f"{{{W}}}val")) for n in body.iter(f"{{{W}}}id")]
    assert len(ids) == len(set(ids))  # cloned rows took fresh control ids

    raw = read_docx(data)
    assert raw.issues == []
    assert raw.values == {k: _as_read(v) for k, v in values.items() if k not in repeats}
    assert raw.rows == {rid: [{c: _as_read(v) for c, v in row.items()} for row in values[rid]] for rid in repeats}


LEGACY = f"""<w:body xmlns:w="{W}">
<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="who"/><w:textInput/></w:ffData></w:fldChar></w:r>
<w:r><w:instrText> FORMTEXT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>
<w:r><w:t>Ann </w:t></w:r><w:del><w:r><w:t>Deleted</w:t></w:r></w:del><w:r><w:t>Lee</w:t></w:r>
<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="agreed"/><w:checkBox><w:default w:val="0"/>
<w:checked/></w:checkBox></w:ffData></w:fldChar></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>
<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="plan__rag"/><w:ddList><w:result w:val="1"/>
<w:listEntry w:val="red"/><w:listEntry w:val="amber"/></w:ddList></w:ffData></w:fldChar></w:r>
<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="broken"/><w:ddList><w:result w:val="x"/>
</w:ddList></w:ffData></w:fldChar></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>
<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
</w:body>"""


def test_legacy_form_fields_are_read_through_the_layer():
    fields = list(oxml.legacy_fields(etree.fromstring(LEGACY)))
    assert [f.name for f in fields] == ["who", "agreed", "plan__rag", "broken"]
    assert [f.value() for f in fields[:3]] == ["Ann Lee", True, "amber"]
    with pytest.raises(ValueError):  # a value is read only when asked for: the parser asks only for known fields
        fields[3].value()


def test_styles_the_parts_refer_to_are_defined():
    data = render_docx(spec_for(*FORMS[0]), document_id="d").data
    p = parts(data)
    defined = {s.get(f"{{{W}}}styleId") for s in etree.fromstring(p["word/styles.xml"]).iter(f"{{{W}}}style")}
    used = set()
    for name in ("word/document.xml", "word/header1.xml", "word/footer1.xml"):
        for kind in ("pStyle", "rStyle", "tblStyle"):
            used |= {n.get(f"{{{W}}}val") for n in etree.fromstring(p[name]).iter(f"{{{W}}}{kind}")}
    assert {"Heading1", "Heading2", "PlaceholderText", "DocgenTable", "Header", "Footer"} <= used
    assert used <= defined
