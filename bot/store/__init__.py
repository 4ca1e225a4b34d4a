"""Where sessions are kept: the seam the guide depends on, and its backends.

``open_store(settings)`` opens the configured backend (SQLite in the data directory by
default). See :mod:`bot.store.base` for the contract every backend keeps.
"""

from __future__ import annotations

from bot.settings import Settings
from bot.store.base import (
    ChannelData,
    Clock,
    SessionRecord,
    SessionStore,
    StoreError,
    utc_today,
)
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
    """Open the session store the settings name (today: the SQLite file)."""
    return await SqliteStore.open(settings.database_path, clock=clock)
