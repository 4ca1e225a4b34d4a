"""The session-store backends the contract suite runs against, one entry each.

A backend added to the project (PostgreSQL, say) adds a class here with the same three
methods and an entry in :data:`BACKENDS`; ``tests/store/test_contract.py`` then holds it
to everything the guide relies on. A backend that cannot run on this machine raises
``pytest.skip`` in :meth:`open` with the reason.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from bot.store import Clock, SessionStore, SqliteStore, utc_today


class Backend(Protocol):
    """One place (a database) for one test, and what the contract needs to look inside."""

    async def open(self, clock: Clock = utc_today) -> SessionStore:
        """Open a store on this test's place; a second call reopens the same data."""
        ...

    def at_rest(self) -> bytes:
        """Every byte the backend keeps for this place on disk, as a thief would copy it."""
        ...

    def corrupt(self, key: str) -> None:
        """Overwrite the stored state of ``key`` with something no version can read."""
        ...


class SqliteBackend:
    """The SQLite file in a temporary directory."""

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


BACKENDS: dict[str, Callable[[Path], Backend]] = {"sqlite": SqliteBackend}
"""Every implementation of :class:`bot.store.SessionStore`, by name."""
