"""The tests' own layout: a test module imports helpers from tests/helpers/, never another test module
(nor conftest.py, which holds only pytest fixtures and hooks), so each one can move or go alone."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers.layout import TESTS, python_files


def _module_name(path: Path) -> str:
    parts = path.relative_to(TESTS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every module the file imports, relative imports resolved; for
    `from package import name`, both the package and package.name (name may be a module)."""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            out += [(node.lineno, module)] + [(node.lineno, f"{module}.{a.name}") for a in node.names]
    return out


def _is_test_module(module: str) -> bool:
    first, _, _ = module.partition(".")
    last = module.rpartition(".")[2]
    return first == "tests" and (last.startswith("test_") or last == "conftest")


def test_no_test_module_imports_another_test_module_or_conftest():
    files = python_files()
    assert len([p for p in files if p.name.startswith("test_")]) > 40  # the walk found the tests
    found = [
        f"{p.relative_to(TESTS.parent)}:{line}: imports {module}"
        for p in files
        for line, module in _imported(p)
        if _is_test_module(module)
    ]
    assert found == []


def test_conftest_holds_only_fixtures_and_hooks():
    tree = ast.parse((TESTS / "conftest.py").read_text(encoding="utf-8"))
    other = []
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):  # the docstring
            continue
        if isinstance(node, ast.FunctionDef) and (
            node.name.startswith("pytest_") or any("fixture" in ast.unparse(d) for d in node.decorator_list)
        ):
            continue
        other.append(f"conftest.py:{node.lineno}: {ast.unparse(node).splitlines()[0]}")
    assert other == []


def test_every_folder_of_tests_is_a_package():
    """Without __init__.py two test modules of one name in two folders would clash."""
    folders = {p.parent for p in python_files()}
    assert sorted(str(f.relative_to(TESTS.parent)) for f in folders if not (f / "__init__.py").exists()) == []
