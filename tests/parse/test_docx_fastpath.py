"""The DOCX reader's fast paths give exactly what the plain, slow reading gives.

`oxml.controls` reads every control's w:sdtPr markers from one walk of the tree, and `oxml.text_of`
filters tags in Python (and reads a content of one run holding one w:t directly); the references
below are the straightforward readings they replace
(`properties` of every w:sdt; a multi-tag iter() skipping text whose run sits in a w:moveFrom).
They are compared on forms rendered with random answers and on random, oddly ordered controls.
"""

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from docgen.formats.docx import oxml
from docgen.forms import build_form
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from tests.helpers.policies import POLICIES
from tests.helpers.values import TRICKY, form_values

W = oxml.W
_SPEC = build_form(load_policy(POLICIES / "worcestershire.yaml"), "session-record")


def reference_controls(root) -> list[tuple]:
    return [(sdt, oxml.properties(sdt)) for sdt in root.iter(oxml.qn("w:sdt"))]


def reference_text(node) -> str:
    out, paragraphs = [], 0
    for child in node.iter(*(oxml.qn(f"w:{t}") for t in ("t", "br", "cr", "tab", "p", "noBreakHyphen"))):
        tag = etree.QName(child).localname
        if tag == "t":
            run = child.getparent()
            parent = run.getparent() if run is not None else None
            if parent is None or parent.tag != oxml.qn("w:moveFrom"):
                out.append(child.text or "")
        elif tag == "p":
            out.append("\n" if paragraphs else "")
            paragraphs += 1
        elif tag != "tab" or child.getparent().tag != oxml.qn("w:tabs"):  # a tab stop is no text
            out.append({"tab": "\t", "noBreakHyphen": "-"}.get(tag, "\n"))
    return "".join(out)


def assert_same(root) -> None:
    fast, slow = oxml.controls(root), reference_controls(root)
    assert [sdt for sdt, _ in fast] == [sdt for sdt, _ in slow]
    for (sdt, got), (_, want) in zip(fast, slow, strict=True):
        assert got.keys() == want.keys()
        assert all(got[k] is want[k] for k in want)
        content = oxml.first_child(sdt, oxml.qn("w:sdtContent"))
        assert content is sdt.find(oxml.qn("w:sdtContent"))
        if content is not None:
            assert oxml.text_of(content) == reference_text(content)
            assert oxml.read_value(sdt, got) == oxml.read_value(sdt, oxml.properties(sdt))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(form_values(_SPEC))
def test_rendered_forms_read_the_same(values):
    data = render_docx(_SPEC, values).data
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    assert len(oxml.controls(root)) > 10
    assert_same(root)


# random controls: markers in any order and place, nested controls, every kind of text element

_MARKERS = [
    "w:tag",
    "w15:repeatingSection",
    "w15:repeatingSectionItem",
    "w:showingPlcHdr",
    "w:date",
    "w:dropDownList",
    "w:comboBox",
    "w14:checkbox",
    "w:alias",
    "w:id",
    "w:text",
]
_text = st.sampled_from(TRICKY + ["", "x"])
_leaf = st.one_of(
    _text.map(lambda t: ("t", t)),
    _text.map(lambda t: ("delText", t)),
    st.sampled_from([("br",), ("cr",), ("tab",), ("noBreakHyphen",)]),
)


def _run(parts, styled: bool = False) -> etree._Element:
    r = oxml.el("w:r")
    if styled:  # run properties first, as Word and LibreOffice write them (text_of's one-run fast path)
        oxml.sub(oxml.sub(r, "w:rPr"), "w:b")
    for part in parts:
        node = oxml.sub(r, f"w:{part[0]}")
        if part[0] in ("t", "delText"):
            node.text = part[1]
    return r


_runs = st.lists(st.builds(_run, st.lists(_leaf, max_size=3), st.booleans()), max_size=3)


@st.composite
def _content(draw, depth: int):
    """Runs, paragraphs (with tab stops in their properties), moved and deleted runs, nested controls."""
    parent = oxml.el("w:sdtContent")
    for kind in draw(st.lists(st.sampled_from(["runs", "p", "moveFrom", "moveTo", "del", "sdt"]), max_size=4)):
        if kind == "runs":
            for r in draw(_runs):
                parent.append(r)
        elif kind == "p":
            p = oxml.sub(parent, "w:p")
            if draw(st.booleans()):
                oxml.sub(oxml.sub(oxml.sub(p, "w:pPr"), "w:tabs"), "w:tab")
            for r in draw(_runs):
                p.append(r)
        elif kind == "sdt" and depth < 2:
            parent.append(draw(_control(depth + 1)))
        elif kind != "sdt":
            wrapper = oxml.sub(parent, f"w:{kind}")
            for r in draw(_runs):
                wrapper.append(r)
    return parent


@st.composite
def _control(draw, depth: int = 0):
    sdt = oxml.el("w:sdt")
    pr = oxml.el("w:sdtPr")
    for marker in draw(st.lists(st.sampled_from(_MARKERS), max_size=5)):
        node = oxml.sub(pr, marker)
        if marker == "w:tag":
            node.set(oxml.qn("w:val"), draw(st.sampled_from(["a", "b", "rows.c"])))
        if marker == "w:dropDownList":
            oxml.sub(node, "w:listItem", {"w:displayText": "x", "w:value": "key"})
    parts = [pr, draw(_content(depth))]
    if draw(st.booleans()):
        parts.append(oxml.el("w:sdtEndPr"))
    order = draw(st.permutations(parts))
    if draw(st.integers(0, 9)) == 0:  # a control with no w:sdtPr at all
        order = [p for p in order if p is not pr]
    for part in order:
        sdt.append(part)
    return sdt


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_control(), min_size=1, max_size=4))
def test_odd_controls_read_the_same(controls):
    body = oxml.el("w:body")
    for sdt in controls:
        oxml.sub(body, "w:p").append(sdt)
    root = oxml.root_element("w:document")
    root.append(body)
    assert_same(etree.fromstring(etree.tostring(root)))


def test_one_run_contents_read_the_same():
    """The contents text_of reads directly (one run: w:t, or w:rPr then w:t) and their near misses."""
    cases = [
        [("t", "answer")],
        [("t", "")],
        [("t", "one"), ("t", "two")],
        [("tab",), ("t", "x")],
        [("t", "x"), ("br",)],
        [("delText", "gone"), ("t", "kept")],
        [("t", "a"), ("t", "b"), ("t", "c")],
    ]
    for parts in cases:
        for styled in (False, True):
            content = oxml.el("w:sdtContent")
            content.append(_run(parts, styled))
            assert oxml.text_of(content) == reference_text(content), (parts, styled)
    moved = oxml.el("w:sdtContent")
    oxml.sub(moved, "w:moveFrom").append(_run([("t", "moved away")]))
    assert oxml.text_of(moved) == reference_text(moved) == ""
