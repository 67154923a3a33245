"""`agency.logo`: the agency's logo, a PNG or SVG file beside the policy, read and checked as the
policy loads, so a bad logo is a located problem (FILE:LINE:COL) like any other.

The path is taken relative to the policy file and must stay within the policy's folder: docgen
never reads a file the user did not put there, and never fetches a URL. An SVG is refused when
it could run or fetch anything (a script, an event handler, a reference to another file or a
web address, a DOCTYPE); a PNG must be a PNG. Renderers get the bytes and the size (`Logo`).
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..structure import Context

MAX_BYTES = 2 * 1024 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PATH = "agency.logo"
_URL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)  # http:, https:, file:, data: ... (a Windows drive: C:)
_LENGTH = re.compile(r"^\s*([0-9.]+)\s*(px|pt|mm|cm|in)?\s*$")
_UNITS = {None: 1.0, "px": 1.0, "pt": 4 / 3, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}


@dataclass(frozen=True)
class Logo:
    kind: Literal["png", "svg"]
    data: bytes
    width: float  # its own size (pixels), for the aspect ratio
    height: float

    @property
    def aspect(self) -> float:
        return self.width / self.height

    def fit(self, height: float, max_width: float) -> tuple[float, float]:
        """Its width and height on a page: `height` high with its aspect kept, unless that is
        wider than `max_width` (a wide logo is made smaller)."""
        width = height * self.aspect
        return (width, height) if width <= max_width else (max_width, max_width / self.aspect)


def load_logo(value: str, policy_file: str, ctx: Context) -> Logo | None:
    """The logo `value` names, or None (with a problem recorded at agency.logo) when it cannot be used."""
    problem = _problem(ctx)
    text = value.strip()
    if _URL.match(text) and not re.match(r"^[a-z]:[\\/]", text, re.I):
        return problem("docgen reads the logo from a file, not from a web address", "save the logo beside the policy")
    folder = Path(policy_file).resolve().parent
    path = Path(text)
    if path.is_absolute() or not _within(folder, folder / path):
        return problem(
            f'"{text}" is outside the policy\'s folder', "put the logo in the policy's folder and give its file name"
        )
    path = folder / path
    if not path.exists():
        return problem(
            f'there is no file "{text}" beside the policy (looked for {path})',
            "check the file name",
            code="file-not-found",
        )
    if not path.is_file():
        return problem(f'"{text}" is not a file', "give the logo's file name, e.g. logo.png", code="not-a-file")
    if path.stat().st_size > MAX_BYTES:
        return problem(
            f"the logo is {path.stat().st_size / 1048576:.1f} MB; docgen accepts at most 2 MB",
            "save a smaller version (a logo printed 12 mm high needs no more than about 600 pixels across)",
        )
    data = path.read_bytes()[: MAX_BYTES + 1]
    if data.startswith(PNG_MAGIC):
        return _png(data, problem)
    if path.suffix.lower() == ".svg" or data.lstrip()[:5] in (b"<?xml", b"<svg ", b"<svg>", b"<!--"):
        return _svg(data, problem)
    return problem(f'"{text}" is not a PNG or SVG image', "save the logo as PNG or SVG")


def _problem(ctx: Context):
    def record(message: str, hint: str, code: str = "bad-value") -> None:
        ctx.problem_at(code, message, hint, PATH)
        return None

    return record


def _within(folder: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
    except (ValueError, OSError):
        return False
    return True


def _png(data: bytes, problem) -> Logo | None:
    if len(data) < 24 or data[12:16] != b"IHDR":
        return problem("the logo is a damaged PNG file", "save it again as PNG")
    width, height = struct.unpack(">II", data[16:24])
    if not width or not height:
        return problem("the logo is a PNG of no size", "save it again as PNG")
    return Logo("png", data, float(width), float(height))


def _svg(data: bytes, problem) -> Logo | None:
    from lxml import etree

    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return problem(
            "the SVG logo has a DOCTYPE, which docgen does not read", "save it as plain SVG (without DOCTYPE)"
        )
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return problem("the logo is not a valid SVG file", "save it again as SVG, or as PNG")
    if etree.QName(root).localname != "svg":
        return problem("the logo is not an SVG image (its first element is not <svg>)", "save it as SVG or PNG")
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        name = etree.QName(node).localname
        if name in ("script", "foreignObject", "iframe"):
            return problem(f"the SVG logo has a <{name}> element", "save the logo without scripts, or as PNG")
        for key, val in node.attrib.items():
            attr = etree.QName(key).localname
            if attr.lower().startswith("on"):
                return problem(f'the SVG logo has an event handler ("{attr}")', "save the logo without scripts")
            if attr == "href" and not val.strip().startswith(("#", "data:image/")):
                return problem("the SVG logo refers to another file or a web address", "save the logo self-contained")
        if name == "style" or "style" in node.attrib:
            css = (node.text or "") + node.attrib.get("style", "")
            if re.search(r"@import|url\(\s*['\"]?(?!#)", css):
                return problem("the SVG logo's style refers to another file or a web address", "save it self-contained")
    width, height = _size(root)
    if not width or not height:
        return problem(
            "the SVG logo has no size (no width and height, no viewBox)", 'give the <svg> a viewBox="0 0 W H"'
        )
    return Logo("svg", data, width, height)


def _size(root) -> tuple[float, float]:
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            return abs(float(box[2])), abs(float(box[3]))
        except ValueError:
            pass
    sizes = []
    for key in ("width", "height"):
        match = _LENGTH.match(root.get(key) or "")
        sizes.append(float(match.group(1)) * _UNITS[match.group(2)] if match else 0.0)
    return sizes[0], sizes[1]


__all__ = ["Logo", "load_logo", "MAX_BYTES"]
