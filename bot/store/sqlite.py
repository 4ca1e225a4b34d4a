"""The SQLite session store (the default): one file, one row per pseudonymous key.

Only the key (an HMAC, kept as its 32 bytes), the state (choices, never text) as compact
JSON deflated with a fixed dictionary (:mod:`bot.store.packing`: about 100 to 250
bytes), the channel's data (:class:`ChannelData`: message ids and the last update id)
and the day the session was last used are written. WAL mode with ``synchronous=FULL``
makes each step durable before the reply is sent, and the steps of people who press at
the same moment share one commit (one fsync) instead of queueing for one each;
``secure_delete`` overwrites erased rows. One process uses the file, so one user's steps
are serialised with in-process locks.

    store = await SqliteStore.open(path)   # or: async with await SqliteStore.open(path) as store:
    ...
    await store.close()
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import os
import re
import sqlite3
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from types import TracebackType

import aiosqlite
from pydantic import ValidationError

from bot.dialog.state import SessionState
from bot.errors import StoreError
from bot.store import message_ids, packing
from bot.store.base import ChannelData, Clock, SessionRecord, utc_today
from bot.store.locks import KeyedLocks

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


Migration = Callable[[aiosqlite.Connection], Awaitable[None]]


async def _v1_sessions_table(db: aiosqlite.Connection) -> None:
    """Version 1: one row per pseudonymous key, the state as JSON, the day last used.

    ``IF NOT EXISTS`` also adopts the table of a database written before versions were
    recorded (same layout, ``user_version`` 0).
    """
    await db.execute(
        "CREATE TABLE IF NOT EXISTS sessions ("
        " key TEXT PRIMARY KEY NOT NULL,"
        " state TEXT NOT NULL,"
        " state_version INTEGER NOT NULL,"
        " last_seen TEXT NOT NULL"
        ") WITHOUT ROWID"
    )
    await db.execute("CREATE INDEX IF NOT EXISTS sessions_last_seen ON sessions (last_seen)")


async def _v2_channel_columns(db: aiosqlite.Connection) -> None:
    """Version 2: the channel's data in two columns of their own, beside the state.

    Rows written before keep them inside their version 1 state JSON (with every sent
    message id); :func:`_decode` lifts them out when such a row is read, and the next
    step of that session writes it in the new form.
    """
    await db.execute("ALTER TABLE sessions ADD COLUMN first_message_id INTEGER")
    await db.execute("ALTER TABLE sessions ADD COLUMN last_update_id INTEGER")


async def _v3_message_ids(db: aiosqlite.Connection) -> None:
    """Version 3: the exact message ids of the chat, compact (:mod:`bot.store.message_ids`).

    A bot's message ids are shared by all its chats, so the first id alone did not find
    a chat's messages. Rows written before keep ``first_message_id`` and no ids; a quick
    exit still deletes from that id on, and each new step adds exact ids.
    """
    await db.execute("ALTER TABLE sessions ADD COLUMN message_ids TEXT")


_HMAC_HEX = re.compile(r"[0-9a-f]{64}")


def stored_key(key: str) -> str | bytes:
    """How a key is kept: a pseudonym (an HMAC-SHA256 in hex) as its 32 bytes, half the
    size in the table and again in the index; any other key as it is. SQLite never finds
    a BLOB equal to a TEXT, so the two kinds cannot meet."""
    return bytes.fromhex(key) if _HMAC_HEX.fullmatch(key) else key


async def _v4_binary_keys(db: aiosqlite.Connection) -> None:
    """Version 4: pseudonyms as 32 bytes (:func:`stored_key`), for small rows (issue 14).

    One statement over the table; ``secure_delete`` overwrites the old hex forms.
    """

    def binary(key: object) -> object:
        return stored_key(key) if isinstance(key, str) else key

    await db.create_function("refuge_stored_key", 1, binary, deterministic=True)
    await db.execute(
        "UPDATE sessions SET key = refuge_stored_key(key) "
        "WHERE typeof(key) = 'text' AND length(key) = 64"
    )


MIGRATIONS: tuple[Migration, ...] = (
    _v1_sessions_table,
    _v2_channel_columns,
    _v3_message_ids,
    _v4_binary_keys,
)
"""``MIGRATIONS[n]`` takes a database from version ``n`` to ``n + 1``; append, never edit."""

USER_VERSION = len(MIGRATIONS)


async def _user_version(db: aiosqlite.Connection) -> int:
    async with db.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


def _refuse_newer(version: int, path: Path) -> None:
    if version > USER_VERSION:
        raise StoreError(
            f"{path}: the database has schema version {version}, but this refuge-guide "
            f"only knows up to version {USER_VERSION}; install the newer refuge-guide "
            "that wrote it, or restore a backup made by this version"
        )


async def migrate(db: aiosqlite.Connection, path: Path) -> int:
    """Bring the database to :data:`USER_VERSION`, one committed step per version.

    A database newer than this program is refused rather than guessed at.
    """
    version = await _user_version(db)
    _refuse_newer(version, path)
    for target in range(version + 1, USER_VERSION + 1):
        await db.execute("BEGIN IMMEDIATE")
        try:
            await MIGRATIONS[target - 1](db)
            await db.execute(f"PRAGMA user_version = {target:d}")
            await db.commit()
        except BaseException:
            await db.rollback()
            raise
        log.info("session database migrated to schema version %d", target)
    return version


def _prepare_file(path: Path) -> None:
    """Create the directory (0700) and an empty database file (0600) before SQLite does.

    The WAL and shared-memory files SQLite makes next to it copy the file's mode.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    except OSError as exc:
        raise StoreError(
            f"{path}: cannot create the session database ({exc.strerror}); "
            "check REFUGE_GUIDE_DATA_DIR and its permissions"
        ) from None


