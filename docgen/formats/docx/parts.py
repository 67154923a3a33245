"""The WordprocessingML parts around word/document.xml: styles, numbering, settings, and the
header and footer. The styles named here (Heading1, FieldHelp, PlaceholderText, DocgenTable, ...)
are the ones the builders in `wml` and `controls` refer to. Headings: Heading 1 the document's
title (set as a title), Heading 2 its sections, Heading 3 below them, and Subheading (a level 3
heading in the body text's size: a repeat's caption)."""

from __future__ import annotations

from lxml import etree
from reportlab.pdfbase.pdfmetrics import stringWidth

from .wml import W, el, field_code, paragraph, root_element, run, sub

# A backslash at the end of a line below joins it to the next: the XML is written as before, on long lines.
_FONT = "Arial"
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
<w:docDefaults>
 <w:rPrDefault><w:rPr><w:rFonts w:ascii="{_FONT}" w:hAnsi="{_FONT}" w:eastAsia="{_FONT}" w:cs="{_FONT}"/>
  <w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
 <w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>\
<w:next w:val="Normal"/><w:qFormat/>
 <w:pPr><w:spacing w:after="80"/></w:pPr>\
<w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="40"/><w:szCs w:val="40"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/>\
<w:next w:val="Normal"/><w:qFormat/>
 <w:rPr><w:color w:val="404040"/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>\
<w:next w:val="Normal"/><w:qFormat/>
 <w:pPr><w:keepNext/><w:spacing w:before="0" w:after="80"/><w:outlineLvl w:val="0"/></w:pPr>\
<w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="40"/><w:szCs w:val="40"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>\
<w:next w:val="Normal"/><w:qFormat/>
 <w:pPr><w:keepNext/><w:spacing w:before="240" w:after="100"/><w:outlineLvl w:val="1"/></w:pPr>\
<w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="30"/><w:szCs w:val="30"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/>\
<w:next w:val="Normal"/><w:qFormat/>
 <w:pPr><w:keepNext/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="2"/></w:pPr>\
<w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Subheading"><w:name w:val="Subheading"/><w:basedOn w:val="Heading3"/>\
<w:next w:val="Normal"/><w:qFormat/>
 <w:pPr><w:keepNext/><w:spacing w:before="160" w:after="60"/></w:pPr>\
<w:rPr><w:b/><w:color w:val="auto"/><w:sz w:val="23"/><w:szCs w:val="23"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:qFormat/>
 <w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:spacing w:after="60"/>\
<w:ind w:left="567" w:hanging="283"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/><w:basedOn w:val="Normal"/><w:qFormat/>
 <w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr><w:spacing w:after="60"/>\
<w:ind w:left="567" w:hanging="425"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Note"><w:name w:val="Note"/><w:basedOn w:val="Normal"/><w:qFormat/>
 <w:rPr><w:i/><w:color w:val="404040"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="FieldLabel"><w:name w:val="Field Label"/><w:basedOn w:val="Normal"/><w:qFormat/>
 <w:pPr><w:keepNext/><w:spacing w:after="40"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Spacer"><w:name w:val="Spacer"/><w:basedOn w:val="Normal"/>
 <w:pPr><w:spacing w:before="0" w:after="0" w:line="160" w:lineRule="exact"/></w:pPr>\
<w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="EndMark"><w:name w:val="End Mark"/><w:basedOn w:val="Normal"/>
 <w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr>\
<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="FieldHelp"><w:name w:val="Field Help"/><w:basedOn w:val="Normal"/><w:qFormat/>
 <w:pPr><w:spacing w:after="40"/></w:pPr><w:rPr><w:color w:val="595959"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>\
</w:style>
<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/>\
<w:rPr><w:color w:val="404040"/><w:sz w:val="20"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>\
<w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:color w:val="404040"/><w:sz w:val="20"/></w:rPr></w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>\
<w:uiPriority w:val="1"/></w:style>
<w:style w:type="character" w:styleId="PlaceholderText"><w:name w:val="Placeholder Text"/>\
<w:rPr><w:color w:val="666666"/></w:rPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>
 <w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>\
<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="table" w:styleId="DocgenTable"><w:name w:val="Docgen Table"/><w:basedOn w:val="TableNormal"/>
 <w:pPr><w:spacing w:before="40" w:after="40"/></w:pPr>
 <w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="808080"/>\
