"""Where sessions are kept: the seam the guide depends on, and its backends.

``open_store(settings)`` opens the configured backend: SQLite in the data directory by
default, PostgreSQL when ``REFUGE_GUIDE_DATABASE_URL`` is set (:mod:`bot.store.postgres`,
imported only then, so asyncpg stays optional). See :mod:`bot.store.base` for the
contract every backend keeps.
"""

from __future__ import annotations

from bot.errors import StoreError
from bot.settings import Settings
from bot.store.base import ChannelData, Clock, SessionRecord, SessionStore, utc_today
from bot.store.sqlite import SqliteStore

__all__ = [
    "ChannelData",
    "Clock",
    "SessionRecord",
    "SessionStore",
    "SqliteStore",
    "StoreError",
    "open_store",
    "utc_today",
]


async def open_store(settings: Settings, clock: Clock = utc_today) -> SessionStore:
    """Open the session store the settings name: the PostgreSQL database, or the SQLite file."""
    if settings.database_url is None:
        return await SqliteStore.open(settings.database_path, clock=clock)
    try:
        from bot.store.postgres import PostgresStore
    except ImportError:
        raise StoreError(
            "REFUGE_GUIDE_DATABASE_URL is set, but asyncpg is not installed: "
            "pip install 'refuge-guide[postgres]'"
        ) from None
    return await PostgresStore.open(settings.database_url.get_secret_value(), clock=clock)
