"""The font of form fields: DejaVu Sans, subset to the Latin script, embedded as a composite
(Type0, Identity-H) TrueType font so it is not limited to 256 characters.

It covers Basic Latin, Latin-1, Latin Extended-A and -B, Latin Extended Additional (Welsh ŵ ŷ
ẁ ẃ ẅ ỳ), and common punctuation and symbols. docgen draws field appearances with it and names
it in /AcroForm /DR and each field's /DA, so viewers that redraw a field use it too. Characters
outside it (CJK, emoji, right-to-left scripts) are reported, never silently lost: the field's
value keeps them.

Its resource name is /Wingdings, on purpose. PDFium (Chrome, Edge) redraws an edited field with
the /DA font only for characters whose Windows charset matches that font's: an embedded font
counts as ANSI (cp1252), so ŵ ŷ, Polish and Czech letters and curly quotes went to system fonts
that are not embedded, or were dropped. PDFium tries the /DA font for every character, whatever
its charset, when the font's resource name is Wingdings, Wingdings2, Wingdings3 or Webdings
(CPDF_BAFontMap's constructor gives it the symbol charset; see docs/clients.md). The name is only
a key in /DR: the font itself is DejaVu Sans in every viewer.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

import pikepdf

from ..fonts import FONTS

RESOURCE = "/Wingdings"  # see above: PDFium then uses this font for every character
CHOICE_SIZE = 9.0  # the font size of dropdowns (points)
# what a dropdown's box holds besides its label: PDFium's 13 pt arrow, a 1 pt border and 2 pt
# padding each side, and 2 pt to spare (fpdfsdk/cpdfsdk_appstream.cpp SetAsComboBox)
CHOICE_CHROME = 13 + 2 * (1 + 2) + 2
RANGES = [
    (0x20, 0x7E),
    (0xA0, 0x24F),
    (0x1E00, 0x1EFF),
    (0x2010, 0x2027),
    (0x2030, 0x205E),
    (0x20AC, 0x20AC),
    (0x2122, 0x2122),
]


@dataclass(frozen=True)
class FieldFont:
    data: bytes  # the subset TrueType program
    gids: dict[int, int]  # code point -> glyph id
    widths: dict[int, int]  # glyph id -> advance, in 1/1000 em
    ascent: int
    descent: int
    bbox: tuple[int, int, int, int]

    def encode(self, text: str) -> tuple[bytes, str]:
        """2-byte glyph ids for `text`, and the characters the font cannot draw (shown as ?)."""
        out, lost = bytearray(), []
        question = self.gids[ord("?")]
        for ch in text:
            gid = self.gids.get(ord(ch))
            if gid is None:
                if ch not in "\n\t":
                    lost.append(ch)
                gid = question
            out += gid.to_bytes(2, "big")
        return bytes(out), "".join(dict.fromkeys(lost))

    def width(self, text: str, size: float) -> float:
        question = self.gids[ord("?")]
        return sum(self.widths.get(self.gids.get(ord(ch), question), 500) for ch in text) * size / 1000

    def wrap(self, text: str, size: float, width: float) -> list[str]:
        lines: list[str] = []
        for para in text.split("\n"):
            line = ""
            for word in para.split(" "):
                trial = f"{line} {word}" if line else word
                if line and self.width(trial, size) > width:
                    lines.append(line)
                    line = word
                else:
                    line = trial
            lines.append(line)
        return lines


@functools.lru_cache(maxsize=1)
def field_font() -> FieldFont:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(FONTS / "DejaVuSans.ttf"))
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = []
    options.hinting = False
    options.drop_tables = list(options.drop_tables) + ["FFTM"]
    subsetter = subset.Subsetter(options)
    wanted = [cp for lo, hi in RANGES for cp in range(lo, hi + 1)]
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
    scale = 1000 / font["head"].unitsPerEm
    gids = {cp: order[name] for cp, name in font.getBestCmap().items()}
    widths = {order[name]: round(adv * scale) for name, (adv, _) in font["hmtx"].metrics.items()}
    head, hhea = font["head"], font["hhea"]
    bbox = tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax))
    return FieldFont(buf.getvalue(), gids, widths, round(hhea.ascent * scale), round(hhea.descent * scale), bbox)


def add_to(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """Embed the field font in `pdf`; returns the Type0 font dictionary (indirect)."""
    f = field_font()
    program = pikepdf.Stream(pdf, f.data)
    program.Length1 = len(f.data)
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name("/FontDescriptor"),
        FontName=pikepdf.Name("/DejaVuSans"),
        Flags=32,
        FontBBox=pikepdf.Array(list(f.bbox)),
        ItalicAngle=0,
        Ascent=f.ascent,
        Descent=f.descent,
        CapHeight=f.ascent,
        StemV=80,
        FontFile2=program,
    )
    gids = sorted(f.widths)
    widths = pikepdf.Array([gids[0], pikepdf.Array([f.widths[g] for g in gids])]) if gids else pikepdf.Array()
    cid_font = pikepdf.Dictionary(
        Type=pikepdf.Name("/Font"),
        Subtype=pikepdf.Name("/CIDFontType2"),
        BaseFont=pikepdf.Name("/DejaVuSans"),
        CIDToGIDMap=pikepdf.Name("/Identity"),
        CIDSystemInfo=pikepdf.Dictionary(
            Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0
        ),
        FontDescriptor=pdf.make_indirect(descriptor),
        DW=600,
        W=widths,
    )
    font = pikepdf.Dictionary(
        Type=pikepdf.Name("/Font"),
        Subtype=pikepdf.Name("/Type0"),
        BaseFont=pikepdf.Name("/DejaVuSans"),
        Encoding=pikepdf.Name("/Identity-H"),
        DescendantFonts=pikepdf.Array([pdf.make_indirect(cid_font)]),
        ToUnicode=pikepdf.Stream(pdf, _to_unicode(f)),
    )
    return pdf.make_indirect(font)


def _to_unicode(f: FieldFont) -> bytes:
    pairs = sorted((gid, cp) for cp, gid in f.gids.items())
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    first: dict[int, int] = {}  # glyph id -> its lowest code point
    for g, c in pairs:
        first.setdefault(g, c)
    unique = list(first.items())
    for start in range(0, len(unique), 100):
        chunk = unique[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines.extend(f"<{g:04X}> <{c:04X}>" if c <= 0xFFFF else f"<{g:04X}> <{_utf16(c)}>" for g, c in chunk)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode()


def _utf16(cp: int) -> str:
    return chr(cp).encode("utf-16-be").hex().upper()
