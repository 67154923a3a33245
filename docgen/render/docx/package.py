"""The DOCX package around document.xml: styles, numbering, settings, header and footer, core
properties and the docgen manifest (a custom XML part). Written directly with zipfile: a small
package of our own is faster and easier to keep valid than python-docx's 800 KB template."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from ...formats.docx import MANIFEST_NS
from ...formats.docx.oxml import W, field_code, paragraph, root_element, run

_OFFICE = "application/vnd.openxmlformats-officedocument"  # content types
_WML = f"{_OFFICE}.wordprocessingml"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"  # relationship types
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="png" ContentType="image/png"/>
<Default Extension="svg" ContentType="image/svg+xml"/>
<Override PartName="/word/document.xml" ContentType="{_WML}.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="{_WML}.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="{_WML}.settings+xml"/>
<Override PartName="/word/numbering.xml" ContentType="{_WML}.numbering+xml"/>
<Override PartName="/word/header1.xml" ContentType="{_WML}.header+xml"/>
<Override PartName="/word/footer1.xml" ContentType="{_WML}.footer+xml"/>
<Override PartName="/customXml/itemProps1.xml" ContentType="{_OFFICE}.customXmlProperties+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="{_OFFICE}.extended-properties+xml"/>
</Types>"""

ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PACKAGE_RELS}">
<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="{_PACKAGE_RELS}/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="{_RELS}/extended-properties" Target="docProps/app.xml"/>
</Relationships>"""

DOCUMENT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PACKAGE_RELS}">
<Relationship Id="rId1" Type="{_RELS}/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="{_RELS}/settings" Target="settings.xml"/>
<Relationship Id="rId3" Type="{_RELS}/numbering" Target="numbering.xml"/>
<Relationship Id="rId4" Type="{_RELS}/header" Target="header1.xml"/>
<Relationship Id="rId5" Type="{_RELS}/footer" Target="footer1.xml"/>
<Relationship Id="rId6" Type="{_RELS}/customXml" Target="../customXml/item1.xml"/>
{{media}}</Relationships>"""
IMAGE_REL = f"{_RELS}/image"

ITEM_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PACKAGE_RELS}">
<Relationship Id="rId1" Type="{_RELS}/customXmlProps" Target="itemProps1.xml"/>
</Relationships>"""

ITEM_PROPS = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<ds:datastoreItem ds:itemID="{6F1E7C1A-1D5B-4C1E-9A55-D0C6E2A10001}" \
xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">
<ds:schemaRefs><ds:schemaRef ds:uri="urn:docgen:manifest:1"/></ds:schemaRefs></ds:datastoreItem>"""

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
 <w:pPr><w:keepNext/><w:spacing w:before="320" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr>\
<w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="30"/><w:szCs w:val="30"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>\
<w:next w:val="Normal"/><w:qFormat/>
 <w:pPr><w:keepNext/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr>\
<w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/>\
<w:next w:val="Normal"/><w:qFormat/>
 <w:pPr><w:keepNext/><w:spacing w:before="160" w:after="60"/><w:outlineLvl w:val="2"/></w:pPr>\
<w:rPr><w:b/><w:sz w:val="23"/><w:szCs w:val="23"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:qFormat/>
 <w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:spacing w:after="60"/>\
<w:ind w:left="567" w:hanging="283"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/><w:basedOn w:val="Normal"/><w:qFormat/>
 <w:pPr><w:spacing w:after="60"/><w:ind w:left="567" w:hanging="425"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Note"><w:name w:val="Note"/><w:basedOn w:val="Normal"/><w:qFormat/>
 <w:rPr><w:i/><w:color w:val="404040"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="FieldLabel"><w:name w:val="Field Label"/><w:basedOn w:val="Normal"/><w:qFormat/>
 <w:pPr><w:keepNext/><w:spacing w:after="40"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
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

NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/>
 <w:pPr><w:ind w:left="567" w:hanging="283"/></w:pPr><w:rPr><w:rFonts w:ascii="{_FONT}" w:hAnsi="{_FONT}"/></w:rPr>\
</w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"""

SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W}">
<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>
<w:themeFontLang w:val="en-GB"/>\
<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>\
</w:compat>
</w:settings>"""

APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>docgen</Application></Properties>"""


def header_xml(text: str) -> bytes:
    hdr = root_element("w:hdr")
    hdr.append(paragraph(run(text), style="Header"))
    return _xml(hdr)


def footer_xml(form_label: str) -> bytes:
    ftr = root_element("w:ftr")
    p = paragraph(style="Footer")
    p.append(run(f"{form_label}    Page "))
    for r in field_code("PAGE", "1"):
        p.append(r)
    p.append(run(" of "))
    for r in field_code("NUMPAGES", "1"):
        p.append(r)
    ftr.append(p)
    return _xml(ftr)


def _xml(node) -> bytes:
    return etree.tostring(node, xml_declaration=True, encoding="UTF-8", standalone=True)


def core_xml(manifest: dict, title: str) -> bytes:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    keywords = f"docgen; {manifest['form_id']}; {manifest['policy_id']}"
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>{escape(title)}</dc:title><dc:subject>{escape(manifest['kind'])}</dc:subject>
<dc:creator>docgen {escape(manifest['docgen_version'])}</dc:creator><cp:keywords>{escape(keywords)}</cp:keywords>
<dc:identifier>{escape(manifest['document_id'])}</dc:identifier><cp:version>{escape(manifest['form_version'])}</cp:version>
<cp:category>{escape(manifest['form_id'])}</cp:category><dc:language>en-GB</dc:language>
<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>\
<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>
</cp:coreProperties>""".encode()


def manifest_xml(manifest: dict, fields_json: str) -> bytes:
    """The custom XML part: every manifest key as an attribute, and the field list as JSON."""
    attrs = " ".join(f"{k}={quoteattr(str(v))}" for k, v in manifest.items())
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<docgen xmlns="{MANIFEST_NS}" {attrs}><fields>{escape(fields_json)}</fields></docgen>').encode()


def write_package(document: bytes, *, manifest: dict, fields_json: str, title: str, header: str,
                  footer: str, media: tuple[tuple[str, str, bytes], ...] = ()) -> bytes:
    """The whole .docx; `media` is (relationship id, file name under word/media/, bytes) per image."""
    buffer = io.BytesIO()
    rels = "".join(f'<Relationship Id="{rid}" Type="{IMAGE_REL}" Target="media/{name}"/>\n' for rid, name, _ in media)
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES.encode()),
        ("_rels/.rels", ROOT_RELS.encode()),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.format(media=rels).encode()),
        *((f"word/media/{name}", data) for _, name, data in media),
        ("word/styles.xml", STYLES.encode()),
        ("word/numbering.xml", NUMBERING.encode()),
        ("word/settings.xml", SETTINGS.encode()),
        ("word/header1.xml", header_xml(header)),
        ("word/footer1.xml", footer_xml(footer)),
        ("customXml/item1.xml", manifest_xml(manifest, fields_json)),
        ("customXml/itemProps1.xml", ITEM_PROPS.encode()),
        ("customXml/_rels/item1.xml.rels", ITEM_RELS.encode()),
        ("docProps/core.xml", core_xml(manifest, title)),
        ("docProps/app.xml", APP.encode()),
    ]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, data in parts:
            zf.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data,
                        compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return buffer.getvalue()


__all__ = ["write_package"]
