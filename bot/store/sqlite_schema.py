"""The SQLite file's schema: its versions, how a key is kept, and rows of older versions.

Why a module of its own: the schema changes by appending a migration and never by
editing one, and a row an older release wrote must stay readable; both are easier to
review apart from the store's run-time behaviour (:mod:`bot.store.sqlite`). The file's
``user_version`` records which migrations ran.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

import aiosqlite

from bot.errors import StoreError
from bot.store import message_ids, packing
from bot.store.base import SessionRecord
from bot.store.rows import Row, readable

log = logging.getLogger(__name__)

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


async def user_version(db: aiosqlite.Connection) -> int:
    async with db.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


def refuse_newer(version: int, path: Path) -> None:
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
    version = await user_version(db)
    refuse_newer(version, path)
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


def read_row(
    stored: str | bytes,
    version: int,
    ids: str | None,
    last_update_id: int | None,
    first_message_id: int | None,
) -> SessionRecord | None:
    """A row as a record, ``None`` if unreadable; a version 1 state gives up the channel
    fields it still holds (every sent message id, the last update id)."""

    def read() -> SessionRecord:
        raw = packing.unpack(stored)
        row = Row(raw, version, ids, last_update_id, first_message_id)
        return (_lifted(row) if version == 1 else row).decoded()

    return readable(read)


def _lifted(row: Row) -> Row:
    legacy = json.loads(row.state)
    if not isinstance(legacy, dict):
        return row
    sent = [i for i in legacy.get("message_ids") or () if isinstance(i, int)]
    known = message_ids.merge(message_ids.decode(row.message_ids), sent)
    last = row.last_update_id
    if last is None and isinstance(legacy.get("last_update_id"), int):
        last = legacy["last_update_id"]
    return replace(row, message_ids=message_ids.encode(known), last_update_id=last)
