"""Every DOCX docgen writes is valid for Microsoft Word: Microsoft's Open XML SDK validator
(tests/helpers/word_validator.py) reports 0 errors against Office 2016 and Microsoft 365 for every
form of every shipped policy, blank and filled, and for every policy document and handout.

The validator is one process per file and version, so every file is written first and validated in
one parallel batch (a module fixture); each test then looks up its own documents' errors."""

import io
import re
import zipfile

import pytest
from lxml import etree

from docgen.forms import form_keys
from docgen.generate import build, select_forms
from docgen.policy import load_policy
from docgen.render.docx import fill_docx, render_docx
from tests.helpers.clients import fills_for
from tests.helpers.policies import SHIPPED, spec_for
from tests.helpers.word_validator import OFFICE_VERSIONS, needs_validator, summary, validate

LOADED = {path: load_policy(path) for path in SHIPPED}
FORMS = [(path, key) for path in SHIPPED for key in form_keys(LOADED[path])]
DOCUMENTS = [  # the policy document and the handouts: every generated document that is not a form
    (path, key) for path in SHIPPED for key in select_forms(LOADED[path], None) if key not in form_keys(LOADED[path])
]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"


def _name(path, key, state: str) -> str:
    return f"{path.stem}-{key.replace(':', '_')}-{state}.docx"


def filled_values(spec) -> dict:
    """A value in every control (Welsh, emoji, right-to-left, CJK, tabs and line breaks among them),
    and one row more than each repeat has, so a row is cloned."""
    _, values = fills_for(spec)
    for r in spec.repeats():
        values[r.id] = values[r.id] + values[r.id][:1]
    return values


@pytest.fixture(scope="module")
def errors(tmp_path_factory) -> dict[str, list[dict]]:
    """{file name: the validator's errors} for every generated DOCX, validated in one batch."""
    folder = tmp_path_factory.mktemp("word")
    files = {}
    for path, key in FORMS:
        spec = spec_for(path, key)
        blank = render_docx(spec, document_id=f"{path.stem}-{key}").data
        files[_name(path, key, "blank")] = blank
        files[_name(path, key, "filled")] = fill_docx(blank, filled_values(spec))
    for path, key in DOCUMENTS:
        files[_name(path, key, "document")] = render_docx(build(LOADED[path], key)).data
    for name, data in files.items():
        (folder / name).write_bytes(data)
    found: dict[str, list[dict]] = {name: [] for name in files}
    for error in validate([folder / name for name in files]):
        found[error["file"]].append(error)
    return found


@needs_validator
def test_the_batch_covers_every_form_and_document(errors):
    assert len(FORMS) >= 20 and len(DOCUMENTS) >= 10  # five shipped policies' forms, policy documents and handouts
    assert len(errors) == 2 * len(FORMS) + len(DOCUMENTS)
    assert OFFICE_VERSIONS == ("Office2016", "Microsoft365")


@needs_validator
@pytest.mark.parametrize("path,key", FORMS, ids=[f"{p.stem}-{k}" for p, k in FORMS])
@pytest.mark.parametrize("state", ["blank", "filled"])
def test_every_form_is_valid_for_word(errors, path, key, state):
    assert summary(errors[_name(path, key, state)]) == []


@needs_validator
@pytest.mark.parametrize("path,key", DOCUMENTS, ids=[f"{p.stem}-{k}" for p, k in DOCUMENTS])
def test_every_policy_document_and_handout_is_valid_for_word(errors, path, key):
    assert summary(errors[_name(path, key, "document")]) == []


@needs_validator
def test_the_validator_finds_a_schema_error_when_there_is_one(tmp_path):
    """The check can fail: settings.xml with w:compat after w:themeFontLang (the schema wants it
    before) is reported for both Office versions."""
    path, key = FORMS[0]
    data = render_docx(spec_for(path, key), document_id="bad").data
    src = zipfile.ZipFile(io.BytesIO(data))
    bad = io.BytesIO()
    with zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == "word/settings.xml":
                root = etree.fromstring(payload)
                compat = root.find(f"{{{W}}}compat")
                root.remove(compat)
                root.append(compat)  # after w:themeFontLang
                payload = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, payload)
    (tmp_path / "bad.docx").write_bytes(bad.getvalue())
    found = validate([tmp_path / "bad.docx"])
    assert {(e["version"], e["path"], e["id"]) for e in found} == {
        (version, "/word/settings.xml", "Sch_UnexpectedElementContentExpectingComplex") for version in OFFICE_VERSIONS
    }


def _item_id(data: bytes) -> str:
    props = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("customXml/itemProps1.xml"))
    return props.get(f"{{{DS}}}itemID")


def test_each_document_has_its_own_custom_xml_item_id():
    """Word tells custom XML parts apart by their item id: each document has its own, a GUID in
    braces, and the same document id gives the same item id (a rendering can be reproduced)."""
    path, key = FORMS[0]
    spec = spec_for(path, key)
    ids = [_item_id(render_docx(spec, document_id=f"doc-{n}").data) for n in range(20)]
    ids.append(_item_id(render_docx(spec).data))  # a fresh random document id
    ids.append(_item_id(render_docx(build(LOADED[DOCUMENTS[0][0]], DOCUMENTS[0][1])).data))
    assert len(set(ids)) == len(ids)
    guid = re.compile(r"\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}")
    assert all(guid.fullmatch(i) for i in ids), ids
    assert _item_id(render_docx(spec, document_id="doc-3").data) == ids[3]
    filled = fill_docx(render_docx(spec, document_id="doc-3").data, {})
    assert _item_id(filled) == ids[3]  # filling keeps the document's item id
