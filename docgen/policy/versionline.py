"""The policy's version in words for page footers: "Version 1.2, March 2025".

The date is the one the policy states for its version (`last_reviewed`); with none stated the
line is just "Version 1.2" (a date is never invented). A version written as words ("No. 63,
January 2025", "Standard 5") is printed as written, without "Version" in front.
"""

from __future__ import annotations

import contextlib
import datetime as dt


def version_line(version: str, dated: str = "") -> str:
    version, dated = version.strip(), dated.strip()
    with contextlib.suppress(ValueError):  # a date in words ("March 2021") is printed as it is
        dated = dt.date.fromisoformat(dated).strftime("%B %Y") if dated else ""
    line = f"Version {version}" if version[:1].isdigit() else version
    if dated and dated not in line:
        line += f", {dated}"
    return line


__all__ = ["version_line"]
