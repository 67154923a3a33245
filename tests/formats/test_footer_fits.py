"""A Word footer's title never runs into "Page X of Y" (issue 16 item 6): a long title is shortened
with an ellipsis, the version line kept whole."""

from lxml import etree
from reportlab.pdfbase.pdfmetrics import stringWidth

from docgen.formats.docx.parts import FOOTER_RIGHT_TAB, footer_xml

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def footer_text(xml: bytes) -> str:
    """The footer's text; its tab to the right margin is a w:tab element, not text."""
    return "".join(t.text or "" for t in etree.fromstring(xml).iter(f"{W}t"))


def test_a_long_title_is_shortened_so_the_page_count_keeps_its_place():
    title = "Supervision contract for staff in direct contact with children, young people and families " * 2
    left = footer_text(footer_xml(title.strip(), "Version 1.2, March 2025")).rsplit("Page ", 1)[0]
    assert left.endswith("…, Version 1.2, March 2025") and left.startswith("Supervision contract for staff")
    # Arial's widths (Helvetica's are the same) at the footer's 10 pt: room is left for "Page 99 of 99"
    assert stringWidth(left, "Helvetica", 10) + stringWidth("Page 99 of 99", "Helvetica", 10) < FOOTER_RIGHT_TAB / 20


def test_a_short_title_is_printed_whole():
    text = footer_text(footer_xml("Record of supervision", "Version 1.0"))
    assert text.startswith("Record of supervision, Version 1.0Page ")  # then a tab (w:tab) and the count
