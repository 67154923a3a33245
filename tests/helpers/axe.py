"""HTML pages checked as issue 18 asks, in Debian's Chromium driven by puppeteer-core
(tests/clients/axe_check.mjs): axe-core's WCAG 2.2 AA rules at 1280 px and at 320 px wide, and
reflow at 320 px (no sideways scroll; what sticks out past the right edge is named).

    python -m tests.helpers.axe PAGE.html [PAGE.html ...]     # prints the problems; exit 1 if any
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

CLIENTS = Path(__file__).resolve().parents[1] / "clients"
SCRIPT = CLIENTS / "axe_check.mjs"


@dataclass(frozen=True)
class PageCheck:
    file: str
    violations: dict[str, list[dict]]  # viewport width -> axe violations
    scroll_width: int  # at 320 px
    client_width: int
    outside: list[dict]  # elements past the right edge at 320 px, outside a region that scrolls

    @property
    def sideways(self) -> bool:
        return self.scroll_width > self.client_width + 1

    def problems(self) -> list[str]:
        out = [
            f"{Path(self.file).name} at {width} px: {v['id']} ({v['impact']}, {v['count']} elements): {v['help']}"
            + "".join(f"\n    {n['target']}" for n in v["nodes"])
            for width, found in self.violations.items()
            for v in found
        ]
        if self.sideways:
            names = ", ".join(f"{o['element']} to {o['right']} px" for o in self.outside)
            out.append(
                f"{Path(self.file).name} at 320 px: scrolls sideways ({self.scroll_width} px wide): {names or '?'}"
            )
        return out


def chromium_binary() -> str:
    """The browser itself: Debian's /usr/bin/chromium is a shell wrapper puppeteer cannot drive."""
    for exe in ("/usr/lib/chromium/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if exe and Path(exe).exists():
            return exe
    raise SystemExit("Chromium is not installed (apt-get install chromium; see .ci/install-clients)")


def available() -> bool:
    return bool(shutil.which("node")) and (CLIENTS / "node_modules" / "axe-core").is_dir()


def check_pages(pages: list[Path], timeout: float = 600) -> list[PageCheck]:
    """axe and the reflow check over `pages` in one browser."""
    if not available():
        raise SystemExit("axe-core is not installed: cd tests/clients && npm ci (see .ci/install-clients)")
    result = subprocess.run(
        ["node", str(SCRIPT), chromium_binary(), *(str(Path(p).resolve()) for p in pages)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"axe_check.mjs failed: {result.stderr.strip()[-2000:]}")
    checks = []
    for line in result.stdout.splitlines():
        data = json.loads(line)
        reflow = data["reflow"]
        checks.append(
            PageCheck(data["file"], data["violations"], reflow["scrollWidth"], reflow["clientWidth"], reflow["outside"])
        )
    return checks


def main(argv: list[str]) -> int:
    problems = [p for check in check_pages([Path(a) for a in argv]) for p in check.problems()]
    print("\n".join(problems) or f"{len(argv)} pages: no axe violations, no sideways scroll at 320 px")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
