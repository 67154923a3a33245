"""The PNG "Up" predictor of cross-reference streams, undone fast (pdfobjects.py reads with it).

A cross-reference stream's rows are usually stored as differences from the row above (PNG
predictor 2, "Up"); undoing it is a running sum down each column, done here as one parallel
prefix sum over all rows at once on a big integer, bytes added without carries between them.
"""

from __future__ import annotations

from .pdftokens import Unsupported


def undo_png_up(data: bytes, columns: int) -> bytes:
    """Undo a PNG predictor of 0 (None) or 2 (Up) on each row of `columns` bytes; the result keeps
    each row's filter byte (set to 0), so row r starts at r * (columns + 1) + 1."""
    stride = columns + 1
    filters = data[::stride]
    if len(data) % stride or filters.strip(b"\x00\x02"):
        raise Unsupported("a PNG predictor other than None and Up")
    if b"\x00" in filters[1:]:  # a row that restarts: add row by row
        rows, prev = [], bytes(columns)
        for at in range(0, len(data), stride):
            row = data[at + 1 : at + stride]
            prev = row if data[at] == 0 else _add_bytes(row, prev)
            rows.append(b"\x00" + prev)
        return b"".join(rows)
    # every row adds the row above: a running sum down each column, as a parallel prefix sum over
    # all rows at once (one big integer, bytes added without carries between them)
    value = int.from_bytes(data, "big") & int.from_bytes((b"\x00" + b"\xff" * columns) * (len(data) // stride), "big")
    low, high = _lane_masks(len(data))  # made once: rebuilding them each round cost half the time
    shift = stride * 8
    while shift < len(data) * 8:
        value = _add_lanes(value, value >> shift, low, high)
        shift *= 2
    return value.to_bytes(len(data), "big")


def _lane_masks(size: int) -> tuple[int, int]:
    return int.from_bytes(b"\x7f" * size, "big"), int.from_bytes(b"\x80" * size, "big")


def _add_lanes(a: int, b: int, low: int, high: int) -> int:
    """a + b byte by byte, without carries between bytes (`low`, `high`: from _lane_masks)."""
    return ((a & low) + (b & low)) ^ ((a ^ b) & high)


def _add_bytes(a: bytes, b: bytes) -> bytes:
    return _add_lanes(int.from_bytes(a, "big"), int.from_bytes(b, "big"), *_lane_masks(len(a))).to_bytes(len(a), "big")
