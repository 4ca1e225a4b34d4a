"""Run the real bot (``bot.serve.serve``) in-process against the emulator.

By polling (the default), or with ``webhook=True`` on its own server on a free loopback
port, the emulator posting updates to it (:data:`WEBHOOK_SECRET` as the secret).
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.app import GuideResources
from bot.dialog.runner import Runner
from bot.dialog.state import SessionState
from bot.pseudonym import Pseudonymiser, load_or_create_secret
from bot.serve import serve
from bot.settings import Settings
from bot.store import Clock, SqliteStore, utc_today
from tests.support.telegram_emulator import BotApiEmulator

WEBHOOK_SECRET = "webhook-secret-for-tests-0123456789abcdef"
WEBHOOK_PATH = "/telegram"


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def webhook_settings(port: int, public_port: int | None = None) -> dict[str, str]:
    """The webhook variables for a bot listening on ``port`` of 127.0.0.1, reached at
    ``public_port`` (a load balancer's; by default its own)."""
    return {
        "REFUGE_GUIDE_WEBHOOK_URL": f"http://127.0.0.1:{public_port or port}{WEBHOOK_PATH}",
        "REFUGE_GUIDE_WEBHOOK_LISTEN": "127.0.0.1",
        "REFUGE_GUIDE_WEBHOOK_PORT": str(port),
        "REFUGE_GUIDE_WEBHOOK_SECRET": WEBHOOK_SECRET,
    }


def bot_settings(api: BotApiEmulator, data_dir: Path, *, webhook: bool = False) -> Settings:
    """Settings as an operator would give them, pointing at the emulator."""
    return Settings.model_validate(
        {
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "REFUGE_GUIDE_DATA_DIR": str(data_dir),
            **(webhook_settings(free_port()) if webhook else {}),
        }
    )


@asynccontextmanager
async def running_bot(
    api: BotApiEmulator,
    data_dir: Path,
    runner: Runner,
    clock: Clock = utc_today,
    *,
    webhook: bool = False,
) -> AsyncIterator[GuideResources]:
    """The bot polling the emulator (or on its webhook) until the block ends, then
    stopped as on SIGTERM."""
    settings = bot_settings(api, data_dir, webhook=webhook)
    resources = GuideResources(settings, runner, clock=clock)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, resources, stop))
    try:
        yield resources
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=30)


async def stored_session(settings: Settings, user_id: int) -> SessionState | None:
    """The session of one Telegram user, read the way the bot reads it (while it runs or
    after it stopped)."""
    key = Pseudonymiser(load_or_create_secret(settings.secret_path)).key("telegram", user_id)
    store = await SqliteStore.open(settings.database_path)
    try:
        record = await store.get(key)
    finally:
        await store.close()
    return record.state if record is not None else None
