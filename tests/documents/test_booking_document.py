"""The policy document states a policy's booking rules (issue 19) in the agency's words: the rule's
own text, else its source's quote, else docgen's plain sentence for it; in both formats, under
"Booking and cancelling sessions", and the forms appendix names the new forms by their titles."""

from __future__ import annotations

import io

import docx as python_docx

from docgen.documents.policy_document import build_policy_document
from docgen.policy import load_policy_text
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from tests.helpers.pdfs import pdf_text, squash
from tests.helpers.policies import minimal_policy

BOOKING = """booking:
  intro: "Sessions are booked in advance and kept."
  next_session:
    text: "At the end of every session the supervisor and supervisee agree the date of the next."
    source: {ref: own, at: "4.2"}
  cancellation_notice:
    at_least: "2 days"
    source: {ref: own, at: "4.3", quote: "Anyone cancelling gives at least 48 hours' notice."}
  rearranged:
    within: "10 days"
    counted_from: planned
    source: {ref: own, at: "4.3", basis: paraphrased}
case_discussion:
"""
FORMS = "session-record: generic_session_record"


def _docx_text(data: bytes) -> str:
    doc = python_docx.Document(io.BytesIO(data))
    return squash(
        " ".join(
            "".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
            for p in doc.element.body.iter()
            if p.tag.endswith("}p")
        )
    )


def test_the_policy_document_states_the_booking_rules_in_the_agencys_words():
    text = minimal_policy(
        **{"case_discussion:\n": BOOKING, FORMS: FORMS + "\n    session-log: session_log\n    front-sheet: front_sheet"}
    )
    spec = build_policy_document(load_policy_text(text, "p.yaml"))
    said = [
        "Booking and cancelling sessions",
        "Sessions are booked in advance and kept.",
        "At the end of every session the supervisor and supervisee agree the date of the next.",  # its text
        "Anyone cancelling gives at least 48 hours' notice.",  # its source's quote
        "A cancelled or moved session is rearranged to a date within 10 days of the day it was planned for.",
        "Supervision session log",  # the forms appendix, by title
        "Supervision file: front sheet",
    ]
    for name, data in (("docx", _docx_text(render_docx(spec).data)), ("pdf", squash(pdf_text(render_pdf(spec).data)))):
        missing = [s for s in said if squash(s) not in data]
        assert not missing, (name, missing)


def test_a_policy_without_booking_rules_says_nothing_about_booking():
    spec = build_policy_document(load_policy_text(minimal_policy(), "p.yaml"))
    data = _docx_text(render_docx(spec).data)
    assert "Booking and cancelling" not in data and "notice" not in data
