"""Every shipped policy's evaluation questionnaire (and one adopted by another policy), completed by
ticking its options (and typing its answers) in poppler, pdf.js and PDFium, harvests exactly what
was ticked."""

import pytest

from docgen.forms import build_form, form_keys
from docgen.harvest import harvest, read_records
from docgen.policy import load_policy, load_policy_text
from docgen.render.pdf import render_pdf
from tests.helpers import pdf_viewers
from tests.helpers.adopting import adopting_policy
from tests.helpers.pdfium_fill import fill_in_subprocess, pdfium_fills
from tests.helpers.policies import SHIPPED


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    """Each test runs in its own folder: a PostgreSQL store's problems.csv is written in the current one."""
    monkeypatch.chdir(tmp_path)


# every shipped policy's evaluation tool, and (Worcestershire has none) a policy adopting Hertfordshire's
EVALUATIONS = [(path.stem, load_policy(path)) for path in SHIPPED if "evaluation" in form_keys(load_policy(path))]
EVALUATIONS.append(("adopting", load_policy_text(adopting_policy(), "adopting.yaml")))


@pytest.mark.parametrize(
    "client",
    [pytest.param("poppler", marks=pdf_viewers.poppler), pytest.param("pdfjs", marks=pdf_viewers.pdfjs), "pdfium"],
)
def test_evaluations_ticked_in_a_real_viewer_harvest_to_exactly_what_was_ticked(tmp_path, client, store_target):
    assert len(EVALUATIONS) >= 2
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    want = {}
    for stem, loaded in EVALUATIONS:
        spec = build_form(loaded, "evaluation")
        work = tmp_path / stem
        work.mkdir()
        if client == "pdfium":
            fills, values = pdfium_fills(spec)
            data, summary = fill_in_subprocess(render_pdf(spec).data, fills, "replace", "full", work)
            assert sorted(summary["filled"]) == sorted(fills)
        else:
            _, data, values = pdf_viewers.fill_with(client, spec, work)
        ticked = [f.id for f in spec.fields() if f.options and values[f.id] is not None]
        assert len(ticked) >= 10  # the statements, each ticked
        name = inbox / f"{stem}-evaluation.pdf"
        name.write_bytes(data)
        want[str(name.resolve())] = values
    result = harvest([inbox], store_target, jobs=1)
    assert result.counts["ok"] == len(EVALUATIONS), result.counts
    assert {r["path"]: r["values"] for r in read_records(store_target)} == want
