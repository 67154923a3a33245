"""Reading DOCX forms edited the way Word and LibreOffice edit them, and refusing bad files."""

import io
import zipfile

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from docgen.cli import main
from docgen.forms import build_form
from docgen.parse import FormError, parse_bytes
from docgen.parse.docx import parse_docx
from docgen.policy import load_policy
from docgen.render.docx import fill_docx, render_docx
from tests.helpers.docx_ticks import document, repackage
from tests.helpers.older_forms import with_dropdowns
from tests.helpers.policies import POLICIES

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
NS = {"w": W, "w15": W15}


@pytest.fixture(scope="module")
def spec():
    return build_form(load_policy(POLICIES / "worcestershire.yaml"), "session-record")


def edit(data: bytes, change) -> bytes:
    """Apply `change(root)` to word/document.xml and repackage, as an editor saving would."""
    root = document(data)
    change(root)
    return repackage(data, root)


def control(root, tag, n=0):
    return root.xpath(f"//w:sdt[w:sdtPr/w:tag/@w:val='{tag}']", namespaces=NS)[n]


def content(sdt, xml: str):
    """Replace a control's content with raw runs and drop its placeholder state."""
    pr = sdt.find(f"{{{W}}}sdtPr")
    plc = pr.find(f"{{{W}}}showingPlcHdr")
    if plc is not None:
        pr.remove(plc)
    box = sdt.find(f"{{{W}}}sdtContent")
    for child in list(box):
        box.remove(child)
    for node in etree.fromstring(f'<x xmlns:w="{W}">{xml}</x>'):
        box.append(node)


def test_text_split_across_runs_with_proofing_marks(spec):
    data = edit(
        render_docx(spec).data,
        lambda r: content(
            control(r, "supervisor"),
            '<w:r><w:t>Bo</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr>'
            '<w:t xml:space="preserve">b Sm</w:t></w:r><w:proofErr w:type="spellEnd"/><w:r><w:t>ith</w:t></w:r>',
        ),
    )
    assert parse_docx(data).values["supervisor"] == "Bob Smith"


def test_tracked_changes_deleted_text_is_not_the_value(spec):
    data = edit(
        render_docx(spec).data,
        lambda r: content(
            control(r, "notes"),
            '<w:r><w:t xml:space="preserve">Kept </w:t></w:r>'
            '<w:del w:id="1" w:author="A"><w:r><w:delText>gone</w:delText></w:r></w:del>'
            '<w:ins w:id="2" w:author="A"><w:r><w:t>added</w:t></w:r></w:ins>',
        ),
    )
    assert parse_docx(data).values["notes"] == "Kept added"


def test_line_breaks_and_tabs(spec):
    data = edit(
        render_docx(spec).data,
        lambda r: content(
            control(r, "notes"), "<w:r><w:t>one</w:t><w:br/><w:t>two</w:t><w:tab/><w:t>three</w:t></w:r>"
        ),
    )
    assert parse_docx(data).values["notes"] == "one\ntwo\tthree"


def test_tab_stops_in_a_paragraph_are_not_tabs_in_the_answer(spec):
    """Word writes a paragraph's tab stops as w:tab inside w:pPr/w:tabs; only w:tab in a run is text."""
    data = edit(
        render_docx(spec).data,
        lambda r: content(
            control(r, "notes"),
            '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/><w:tab w:val="left" w:pos="1440"/>'
            "</w:tabs></w:pPr><w:r><w:t>one</w:t><w:tab/><w:t>two</w:t></w:r></w:p>"
            '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
            "<w:r><w:t>three</w:t></w:r></w:p>",
        ),
    )
    assert parse_docx(data).values["notes"] == "one\ttwo\nthree"


def test_placeholder_state_means_empty(spec):
    assert parse_docx(render_docx(spec).data).values["supervisor"] is None


