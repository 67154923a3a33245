"""Reading tick-box choices back from Word forms: nothing ticked is an empty answer; two ticked is
an empty answer and an issue naming them (in the parsed record and in a harvest); the options are
read as one answer when an editor dropped the group control around them, and a box whose option
the form does not offer is a bad value."""

from docgen.harvest import harvest, read_records
from docgen.parse.docx import parse_docx
from docgen.render.docx import fill_docx, render_docx
from tests.helpers.docx_ticks import NS, W, boxes, document, repackage, tick, ticked_fields, two_ticked, values_choosing
from tests.helpers.policies import SHIPPED, spec_for

HERTS = next(p for p in SHIPPED if p.stem == "hertfordshire")


def test_nothing_ticked_reads_empty():
    spec = spec_for(HERTS, "session-record")
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


def test_two_ticked_is_an_issue_naming_them():
    spec = spec_for(HERTS, "session-record")
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
    spec = spec_for(HERTS, "session-record")
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


def test_options_are_one_answer_without_their_group():
    """LibreOffice writes the group back without its tag; an editor may drop it: the boxes' tags
    still say which field they answer."""
    spec = spec_for(HERTS, "session-record")
    root = document(fill_docx(render_docx(spec).data, values_choosing(spec, 2)))
    for group in root.xpath("//w:sdt[w:sdtPr/w:group]", namespaces=NS):
        content = group.find(f"{{{W}}}sdtContent")
        for child in list(content):
            group.addprevious(child)
        group.getparent().remove(group)
    assert root.xpath("//w:group", namespaces=NS) == []
    record = parse_docx(repackage(render_docx(spec).data, root))
    assert record.values["supervision_type"] == values_choosing(spec, 2)["supervision_type"]
    assert [i for i in record.issues if i.code in ("bad-value", "missing-control")] == []


def test_a_box_for_an_option_the_form_does_not_offer_is_a_bad_value():
    spec = spec_for(HERTS, "session-record")
    root = document(render_docx(spec).data)
    box = boxes(root, "supervision_type")[0]
    box.find(f"{{{W}}}sdtPr/{{{W}}}tag").set(f"{{{W}}}val", "supervision_type=coffee")
    tick(box, True)
    record = parse_docx(repackage(render_docx(spec).data, root))
    assert [(i.field, i.code) for i in record.issues if i.code == "bad-value"] == [("supervision_type", "bad-value")]
