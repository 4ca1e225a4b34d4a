"""Forgetting on time: sessions idle longer than the retention period are removed.

The running bot purges once at start-up and then every :data:`PURGE_EVERY` seconds, in a
plain asyncio task cancelled when the bot stops; ``refuge-guide purge`` does the same once,
for operators who run it from cron. "Idle" is counted in whole days (the only timestamp
kept is the day a session was last used), with the store's clock, so tests can move time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from bot.store import SessionStore

log = logging.getLogger(__name__)

PURGE_EVERY = 6 * 60 * 60.0
"""Seconds between two purges in the running bot."""

Sleep = Callable[[float], Awaitable[None]]


async def purge_once(store: SessionStore, retention_days: int) -> int:
    """Remove idle sessions now; a failure is logged by kind and never stops the bot."""
    try:
        removed = await store.purge(retention_days)
    except Exception as exc:  # the next run tries again
        log.error("removing idle sessions failed: %s", type(exc).__name__)
        return 0
    if removed:
        log.info("removed %d idle session(s)", removed)
    return removed


async def keep_purging(
    store: SessionStore,
    retention_days: int,
    every: float = PURGE_EVERY,
    sleep: Sleep = asyncio.sleep,
) -> None:
    """Purge now, then after every ``every`` seconds, until cancelled."""
    while True:
        await purge_once(store, retention_days)
        await sleep(every)


def start_retention(
    store: SessionStore, retention_days: int, every: float = PURGE_EVERY
) -> asyncio.Task[None]:
    """Start :func:`keep_purging` in the background."""
    return asyncio.create_task(keep_purging(store, retention_days, every), name="retention")


async def stop_retention(task: asyncio.Task[None]) -> None:
    """Cancel the background purge and wait for it (before the store closes)."""
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
