"""The fonts every renderer draws with: DejaVu Sans and its bold (shipped in pdf/fonts/), which
cover Welsh and the rest of Latin. Registered with reportlab once, on first use."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS = Path(__file__).parent / "pdf" / "fonts"
SANS, BOLD = "DejaVuSans", "DejaVuSans-Bold"


def register_fonts() -> None:
    if SANS not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(SANS, str(FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))


__all__ = ["FONTS", "SANS", "BOLD", "register_fonts"]
