"""Shared fixtures."""

from __future__ import annotations

import textwrap

import pytest


@pytest.fixture
def write(tmp_path):
    """write("name.yaml", text) -> path, in a temporary folder."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write
