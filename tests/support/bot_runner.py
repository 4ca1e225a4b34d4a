"""Run the real bot (``bot.serve.serve``) in-process against the emulator."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.app import GuideResources
from bot.dialog.runner import Runner
from bot.serve import serve
from bot.settings import Settings
from bot.store import Clock, utc_today
from tests.support.telegram_emulator import BotApiEmulator


def bot_settings(api: BotApiEmulator, data_dir: Path) -> Settings:
    """Settings as an operator would give them, pointing at the emulator."""
    return Settings.model_validate(
        {
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "REFUGE_GUIDE_DATA_DIR": str(data_dir),
        }
    )


@asynccontextmanager
async def running_bot(
    api: BotApiEmulator, data_dir: Path, runner: Runner, clock: Clock = utc_today
) -> AsyncIterator[GuideResources]:
    """The bot polling the emulator until the block ends, then stopped as on SIGTERM."""
    settings = bot_settings(api, data_dir)
    resources = GuideResources(settings, runner, clock=clock)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, resources, stop))
    try:
        yield resources
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=15)
