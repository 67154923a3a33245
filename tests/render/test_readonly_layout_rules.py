"""The layout checker's rules for read-only documents (tests/helpers/layout_readonly.py) can fail: a
made-up one-minute guide (tests/helpers/layout_doc_samples.py), drawn clean, passes every rule; drawn
with one fault, the rule for that fault catches it."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace

from docgen.forms.tree import Heading, ListBlock, Paragraph, Section
from docgen.generate import build
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from docgen.render.docx.package import with_parts
from tests.helpers import layout_check
from tests.helpers.layout_doc_samples import (
    BODY,
    FURTHER,
    LEAD_IN,
    LEFT,
    SOURCE,
    SPEC,
    as_policy_document,
    body,
    clean,
    draw,
    facts,
    first_part,
    more,
    table,
    text,
)
from tests.helpers.layout_pages import read_document
from tests.helpers.layout_readonly import check_document, facts_for_document
from tests.helpers.policies import POLICIES


def found(data: bytes, doc_facts=None, producer: str = "docgen") -> dict[int, list]:
    out: dict[int, list] = {}
    for v in check_document(read_document(data, producer), doc_facts or facts()):
        out.setdefault(v.rule, []).append(v)
    return out


def rest(canvas, lines: int = 8) -> None:
    """The rest of the guide, on a page of its own."""
    text(canvas, 780, "Contacts", 12, bold=True)
    y = body(canvas, 760, lines)
    text(canvas, y - 6, SOURCE, 9.5)


def test_a_clean_one_page_guide_passes_every_rule():
    assert found(draw(clean)) == {}


def test_a_heading_forced_to_the_foot_of_a_page_is_caught():
    def ends_with_heading(canvas):
        y = body(canvas, first_part(canvas), 30)
        text(canvas, y - 10, FURTHER, 14, bold=True)

    result = found(draw(ends_with_heading, rest), facts(as_policy_document()))
    assert set(result) == {2}
    assert [(v.page, v.text) for v in result[2]] == [(1, FURTHER)]


def test_a_table_header_row_at_the_foot_of_a_page_is_caught():
    def header_at_foot(canvas):
        text(canvas, 770, SPEC.title, 20, bold=True)
        text(canvas, 740, SPEC.sections[0].heading, 14, bold=True)
        text(canvas, 716, LEAD_IN)
        for i, item in enumerate(("Be regular", "Be recorded")):
            text(canvas, 700 - 15 * i, f"\u2022 {item}", x=LEFT + 8)
        y = body(canvas, 670, 34)
        table(canvas, y, rows=False)

    def rows_next(canvas):
        y = table(canvas, 790)
        text(canvas, y - 30, FURTHER, 14, bold=True)
        rest(canvas)

    result = found(draw(header_at_foot, rows_next), facts(as_policy_document()))
    assert 8 in result and {v.page for v in result[8]} == {1}
    assert result[8][0].text == "Management"
    assert 8 not in found(draw(clean))  # a header with its row under it


def test_a_word_past_its_table_cell_s_right_edge_is_caught():
    spec = replace(SPEC, sections=(*SPEC.sections, Section("Teams", (Paragraph(("Team and organisational issues",)),))))

    def overflow(canvas, widths):
        text(canvas, 790, "Teams", 12, bold=True)
        table(canvas, 775, header=("Management", "Team and organisational issues"), row=("x", "y"), widths=widths)
        body(canvas, 700, 10)

    result = found(draw(clean, lambda c: overflow(c, (320.0, 100.0))), facts(as_policy_document(spec)))
    assert set(result) == {9}
    assert [(v.page, v.message) for v in result[9]] == [
        (2, '"organisational" runs past its table cell\'s edge at x=476')
    ]
    assert found(draw(clean, lambda c: overflow(c, (240.0, 240.0))), facts(as_policy_document(spec))) == {}


def test_a_word_outside_the_text_frame_is_caught():
    def wide(canvas):
        clean(canvas)
        text(canvas, 90, "Learning needs", x=RIGHT_EDGE - 60)

    result = found(draw(wide))
    assert set(result) == {9}
    assert "text frame" in result[9][0].message


RIGHT_EDGE = 595.3 - 56.7


def test_a_clipped_word_is_caught():
    def clipped(canvas):
        clean(canvas)
        text(canvas, 90, "Developme", bold=True)

    result = found(draw(clipped))
    assert set(result) == {10}
    assert '"Developme" is a clipped word ("development")' in result[10][0].message


def test_a_word_broken_over_two_lines_is_caught():
    spec = replace(SPEC, sections=(*SPEC.sections, Section("Teams", (Paragraph(("Team and organisational issues",)),))))

    def broken(canvas):
        clean(canvas)
        text(canvas, 92, "Teams", 12, bold=True)
        text(canvas, 78, "Team and organisation", x=300)
        text(canvas, 64, "al issues", x=300)

    result = found(draw(broken), facts(spec))
    assert set(result) == {10}
    assert [v.message for v in result[10]] == [
        '"organisation" is a clipped word ("organisational")',
        '"organisation" / "al": one word broken over two lines',
        '"organisational" is in the text but printed nowhere whole',
    ]


def test_a_word_hyphenated_at_a_line_s_end_is_whole():
    spec = replace(SPEC, sections=(*SPEC.sections, Section("Teams", (Paragraph(("Team and organisational issues",)),))))

    def hyphenated(canvas):
        clean(canvas)
        text(canvas, 92, "Teams", 12, bold=True)
        text(canvas, 78, "Team and organisa-", x=300)
        text(canvas, 64, "tional issues", x=300)

    assert found(draw(hyphenated), facts(spec)) == {}


def test_a_page_holding_only_the_source_line_or_a_lone_short_block_is_caught():
    def without_source(canvas):
        y = body(canvas, first_part(canvas), 20)
        text(canvas, y - 10, FURTHER, 14, bold=True)
        text(canvas, y - 34, "Contacts", 12, bold=True)
        body(canvas, y - 52, 8)

    def source_only(canvas):
        text(canvas, 780, SOURCE, 9.5)

    def short_block(canvas):
        body(canvas, 780, 2)
        text(canvas, 740, SOURCE, 9.5)

    doc = facts(as_policy_document())
    assert [v.message for v in found(draw(without_source, source_only), doc)[11]] == [
        "the page holds only the source line"
    ]
    assert [v.message for v in found(draw(without_source, short_block), doc)[11]] == [
        "the page holds only a short block (3 lines)"
    ]
    assert 11 not in found(draw(without_source, more), doc)  # a page of its own text


def test_a_lead_in_not_followed_by_its_list_is_caught():
    """'Supervision must:' followed by a stray sentence before its bullets (the tree says so)."""
    first = SPEC.sections[0]
    stray = (first.blocks[0], Paragraph(("A stray sentence.",)), *first.blocks[1:])
    spec = replace(SPEC, sections=(replace(first, blocks=stray), *SPEC.sections[1:]))

    def with_stray(canvas):
        clean(canvas)
        text(canvas, 90, "A stray sentence.")

    result = found(draw(with_stray), facts(spec))
    assert set(result) == {12}
    assert [(v.page, v.text) for v in result[12]] == [(1, LEAD_IN)]


def test_a_lead_in_at_the_foot_of_a_page_with_its_list_on_the_next_is_caught():
    def lead_in_at_foot(canvas):
        text(canvas, 770, SPEC.title, 20, bold=True)
        text(canvas, 740, SPEC.sections[0].heading, 14, bold=True)
        y = body(canvas, 716, 38)
        text(canvas, y, LEAD_IN)

    def list_next(canvas):
        for i, item in enumerate(("Be regular", "Be recorded")):
            text(canvas, 780 - 15 * i, f"\u2022 {item}", x=LEFT + 8)
        y = table(canvas, 740) - 20
        text(canvas, y, FURTHER, 14, bold=True)
        text(canvas, y - 24, "Contacts", 12, bold=True)
        y = body(canvas, y - 42, 10)
        text(canvas, y - 6, SOURCE, 9.5)

    result = found(draw(lead_in_at_foot, list_next), facts(as_policy_document()))
    assert set(result) == {12}
    assert "foot of the page" in result[12][0].message


def test_a_three_page_guide_breaks_the_one_page_rule_and_a_policy_document_does_not():
    result = found(draw(clean, more, more))
    assert set(result) == {13}
    assert result[13][0].message == "the one-minute guide runs to 3 pages (it is one page)"
    assert found(draw(clean, more, more), facts(as_policy_document())) == {}


def test_the_facts_come_from_the_document_tree():
    doc = facts()
    assert doc.headings == {SPEC.title: False, "Why supervision matters": False, FURTHER: False, "Contacts": False}
    assert doc.tables == [("Management", "Development")]
    assert doc.lead_ins == [(LEAD_IN, True)]
    assert doc.one_page == "one-minute guide" and doc.sources == (SOURCE,)
    assert {"developme", "development", "organisational"} & doc.words == {"development"}
    assert BODY.split()[1] in doc.words
    without_list = replace(SPEC.sections[0], blocks=(Paragraph((LEAD_IN,)), Paragraph((BODY,)), ListBlock(("a",))))
    assert facts(replace(SPEC, sections=(without_list,))).lead_ins == [(LEAD_IN, False)]
    # a lead-in may introduce the sub-sections that follow it, each under its heading
    headed = replace(SPEC.sections[0], blocks=(Paragraph((LEAD_IN,)), Heading("Be regular", 3), Paragraph((BODY,))))
    assert facts(replace(SPEC, sections=(headed,))).lead_ins == [(LEAD_IN, True)]


def test_the_text_frame_is_read_from_the_docx_sections():
    word = render_docx(SPEC).data
    assert facts_for_document(SPEC, word).frames[False] == (56.7, 56.7)  # 1134 twentieths of a point
    with zipfile.ZipFile(io.BytesIO(word)) as package:
        xml = package.read("word/document.xml").decode()
    wide = re.sub(r'<w:pgSz w:w="(\d+)" w:h="(\d+)"', r'<w:pgSz w:w="\2" w:h="\1"', xml)
    wide = re.sub(r'w:left="\d+"', 'w:left="850"', wide)
    assert wide != xml
    frames = facts_for_document(SPEC, with_parts(word, {"word/document.xml": wide.encode()})).frames
    assert frames[True] == (42.5, 56.7) and frames[False] == (56.7, 56.7)  # the portrait default kept


def test_the_checker_lists_every_read_only_document_of_a_policy(capsys):
    loaded = load_policy(POLICIES / "leeds.yaml")
    keys = layout_check.document_keys(loaded)
    assert keys[0] == "policy" and "handout-one-minute-guide" in keys and "preparation-sheet" not in keys
    assert all(build(loaded, key).manifest.kind for key in keys)
    layout_check.main(["--kind", "readonly", "--policy", "leeds", "--format", "pdf", "--list"])
    out = capsys.readouterr().out
    assert all(re.search(rf"leeds +{key} +pdf +read-only", out) for key in keys), out
    assert "13:one page" in out and "10:clipped word" in out and "4:short box" not in out


def test_a_heading_that_wraps_at_the_foot_of_a_page_is_stranded_too():
    """The second line of a long heading is the heading, not what it heads."""
    long = "Further information for every practitioner and manager"
    spec = replace(SPEC, sections=(*SPEC.sections[:1], replace(SPEC.sections[1], heading=long)))

    def ends_with_heading(canvas):
        y = body(canvas, first_part(canvas), 29)
        text(canvas, y - 10, "Further information for every", 14, bold=True)
        text(canvas, y - 28, "practitioner and manager", 14, bold=True)

    result = found(draw(ends_with_heading, rest), facts(as_policy_document(spec)))
    assert [(v.rule, v.page, v.text) for v in result[2]] == [(2, 1, "Further information for every")]


def test_a_heading_that_repeats_the_heading_above_it_is_caught():
    """The seed's numbered heading kept under the document's own: "Introduction", "1. Introduction"."""
    first = SPEC.sections[0]
    doubled = replace(first, blocks=(Heading("1. Why supervision matters", 3), *first.blocks))
    spec = replace(SPEC, sections=(doubled, *SPEC.sections[1:]))

    def doubled_page(canvas):
        text(canvas, 770, "Why supervision matters", 14, bold=True)
        text(canvas, 750, "1. Why supervision matters", 12, bold=True)
        body(canvas, 730, 10)

    result = found(draw(clean, doubled_page), facts(as_policy_document(spec)))
    assert set(result) == {14}
    assert [(v.page, v.text) for v in result[14]] == [(2, "1. Why supervision matters")]
    # a sub-heading of its own words under the section's heading is fine
    own = replace(first, blocks=(Heading("Contacts", 3), *first.blocks))
    assert 14 not in found(draw(clean), facts(as_policy_document(replace(SPEC, sections=(own, *SPEC.sections[1:])))))


def test_an_internal_kind_name_or_docgen_printed_is_caught():
    def kind_named(canvas):
        clean(canvas)
        text(canvas, 90, "Supervision (session-record)")

    def docgen_named(canvas):
        clean(canvas)
        text(canvas, 90, "Added by docgen")

    internal = facts_for_document(SPEC, kinds=["session-record", "evaluation", "agreement:direct"])
    assert internal.internal == {"session-record", "agreement:direct"}  # "evaluation" is a word
    result = found(draw(kind_named), internal)  # ("record" is also no whole word of the text: rule 10)
    assert result[1][0].message == 'the internal name "session-record" printed (a form is named by its title)'
    assert set(found(draw(docgen_named))) == {1}
