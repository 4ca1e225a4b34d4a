"""The life of the bot process: open, serve until told to stop, close; nothing more.

This belongs to the composition root (beside :mod:`bot.app`), not to the Telegram
adapter: the adapter turns updates into events and views into messages, while this module
decides what runs for how long. It opens the guide's resources (store, secret), starts the
retention task, keeps the Telegram channel serving until ``stop`` is set (by long
polling, the default, or on its webhook server when ``REFUGE_GUIDE_WEBHOOK_URL`` is set),
and closes everything in the reverse order, whatever happened. :func:`run` adds only the
signals (SIGINT, SIGTERM set ``stop``) and a watchdog that ends the process if stopping
ever overruns its bound, so tests drive :func:`serve` itself against the emulator.

Once the channel is up, one line says what runs (:func:`bot.health.startup_line`); in
polling mode each successful poll renews the heartbeat that ``refuge-guide health``
reads (:mod:`bot.health`).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager

from bot.app import GuideResources
from bot.channels.telegram import build_application, polling
from bot.channels.telegram_stop import STOP_WITHIN
from bot.channels.telegram_webhook import webhook
from bot.guide import Guide
from bot.health import Heartbeat, heartbeat_path, startup_line
from bot.logs import install_privacy_guard
from bot.retention import start_retention, stop_retention
from bot.settings import Settings

log = logging.getLogger(__name__)

GC_YOUNG_THRESHOLD = 5_000
"""Allocations between two young collections (Python's default is 700)."""
OVERRUN_MARGIN = 1.0
"""Seconds before :data:`STOP_WITHIN` at which a stop still under way is cut short."""


def _channel(
    settings: Settings, guide: Guide, heartbeat: Heartbeat
) -> AbstractAsyncContextManager[object]:
    """The Telegram channel in the configured mode, not yet entered."""
    if settings.mode == "webhook":
        assert settings.webhook_url is not None
        return webhook(
            build_application(settings, guide),
            url=settings.webhook_url,
            secret=settings.webhook_secret_token(),
            listen=settings.webhook_listen,
            port=settings.webhook_port,
        )
    return polling(build_application(settings, guide, on_poll=heartbeat.beat))


@asynccontextmanager
async def _heartbeat(settings: Settings) -> AsyncIterator[Heartbeat]:
    """A heartbeat with no earlier run's file, and none left after this one."""
    heartbeat = Heartbeat(heartbeat_path(settings))
    heartbeat.clear()
    try:
        yield heartbeat
    finally:
        heartbeat.clear()


async def serve(settings: Settings, resources: GuideResources, stop: asyncio.Event) -> None:
    """Serve Telegram until ``stop`` is set, then stop cleanly and close the store."""
    install_privacy_guard()
    settings.require_token()  # a missing or malformed token stops before anything opens
    if settings.mode == "webhook":
        settings.webhook_secret_token()  # so does an unreadable webhook secret
    guide = await resources.open()
    retention = start_retention(guide.store, settings.retention_days)
    try:
        async with _heartbeat(settings) as heartbeat, _channel(settings, guide, heartbeat):
            log.info(startup_line(settings, resources.runner))
            with settled_heap():
                await stop.wait()
    finally:
        await stop_retention(retention)
        await resources.close()


@contextmanager
def settled_heap() -> Iterator[None]:
    """Keep what start-up loaded out of the garbage collector's passes while serving.

    The flows, the knowledge base, the catalogs and the libraries live as long as the
    process, yet every full collection walked them all again: the event loop then stood
    still for 100-200 ms every few thousand steps (issue 14's loop stalls). Frozen, they
    are not scanned, and a pass looks only at what the conversations made since. Young
    collections are made rarer too (a step allocates thousands of short-lived objects, and
    the default threshold of 700 ran one several times per step), but not so rare that one
    pass grows long. Both are undone at the end, for a process (a test) that goes on.
    """
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def run(settings: Settings, resources: GuideResources) -> None:
    """Run :func:`serve` until SIGINT or SIGTERM, and end within :data:`STOP_WITHIN`."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, _stopping, stop)
        await serve(settings, resources, stop)

    asyncio.run(main())


def _stopping(stop: asyncio.Event) -> None:
    """Ask :func:`serve` to stop, and make sure the process ends even if it cannot."""
    if stop.is_set():
        return
    stop.set()
    watchdog = threading.Timer(STOP_WITHIN - OVERRUN_MARGIN, _overrun)
    watchdog.daemon = True
    watchdog.start()


def _overrun() -> None:
    """The last resort, when stopping hangs beyond every bound of
    :mod:`bot.channels.telegram_stop` (a store on a disk that does not answer): end the
    process before the orchestrator's ``kill -9``. Every step is on disk once committed
    (``synchronous=FULL``), so nothing acknowledged is lost; only the closing work is."""
    log.error("stopping took too long; the process ends now (every stored step is kept)")
    logging.shutdown()
    os._exit(0)
