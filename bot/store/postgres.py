"""The PostgreSQL session store: several bot processes on one database (asyncpg).

Why it exists: one process serves a bot's whole load, but not through a deploy or a host
failure. Two processes in webhook mode behind a load balancer keep the guide up, and
both must see the same sessions and never handle one person's steps at once.

What is written is what the SQLite store writes: the key (an HMAC, never an id), the
conversation as JSON (button values, never text), the channel's data (message ids, the
last update id) and the day of the last step. User data only ever travels as bind
parameters, so the statement texts (what ``pg_stat_statements``, ``pg_stat_activity``
and the server's statement log see) are the constants in this file.

One user at a time, across processes: :meth:`PostgresStore.lock` takes a session-level
``pg_advisory_lock`` on a 64-bit hash of the key, on a connection of its own. Everything
the holder then reads and writes for that key goes through that same connection, so the
lock fences the writes: if the connection dies, the server releases the lock *and* the
holder's next write fails instead of racing the process that took the lock over. Within
a process, an asyncio lock per key queues a user's updates in arrival order before they
ask the server, so a burst costs one connection, not one each.

Erasure (``delete`` and ``purge``) runs ``VACUUM FULL`` on the table; see
:meth:`PostgresStore._scrub` for what that guarantees and what it does not.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextvars import ContextVar
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeAlias

import asyncpg

from bot.errors import StoreError
from bot.settings import redacted_url
from bot.store.base import Clock, ClosedOnExit, SessionRecord, utc_today
from bot.store.locks import KeyedLocks
from bot.store.postgres_schema import migrate
from bot.store.rows import Row, upsert
from bot.store.scrub import Scrubber

if TYPE_CHECKING:  # the stubs' generics; asyncpg's classes are not subscriptable at run time
    from asyncpg.pool import PoolConnectionProxy

    Connection: TypeAlias = PoolConnectionProxy[asyncpg.Record]
    Pool: TypeAlias = asyncpg.Pool[asyncpg.Record]

log = logging.getLogger(__name__)

LOCK_TIMEOUT = 60.0
"""Seconds to wait for another process to finish a user's step before giving up."""
LOCK_POOL_SIZE = 20
"""Users whose steps one process handles at the same instant (each holds a connection)."""
POOL_SIZE = 5
"""Connections for statements outside a user's lock: counts, purges, VACUUM."""
SCRUB_LOCK_TIMEOUT_MS = 100
"""How long ``VACUUM FULL`` waits for another transaction's lock on the table before it
gives up and is retried: everyone's statements on the table queue behind it meanwhile."""
CLOSE_TIMEOUT = 10.0
"""Seconds ``close`` waits for statements in progress before cutting connections."""
_SELECT = (
    "SELECT state, state_version, message_ids, last_update_id, first_message_id "
    "FROM sessions WHERE key = $1"
)
_UPSERT = upsert(lambda n: f"${n}")

_held: ContextVar[MappingProxyType[str, Connection]] = ContextVar(
    "held_session_locks", default=MappingProxyType({})
)
"""The lock connections the current task holds, by key (see :meth:`PostgresStore.lock`)."""


