"""The ``backend`` fixture: each contract test runs once per store implementation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.store.backends import BACKENDS, Backend, PostgresBackend
from tests.support.postgres_fixtures import postgres_server, postgres_url  # noqa: F401


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """A fresh, empty place for sessions in one backend."""
    name: str = request.param
    make = BACKENDS[name]
    if make is None:  # PostgreSQL: skipped with the reason where no server can start
        server = request.getfixturevalue("postgres_server")
        return PostgresBackend(server, request.getfixturevalue("postgres_url"))
    return make(tmp_path / name)
