"""Where the shipped policies and form templates are.

In a checkout (or an editable install) they are the top-level `policies/` and `form_templates/`
folders; in an installed wheel they are copied to `docgen/_shipped/` (see pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_PACKAGE / "_shipped" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"docgen's {name}/ folder is missing from this installation")


def policies_dir() -> Path:
    return _find("policies")


def templates_dir() -> Path:
    return _find("form_templates")


def shipped_policies() -> list[Path]:
    return sorted(p for p in policies_dir().glob("*.yaml") if not p.name.startswith("_"))


def resolve_policy_path(name_or_path: str) -> Path:
    """A path as given, or the name of a shipped policy ("worcestershire")."""
    path = Path(name_or_path)
    if path.exists() or path.suffix in (".yaml", ".yml") or "/" in name_or_path:
        return path
    shipped = policies_dir() / f"{name_or_path}.yaml"
    return shipped if shipped.exists() else path
