"""The DOCX package around document.xml: content types, relationships, core properties and the
docgen manifest (a custom XML part), with the WordprocessingML parts (styles, numbering,
settings, header and footer) from docgen/formats/docx/parts.py. Written directly with zipfile: a
small package of our own is faster and easier to keep valid than python-docx's 800 KB template."""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile
from xml.sax.saxutils import escape, quoteattr

from ...formats.docx import MANIFEST_NS
from ...formats.docx.parts import SETTINGS, STYLES, footer_xml, header_xml, numbering_xml

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
LINK_REL = f"{_RELS}/hyperlink"
HEADER_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PACKAGE_RELS}">
{{media}}</Relationships>"""

ITEM_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PACKAGE_RELS}">
<Relationship Id="rId1" Type="{_RELS}/customXmlProps" Target="itemProps1.xml"/>
</Relationships>"""

ITEM_PROPS = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<ds:datastoreItem ds:itemID="{item_id}" \
xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">
<ds:schemaRefs><ds:schemaRef ds:uri="{manifest_ns}"/></ds:schemaRefs></ds:datastoreItem>"""
# The custom XML item ids of docgen's documents: a name-based UUID of each document's id, so every
# document has its own item id (Word tells custom XML parts apart by it) and the same document id
# always gives the same one.
_ITEM_ID_NAMESPACE = uuid.UUID("6f1e7c1a-1d5b-4c1e-9a55-d0c6e2a10001")


def item_id(document_id: str) -> str:
    """The custom XML item id of the document `document_id`, as Word writes one: {GUID}."""
    return "{" + str(uuid.uuid5(_ITEM_ID_NAMESPACE, document_id)).upper() + "}"


def item_props_xml(document_id: str) -> bytes:
    return ITEM_PROPS.format(item_id=item_id(document_id), manifest_ns=MANIFEST_NS).encode()


APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>docgen</Application></Properties>"""


def core_xml(manifest: dict, title: str) -> bytes:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    keywords = f"docgen; {manifest['form_id']}; {manifest['policy_id']}"
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>{escape(title)}</dc:title><dc:subject>{escape(manifest["kind"])}</dc:subject>
<dc:creator>docgen {escape(manifest["docgen_version"])}</dc:creator><cp:keywords>{escape(keywords)}</cp:keywords>
<dc:identifier>{escape(manifest["document_id"])}</dc:identifier><cp:version>{escape(manifest["form_version"])}</cp:version>
<cp:category>{escape(manifest["form_id"])}</cp:category><dc:language>en-GB</dc:language>
<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>\
<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>
</cp:coreProperties>""".encode()


def manifest_xml(manifest: dict, fields_json: str) -> bytes:
    """The custom XML part: every manifest key as an attribute, and the field list as JSON."""
    attrs = " ".join(f"{k}={quoteattr(str(v))}" for k, v in manifest.items())
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<docgen xmlns="{MANIFEST_NS}" {attrs}><fields>{escape(fields_json)}</fields></docgen>'
    ).encode()


def write_package(
    document: bytes,
    *,
    manifest: dict,
    fields_json: str,
    title: str,
    header: str,
    footer: tuple[str, str],
    media: tuple[tuple[str, str, bytes], ...] = (),
    header_part: bytes | None = None,
    header_media: tuple[tuple[str, str, bytes], ...] = (),
    links: tuple[tuple[str, str], ...] = (),
    lists: int = 0,
) -> bytes:
    """The whole .docx; `media` is (relationship id, file name under word/media/, bytes) per image.
    `header_part`: the page header's XML when it is not the agency's name alone (the logo header,
    header.py), with its pictures in `header_media`. `lists`: how many numbered lists the body
    numbers, each its own numbering instance (parts.numbering_xml)."""
    buffer = io.BytesIO()
    header_rels = "".join(
        f'<Relationship Id="{rid}" Type="{IMAGE_REL}" Target="media/{name}"/>\n' for rid, name, _ in header_media
    )
    rels = "".join(f'<Relationship Id="{rid}" Type="{IMAGE_REL}" Target="media/{name}"/>\n' for rid, name, _ in media)
    rels += "".join(  # hyperlinks: `links` is (relationship id, address)
        f'<Relationship Id="{rid}" Type="{LINK_REL}" Target={quoteattr(url)} TargetMode="External"/>\n'
        for rid, url in links
    )
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES.encode()),
        ("_rels/.rels", ROOT_RELS.encode()),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.format(media=rels).encode()),
        *((f"word/media/{name}", data) for _, name, data in media),
        ("word/styles.xml", STYLES.encode()),
        ("word/numbering.xml", numbering_xml(lists).encode()),
        ("word/settings.xml", SETTINGS.encode()),
        ("word/header1.xml", header_part or header_xml(header)),
        *((f"word/media/{name}", data) for _, name, data in header_media),
        *([("word/_rels/header1.xml.rels", HEADER_RELS.format(media=header_rels).encode())] if header_media else []),
        ("word/footer1.xml", footer_xml(*footer)),
        ("customXml/item1.xml", manifest_xml(manifest, fields_json)),
        ("customXml/itemProps1.xml", item_props_xml(manifest["document_id"])),
        ("customXml/_rels/item1.xml.rels", ITEM_RELS.encode()),
        ("docProps/core.xml", core_xml(manifest, title)),
        ("docProps/app.xml", APP.encode()),
    ]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, data in parts:
            zf.writestr(
                zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)),
                data,
                compress_type=zipfile.ZIP_DEFLATED,
                compresslevel=1,
            )
    return buffer.getvalue()


def with_parts(data: bytes, parts: dict[str, bytes]) -> bytes:
    """The same package with the named parts' bytes replaced (every other part as it was, in order)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, parts.get(info.filename) or src.read(info.filename))
    return out.getvalue()


__all__ = ["with_parts", "item_id", "write_package"]