def lock_id(key: str) -> int:
    """The advisory-lock id of ``key``: a signed 64-bit hash, never the key itself.

    Two keys with the same id only wait for each other; nothing is mixed up.
    """
    digest = hashlib.sha256(b"refuge-guide session lock\x00" + key.encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class PostgresStore(ClosedOnExit):
    """A :class:`bot.store.SessionStore` on a PostgreSQL database; open with :meth:`open`."""

    def __init__(self, pool: Pool, lock_pool: Pool, clock: Clock = utc_today) -> None:
        self._pool = pool
        self._lock_pool = lock_pool
        self._clock = clock
        self._users = KeyedLocks()
        self._scrubber = Scrubber(self._scrub)

    @classmethod
    async def open(cls, url: str, clock: Clock = utc_today) -> PostgresStore:
        """Connect, migrate, and return the store; errors never show the password."""
        shown = redacted_url(url)
        settings = {"application_name": "refuge-guide"}
        pools: list[Pool] = []
        try:
            for size in (POOL_SIZE, LOCK_POOL_SIZE):
                pool = await asyncpg.create_pool(
                    url, min_size=1, max_size=size, server_settings=settings, timeout=30
                )
                pools.append(pool)
            async with pools[0].acquire() as connection:
                await migrate(connection)
        except StoreError:
            await _close_all(pools)
            raise
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, ValueError) as exc:
            await _close_all(pools)
            raise StoreError(
                f"{shown}: cannot use the session database ({type(exc).__name__}); check "
                "REFUGE_GUIDE_DATABASE_URL, that the server is up and the user may connect"
            ) from None
        except BaseException:
            await _close_all(pools)
            raise
        return cls(pools[0], pools[1], clock)

    async def close(self) -> None:
        """Stop retrying erasures (one last try), close both pools, waiting for statements
        in progress."""
        try:
            await self._scrubber.close()
        finally:
            await _close_all([self._pool, self._lock_pool])

    @contextlib.asynccontextmanager
    async def lock(self, key: str) -> AsyncIterator[None]:
        """Hold ``key``'s advisory lock for one step, across every process on the database.

        Session-level, on a connection held until the step ends: released by
        ``pg_advisory_unlock`` on exit, by the pool's reset if that fails, and by the
        server if the connection is lost. Waiters are served in the order they asked.
        """
        async with self._users(key), self._lock_pool.acquire() as connection:
            try:
                await connection.fetchval(
                    "SELECT pg_advisory_lock($1)", lock_id(key), timeout=LOCK_TIMEOUT
                )
            except TimeoutError:
                raise StoreError(
                    f"a step waited {LOCK_TIMEOUT:.0f} s for another process to finish the "
                    "same user's step; is a process stuck with the database?"
                ) from None
            token = _held.set(MappingProxyType({**_held.get(), key: connection}))
            try:
                yield
            finally:
                _held.reset(token)
                with contextlib.suppress(Exception):  # the pool's reset unlocks all anyway
                    await connection.fetchval("SELECT pg_advisory_unlock($1)", lock_id(key))

    async def _on(self, key: str | None, work: Callable[[Connection], Awaitable[Any]]) -> Any:
        """Run ``work`` on the connection holding ``key``'s lock, or on a pooled one."""
        held = _held.get().get(key) if key is not None else None
        if held is not None:
            return await work(held)
        async with self._pool.acquire() as connection:
            return await work(connection)

    async def get(self, key: str) -> SessionRecord | None:
        """The record stored under ``key``, or ``None`` (also for an unreadable row)."""
        row = await self._on(key, lambda c: c.fetchrow(_SELECT, key))
        return None if row is None else Row(*row).record()

    async def put(self, key: str, record: SessionRecord) -> None:
        """Store ``record``; the statement commits before it returns (durable on return)."""
        row = Row.of(record)
        await self._on(
            key,
            lambda c: c.execute(
                _UPSERT,
                key,
                row.state,
                row.state_version,
                self._clock(),
                row.message_ids,
                row.last_update_id,
                row.first_message_id,
            ),
        )

    async def delete(self, key: str) -> bool:
        """Erase one session at once, then rewrite the table so no copy of it remains
        (now, or in the background while another transaction holds the table)."""
        status = await self._on(
            key, lambda c: c.execute("DELETE FROM sessions WHERE key = $1", key)
        )
        if _rows(status) == 0:
            return False
        await self._scrubber.erased()
        return True

    async def purge(self, retention_days: int) -> int:
        """Remove sessions idle for more than ``retention_days``; returns how many."""
        cutoff = self._clock() - dt.timedelta(days=retention_days)
        status = await self._on(
            None, lambda c: c.execute("DELETE FROM sessions WHERE last_seen < $1", cutoff)
        )
        removed = _rows(status)
        if removed:
            await self._scrubber.erased()
        return removed

    async def wait_scrubbed(self, within: float) -> bool:
        """Whether ``VACUUM FULL`` has run since the last erasure, waiting up to ``within``
        seconds (see :meth:`_scrub` for what it does not reach)."""
        return await self._scrubber.wait(within)

    async def count(self) -> int:
        """How many sessions are stored (for operators and tests)."""
        return int(await self._on(None, lambda c: c.fetchval("SELECT count(*) FROM sessions")))

    async def _scrub(self) -> bool:
        """``VACUUM FULL`` the table, so erased rows survive in none of its files; whether
        it could run now.

        A ``DELETE`` only marks a row dead; it stays readable in the table's file. Plain
        ``VACUUM`` makes dead rows unreachable and their space reusable, but leaves their
        bytes in the pages (heap, TOAST and index) until new rows overwrite them.
        ``VACUUM FULL`` writes a new copy of the table, its TOAST table and indexes with
        the live rows only (this also drops older versions of every row, which each step
        leaves behind); the old files are emptied at commit and unlinked at the next
        checkpoint. It locks the table while it runs: milliseconds for a table of
        sessions, and only on erasure, which is rare.

        A transaction that read the table and is still open (``pg_dump``, a ``psql``
        session left in ``BEGIN``) holds a lock that ``VACUUM FULL`` must wait for, and
        every statement on the table would queue behind it: everyone's steps would stop
        until that transaction ends. So it gives up after :data:`SCRUB_LOCK_TIMEOUT_MS`
        and is retried in the background (:mod:`bot.store.scrub`) until it runs.

        What it does not reach: a row still visible to a transaction open elsewhere (a
        ``pg_dump`` in progress, say) is copied into the new files and goes at the next
        erasure or purge; the write-ahead log keeps the row's earlier writes until a
        checkpoint retires its segment (recycled segments keep the bytes until they are
        overwritten, unless ``wal_recycle = off``); WAL archives, base backups and
        replicas' own WAL keep them for as long as they are kept; and freed disk blocks
        are the filesystem's. docs/deploy.md says how to bound each.
        """
        async with self._pool.acquire() as connection:
            await connection.execute(f"SET lock_timeout = {SCRUB_LOCK_TIMEOUT_MS:d}")
            try:
                await connection.execute("VACUUM FULL sessions")
            except asyncpg.LockNotAvailableError:
                return False
            finally:
                await connection.execute("RESET lock_timeout")
        return True


def _rows(status: str) -> int:
    """The row count of a command status such as ``DELETE 3``."""
    return int(status.rsplit(" ", 1)[-1])


async def _close_all(pools: list[Pool]) -> None:
    """Close gracefully; a pool that does not close in time is terminated."""
    for pool in pools:
        try:
            await asyncio.wait_for(pool.close(), CLOSE_TIMEOUT)
        except (Exception, TimeoutError):  # a broken connection must not keep others open
            pool.terminate()
