"""A store for a module-scoped fixture, once per engine (the function-scoped one is the
`store_target` fixture in tests/conftest.py).

    @pytest.fixture(scope="module", params=ENGINES)
    def harvested(request, tmp_path_factory):
        folder = tmp_path_factory.mktemp("x")
        with module_store(request, folder) as db:
            ...harvest into db...
            yield db, ...

Files docgen keeps beside a PostgreSQL store (problems.csv, the pseudonym secret, the exports'
folder) go in the current folder, named after the database: run such a command with `cwd=folder`
and find them with `folder / secret_path(db)` (a path beside an SQLite file is absolute, so the
same expression gives it).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.helpers import pg

ENGINES = ["sqlite", "postgresql"]


@contextmanager
def module_store(request, folder: Path, name: str = "h.db") -> Iterator[Path | str]:
    """folder / name for SQLite; for PostgreSQL a URL to a fresh, empty schema, dropped afterwards.
    `request.param` is the engine (a fixture parametrized with ENGINES)."""
    if request.param == "sqlite":
        yield folder / name
        return
    server = request.getfixturevalue("pg_server")
    with pg.fresh_schema(server.admin(), server.url) as url:
        yield url


@contextmanager
def store_maker(request, tmp_path_factory, name: str = "h.db") -> Iterator[Callable[[], tuple[Path | str, Path]]]:
    """new() -> (a new store, a folder of its own beside it), as many as a module-scoped fixture
    needs, once per engine (`request.param`): an SQLite file in the folder, or a fresh PostgreSQL
    schema (all dropped when the block ends) whose problems.csv a harvest run there writes in it."""
    with contextlib.ExitStack() as stack:

        def new() -> tuple[Path | str, Path]:
            where = tmp_path_factory.mktemp(f"{request.param}-store")
            if request.param == "sqlite":
                return where / name, where
            server = request.getfixturevalue("pg_server")
            return stack.enter_context(pg.fresh_schema(server.admin(), server.url)), where

        yield new
