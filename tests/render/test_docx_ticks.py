"""A choice of up to seven options in Word: its options on the page with a checkbox content control
each (tagged "<field id>=<option key>", in a group control tagged with the field id), read back as
one answer; nothing ticked reads empty, two ticked is an issue (also in a harvest). The evaluation
tool's questions are a grid; a RAG option shows its colour."""

import io
import zipfile

import pytest
from lxml import etree

from docgen.forms import form_keys
from docgen.forms.fields import FIELD_TYPES
from docgen.harvest import harvest, read_records
from docgen.parse.docx import parse_docx
from docgen.policy import load_policy
from docgen.render.docx import fill_docx, render_docx
from tests.helpers.policies import SHIPPED, spec_for

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
NS = {"w": W, "w14": W14}
FORMS = [(path, key) for path in SHIPPED for key in form_keys(load_policy(path))]
WITH_TICKS = [
    (path, key)
    for path, key in FORMS
    if any(FIELD_TYPES[f.type].control_for(f) == "ticks" for f in spec_for(path, key).fields())
]
IDS = [f"{p.stem}-{k}" for p, k in WITH_TICKS]


def ticked_fields(spec):
    return [f for f in spec.fields() if FIELD_TYPES[f.type].control_for(f) == "ticks"]


def document(data: bytes):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def repackage(data: bytes, root) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = etree.tostring(root) if info.filename == "word/document.xml" else src.read(info.filename)
            dst.writestr(info, payload)
    return out.getvalue()


def boxes(root, field_id: str) -> list:
    """The option checkboxes of a field (every row of a repeat), in document order."""
    return root.xpath(f"//w:sdt[starts-with(w:sdtPr/w:tag/@w:val, '{field_id}=')]", namespaces=NS)


def tick(sdt, ticked: bool) -> None:
    """Tick or clear one box as Word does (w14:checked and the glyph)."""
    sdt.find(f"{{{W}}}sdtPr/{{{W14}}}checkbox/{{{W14}}}checked").set(f"{{{W14}}}val", "1" if ticked else "0")
    sdt.find(f".//{{{W}}}t").text = "\u2612" if ticked else "\u2610"


def values_choosing(spec, n: int) -> dict:
    """Every tick-box choice answered with its n-th option (round again), each repeat row too."""
    values: dict = {}
    repeats = {r.id: r for r in spec.repeats()}
    for f in ticked_fields(spec):
        key = f.options[n % len(f.options)].key
        rid, dot, child = f.id.rpartition(".")
        if dot:
            rows = values.setdefault(rid, [{} for _ in range(repeats[rid].rows)])
            for row in rows:
                row[child] = key
        else:
            values[f.id] = key
    return values


@pytest.mark.parametrize("path,key", WITH_TICKS, ids=IDS)
def test_every_choice_shows_its_options_each_with_a_box(path, key):
    spec = spec_for(path, key)
    root = document(render_docx(spec).data)
    repeats = {r.id: r.rows for r in spec.repeats()}
    for f in ticked_fields(spec):
        rows = repeats.get(f.id.rpartition(".")[0], 1)
        groups = root.xpath(f"//w:sdt[w:sdtPr/w:group][w:sdtPr/w:tag/@w:val='{f.id}']", namespaces=NS)
        assert len(groups) == rows, f.id
        for group in groups:
            tags = group.xpath(".//w:sdt/w:sdtPr[w14:checkbox]/w:tag/@w:val", namespaces=NS)
            assert tags == [f"{f.id}={o.key}" for o in f.options]
            if group.xpath("w:sdtContent/w:tr", namespaces=NS):
                continue  # a grid's row: the options are its column heads (test_the_evaluation_questions_are_a_grid)
            text = "".join(group.xpath(".//w:t/text()", namespaces=NS)).replace("\u00a0\u2002\u2002", "")
            for option in f.options:  # each option's word printed after its empty box
                assert f"\u2610\u00a0{option.label}" in text


@pytest.mark.parametrize("path,key", WITH_TICKS, ids=IDS)
def test_ticked_options_round_trip_as_one_answer(path, key):
    spec = spec_for(path, key)
    blank = render_docx(spec).data
    for n in range(max(len(f.options) for f in ticked_fields(spec))):
        values = values_choosing(spec, n)
        filled = fill_docx(blank, values)
        root = document(filled)
        for f in ticked_fields(spec):
            ticked = boxes(root, f.id)
            on = [
                s.find(f"{{{W}}}sdtPr/{{{W}}}tag").get(f"{{{W}}}val")
                for s in ticked
                if s.find(f"{{{W}}}sdtPr/{{{W14}}}checkbox/{{{W14}}}checked").get(f"{{{W14}}}val") == "1"
            ]
            assert set(on) == {f"{f.id}={f.options[n % len(f.options)].key}"}  # one box ticked (per row)
        record = parse_docx(filled)
        for field_id, want in values.items():
            got = record.values[field_id]
            assert (got if not isinstance(want, list) else [{c: r[c] for c in want[0]} for r in got]) == want
        assert [i for i in record.issues if i.code == "bad-value"] == []


def test_nothing_ticked_reads_empty():
    spec = spec_for(next(p for p in SHIPPED if p.stem == "hertfordshire"), "session-record")
    filled = fill_docx(render_docx(spec).data, values_choosing(spec, 1))
    root = document(filled)
    for f in ticked_fields(spec):
        for sdt in boxes(root, f.id):
            tick(sdt, False)  # the person clears the tick again
    record = parse_docx(repackage(filled, root))
    assert record.values["supervision_type"] is None
    assert record.values["families"] == []  # rows with nothing ticked or written are no rows
    assert [i for i in record.issues if i.code == "bad-value"] == []
    assert "supervision_type" in [i.field for i in record.issues if i.code == "missing-required"]


