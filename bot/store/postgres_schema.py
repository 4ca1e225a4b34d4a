"""The PostgreSQL schema: its versions, applied once by whichever process starts first.

Why a module of its own: the schema changes by appending a migration, never by editing
one, and processes starting together must not both apply it; that is easier to review
apart from the store's run-time behaviour (:mod:`bot.store.postgres`). The table
``schema_versions`` records which migrations ran, and when.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, TypeAlias

import asyncpg

from bot.errors import StoreError

if TYPE_CHECKING:  # the stubs' generics; asyncpg's classes are not subscriptable at run time
    from asyncpg.pool import PoolConnectionProxy

    Connection: TypeAlias = PoolConnectionProxy[asyncpg.Record]

log = logging.getLogger(__name__)

MIGRATION_LOCK = 0x7265_6675_6765_0001
"""Advisory lock id that serialises schema changes of processes starting together."""

Migration = tuple[str, ...]

MIGRATIONS: tuple[Migration, ...] = (
    (
        # Version 1: one row per pseudonymous key; the conversation as JSON; the channel's
        # numbers beside it; the day of the last step, the only time kept.
        "CREATE TABLE sessions ("
        " key text PRIMARY KEY,"
        " state text NOT NULL,"
        " state_version integer NOT NULL,"
        " first_message_id bigint,"
        " last_update_id bigint,"
        " last_seen date NOT NULL)",
        "CREATE INDEX sessions_last_seen ON sessions (last_seen)",
    ),
    (
        # Version 2: the exact message ids of the chat, compact (bot.store.message_ids),
        # since a bot's message ids are shared by all its chats; first_message_id stays
        # for rows written before, whose quick exit still reaches back to it.
        "ALTER TABLE sessions ADD COLUMN message_ids text",
    ),
)
"""``MIGRATIONS[n]`` takes the schema from version ``n`` to ``n + 1``; append, never edit."""

SCHEMA_VERSION = len(MIGRATIONS)


async def migrate(connection: Connection) -> int:
    """Bring the schema to :data:`SCHEMA_VERSION`, one transaction per version.

    Returns the version found. Processes starting together take turns on an advisory
    lock; a schema newer than this program is refused before anything changes.
    """
    async with connection.transaction():
        await connection.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
        await connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_versions ("
            " version integer PRIMARY KEY,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        found = int(
            await connection.fetchval("SELECT coalesce(max(version), 0) FROM schema_versions")
        )
    if found > SCHEMA_VERSION:
        raise StoreError(
            f"the session database has schema version {found}, but this refuge-guide only "
            f"knows up to version {SCHEMA_VERSION}; install the newer refuge-guide that "
            "wrote it, or restore a backup made by this version"
        )
    for target in range(found + 1, SCHEMA_VERSION + 1):
        async with connection.transaction():
            await connection.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
            current = await connection.fetchval("SELECT max(version) FROM schema_versions")
            if current is not None and current >= target:
                continue  # another process got there first
            for statement in MIGRATIONS[target - 1]:
                await connection.execute(statement)
            await connection.execute("INSERT INTO schema_versions (version) VALUES ($1)", target)
        log.info("session database migrated to schema version %d", target)
    return found
