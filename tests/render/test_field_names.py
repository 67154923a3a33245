"""Fields a screen reader can tell apart (issue 18, item 2), read from the files themselves: in every
form of every shipped policy, each PDF tooltip (/TU) and each Word content-control title (w:alias)
is unique within the form, a required field is flagged Required (PDF Ff bit 2) and says "required"
in both formats, a date's name says its format, and a repeat row's name says its table and row.

Expectations come from the form template's fields (FieldSpec: label, type, required) and the files
read with pikepdf and lxml, never from docgen's names module."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter

import pikepdf
import pytest
from lxml import etree

from docgen.forms import form_keys
from docgen.policy import load_policy
from docgen.render.docx import fill_docx, render_docx
from docgen.render.pdf import render_pdf
from tests.helpers.policies import POLICIES, SHIPPED, spec_for

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
REQUIRED_FLAG = 1 << 1  # PDF field flag bit 2: Required
FORMAT = "dd/mm/yyyy"

FORMS = [(path, key) for path in SHIPPED for key in form_keys(load_policy(path))]
IDS = [f"{p.stem}-{k}" for p, k in FORMS]


def words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9/]+", text.casefold()))


def says(name: str, text: str) -> bool:
    """Whether a name says `text` (as words, a trailing colon aside)."""
    return words(text) in words(name)


def _spec_fields(spec):
    """field id -> (field, the repeat it is a column of, or None)."""
    out = {}
    for r in spec.repeats():
        out.update({f.id: (f, r) for f in r.fields})
    for f in spec.fields():
        out.setdefault(f.id, (f, None))
    return out


def _pdf_fields(data: bytes) -> dict[str, tuple[str, int, list[str]]]:
    """PDF field name -> (tooltip, flags, its widgets' own tooltips) of the top-level fields docgen writes."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return {
            str(f.T): (
                str(f.get("/TU", "")),
                int(f.get("/Ff", 0)),
                [str(k.TU) for k in f.get("/Kids", []) if "/TU" in k],
            )
            for f in pdf.Root.AcroForm.Fields
        }


def _pdf_place(name: str, fields: dict) -> tuple[str, int | None]:
    """(field id, row) of a PDF field name (`repeat__row__child`), as the files name them."""
    parts = name.split("__")
    if len(parts) == 3 and parts[1].isdigit() and f"{parts[0]}.{parts[2]}" in fields:
        return f"{parts[0]}.{parts[2]}", int(parts[1])
    return name, None


@pytest.mark.parametrize("path,key", FORMS, ids=IDS)
def test_pdf_tooltips_name_each_field_uniquely_with_its_context(path, key):
    spec = spec_for(path, key)
    fields = _spec_fields(spec)
    found = _pdf_fields(render_pdf(spec).data)
    tips = {name: tip for name, (tip, _, _) in found.items()}
    assert all(tips.values())
    assert [t for t, n in Counter(tips.values()).items() if n > 1] == []  # no two fields share a tooltip
    kids = [tip for _, _, widgets in found.values() for tip in widgets]
    assert [t for t, n in Counter([*kids, *tips.values()]).items() if n > 1] == [], "a tick box shares a name"
    seen = set()
    for name, (_, flags, _) in found.items():
        field_id, row = _pdf_place(name, fields)
        if field_id not in fields:  # the unsigned /Sig beside a typed name: it names its signature
            assert name.endswith("__signature") and says(tips[name], fields[name[: -len("__signature")]][0].label)
            continue
        f, repeat = fields[field_id]
        seen.add(field_id)
        assert says(tips[name], f.label), (name, tips[name])
        flagged = bool(flags & REQUIRED_FLAG)
        assert flagged == f.required, (name, tips[name])  # the Required flag where the page shows "*"
        assert ("required" in tips[name]) == f.required, tips[name]
        if f.type == "date":
            assert FORMAT in tips[name], tips[name]
        if repeat is not None:
            assert says(tips[name], repeat.label) and re.search(rf"\b(row|item) {row + 1}\b", tips[name]), tips[name]
    assert seen == set(fields) - {r.id for r in spec.repeats()}


