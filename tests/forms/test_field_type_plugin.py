"""A field type added from outside docgen: one class and one `register` line, then a template may
declare it and it goes through DOCX and PDF (render, fill, parse) and a harvest with nothing else
edited. The renderers, the parsers and the harvest ask the type what to do; none knows its name.

`Time` (a time of day, kept as "HH:MM") brings a prompt of its own and a narrow column; `Notes`
draws like a multi-line answer and `Minutes` is stored like a number, without either being called
by the name of the type it extends.
"""

from __future__ import annotations

import io
import re
import zipfile

import pikepdf
import pytest

from docgen.formats.docx import PROMPTS
from docgen.forms import build_form
from docgen.forms.fields import FIELD_TYPES, Coerced, FieldType, Multiline, Number, register
from docgen.harvest import harvest, read_records
from docgen.parse import parse_bytes
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from tests.helpers.policies import minimal_policy
from tests.helpers.stores import connect_store

TIME_PROMPT = "Enter a time (hh:mm)"


class Time(FieldType):
    """A time of day: "9:05", "09:05", "9.05", "9.05am", "2:30 pm" -> "HH:MM" (24-hour clock)."""

    name = "time"
    prompt = TIME_PROMPT
    column_weight = 1.0  # "09:05" needs little room

    def json_schema(self, f):
        return {"type": ["string", "null"], "pattern": "^[0-2][0-9]:[0-5][0-9]$", "title": f.label}

    def coerce(self, f, raw):
        text = None if raw is None else str(raw).strip() or None
        if text is None:
            return Coerced(None)
        m = re.fullmatch(r"(\d{1,2})[:.](\d{2})\s*([ap]m)?", text.casefold())
        if m:
            hour, minute, half = int(m[1]), int(m[2]), m[3]
            if half and 1 <= hour <= 12:
                hour = hour % 12 + (12 if half == "pm" else 0)
            if hour < 24 and minute < 60 and (not half or int(m[1]) <= 12):
                return Coerced(f"{hour:02d}:{minute:02d}")
        return Coerced(text, (f'"{text}" is not a time of day; write it as hh:mm',))


class Notes(Multiline):
    """Draws like a multi-line answer (its behaviour comes from the class it extends)."""

    name = "notes"


class Minutes(Number):
    """A length of time in whole minutes: a number, held in a NUMERIC column by a harvest."""

    name = "minutes"


TEMPLATE = """\
    docgen_template: 1
    id: local_form
    kind: preparation-sheet
    version: "1"
    title: "Visit times"
    sections:
      - heading: Details
        content:
          - field: {id: supervisee, type: text, label: Supervisee, role: supervisee}
          - field: {id: session_date, type: date, label: Date, role: session_date}
          - field: {id: start_time, type: time, label: "Start time"}
          - field: {id: finish_time, type: time, label: "Finish time"}
          - field: {id: reflections, type: notes, label: Reflections}
          - field: {id: travel, type: minutes, label: "Travel (minutes)"}
          - repeat:
              id: visits
              label: Visits
              rows: 3
              fields:
                - {id: place, type: text, label: Place}
                - {id: at, type: time, label: At}
    """


@pytest.fixture
def types():
    """Time, Notes and Minutes registered (one line each), and forgotten again after the test."""
    known, prompts = dict(FIELD_TYPES), set(PROMPTS)
    register(Time())
    register(Notes())
    register(Minutes())
    yield
    FIELD_TYPES.clear()
    FIELD_TYPES.update(known)
    PROMPTS.intersection_update(prompts)


@pytest.fixture
def form(types, write):
    write("form_templates/local_form.yaml", TEMPLATE)
    path = write(
        "policy.yaml", minimal_policy(**{"session-record: generic_session_record": "preparation-sheet: local_form"})
    )
    return build_form(load_policy(path), "preparation-sheet")


FILLED = {
    "supervisee": "Siân",
    "start_time": "9.05am",
    "finish_time": "25:00",
    "visits": [{"place": "School", "at": "2:30 pm"}, {"place": "Home", "at": "16:45"}],
}


@pytest.mark.parametrize(("render", "name"), [(render_docx, "f.docx"), (render_pdf, "f.pdf")])
def test_a_time_round_trips_through_render_fill_and_parse(form, render, name):
    assert {f.id: f.type for f in form.fields()}["start_time"] == "time"  # a template may declare it
    data = render(form, FILLED).data
    if name == "f.docx":  # the third visit's time is left empty: its control shows the type's own prompt
        xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        assert xml.count(f">{TIME_PROMPT}<") == 1
    record = parse_bytes(data, name)
    assert record.values["start_time"] == "09:05", name
    assert record.values["visits"] == [{"place": "School", "at": "14:30"}, {"place": "Home", "at": "16:45"}], name
    assert record.values["finish_time"] == "25:00"  # kept as written, with an issue saying why
    assert [(i.field, i.message) for i in record.issues] == [
        ("finish_time", '"25:00" is not a time of day; write it as hh:mm')
    ], name


