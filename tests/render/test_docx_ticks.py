"""A choice of up to seven options in Word: its options on the page with a checkbox content control
each (tagged "<field id>=<option key>", in a group control tagged with the field id), read back as
one answer (reading what is not ticked, or ticked twice: tests/parse/test_docx_ticks_read.py). The
evaluation tool's questions are a grid; a RAG option shows its colour."""

import pytest

from docgen.forms import build_form, form_keys
from docgen.forms.fields import FIELD_TYPES
from docgen.parse.docx import parse_docx
from docgen.policy import load_policy, load_policy_text
from docgen.render.docx import fill_docx, render_docx
from tests.helpers.adopting import adopting_policy
from tests.helpers.docx_ticks import NS, W14, W, boxes, document, ticked_fields, values_choosing
from tests.helpers.policies import SHIPPED, spec_for

FORMS = [(path, key) for path in SHIPPED for key in form_keys(load_policy(path))]
WITH_TICKS = [
    (path, key)
    for path, key in FORMS
    if any(FIELD_TYPES[f.type].control_for(f) == "ticks" for f in spec_for(path, key).fields())
]
IDS = [f"{p.stem}-{k}" for p, k in WITH_TICKS]


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


# Worcestershire has no evaluation tool; a policy adopting Hertfordshire's (credited) is the second
@pytest.mark.parametrize("stem", ["hertfordshire", "adopting"])
def test_the_evaluation_questions_are_a_grid(stem):
    if stem == "adopting":
        spec = build_form(load_policy_text(adopting_policy(), "adopting.yaml"), "evaluation")
    else:
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


def test_a_value_that_is_no_option_ticks_nothing_and_says_so():
    spec = spec_for(next(p for p in SHIPPED if p.stem == "hertfordshire"), "session-record")
    rendered = render_docx(spec, {"supervision_type": "coffee", "families": [{"rag": "green"}, {"rag": "purple"}]})
    assert rendered.notes == (
        ("supervision_type", '"coffee" is not one of the options, so nothing is ticked'),
        ("families.rag", '"purple" is not one of the options, so nothing is ticked'),
    )
    record = parse_docx(rendered.data)
    assert record.values["supervision_type"] is None
    assert [row["rag"] for row in record.values["families"]] == ["green"]
