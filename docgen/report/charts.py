"""The report's charts, drawn with matplotlib (Agg, no display) as inline SVG.

Each chart draws one `SummaryTable` of the report; the HTML puts the same table under it. Colour is
never the only signal: bars carry their value as a text label, lines have markers, and the
target is a dashed line named in the legend.
"""

from __future__ import annotations

import io
import math
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from .build import Report, SummaryTable  # noqa: E402

plt.rcParams.update({"svg.fonttype": "none", "font.size": 9, "font.family": "DejaVu Sans", "svg.hashsalt": "docgen"})
_BLUE, _ORANGE = "#1f5f99", "#b35900"


def _svg(fig, prefix: str) -> str:
    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    text = out.getvalue()
    text = text[text.index("<svg") :]  # no XML prolog or DOCTYPE inside HTML
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    # Several SVGs share one HTML page: give this chart's ids a prefix of their own.
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', text)
    text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", text)
    text = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', text)
    # Scales with the page (viewBox, the width set by the page's CSS): no fixed size in points.
    return re.sub(r'^<svg([^>]*?) width="[^"]+" height="[^"]+"', r"<svg\1", text, count=1)


def natural_width(svg: str) -> float:
    """The CSS pixels a chart needs for its 9 pt text to show at 12 px (1 pt = 4/3 px): its viewBox width
    in points. Narrower, the page shows the chart's table alone (see html.py)."""
    match = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"', svg)
    return float(match.group(1)) * 4 / 3 if match else 0.0


def _percent(cell) -> float | None:
    return float(cell[:-1]) if isinstance(cell, str) and cell.endswith("%") else None


def on_time_by_month(report: Report) -> str:
    table = report.by_month
    months = [r[0] for r in table.rows]
    rates = [math.nan if (rate := _percent(r[3])) is None else rate for r in table.rows]  # NaN: a gap in the line
    fig, ax = plt.subplots(figsize=(8, 3))
    ax.plot(months, rates, marker="o", color=_BLUE, label="On-time rate")
    if report.target is not None:
        ax.axhline(report.target * 100, color=_ORANGE, linestyle="--", label=f"Target {report.target:.0%}")
    ax.set_ylim(0, 105)
    ax.set_ylabel("% of intervals on time")
    ax.set_xticks(range(len(months)), months, rotation=60, ha="right")
    ax.legend(loc="lower left")
    ax.grid(axis="y", alpha=0.3)
    return _svg(fig, "month-")


def _bars(table: SummaryTable, value_col: int, label: str, percent: bool, prefix: str) -> str:
    names = [str(r[0]) for r in table.rows]
    values = [(_percent(r[value_col]) or 0.0) if percent else float(r[value_col]) for r in table.rows]
    fig, ax = plt.subplots(figsize=(8, 0.5 + 0.45 * max(len(names), 1)))
    bars = ax.barh(names, values, color=_BLUE, hatch="//" if not percent else None, edgecolor="white")
    ax.bar_label(bars, labels=[f"{v:.0f}%" if percent else f"{v:.0f}" for v in values], padding=3)
    ax.invert_yaxis()
    ax.set_xlabel(label)
    if percent:
        ax.set_xlim(0, 110)
    else:
        ax.set_xlim(0, max(values + [1]) * 1.2)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", alpha=0.3)
    return _svg(fig, prefix)


def function_coverage(report: Report) -> str:
    return _bars(report.functions, 3, "% of formal sessions in the last 12 months", True, "functions-")


def overdue_by_team(report: Report) -> str:
    return _bars(report.overdue, 2, "Supervisees overdue now", False, "overdue-")


def steps_adherence(report: Report) -> str:
    return _bars(report.steps, 3, "% of windows with a formal session", True, "steps-")
