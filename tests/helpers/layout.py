"""Where the tests are: tests/ and its stage packages (tests/policy/, tests/forms/, ...), never the
real clients' folder tests/clients/ (an npm package with its node_modules)."""

from __future__ import annotations

import os
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
SKIPPED = {"clients", "node_modules", "__pycache__"}


def python_files() -> list[Path]:
    """Every Python file of the tests: test modules, helpers, conftest.py."""
    out = []
    for dirpath, dirs, files in os.walk(TESTS):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED and not d.startswith("."))
        out += [Path(dirpath) / name for name in sorted(files) if name.endswith(".py")]
    return out


def every_test_module() -> list[Path]:
    """Every test module (test_*.py), wherever it sits under tests/."""
    return [p for p in python_files() if p.name.startswith("test_")]