def test_lost_repeating_section_wrapper_is_regrouped_by_row(spec):
    values = {
        "actions_support": [
            {"action": "a1", "by_whom": "A", "by_when": "2026-01-31"},
            {"action": "a2", "by_whom": "B", "by_when": "2026-02-28"},
        ]
    }
    filled = fill_docx(render_docx(spec).data, values)

    def unwrap(root):  # what LibreOffice does on save: rows survive, the wrappers do not
        for sdt in root.xpath(
            "//w:sdt[w:sdtPr/w15:repeatingSection or w:sdtPr/w15:repeatingSectionItem]", namespaces=NS
        ):
            parent = sdt.getparent()
            index = parent.index(sdt)
            for child in reversed(list(sdt.find(f"{{{W}}}sdtContent"))):
                parent.insert(index, child)
            parent.remove(sdt)

    data = edit(filled, unwrap)
    assert b"repeatingSection" not in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    assert parse_docx(data).values["actions_support"] == values["actions_support"]


def test_deleted_and_duplicated_controls_are_issues_not_crashes(spec):
    def change(root):
        sdt = control(root, "supervisor")
        sdt.getparent().remove(sdt)
        notes = control(root, "notes")
        twin = etree.fromstring(etree.tostring(notes))
        notes.addnext(twin)
        content(notes, "<w:r><w:t>first</w:t></w:r>")
        content(twin, "<w:r><w:t>second</w:t></w:r>")

    record = parse_docx(edit(render_docx(spec).data, change))
    codes = {(i.field, i.code) for i in record.issues}
    assert ("supervisor", "missing-control") in codes
    assert ("notes", "duplicate-control") in codes
    assert record.values["notes"] == "first"


def test_a_control_the_form_does_not_define_is_reported(spec):
    def change(root):
        twin = etree.fromstring(etree.tostring(control(root, "notes")))
        twin.find(f"{{{W}}}sdtPr/{{{W}}}tag").set(f"{{{W}}}val", "added_by_someone")
        control(root, "notes").addnext(twin)

    record = parse_docx(edit(render_docx(spec).data, change))
    assert ("added_by_someone", "unknown-control") in {(i.field, i.code) for i in record.issues}
    assert "added_by_someone" not in record.values


def test_legacy_form_fields_are_read(spec):
    def change(root):
        body = root.find(f"{{{W}}}body")
        sdt = control(root, "supervisor")
        sdt.getparent().remove(sdt)
        legacy = (
            '<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="supervisor"/><w:textInput/>'
            "</w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMTEXT </w:instrText></w:r>"
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Legacy Name</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        )
        body.insert(0, etree.fromstring(f'<x xmlns:w="{W}">{legacy}</x>')[0])

    record = parse_docx(edit(render_docx(spec).data, change))
    assert record.values["supervisor"] == "Legacy Name"


def test_prompt_text_left_as_the_answer_reads_as_empty(spec):
    data = edit(render_docx(spec).data, lambda r: content(control(r, "supervisor"), "<w:r><w:t>Enter text</w:t></w:r>"))
    record = parse_docx(data)
    assert record.values["supervisor"] is None
    assert ("supervisor", "placeholder-left") in {(i.field, i.code) for i in record.issues}


def test_every_issue_code_is_exercised():
    from docgen.parse.record import ISSUE_CODES
    from tests.helpers.layout import every_test_module

    tests = "".join(p.read_text() for p in every_test_module())
    assert [code for code in ISSUE_CODES if f'"{code}"' not in tests] == []


def test_dropdown_label_typed_instead_of_chosen_maps_to_key(spec):
    data = edit(
        with_dropdowns(spec),  # a form issued before choices were tick boxes
        lambda r: content(control(r, "supervision_type"), "<w:r><w:t>planned/formal supervision</w:t></w:r>"),
    )
    assert parse_docx(data).values["supervision_type"] == "one_to_one"


def test_a_dropdown_choice_is_read_by_its_own_list_entry(spec):
    """The list in the control says which key each shown text stands for (w:listItem w:value),
    even when an editor renamed the entry, so it no longer matches the form's label."""

    def rename(root):
        sdt = control(root, "supervision_type")
        item = sdt.xpath(".//w:listItem[@w:value='one_to_one']", namespaces=NS)[0]
        item.set(f"{{{W}}}displayText", "Formal 1:1")
        content(sdt, "<w:r><w:t>Formal 1:1</w:t></w:r>")

    record = parse_docx(edit(with_dropdowns(spec), rename))
    assert record.values["supervision_type"] == "one_to_one"
    assert [i for i in record.issues if i.field == "supervision_type"] == []