<w:left w:val="single" w:sz="4" w:space="0" w:color="808080"/>
 <w:bottom w:val="single" w:sz="4" w:space="0" w:color="808080"/>\
<w:right w:val="single" w:sz="4" w:space="0" w:color="808080"/>
 <w:insideH w:val="single" w:sz="4" w:space="0" w:color="808080"/>\
<w:insideV w:val="single" w:sz="4" w:space="0" w:color="808080"/></w:tblBorders>
 <w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/>\
<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
</w:styles>"""

_BULLETS = f"""<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/>
 <w:pPr><w:ind w:left="567" w:hanging="283"/></w:pPr><w:rPr><w:rFonts w:ascii="{_FONT}" w:hAnsi="{_FONT}"/></w:rPr>\
</w:lvl></w:abstractNum>"""
_NUMBERS = """<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>
 <w:pPr><w:ind w:left="567" w:hanging="425"/></w:pPr></w:lvl></w:abstractNum>"""


def numbering_xml(lists: int = 0) -> str:
    """numbering.xml: bullets (w:numId 1, the List Bullet style's) and numbers "1.", "2." (w:numId 2,
    the List Number style's); each of the document's `lists` numbered lists its own instance
    (w:numId 3, 4, ...: the paragraph's w:numPr), restarting at 1."""
    nums = "".join(
        f'<w:num w:numId="{n}"><w:abstractNumId w:val="1"/>'
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>\n'
        for n in range(3, 3 + lists)
    )
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W}">
{_BULLETS}
{_NUMBERS}
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
{nums}</w:numbering>"""


NUMBERING = numbering_xml()
FIRST_LIST = 3  # the numbering instance of a document's first numbered list

# w:settings' children have a fixed order in the schema (CT_Settings): defaultTabStop, ...,
# characterSpacingControl, ..., compat, ..., themeFontLang, ... Word's validator rejects any other.
SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W}">
<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>
<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>\
</w:compat>
<w:themeFontLang w:val="en-GB"/>
</w:settings>"""


def header_xml(text: str) -> bytes:
    hdr = root_element("w:hdr")
    hdr.append(paragraph(run(text), style="Header"))
    return _xml(hdr)


FOOTER_RIGHT_TAB = 11906 - 2 * 1134  # twips: A4 width less the 2 cm margins (render/docx/document.py)


def footer_xml(title: str, version: str = "") -> bytes:
    """The document title and the policy's version in words ("Version 1.2, March 2025"), then
    "Page X of Y" as PAGE and NUMPAGES fields. Never an internal id: the manifest carries those."""
    ftr = root_element("w:ftr")
    p = paragraph(style="Footer", align="left")
    tabs = el("w:tabs")  # "Page X of Y" at the right margin
    sub(tabs, "w:tab", {"w:val": "right", "w:pos": str(FOOTER_RIGHT_TAB)})
    p[0].insert(1, tabs)  # w:pPr: after w:pStyle, before w:jc
    p.append(run(_fitted(title, version) + "\tPage "))
    for r in field_code("PAGE", "1"):
        p.append(r)
    p.append(run(" of "))
    for r in field_code("NUMPAGES", "1"):
        p.append(r)
    ftr.append(p)
    return _xml(ftr)


FOOTER_SIZE = 10.0  # the Footer style's size (w:sz 20)


def _fitted(title: str, version: str) -> str:
    """Title and version, the title shortened with "…" so the line leaves room for "Page 99 of 99"
    (widths in Arial's metrics, which Helvetica's equal) instead of running into it."""
    room = FOOTER_RIGHT_TAB / 20 - stringWidth("Page 99 of 99", "Helvetica", FOOTER_SIZE) - 18
    tail = f", {version}" if version else ""
    words = title.split()  # shortened at a word boundary, never cut mid-word
    while title and stringWidth(title + tail, "Helvetica", FOOTER_SIZE) > room:
        words.pop()
        title = " ".join(words).rstrip(" ,;:–-") + "…" if words else ""
    return (title + tail).lstrip(", ")


def _xml(node) -> bytes:
    return etree.tostring(node, xml_declaration=True, encoding="UTF-8", standalone=True)


__all__ = ["STYLES", "NUMBERING", "FIRST_LIST", "numbering_xml", "SETTINGS", "header_xml", "footer_xml"]
