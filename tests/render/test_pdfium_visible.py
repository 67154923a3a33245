"""What a person sees after PDFium (Chrome, Edge) fills a form and saves it: every typed value,
Welsh letters and typographic punctuation included, shows inside its own box when PDFium and
poppler draw the saved file (read from the text of the flattened pages, with each character's
or word's box); every edited field keeps its border; the fonts PDFium drew the answers with
travel in the file. The same measures on docgen's own stamped appearances are the control."""

import subprocess

import pytest

from docgen.forms import build_form, form_keys
from docgen.policy import load_policy
from docgen.render.pdf import render_pdf
from tests.helpers.pdfium_fill import fill_in_subprocess, pdfium_fills
from tests.helpers.pdfium_seen import fields_without_border, flatten, pdfium_shown, poppler_shown, render_png
from tests.helpers.policies import POLICIES, SHIPPED

FORMS = [(path, key) for path in SHIPPED for key in form_keys(load_policy(path))]
IDS = [f"{p.stem}-{k}" for p, k in FORMS]
WORCESTERSHIRE = next(p for p in SHIPPED if p.stem == "worcestershire")
CASES = [pytest.param(p, k, "replace", "full", id=f"{i}-replace-full") for (p, k), i in zip(FORMS, IDS, strict=True)]
CASES.append(
    pytest.param(WORCESTERSHIRE, "session-record", "keys", "incremental", id="worcestershire-keys-incremental")
)
# PDF's standard 14 fonts: every viewer has them, so they need not travel in the file
STANDARD = {"Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats"}


def shown_text(fills: dict) -> dict[str, str]:
    """Field name -> the text a person should see in it: what was typed (a choice's label), its
    line breaks shown as spaces; a tick (a checkbox's or a tick-box choice's) has no text."""
    return {name: " ".join(value.split()) for name, value in fills.items() if isinstance(value, str)}


def not_shown(data: bytes, fills: dict, tmp_path) -> dict[str, tuple[str, str]]:
    """ "viewer: field" -> (what it shows inside the field's box, what was typed), for every field
    that does not show exactly what was typed, in PDFium and in poppler."""
    want = shown_text(fills)
    missing = {}
    for viewer, shown in (("PDFium", pdfium_shown(data)), ("poppler", poppler_shown(data, tmp_path))):
        for name, text in want.items():
            if "".join(shown.get(name, "").split()) != "".join(text.split()):  # a box may wrap anywhere
                missing[f"{viewer}: {name}"] = (shown.get(name, ""), text)
    return missing


def unembedded_fonts(data: bytes, tmp_path) -> set[str]:
    """Fonts the flattened file draws with that are neither embedded nor one of the standard 14
    (a viewer substitutes what it has, or draws nothing)."""
    flatten(data, tmp_path / "fonts.pdf")
    out = subprocess.run(["pdffonts", str(tmp_path / "fonts.pdf")], capture_output=True, text=True, check=True)
    fonts = set()
    for line in out.stdout.splitlines()[2:]:  # name, type, encoding, then emb sub uni and the object
        columns = line.split()
        if columns[-5] != "yes" and columns[0].split("-")[0] not in STANDARD:
            fonts.add(columns[0])
    return fonts


@pytest.mark.parametrize("path,key", FORMS, ids=IDS)
def test_docgen_stamped_values_show_inside_their_boxes_in_pdfium_and_poppler(tmp_path, path, key):
    """The control: the measures find every value docgen itself stamped, with borders and fonts that travel."""
    spec = build_form(load_policy(path), key)
    fills, want = pdfium_fills(spec)
    stamped = render_pdf(spec, want).data
    assert not_shown(stamped, fills, tmp_path) == {}
    assert fields_without_border(stamped, list(fills)) == []
    assert unembedded_fonts(stamped, tmp_path) == set()


@pytest.mark.parametrize("path,key,typing,save", CASES)
def test_every_value_typed_in_pdfium_shows_inside_its_box_in_pdfium_and_poppler(tmp_path, path, key, typing, save):
    spec = build_form(load_policy(path), key)
    fills, _ = pdfium_fills(spec)
    saved, _ = fill_in_subprocess(render_pdf(spec).data, fills, typing, save, tmp_path)
    assert not_shown(saved, fills, tmp_path) == {}


@pytest.mark.parametrize("path,key,typing,save", CASES)
def test_every_field_edited_in_pdfium_keeps_its_border_and_its_fonts_travel(tmp_path, path, key, typing, save):
    spec = build_form(load_policy(path), key)
    fills, _ = pdfium_fills(spec)
    saved, _ = fill_in_subprocess(render_pdf(spec).data, fills, typing, save, tmp_path)
    assert fields_without_border(saved, list(fills)) == []
    assert unembedded_fonts(saved, tmp_path) == set()


def test_a_worcestershire_session_record_filled_in_pdfium_shows_welsh_names_exactly(tmp_path):
    """The acceptance case: a supervisee, a supervisor and notes typed in PDFium show exactly,
    drawn by PDFium and by poppler (PNGs of both are left in tmp_path for a person to look at)."""
    spec = build_form(load_policy(WORCESTERSHIRE), "session-record")
    fills = {
        "supervisee": "Siân ap Rhŷs",
        "supervisor": "Ŵyn O'Brien – ‘quoted’ …",
        "notes": "Siân ap Rhŷs and Ŵyn O'Brien – ‘quoted’ …",
    }
    problems = {}
    for typing in ("replace", "keys"):
        saved, summary = fill_in_subprocess(render_pdf(spec).data, fills, typing, "full", tmp_path)
        assert sorted(summary["filled"]) == sorted(fills)
        render_png(saved, 0, tmp_path / f"pdfium-{typing}.png")
        (tmp_path / f"saved-{typing}.pdf").write_bytes(saved)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", str(tmp_path / f"saved-{typing}.pdf")]
            + [str(tmp_path / f"poppler-{typing}")],
            check=True,
        )
        problems[typing] = (not_shown(saved, fills, tmp_path), fields_without_border(saved, list(fills)))
    assert problems == {"replace": ({}, []), "keys": ({}, [])}


def test_a_long_answer_docgen_stamps_in_a_multi_line_box_prints_whole(tmp_path):
    """A long answer (Welsh names, curly quotes) in a notes box and in an action-table cell: docgen's
    own appearance shrinks it to fit, so the flattened page shows every word inside the box."""
    spec = build_form(load_policy(POLICIES / "worcestershire.yaml"), "session-record")
    action = (
        "Siân ap Rhŷs raised concerns about Ŵyn's attendance; agreed with Gwenllian Ŷ that the team manager "
        "will contact the school, review the plan and report back ‘within two weeks’ – including a home visit … "
    )
    notes = action * 3
    values = {"notes": notes, "actions_management": [{"action": action, "by_whom": "Siân ap Rhŷs", "by_when": None}]}
    shown = pdfium_shown(render_pdf(spec, values).data)
    for name, value in (("notes", notes), ("actions_management__0__action", action)):
        assert shown[name].replace(" ", "") == value.replace(" ", ""), name
