"""Pytest fixtures for PostgreSQL; import them from a ``conftest.py``.

    from tests.support.postgres_fixtures import postgres_server, postgres_url  # noqa: F401

``postgres_server`` starts one throw-away server for the whole run (about a second) and
stops it at the end. ``postgres_url`` gives each test a fresh, empty database on it,
dropped afterwards, so tests never see each other's rows.

Where the server cannot start, the tests that use it are skipped with the reason and the
rest of the suite runs. On CI (``CI`` set, as the project's CI does) that is a failure
instead: there the PostgreSQL tests must run.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest

from tests.support.postgres_server import PostgresServer, ServerUnavailable

__all__ = ["postgres_server", "postgres_url"]

_databases = itertools.count(1)


def _must_run() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server on 127.0.0.1 in a temporary directory, for the whole run."""
    try:
        server = PostgresServer().start()
    except ServerUnavailable as exc:
        if _must_run():
            pytest.fail(f"PostgreSQL tests must run on CI, but: {exc}", pytrace=False)
        pytest.skip(f"no PostgreSQL server for these tests: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def postgres_url(postgres_server: PostgresServer) -> AsyncIterator[str]:
    """The URL of a new empty database for this test (dropped at teardown)."""
    name = f"test_{os.getpid()}_{next(_databases)}"
    admin = await asyncpg.connect(postgres_server.url())
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    yield postgres_server.url(name)
    admin = await asyncpg.connect(postgres_server.url())
    try:
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        await admin.close()