def _owner_only(path: Path) -> None:
    for companion in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if companion.exists():
            companion.chmod(0o600)


_UPSERT = (
    "INSERT INTO sessions (key, state, state_version, last_seen, "
    "message_ids, last_update_id, first_message_id) VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(key) DO UPDATE SET state = excluded.state, "
    "state_version = excluded.state_version, last_seen = excluded.last_seen, "
    "message_ids = excluded.message_ids, "
    "last_update_id = excluded.last_update_id, "
    "first_message_id = excluded.first_message_id"
)


def _decode(
    stored: str | bytes,
    version: int,
    ids: str | None,
    last_update_id: int | None,
    first_message_id: int | None,
) -> SessionRecord:
    """A row as a record; a version 1 state gives up the channel fields it still holds."""
    raw = packing.unpack(stored)
    known = message_ids.decode(ids)
    if version == 1:
        legacy = json.loads(raw)
        if isinstance(legacy, dict):
            sent = [i for i in legacy.get("message_ids") or () if isinstance(i, int)]
            known = message_ids.merge(known, sent)
            if last_update_id is None and isinstance(legacy.get("last_update_id"), int):
                last_update_id = legacy["last_update_id"]
    channel = ChannelData(
        message_ids=known, last_update_id=last_update_id, first_message_id=first_message_id
    )
    return SessionRecord(state=SessionState.from_json(raw), channel=channel)


class SqliteStore:
    """A :class:`bot.store.SessionStore` on one SQLite file; open with :meth:`open`."""

    def __init__(self, connection: aiosqlite.Connection, clock: Clock = utc_today) -> None:
        self._db = connection
        self._clock = clock
        self._lock = asyncio.Lock()  # one statement sequence at a time on the one connection
        self._users = KeyedLocks()
        self._pending: list[tuple[tuple[object, ...], asyncio.Future[None]]] = []
        self._committer: asyncio.Task[None] | None = None

    @classmethod
    async def open(cls, path: Path, clock: Clock = utc_today) -> SqliteStore:
        """Open (and create on first use) the database file, migrated to this version."""
        _prepare_file(path)
        try:
            connection = await aiosqlite.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the session database ({exc})") from None
        try:
            await connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
            _refuse_newer(await _user_version(connection), path)  # before changing anything
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
        _owner_only(path)
        return cls(connection, clock)

    async def close(self) -> None:
        """Let waiting puts commit, checkpoint the WAL into the main file, and close."""
        if self._committer is not None:
            await self._committer
        async with self._lock:
            await self._truncate_wal()
            await self._db.close()

    async def __aenter__(self) -> SqliteStore:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def lock(self, key: str) -> AbstractAsyncContextManager[None]:
        """Serialise one user's steps (one process uses the file, so asyncio locks do)."""
        return self._users(key)

    async def get(self, key: str) -> SessionRecord | None:
        """The record stored under ``key``, or ``None`` (also for an unreadable row)."""
        async with (
            self._lock,
            self._db.execute(
                "SELECT state, state_version, message_ids, last_update_id, first_message_id "
                "FROM sessions WHERE key = ?",
                (stored_key(key),),
            ) as cursor,
        ):
            row = await cursor.fetchone()
        if row is None:
            return None
        try:
            return _decode(row[0], row[1], row[2], row[3], row[4])
        except (ValidationError, ValueError):
            log.warning("a stored session could not be read and is ignored")
            return None

    async def put(self, key: str, record: SessionRecord) -> None:
        """Store ``record`` and commit before returning: the step is then durable.

        Puts that arrive while a commit is under way wait for the next one and share it
        (group commit): one transaction and one fsync for all of them, however many
        people pressed at once, and still no put returns before its own row is on disk.
        """
        state, channel = record.state, record.channel
        row = (
            stored_key(key),
            packing.pack(state.to_json()),
            state.schema_version,
            self._clock().isoformat(),
            message_ids.encode(channel.message_ids),
            channel.last_update_id,
            channel.first_message_id,
        )
        committed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((row, committed))
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
                async with self._lock:
                    try:
                        await self._db.executemany(_UPSERT, [row for row, _ in batch])
                        await self._db.commit()
                    except BaseException:
                        await self._db.rollback()
                        raise
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

    async def delete(self, key: str) -> bool:
        """Erase one session at once, leaving no copy in the file or its WAL."""
        async with self._lock:
            cursor = await self._db.execute(
                "DELETE FROM sessions WHERE key = ?", (stored_key(key),)
            )
            await self._db.commit()
            await self._truncate_wal()
        return cursor.rowcount > 0

    async def purge(self, retention_days: int) -> int:
        """Remove sessions idle for more than ``retention_days``; returns how many."""
        cutoff = self._clock() - dt.timedelta(days=retention_days)
        async with self._lock:
            cursor = await self._db.execute(
                "DELETE FROM sessions WHERE last_seen < ?", (cutoff.isoformat(),)
            )
            await self._db.commit()
            if cursor.rowcount:
                await self._truncate_wal()
        return cursor.rowcount

    async def count(self) -> int:
        """How many sessions are stored (for operators and tests)."""
        async with self._lock, self._db.execute("SELECT COUNT(*) FROM sessions") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def _truncate_wal(self) -> None:
        """Copy the WAL into the file and empty it, so erased rows survive nowhere.

        ``secure_delete`` has already zeroed them in the pages the WAL carries.
        """
        async with self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cursor:
            row = await cursor.fetchone()
        if row is not None and row[0]:
            log.warning("the write-ahead log could not be emptied now (the database is busy)")
