"""The SQLite session store (the default): one file, one row per pseudonymous key.

Only the key (an HMAC, kept as its 32 bytes), the state (choices, never text) as compact
JSON deflated with a fixed dictionary (:mod:`bot.store.packing`: about 100 to 250
bytes), the channel's data (:class:`ChannelData`: message ids and the last update id)
and the day the session was last used are written (:mod:`bot.store.rows`; the schema
and its versions: :mod:`bot.store.sqlite_schema`). WAL mode with ``synchronous=FULL``
makes each step durable before the reply is sent, and the steps of people who press at
the same moment share one commit (one fsync) instead of queueing for one each. One
process uses the file, so one user's steps are serialised with in-process locks.

Erasure: ``secure_delete`` zeroes an erased row in the pages that held it, and a
checkpoint copies those pages over the old ones and empties the WAL. Another process
reading the file (a ``sqlite3`` shell, a backup) pins the pages of its snapshot, so the
checkpoint is tried without waiting and retried in the background
(:mod:`bot.store.scrub`); :meth:`SqliteStore.wait_scrubbed` says when it is done.

A full disk fails the steps that cannot be written with :class:`StoreFullError`; their
transaction is rolled back whole, and the store carries on once space is freed.

Usage (``tests/store/test_sqlite.py`` runs these very lines, so they stay true)::

    store = await SqliteStore.open(path)
    await store.put(key, record)
    await store.close()

    async with await SqliteStore.open(path) as store:  # closed when the block ends
        assert await store.get(key) == record
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import sqlite3
from collections.abc import Awaitable, Callable, Iterable
from contextlib import AbstractAsyncContextManager
from functools import partial
from pathlib import Path
from typing import TypeVar

import aiosqlite

from bot.errors import StoreError, StoreFullError
from bot.store import packing
from bot.store.base import Clock, ClosedOnExit, SessionRecord, utc_today
from bot.store.data_dir import owner_only, prepare_database_file
from bot.store.locks import KeyedLocks
from bot.store.rows import Row, upsert
from bot.store.scrub import Scrubber
from bot.store.sqlite_schema import migrate, read_row, refuse_newer, stored_key, user_version

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
"""How long a write waits for another process holding the write lock (never a checkpoint)."""

_UPSERT = upsert(lambda n: "?")
T = TypeVar("T")


class SqliteStore(ClosedOnExit):
    """A :class:`bot.store.SessionStore` on one SQLite file; open with :meth:`open`."""

    def __init__(
        self, connection: aiosqlite.Connection, path: Path, clock: Clock = utc_today
    ) -> None:
        self._db = connection
        self._path = path
        self._clock = clock
        self._lock = asyncio.Lock()  # one statement sequence at a time on the one connection
        self._users = KeyedLocks()
        self._pending: list[tuple[tuple[object, ...], asyncio.Future[None]]] = []
        self._committer: asyncio.Task[None] | None = None
        self._scrubber = Scrubber(self._checkpoint)

    @classmethod
    async def open(cls, path: Path, clock: Clock = utc_today) -> SqliteStore:
        """Open (and create on first use) the database file, migrated to this version.

        A WAL an earlier process left may still hold rows it erased: it is emptied now,
        or in the background if another process reads the file.
        """
        prepare_database_file(path)
        try:
            connection = await aiosqlite.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the session database ({exc})") from None
        try:
            await connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
            refuse_newer(await user_version(connection), path)  # before changing anything
            await connection.execute("PRAGMA journal_mode = WAL")
            await connection.execute("PRAGMA synchronous = FULL")
            await connection.execute("PRAGMA secure_delete = ON")
            await migrate(connection, path)
        except sqlite3.DatabaseError as exc:
            await connection.close()
            raise StoreError(
                f"{path}: not a usable session database ({exc}); restore it from backup "
                "or move it away to start afresh"
            ) from None
        except BaseException:
            await connection.close()
            raise
        owner_only(path)
        store = cls(connection, path, clock)
        await store._scrubber.erased()
        return store

    async def close(self) -> None:
        """Let waiting puts commit, overwrite erased rows if nothing prevents it, close.

        Never waits for another process: erased rows a reader still pins are logged and
        overwritten at the next start. The connection is closed whatever happens before
        (a full disk): its thread would otherwise keep the process alive after the bot
        stopped.
        """
        try:
            if self._committer is not None:
                await self._committer
            await self._scrubber.close()
        finally:
            async with self._lock:
                await self._db.close()

    def lock(self, key: str) -> AbstractAsyncContextManager[None]:
        """Serialise one user's steps (one process uses the file, so asyncio locks do)."""
        return self._users(key)

    async def get(self, key: str) -> SessionRecord | None:
        """The record stored under ``key``, or ``None`` (also for an unreadable row)."""
        async with self._lock:  # one trip to the database thread, not three (issue 14)
            rows = await self._db.execute_fetchall(
                "SELECT state, state_version, message_ids, last_update_id, first_message_id "
                "FROM sessions WHERE key = ?",
                (stored_key(key),),
            )
        row = next(iter(rows), None)
        return None if row is None else read_row(row[0], row[1], row[2], row[3], row[4])

    async def put(self, key: str, record: SessionRecord) -> None:
        """Store ``record`` and commit before returning: the step is then durable.

        Puts that arrive while a commit is under way wait for the next one and share it
        (group commit): one transaction and one fsync for all of them, however many
        people pressed at once, and still no put returns before its own row is on disk.
        """
        row = Row.of(record)
        values = (
            stored_key(key),
            packing.pack(row.state),
            row.state_version,
            self._clock().isoformat(),
            row.message_ids,
            row.last_update_id,
            row.first_message_id,
        )
        committed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((values, committed))
        if self._committer is None or self._committer.done():
            self._committer = asyncio.create_task(self._commit_pending(), name="group-commit")
        await committed

    async def _commit_pending(self) -> None:
        """Commit the waiting puts in batches until none is left, then end.

        Whatever arrives during one commit is the next batch. The task ends as soon as
        the queue is empty (no await lies between that check and the end, so a put
        either lands in a batch of this task or finds it done and starts a new one).
        """
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                rows = [values for values, _ in batch]
                await self._write(partial(self._db.executemany, _UPSERT, rows))
            except Exception as exc:  # every put of the batch fails with the cause
                for _, committed in batch:
                    if not committed.done():
                        committed.set_exception(exc)
            except BaseException:  # cancelled (the loop is ending): so are the waiters
                for _, committed in batch:
                    committed.cancel()
                raise
            else:
                for _, committed in batch:
                    if not committed.done():
                        committed.set_result(None)

    async def _write(self, statement: Callable[[], Awaitable[T]]) -> T:
        """Run one writing statement and commit it, or roll it back whole.

        A full disk becomes :class:`StoreFullError`, which names the file, not a row.
        """
        async with self._lock:
            try:
                result = await statement()
                await self._db.commit()
            except BaseException as exc:
                await self._db.rollback()
                if isinstance(exc, sqlite3.Error) and _disk_full(exc):
                    raise StoreFullError(
                        f"{self._path}: a step could not be saved: the disk is full; free "
                        "space there (steps fail until then, nothing is half-written)"
                    ) from None
                raise
        return result

    async def delete(self, key: str) -> bool:
        """Erase one session at once; its bytes are overwritten now or in the background
        (:meth:`wait_scrubbed` says when)."""
        return await self._erase("DELETE FROM sessions WHERE key = ?", (stored_key(key),)) > 0

    async def purge(self, retention_days: int) -> int:
        """Remove sessions idle for more than ``retention_days``; returns how many."""
        cutoff = self._clock() - dt.timedelta(days=retention_days)
        return await self._erase("DELETE FROM sessions WHERE last_seen < ?", (cutoff.isoformat(),))

    async def _erase(self, statement: str, parameters: Iterable[object]) -> int:
        cursor = await self._write(partial(self._db.execute, statement, parameters))
        if cursor.rowcount > 0:
            await self._scrubber.erased()
        return cursor.rowcount

    async def wait_scrubbed(self, within: float) -> bool:
        """Whether no erased session is left in the file, its WAL or its shared memory,
        waiting up to ``within`` seconds (never holding up other users' steps)."""
        return await self._scrubber.wait(within)

    async def count(self) -> int:
        """How many sessions are stored (for operators and tests)."""
        async with self._lock, self._db.execute("SELECT COUNT(*) FROM sessions") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def _checkpoint(self) -> bool:
        """Copy the WAL into the file and empty it, without waiting; whether it could.

        ``secure_delete`` has already zeroed erased rows in the pages the WAL carries;
        this writes those pages over the old ones in the file and truncates the WAL. A
        reader's snapshot keeps the WAL (and the file's pages it reads) as they are, so
        the checkpoint then reports "busy" at once (``busy_timeout`` 0) instead of
        holding the one connection, and with it every user, until the reader is done.
        """
        async with self._lock:
            await self._db.execute("PRAGMA busy_timeout = 0")
            try:
                async with self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cursor:
                    row = await cursor.fetchone()
            finally:
                await self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        return row is not None and row[0] == 0


def _disk_full(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == sqlite3.SQLITE_FULL