def _controls(data: bytes):
    """(w:sdtPr, its tag, its title, the 1-based row of the repeat it sits in or None) for every
    titled content control, read with lxml."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    rows = {}
    for section in root.iter(f"{W}sdt"):
        if section.find(f"{W}sdtPr/{W15}repeatingSection") is None:
            continue
        items = [i for i in section.find(f"{W}sdtContent") if i.find(f"{W}sdtPr/{W15}repeatingSectionItem") is not None]
        for n, item in enumerate(items, 1):
            for inner in item.iter(f"{W}sdtPr"):
                rows[inner] = n
    out = []
    for pr in root.iter(f"{W}sdtPr"):
        alias, tag = pr.find(f"{W}alias"), pr.find(f"{W}tag")
        if alias is None:
            continue
        out.append((pr, tag.get(f"{W}val") if tag is not None else "", alias.get(f"{W}val"), rows.get(pr)))
    return out


@pytest.mark.parametrize("path,key", FORMS, ids=IDS)
def test_docx_control_titles_name_each_field_uniquely_with_its_context(path, key):
    spec = spec_for(path, key)
    fields = _spec_fields(spec)
    controls = _controls(render_docx(spec).data)
    titles = [title for _, _, title, _ in controls]
    assert all(titles)
    assert [t for t, n in Counter(titles).items() if n > 1] == []  # no two controls share a title
    seen = set()
    for pr, tag, title, row in controls:
        field_id, _, option = tag.partition("=")
        if field_id not in fields:  # a repeat's own section: titled with its table's label
            repeat = next(r for r in spec.repeats() if r.id == field_id)
            assert pr.find(f"{W15}repeatingSection") is not None and says(title, repeat.label)
            continue
        f, repeat = fields[field_id]
        seen.add(field_id)
        assert says(title, f.label), title
        assert ("required" in title) == f.required, title
        if option:  # a tick box: its question's name, then its option
            assert title.endswith(": " + next(o.label for o in f.options if o.key == option))
        if f.type == "date":
            assert FORMAT in title, title
        if repeat is not None:
            assert row is not None and says(title, repeat.label), title
            assert re.search(rf"\b(row|item) {row}\b", title), title
    assert seen == set(fields) - {r.id for r in spec.repeats()}


def test_the_worcestershire_actions_say_their_table_and_row():
    """The form the issue found "By whom" on nine times, with no row or table: each now says both."""
    spec = spec_for(POLICIES / "worcestershire.yaml", "session-record")
    tips = {n: tip for n, (tip, _, _) in _pdf_fields(render_pdf(spec).data).items()}
    by_whom = sorted(t for n, t in tips.items() if n.endswith("__by_whom") and n.startswith("actions_"))
    assert len(by_whom) == 9 and len(set(by_whom)) == 9
    assert tips["actions_management__1__by_whom"].endswith("Management, row 2: By whom")
    assert tips["actions_support__0__by_when"].endswith(f"Support, row 1: By when ({FORMAT})")
    titles = {(tag, row): title for _, tag, title, row in _controls(render_docx(spec).data)}
    assert titles[("actions_management.by_whom", 2)] == tips["actions_management__1__by_whom"]


def test_a_shared_label_gets_the_heading_or_what_tells_it_apart():
    """Two "Date" fields under "Signatures" (the Hertfordshire contract): each says whose it is."""
    spec = spec_for(POLICIES / "hertfordshire.yaml", "agreement:direct")
    tips = {n: tip for n, (tip, _, _) in _pdf_fields(render_pdf(spec).data).items()}
    assert "supervisor" in tips["supervisor_signed_date"].casefold().replace("signed (supervisor)", "")
    assert "supervisee" in tips["supervisee_signed_date"].casefold().replace("signed (supervisee)", "")
    assert tips["supervisor_signed_date"] != tips["supervisee_signed_date"]


def test_a_hint_is_said_briefly():
    """The hint shown on the page, its first sentence only; the whole paragraph stays on the page."""
    spec = spec_for(POLICIES / "worcestershire.yaml", "session-record")
    tips = {n: tip for n, (tip, _, _) in _pdf_fields(render_pdf(spec).data).items()}
    assert tips["supervisee"] == "Supervisee, required. Full name of the person being supervised."
    assert tips["session_date"].startswith(f"Date ({FORMAT}), required")
    herts = spec_for(POLICIES / "hertfordshire.yaml", "agreement:direct")
    frequency = next(f for f in herts.fields() if f.id == "frequency")
    assert len(frequency.help) > 200
    tip = _pdf_fields(render_pdf(herts).data)["frequency"][0]
    assert len(tip) < 120 and tip.startswith("Frequency of Supervision")


def test_rows_added_to_fill_a_word_form_take_their_own_names():
    """A form filled with more rows than it was drawn with: the copied rows are named for their rows."""
    spec = spec_for(POLICIES / "worcestershire.yaml", "session-record")
    rows = [{"by_whom": f"Person {i}"} for i in range(5)]  # the table has 3
    data = fill_docx(render_docx(spec).data, {"actions_management": rows})
    controls = _controls(data)
    titles = [title for _, _, title, _ in controls]
    assert [t for t, n in Counter(titles).items() if n > 1] == []
    by_whom = {row: title for _, tag, title, row in controls if tag == "actions_management.by_whom"}
    assert sorted(by_whom) == [1, 2, 3, 4, 5]
    assert all(re.search(rf"Management, row {row}: By whom$", title) for row, title in by_whom.items())
