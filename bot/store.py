"""Session store on aiosqlite: one row per pseudonymous key, the state as JSON.

Only the key (an HMAC), the state (choices, never text) and the day it was last used
are written. WAL mode with ``synchronous=FULL`` makes each step durable before the reply
is sent; ``secure_delete`` overwrites erased rows.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import aiosqlite
from pydantic import ValidationError

from bot.dialog.state import SessionState

log = logging.getLogger(__name__)

Clock = Callable[[], dt.date]

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    key TEXT PRIMARY KEY NOT NULL,
    state TEXT NOT NULL,
    state_version INTEGER NOT NULL,
    last_seen TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sessions_last_seen ON sessions (last_seen);
"""
USER_VERSION = 1


def utc_today() -> dt.date:
    """Today in UTC: the only timestamp kept, and only to know when to forget."""
    return dt.datetime.now(dt.UTC).date()


def _prepare_directory(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)


def _owner_only(path: Path) -> None:
    path.chmod(0o600)


class SessionStore:
    """Reads and writes sessions by key; open with ``async with SessionStore.open(...)``."""

    def __init__(self, connection: aiosqlite.Connection, clock: Clock = utc_today) -> None:
        self._db = connection
        self._clock = clock

    @classmethod
    async def open(cls, path: Path, clock: Clock = utc_today) -> SessionStore:
        """Open (and create on first use) the database file."""
        _prepare_directory(path)
        connection = await aiosqlite.connect(path, timeout=10.0)
        try:
            await connection.execute("PRAGMA busy_timeout = 10000")
            await connection.execute("PRAGMA journal_mode = WAL")
            await connection.execute("PRAGMA synchronous = FULL")
            await connection.execute("PRAGMA secure_delete = ON")
            await connection.executescript(SCHEMA)
            await connection.execute(f"PRAGMA user_version = {USER_VERSION}")
            await connection.commit()
        except BaseException:
            await connection.close()
            raise
        _owner_only(path)
        return cls(connection, clock)

    async def close(self) -> None:
        """Checkpoint the WAL into the main file and close."""
        await self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        await self._db.close()

    async def __aenter__(self) -> SessionStore:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def get(self, key: str) -> SessionState | None:
        """The state stored under ``key``, or ``None`` (also for an unreadable row)."""
        async with self._db.execute("SELECT state FROM sessions WHERE key = ?", (key,)) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        try:
            return SessionState.from_json(row[0])
        except ValidationError:
            log.warning("a stored session could not be read and is ignored")
            return None

    async def put(self, key: str, state: SessionState) -> None:
        """Store ``state`` and commit before returning: the step is then durable."""
        await self._db.execute(
            "INSERT INTO sessions (key, state, state_version, last_seen) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET state = excluded.state, "
            "state_version = excluded.state_version, last_seen = excluded.last_seen",
            (key, state.to_json(), state.schema_version, self._clock().isoformat()),
        )
        await self._db.commit()

    async def delete(self, key: str) -> bool:
        """Erase one session at once; ``True`` if there was one."""
        cursor = await self._db.execute("DELETE FROM sessions WHERE key = ?", (key,))
        await self._db.commit()
        await self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return cursor.rowcount > 0

    async def purge(self, retention_days: int) -> int:
        """Remove sessions idle for more than ``retention_days``; returns how many."""
        cutoff = self._clock() - dt.timedelta(days=retention_days)
        cursor = await self._db.execute(
            "DELETE FROM sessions WHERE last_seen < ?", (cutoff.isoformat(),)
        )
        await self._db.commit()
        await self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return cursor.rowcount

    async def count(self) -> int:
        """How many sessions are stored (for operators and tests)."""
        async with self._db.execute("SELECT COUNT(*) FROM sessions") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0
