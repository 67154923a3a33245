"""Tick-box choices inside agreement clauses, worked in real clients (issue 19, item 4): the agreement
with a single choice and a several-of choice, every field filled (Welsh names) and the choices
ticked in LibreOffice (DOCX, over UNO) and in poppler, pdf.js and PDFium (PDF), harvests to exactly
what was ticked, under the field ids the form names (`where_mode`, `support_offers_<key>`)."""

from __future__ import annotations

import pytest

from docgen.forms import build_form
from docgen.harvest import harvest, read_records
from docgen.policy import load_policy_text
from docgen.render.pdf import render_pdf
from tests.helpers import pdf_viewers
from tests.helpers.choice_policy import choice_policy_text
from tests.helpers.clients import fill_with_libreoffice
from tests.helpers.pdfium_fill import fill_in_subprocess, pdfium_fills

CHOICES = {"in_person", "remotely", "a_mix_of_both"}
BOXES = ["support_offers_occupational_health", "support_offers_counselling", "support_offers_peer"]


def _spec():
    return build_form(load_policy_text(choice_policy_text(), "p.yaml"), "agreement")


def _harvested(tmp_path, name: str, data: bytes) -> dict:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / name).write_bytes(data)
    result = harvest([inbox], tmp_path / "h.db", jobs=1)
    assert result.counts["ok"] == 1, result.counts
    [record] = read_records(tmp_path / "h.db")
    return record["values"]


def _check(values: dict, want: dict) -> None:
    assert values == want
    assert values["where_mode"] in CHOICES  # the ticked option's key, under the clause's field id
    assert [values[b] for b in BOXES] == [True, True, True]  # every option of the several-of choice ticked
    assert "Siân ap Rhŷs" in values.values()  # Welsh names kept


def test_the_clause_choices_ticked_in_libreoffice_harvest_exactly(libreoffice, tmp_path):
    spec = _spec()
    work = tmp_path / "lo"
    work.mkdir()
    data, want, summary, fills = fill_with_libreoffice(libreoffice, spec, work)
    assert summary["filled"] == len(fills)
    assert [f for f in fills if f[0].startswith("where_mode=")]  # the choice answered by ticking its box
    _check(_harvested(tmp_path, "agreement.docx", data), want)


@pytest.mark.parametrize(
    "client",
    [pytest.param("poppler", marks=pdf_viewers.poppler), pytest.param("pdfjs", marks=pdf_viewers.pdfjs), "pdfium"],
)
def test_the_clause_choices_ticked_in_a_pdf_viewer_harvest_exactly(tmp_path, client):
    spec = _spec()
    work = tmp_path / "work"
    work.mkdir()
    if client == "pdfium":
        fills, want = pdfium_fills(spec)
        data, summary = fill_in_subprocess(render_pdf(spec).data, fills, "replace", "full", work)
        assert sorted(summary["filled"]) == sorted(fills)
    else:
        _, data, want = pdf_viewers.fill_with(client, spec, work)
    _check(_harvested(tmp_path, "agreement.pdf", data), want)