def two_ticked(spec) -> bytes:
    """Hertfordshire's session record with two types of supervision ticked, and two RAG ratings in
    the second family's row."""
    root = document(render_docx(spec).data)
    tick(boxes(root, "supervision_type")[0], True)
    tick(boxes(root, "supervision_type")[2], True)
    rag = boxes(root, "families.rag")
    tick(rag[3], True)  # the second row's first and last options
    tick(rag[5], True)
    tick(boxes(root, "families.category")[3], True)  # and one category in that row
    return repackage(render_docx(spec).data, root)


def test_two_ticked_is_an_issue_naming_them():
    spec = spec_for(next(p for p in SHIPPED if p.stem == "hertfordshire"), "session-record")
    labels = {f.id: [o.label for o in f.options] for f in spec.fields()}
    record = parse_docx(two_ticked(spec))
    assert record.values["supervision_type"] is None
    [row] = record.values["families"]
    assert row["rag"] is None
    assert row["category"] == [f for f in spec.fields() if f.id == "families.category"][0].options[0].key
    bad = [(i.field, i.message) for i in record.issues if i.code == "bad-value"]
    types, rag = labels["supervision_type"], labels["families.rag"]
    assert bad == [
        ("supervision_type", f"more than one option is ticked ({types[0]}, {types[2]}); tick one"),
        ("families[1].rag", f"more than one option is ticked ({rag[0]}, {rag[2]}); tick one"),
    ]


def test_two_ticked_shows_in_the_harvest(tmp_path):
    spec = spec_for(next(p for p in SHIPPED if p.stem == "hertfordshire"), "session-record")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "two.docx").write_bytes(two_ticked(spec))
    result = harvest([tmp_path / "in"], tmp_path / "h.db", jobs=1)
    assert result.counts == {"ok_with_issues": 1}, result.counts
    [record] = read_records(tmp_path / "h.db")
    assert record["values"]["supervision_type"] is None
    issues = [(i["field"], i["code"]) for i in record["issues"]]
    assert ("supervision_type", "bad-value") in issues and ("families[1].rag", "bad-value") in issues
    messages = " ".join(i["message"] for i in record["issues"])
    assert "more than one option is ticked" in messages and "tick one" in messages


@pytest.mark.parametrize("stem", ["hertfordshire", "worcestershire"])
def test_the_evaluation_questions_are_a_grid(stem):
    spec = spec_for(next(p for p in SHIPPED if p.stem == stem), "evaluation")
    questions = [f for f in spec.fields() if f.options]
    root = document(render_docx(spec).data)
    [grid] = [t for t in root.iter(f"{{{W}}}tbl") if t.xpath(".//w14:checkbox", namespaces=NS)]
    rows = grid.xpath(".//w:tr", namespaces=NS)
    head = rows[0]
    assert head.xpath("w:trPr/w:tblHeader", namespaces=NS)
    assert ["".join(c.xpath(".//w:t/text()", namespaces=NS)) for c in head.xpath("w:tc", namespaces=NS)] == [
        "",
        *[o.label for o in questions[0].options],
    ]
    assert len(rows) == 1 + len(questions)
    for f, tr in zip(questions, rows[1:], strict=True):
        assert tr.xpath("w:trPr/w:cantSplit", namespaces=NS)
        assert tr.getparent().getparent().xpath("w:sdtPr/w:tag/@w:val", namespaces=NS) == [f.id]  # its group
        cells = tr.xpath("w:tc", namespaces=NS)
        assert f.label in "".join(cells[0].xpath(".//w:t/text()", namespaces=NS))
        assert [c.xpath(".//w:tag/@w:val", namespaces=NS) for c in cells[1:]] == [
            [f"{f.id}={o.key}"] for o in f.options
        ]
        assert [c.xpath("w:p/w:pPr/w:jc/@w:val", namespaces=NS) for c in cells[1:]] == [["center"]] * len(f.options)
    paragraphs = [p for tr in rows[:-1] for p in tr.iter(f"{{{W}}}p")]
    assert all(p.xpath("w:pPr/w:keepNext", namespaces=NS) for p in paragraphs)  # the grid holds together


def test_a_rag_option_shows_its_colour_beside_its_word():
    spec = spec_for(next(p for p in SHIPPED if p.stem == "hertfordshire"), "case-record")
    root = document(render_docx(spec).data)
    [group] = root.xpath("//w:sdt[w:sdtPr/w:group][w:sdtPr/w:tag/@w:val='rag']", namespaces=NS)
    fills = {}
    for sdt in group.xpath(".//w:sdt[w:sdtPr/w14:checkbox]", namespaces=NS):
        key = sdt.xpath("w:sdtPr/w:tag/@w:val", namespaces=NS)[0].partition("=")[2]
        swatch = sdt.getnext().getnext()  # the box, a space, the swatch, the word
        fills[key] = swatch.xpath("w:rPr/w:shd/@w:fill", namespaces=NS)
        word = swatch.getnext()
        assert word.xpath("w:rPr/w:color", namespaces=NS) == []  # the word in the text colour (dark)
    assert fills == {"green": ["00B050"], "amber": ["FFC000"], "red": ["C00000"]}
