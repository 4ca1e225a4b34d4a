"""The life of the bot process: open, poll until told to stop, close; nothing more.

This belongs to the composition root (beside :mod:`bot.app`), not to the Telegram
adapter: the adapter turns updates into events and views into messages, while this module
decides what runs for how long. It opens the guide's resources (store, secret), starts the
retention task, keeps the Telegram channel polling until ``stop`` is set, and closes
everything in the reverse order, whatever happened. :func:`run` adds only the signals
(SIGINT, SIGTERM set ``stop``), so tests drive :func:`serve` itself against the emulator.
"""

from __future__ import annotations

import asyncio
import signal

from bot.app import GuideResources
from bot.channels.telegram import build_application, polling
from bot.logs import install_privacy_guard
from bot.retention import start_retention, stop_retention
from bot.settings import Settings


async def serve(settings: Settings, resources: GuideResources, stop: asyncio.Event) -> None:
    """Poll Telegram until ``stop`` is set, then stop cleanly and close the store."""
    install_privacy_guard()
    settings.require_token()  # a missing or malformed token stops before anything opens
    guide = await resources.open()
    retention = start_retention(guide.store, settings.retention_days)
    try:
        async with polling(build_application(settings, guide)):
            await stop.wait()
    finally:
        await stop_retention(retention)
        await resources.close()


def run(settings: Settings, resources: GuideResources) -> None:
    """Run :func:`serve` until SIGINT or SIGTERM."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await serve(settings, resources, stop)

    asyncio.run(main())