def test_an_empty_time_control_shows_the_types_prompt_and_reads_as_empty(form):
    blank = render_docx(form, {"supervisee": "Siân"}).data
    body = zipfile.ZipFile(io.BytesIO(blank)).read("word/document.xml").decode()
    assert body.count(f">{TIME_PROMPT}<") == 2 + 3  # two fields, and the column in each of three rows
    for data, name in ((blank, "f.docx"), (render_pdf(form, {"supervisee": "Siân"}).data, "f.pdf")):
        record = parse_bytes(data, name)
        assert (record.values["start_time"], record.values["finish_time"]) == (None, None), name
        assert record.issues == [], name
    # an editor that drops the placeholder state leaves the prompt as text: the parser knows it is Time's
    dropped = _with_document(blank, body.replace("<w:showingPlcHdr/>", ""))
    record = parse_bytes(dropped, "f.docx")
    assert (record.values["start_time"], record.values["finish_time"]) == (None, None)
    assert {("start_time", "placeholder-left"), ("finish_time", "placeholder-left")} <= {
        (i.field, i.code) for i in record.issues
    }


def _with_document(docx: bytes, xml: str) -> bytes:
    """The same package with word/document.xml replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, xml.encode() if info.filename == "word/document.xml" else src.read(info))
    return out.getvalue()


def test_registered_types_come_back_from_a_harvest_typed_in_their_columns(form, tmp_path, store_target, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a PostgreSQL store's problems.csv is written here
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.docx").write_bytes(render_docx(form, {**FILLED, "supervisee": "A", "travel": 25}).data)
    (inbox / "b.pdf").write_bytes(
        render_pdf(form, {**FILLED, "supervisee": "B", "start_time": "23:59", "travel": "1,250"}).data
    )
    harvest([inbox], store_target, jobs=1)
    got = {r["values"]["supervisee"]: r["values"] for r in read_records(store_target)}
    assert (got["A"]["start_time"], got["B"]["start_time"]) == ("09:05", "23:59")
    assert (got["A"]["travel"], got["B"]["travel"]) == (25, 1250)
    assert type(got["A"]["travel"]) is int and type(got["B"]["travel"]) is int
    assert (
        got["A"]["visits"]
        == got["B"]["visits"]
        == [{"place": "School", "at": "14:30"}, {"place": "Home", "at": "16:45"}]
    )
    db = connect_store(store_target)
    columns = {(table, name): sql for table in db.table_names() for name, sql in db.column_types(table).items()}
    db.close()
    wanted = ("start_time", "at", "reflections", "travel")
    by_name = {name: sql for (table, name), sql in columns.items() if name in wanted}
    assert by_name == {"start_time": "TEXT", "at": "TEXT", "reflections": "TEXT", "travel": "NUMERIC"}


def test_a_type_that_draws_like_multiline_is_multi_line_in_every_format(form):
    reflections = next(f for f in form.fields() if f.id == "reflections")
    assert reflections.lines == 4  # the writing space a multi-line answer gets when the template says none
    xml = zipfile.ZipFile(io.BytesIO(render_docx(form, {}).data)).read("word/document.xml").decode()
    props = {
        m[1]: m[0]
        for m in re.finditer(r'<w:sdtPr>(?:(?!</w:sdtPr>).)*?<w:tag w:val="([^"]+)"/>.*?</w:sdtPr>', xml, re.S)
    }
    assert '<w:text w:multiLine="1"/>' in props["reflections"]
    assert "<w:text/>" in props["start_time"]
    pdf = pikepdf.open(io.BytesIO(render_pdf(form, {}).data))
    fields = {str(f.T): f for f in pdf.Root.AcroForm.Fields}
    assert int(fields["reflections"].get("/Ff", 0)) & 4096  # the PDF's multi-line flag
    assert not int(fields["start_time"].get("/Ff", 0)) & 4096
    text = "First line\nSecond line"
    for render, name in ((render_docx, "f.docx"), (render_pdf, "f.pdf")):
        assert parse_bytes(render(form, {"reflections": text}).data, name).values["reflections"] == text, name


def test_a_repeat_sizes_a_time_column_by_the_types_weight(form):
    """In the PDF, a text column is 2 parts wide to a time column's 1 (what the types declare)."""
    pdf = pikepdf.open(io.BytesIO(render_pdf(form, {}).data))
    widths = {}
    for f in pdf.Root.AcroForm.Fields:
        x0, _, x1, _ = (float(v) for v in f.Rect)
        widths[str(f.T)] = x1 - x0 + 2  # each widget sits 1 point inside its cell
    assert widths["visits__0__place"] / widths["visits__0__at"] == pytest.approx(2 / 1.0, rel=1e-3)


def test_every_renderer_draws_every_control_a_type_may_declare():
    from docgen.forms.fields import CONTROLS
    from docgen.render.docx.document import CONTROL_KINDS
    from docgen.render.pdf.layout import WIDGETS
    from docgen.render.pdf.stamp import STAMPS

    assert set(CONTROL_KINDS) == set(WIDGETS) == set(STAMPS) == set(CONTROLS)
    assert {t.control for t in FIELD_TYPES.values()} <= set(CONTROLS)


def test_a_type_with_a_control_no_renderer_draws_is_refused():
    class Slider(FieldType):
        name = "slider"
        control = "slider"

    with pytest.raises(ValueError, match="'slider' needs a name and a control, one of text, date"):
        register(Slider())
    assert "slider" not in FIELD_TYPES
