"""The colour and size of every piece of text a PDF's pages draw, read from the content streams
with pikepdf (never from docgen's renderer): each text showing (Tj, TJ, ', ") at its effective
size (the font size scaled by the text and graphics matrices) in its fill colour, against the
fill behind it (the last filled rectangle painted under the text's start, else the white page).

Rules: contrast at least 4.5:1 (WCAG 2 relative luminance) and size at least 8 pt. Invisible
text (render mode 3) and empty strings are not text a reader sees.

    python -m tests.helpers.pdf_text_style FILES...      # prints problems, exit 1 if any
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from .docx_structure import MIN_CONTRAST, MIN_SIZE, contrast

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF's row-vector convention: m x n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def hex_of(rgb: tuple[float, float, float]) -> str:
    return "".join(f"{max(0, min(255, round(c * 255))):02X}" for c in rgb)


def rgb_of(operator: str, operands: list[float]) -> tuple[float, float, float] | None:
    if operator in ("g", "G") or len(operands) == 1:
        return (operands[0],) * 3
    if len(operands) == 3:
        return operands[0], operands[1], operands[2]
    if len(operands) == 4:
        c, m, y, k = operands
        return (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    return None


@dataclass
class State:
    ctm: Matrix = IDENTITY
    fill: tuple[float, float, float] = (0.0, 0.0, 0.0)
    render: int = 0
    font_size: float = 0.0
    leading: float = 0.0


@dataclass
class Seen:
    """A text showing: its text, size (pt), colour and background (RRGGBB), page number."""

    text: str
    size: float
    colour: str
    background: str
    page: int


@dataclass
class Reader:
    page: int
    seen: list[Seen] = field(default_factory=list)
    fills: list[tuple[tuple[float, float, float, float], str]] = field(default_factory=list)  # (box, colour)

    def background(self, x: float, y: float) -> str:
        for (x0, y0, x1, y1), colour in reversed(self.fills):
            if x0 - 0.5 <= x <= x1 + 0.5 and y0 - 0.5 <= y <= y1 + 0.5:
                return colour
        return "FFFFFF"

    def run(self, stream_owner, resources, state: State, depth: int = 0) -> None:
        stack: list[State] = []
        tm = tlm = IDENTITY
        rects: list[tuple[float, float, float, float]] = []
        path: list[float] = []  # the current path's bounding box (x0, y0, x1, y1), if any
        for operands, op in pikepdf.parse_content_stream(stream_owner):
            name = str(op)
            nums = [float(o) for o in operands if _num(o)]
            if name == "q":
                stack.append(State(**vars(state)))
            elif name == "Q" and stack:
                state = stack.pop()
            elif name == "cm":
                state.ctm = mul(tuple(nums[:6]), state.ctm)  # type: ignore[arg-type]
            elif name in ("g", "rg", "k", "sc", "scn") and nums:
                state.fill = rgb_of(name, nums) or state.fill
            elif name in ("m", "l", "c", "v", "y") and len(nums) >= 2:  # a path's bounding box
                points = [apply(state.ctm, nums[i], nums[i + 1]) for i in range(0, len(nums) - 1, 2)]
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                if name == "m" or not path:
                    path = [min(xs), min(ys), max(xs), max(ys)]
                path = [min(path[0], *xs), min(path[1], *ys), max(path[2], *xs), max(path[3], *ys)]
            elif name == "re":
                x, y, w, h = nums[:4]
                corners = [apply(state.ctm, x, y), apply(state.ctm, x + w, y + h)]
                xs, ys = [p[0] for p in corners], [p[1] for p in corners]
                rects.append((min(xs), min(ys), max(xs), max(ys)))
            elif name in ("f", "F", "f*", "B", "B*", "b", "b*"):
                boxes = rects + ([(path[0], path[1], path[2], path[3])] if path else [])
                self.fills += [(r, hex_of(state.fill)) for r in boxes]
                rects, path = [], []
            elif name in ("S", "s", "n"):
                rects, path = [], []
            elif name == "BT":
                tm = tlm = IDENTITY
            elif name == "Tf":
                state.font_size = nums[-1]
            elif name == "TL":
                state.leading = nums[0]
            elif name == "Tr":
                state.render = int(nums[0])
            elif name in ("Td", "TD"):
                if name == "TD":
                    state.leading = -nums[1]
                tlm = mul((1, 0, 0, 1, nums[0], nums[1]), tlm)
                tm = tlm
            elif name == "Tm":
                tm = tlm = tuple(nums[:6])  # type: ignore[assignment]
            elif name in ("T*", "'", '"'):
                tlm = mul((1, 0, 0, 1, 0, -state.leading), tlm)
                tm = tlm
            if name in ("Tj", "TJ", "'", '"'):
                self.show(_text(operands), tm, state)
            elif name == "Do" and depth < 8:
                self.xobject(resources, operands[0], state, depth)

    def show(self, text: str, tm: Matrix, state: State) -> None:
        if not text.strip() or state.render == 3:
            return
        m = mul(tm, state.ctm)
        scale = (abs(m[0] * m[3] - m[1] * m[2])) ** 0.5
        size = state.font_size * scale
        x, y = apply(m, 0, state.font_size * 0.3)
        colour = hex_of(state.fill)
        self.seen.append(Seen(text, round(size, 2), colour, self.background(x, y), self.page))

    def xobject(self, resources, name, state: State, depth: int) -> None:
        xobjects = resources.get("/XObject") if resources is not None else None
        xobj = xobjects.get(name) if xobjects is not None else None
        if xobj is None or xobj.get("/Subtype") != "/Form":
            return
        inner = State(**vars(state))
        matrix = xobj.get("/Matrix")
        if matrix is not None:
            inner.ctm = mul(tuple(float(v) for v in matrix), state.ctm)  # type: ignore[arg-type]
        self.run(xobj, xobj.get("/Resources", resources), inner, depth + 1)


def _num(o) -> bool:
    if isinstance(o, bool | pikepdf.String | pikepdf.Name | pikepdf.Array | pikepdf.Dictionary):
        return False
    try:
        float(o)
    except (TypeError, ValueError):
        return False
    return True


def _text(operands) -> str:
    out = []
    for o in operands:
        if isinstance(o, pikepdf.String):
            out.append(bytes(o).decode("latin-1"))
        elif isinstance(o, pikepdf.Array):
            out.append(_text(list(o)))
    return "".join(out)


def texts(pdf: pikepdf.Pdf) -> list[Seen]:
    """Every text showing of every page's content, with its colour, background and size."""
    out: list[Seen] = []
    for n, page in enumerate(pdf.pages, 1):
        reader = Reader(n)
        reader.run(page.obj, page.obj.get("/Resources"), State())
        out += reader.seen
    return out


def check(path: Path | str, data: bytes | None = None) -> list[str]:
    """Every problem of one PDF, a line each: "contrast|text-size: file: page N 'text': what"."""
    name = Path(path).name
    problems = []
    with pikepdf.open(path if data is None else io.BytesIO(data)) as pdf:
        for s in texts(pdf):
            where = f"{name}: page {s.page} {s.text[:30]!r}"
            ratio = contrast(s.colour, s.background)
            if ratio < MIN_CONTRAST - 1e-9:
                problems.append(f"contrast: {where}: {s.colour} on {s.background} is {ratio:.2f}:1")
            if s.size < MIN_SIZE - 0.01:
                problems.append(f"text-size: {where}: {s.size:g} pt")
    return problems


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m tests.helpers.pdf_text_style FILE.pdf ...", file=sys.stderr)
        return 2
    total = []
    for name in argv:
        problems = check(name)
        total += problems
        for line in problems:
            print(line)
    rules = {r: sum(line.startswith(r) for line in total) for r in ("contrast", "text-size")}
    print(f"{len(argv)} documents, {len(total)} problems: " + ", ".join(f"{k} {v}" for k, v in rules.items()))
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