def test_value_outside_the_options_is_an_issue(spec):
    data = edit(
        with_dropdowns(spec), lambda r: content(control(r, "supervision_type"), "<w:r><w:t>Coffee chat</w:t></w:r>")
    )
    record = parse_docx(data)
    assert [(i.field, i.code) for i in record.issues if i.code == "bad-value"] == [("supervision_type", "bad-value")]


def test_unreadable_date_is_an_issue_not_a_crash(spec):
    data = edit(
        render_docx(spec).data, lambda r: content(control(r, "session_date"), "<w:r><w:t>next Tuesday</w:t></w:r>")
    )
    record = parse_docx(data)
    assert any(i.field == "session_date" and i.code == "bad-value" for i in record.issues)


# --- bad files ------------------------------------------------------------------------------


def zip_of(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, payload in members.items():
            zf.writestr(name, payload)
    return out.getvalue()


def plain_word_document() -> bytes:
    import docx as python_docx

    out = io.BytesIO()
    python_docx.Document().save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "data,code",
    [
        (b"hello, not a document", "not-docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "encrypted"),
        (b"PK\x03\x04" + b"\0" * 100, "corrupt"),
        (zip_of({"a.txt": b"x"}), "not-docx"),
        (
            zip_of(
                {
                    "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
                    "customXml/item1.xml": b'<docgen xmlns="urn:docgen:manifest:1"><fields>{}</fields></docgen>',
                }
            ),
            "unsafe-xml",
        ),
        (
            zip_of(
                {
                    "word/document.xml": b"<x/>" + b" " * (80 * 1024 * 1024),
                    "customXml/item1.xml": b'<docgen xmlns="urn:docgen:manifest:1"><fields>{}</fields></docgen>',
                }
            ),
            "zip-bomb",
        ),
    ],
    ids=["text", "encrypted", "corrupt-zip", "zip-not-docx", "doctype", "bomb"],
)
def test_bad_files_get_one_clear_error(data, code):
    with pytest.raises(FormError) as info:
        parse_bytes(data, "f.docx")
    assert info.value.code == code and info.value.message


def test_too_large_files_are_refused_before_reading(monkeypatch):
    from docgen.parse import safety

    monkeypatch.setattr(safety, "MAX_FILE", 1000)
    with pytest.raises(FormError) as info:
        parse_bytes(b"PK\x03\x04" + b"\0" * 2000, "big.docx")
    assert info.value.code == "too-large"


def test_every_form_error_code_is_exercised():
    from docgen.parse.safety import FORM_ERRORS
    from tests.helpers.layout import every_test_module

    tests = "".join(p.read_text() for p in every_test_module())
    assert [code for code in FORM_ERRORS if f'"{code}"' not in tests] == []


def test_a_word_document_not_made_by_docgen():
    with pytest.raises(FormError) as info:
        parse_bytes(plain_word_document(), "other.docx")
    assert info.value.code == "not-a-form" and "not made by docgen" in info.value.message


def test_parse_cli_names_the_file_and_never_shows_a_traceback(tmp_path, spec):
    good = tmp_path / "good.docx"
    good.write_bytes(
        fill_docx(
            render_docx(spec).data,
            {
                "supervisee": "A",
                "supervisor": "B",
                "session_date": "2026-01-05",
                "duration_minutes": 90,
                "supervision_type": "one_to_one",
            },
        )
    )
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    result = CliRunner().invoke(main, ["parse", str(good), str(bad)])
    assert result.exit_code == 1
    assert f"{bad}: the Word document is password-protected" in result.stderr
    assert "Traceback" not in result.stderr
    import json

    [line] = result.stdout.splitlines()
    assert json.loads(line)["values"]["supervisee"] == "A"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), min_size=1, max_size=8))
def test_damaged_files_give_a_form_error_or_a_record_never_anything_else(spec, flips):
    data = bytearray(fill_docx(render_docx(spec).data, {"supervisee": "A"}))
    for where, byte in flips:
        data[where % len(data)] = byte
    try:
        record = parse_bytes(bytes(data), "damaged.docx")
    except FormError as exc:
        assert exc.code in {"corrupt", "not-docx", "not-a-form", "zip-bomb", "unsafe-xml", "encrypted"}
    else:
        assert isinstance(record.values, dict)
