"""A session store that keeps nothing on disk: sessions live in this process and die with it.

The terminal chat uses it by default. On a shared office laptop, a conversation about
a foreign state's request must not be found by the next person who opens a terminal, so
unless the person asks to keep it (``refuge-guide chat --keep``), nothing is written to
the data directory: no database, no secret, not even the directory.

Rows are kept as the same JSON the database backends write, not as live objects, so that
what is read back is a copy (nobody can change a stored session by holding on to a
state), and so that the contract suite can hold this store to the same rules as the
others (``tests/store/test_contract.py``): an unreadable row reads as no session,
erasure removes the row at once, purge counts idle days. :meth:`MemoryStore.close`
forgets everything.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

from bot.dialog.state import SessionState
from bot.store.base import ChannelData, Clock, SessionRecord, utc_today
from bot.store.locks import KeyedLocks
from bot.store.rows import readable


@dataclass(frozen=True)
class MemoryRow:
    """One stored session, as a database row would hold it."""

    state: str
    channel: str
    last_seen: dt.date


MemoryRows = dict[str, MemoryRow]
"""Where a :class:`MemoryStore` keeps its rows, by pseudonymous key."""


class MemoryStore:
    """A :class:`bot.store.SessionStore` in a dict; one process, nothing on disk.

    ``rows`` is where the rows live: a fresh dict unless given (the contract tests give
    one, to look at what the store holds, as they read a database's files).
    """

    def __init__(self, rows: MemoryRows | None = None, clock: Clock = utc_today) -> None:
        self._rows: MemoryRows = {} if rows is None else rows
        self._clock = clock
        self._users = KeyedLocks()

    def lock(self, key: str) -> AbstractAsyncContextManager[None]:
        """Serialise one user's steps (one process holds the rows, so asyncio locks do)."""
        return self._users(key)

    async def get(self, key: str) -> SessionRecord | None:
        """The record stored under ``key``, or ``None`` (also for an unreadable row)."""
        row = self._rows.get(key)
        if row is None:
            return None
        return readable(
            lambda: SessionRecord(
                state=SessionState.from_json(row.state),
                channel=ChannelData.model_validate_json(row.channel),
            )
        )

    async def put(self, key: str, record: SessionRecord) -> None:
        """Store ``record``; it lasts as long as this process (or until :meth:`close`)."""
        self._rows[key] = MemoryRow(
            state=record.state.to_json(),
            channel=record.channel.model_dump_json(),
            last_seen=self._clock(),
        )

    async def delete(self, key: str) -> bool:
        """Erase one session at once; whether there was one."""
        return self._rows.pop(key, None) is not None

    async def wait_scrubbed(self, within: float) -> bool:
        """Always: a deleted row is gone from this process with its dict entry."""
        return True

    async def purge(self, retention_days: int) -> int:
        """Remove sessions idle for more than ``retention_days``; returns how many."""
        cutoff = self._clock() - dt.timedelta(days=retention_days)
        idle = [key for key, row in self._rows.items() if row.last_seen < cutoff]
        for key in idle:
            del self._rows[key]
        return len(idle)

    async def count(self) -> int:
        """How many sessions are held."""
        return len(self._rows)

    async def close(self) -> None:
        """Forget every session: what the terminal chat did not keep ends with it."""
        self._rows.clear()
