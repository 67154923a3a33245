"""The real-client fillers' one value planner (tests/helpers/values.py `plan`): it enters a value in
every field a rendered form has, once, and what it says docgen must read back is what docgen reads
from a form docgen filled with those values; dates, lines and extra rows come as each client
enters them."""

from __future__ import annotations

import datetime as dt
import io
import re

import pikepdf
import pytest

from docgen.forms import build_form, form_keys
from docgen.parse import parse_bytes
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from tests.helpers.policies import SHIPPED
from tests.helpers.values import plan

FORMS = [(path, key) for path in SHIPPED for key in form_keys(load_policy(path))]
IDS = [f"{p.stem}-{k}" for p, k in FORMS]
TEXTS = ["Siân ap Rhŷs", "two\nlines", "plain words"]


@pytest.mark.parametrize("path,key", FORMS, ids=IDS)
def test_the_plan_enters_every_field_of_a_rendered_form_once(path, key):
    spec = build_form(load_policy(path), key)
    pdf = pikepdf.open(io.BytesIO(render_pdf(spec).data))
    names = [str(f.T) for f in pdf.Root.AcroForm.Fields if f.get("/FT") != "/Sig"]  # signatures stay unsigned
    planned = plan(spec, TEXTS)
    assert sorted(planned.by_name()) == sorted(names)
    assert len(planned.entries) == len(names)


@pytest.mark.parametrize("path,key", FORMS, ids=IDS)
def test_docgen_reads_back_what_the_plan_says_it_must(path, key):
    spec = build_form(load_policy(path), key)
    want = plan(spec, TEXTS).want
    for name, data in (("filled.pdf", render_pdf(spec, want).data), ("filled.docx", render_docx(spec, want).data)):
        record = parse_bytes(data, name)
        assert record.values == want, name
        assert [i for i in record.issues if i.code != "not-signed"] == [], name


def test_the_plan_writes_dates_lines_and_rows_as_each_client_enters_them():
    spec = build_form(load_policy(next(p for p in SHIPPED if p.stem == "worcestershire")), "session-record")
    types = {f.id: f.type for f in spec.fields()}
    planned = plan(spec, TEXTS)
    dates = [e for e in planned.entries if types[e.field_id] == "date"]
    assert dates and all(isinstance(e.typed, dt.date) for e in dates)
    assert dt.date(2024, 2, 29) in [e.typed for e in dates]  # a leap day among them
    by_name = planned.by_name()
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4}", by_name[e.name]) for e in dates)  # the PDF viewers type dd/mm/yyyy
    assert [t for f, _, t in planned.by_control("%Y-%m-%d") if types[f] == "date"] == [e.parsed for e in dates]
    for e in planned.entries:
        if types[e.field_id] == "multiline":
            assert "\n" in e.typed, e.field_id
        elif isinstance(e.typed, str):
            assert "\n" not in e.typed, e.field_id
    more = plan(spec, TEXTS, extra_rows=1)  # Word adds an item to every repeat
    for r in spec.repeats():
        assert len(more.want[r.id]) == r.rows + 1
        assert {row for f, row, _ in more.by_control() if f.startswith(r.id + ".")} == set(range(r.rows + 1))
