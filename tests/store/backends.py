"""The session-store backends the contract suite runs against, one entry each.

A backend added to the project (PostgreSQL, say) adds a class here with the same three
methods and the ``durable`` flag, and an entry in :data:`BACKENDS`;
``tests/store/test_contract.py`` then holds it to everything the guide relies on. A
backend that cannot run on this machine raises ``pytest.skip`` in :meth:`open` with the
reason.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Protocol, TypeVar

import asyncpg

from bot.store import Clock, SessionStore, SqliteStore, utc_today
from bot.store.memory import MemoryRows, MemoryStore
from bot.store.postgres import PostgresStore
from tests.support.postgres_server import PostgresServer

T = TypeVar("T")


class Backend(Protocol):
    """One place (a database) for one test, and what the contract needs to look inside."""

    durable: bool
    """Whether a session outlives the store that held it (reopening finds it again). Only
    the memory store is not: closing it forgets everything, by design."""

    async def open(self, clock: Clock = utc_today) -> SessionStore:
        """Open a store on this test's place; a second call reopens the same data."""
        ...

    def at_rest(self) -> bytes:
        """Every byte the backend keeps for this place, as a thief would copy it (on disk;
        for the memory store, the rows it holds)."""
        ...

    def corrupt(self, key: str) -> None:
        """Overwrite the stored state of ``key`` with something no version can read."""
        ...


class SqliteBackend:
    """The SQLite file in a temporary directory."""

    durable = True

    def __init__(self, directory: Path) -> None:
        self.path = directory / "sessions.sqlite3"

    async def open(self, clock: Clock = utc_today) -> SessionStore:
        return await SqliteStore.open(self.path, clock=clock)

    def at_rest(self) -> bytes:
        return b"".join(p.read_bytes() for p in sorted(self.path.parent.glob(self.path.name + "*")))

    def corrupt(self, key: str) -> None:
        with sqlite3.connect(self.path) as db:
            db.execute('UPDATE sessions SET state = \'{"not": "a state"\' WHERE key = ?', (key,))
        db.close()


class MemoryBackend:
    """The terminal chat's store: rows in a dict of this process, nothing on disk.

    Every store opened here shares one dict, as reopening a database finds its file, so
    that the contract can see that closing the store empties it.
    """

    durable = False

    def __init__(self, directory: Path) -> None:
        del directory  # nothing goes to disk
        self.rows: MemoryRows = {}

    async def open(self, clock: Clock = utc_today) -> SessionStore:
        return MemoryStore(self.rows, clock=clock)

    def at_rest(self) -> bytes:
        return "".join(f"{key}{row}" for key, row in self.rows.items()).encode()

    def corrupt(self, key: str) -> None:
        self.rows[key] = replace(self.rows[key], state='{"not": "a state"')


def blocking(work: Callable[[], Awaitable[T]]) -> T:
    """Run ``work`` to completion from synchronous code, even inside a running loop."""

    async def run() -> T:
        return await work()

    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, run()).result()


class PostgresBackend:
    """A fresh database on the test run's throw-away server (``tests/support``).

    ``at_rest`` first runs what the server does on its own within ``checkpoint_timeout``
    (five minutes by default): a checkpoint, which writes the tables' files and retires
    the write-ahead log before it (the test server has ``wal_recycle = off``, as
    docs/deploy.md recommends, so retired segments are deleted, not reused). Then it
    reads what a thief would copy: the database's files and the whole WAL directory.
    """

    durable = True

    def __init__(self, server: PostgresServer, url: str) -> None:
        self.server = server
        self.url = url

    async def open(self, clock: Clock = utc_today) -> SessionStore:
        return await PostgresStore.open(self.url, clock=clock)

    def at_rest(self) -> bytes:
        async def checkpoint() -> int:
            connection = await asyncpg.connect(self.url)
            try:
                await connection.execute("CHECKPOINT")
                await connection.execute("SELECT pg_switch_wal()")
                await connection.execute("CHECKPOINT")
                oid = await connection.fetchval(
                    "SELECT oid FROM pg_database WHERE datname = current_database()"
                )
            finally:
                await connection.close()
            return int(oid)

        oid = blocking(checkpoint)
        places = [self.server.data / "base" / str(oid), self.server.data / "pg_wal"]
        return b"".join(
            path.read_bytes()
            for place in places
            for path in sorted(place.rglob("*"))
            if path.is_file()
        )

    def corrupt(self, key: str) -> None:
        async def overwrite() -> None:
            connection = await asyncpg.connect(self.url)
            try:
                await connection.execute(
                    'UPDATE sessions SET state = \'{"not": "a state"\' WHERE key = $1', key
                )
            finally:
                await connection.close()

        blocking(overwrite)


BACKENDS: dict[str, Callable[[Path], Backend] | None] = {
    "memory": MemoryBackend,
    "sqlite": SqliteBackend,
    "postgres": None,
}
"""Every implementation of :class:`bot.store.SessionStore`, by name (``None``: made by the
``backend`` fixture from the test run's PostgreSQL server)."""
