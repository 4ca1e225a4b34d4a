"""``refuge-guide health``: exit 0 while the bot works, 1 when it does not.

Docker's HEALTHCHECK reads exactly that (and reserves 2): in webhook mode the command asks
the bot's server, in polling mode it reads how long ago the last successful poll was.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest

from bot.dialog.runner import Runner
from bot.health import STALE_AFTER, heartbeat_path
from bot.settings import Settings
from tests.cli.conftest import Cli
from tests.support.bot_runner import running_bot, webhook_settings
from tests.support.telegram_emulator import BotApiEmulator
from tests.support.waiting import wait_until


async def test_webhook_mode_is_healthy_while_its_server_answers(
    telegram_api: BotApiEmulator,
    data_dir: Path,
    runner: Runner,
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with running_bot(telegram_api, data_dir, runner, webhook=True) as resources:
        for name, value in webhook_settings(resources.settings.webhook_port).items():
            monkeypatch.setenv(name, value)
        await wait_until(lambda: telegram_api.webhook_active, "the webhook is set")
        running = await asyncio.to_thread(cli, "health")
    stopped = await asyncio.to_thread(cli, "health")
    assert (running.code, running.out) == (
        0,
        f"ok: the webhook server answers on port {resources.settings.webhook_port}\n",
    )
    assert stopped.code == 1
    assert stopped.out.startswith("unhealthy: the webhook server does not answer")


async def test_polling_mode_is_healthy_while_polls_succeed(
    telegram_api: BotApiEmulator,
    data_dir: Path,
    runner: Runner,
    cli: Cli,
) -> None:
    """A poll that returns, even with nothing new, renews the heartbeat; a clean stop
    removes it, so a stopped bot is never reported healthy."""
    beat = heartbeat_path(Settings())
    assert cli("health").code == 1, "nothing polled yet"
    async with running_bot(telegram_api, data_dir, runner):
        await wait_until(beat.exists, "the first poll is recorded")
        running = cli("health")
    assert running.code == 0
    assert running.out.startswith("ok: the last successful poll was")
    assert not beat.exists()
    stopped = cli("health")
    assert (stopped.code, stopped.out) == (1, "unhealthy: no successful poll recorded yet\n")


async def test_a_stale_heartbeat_is_unhealthy(data_dir: Path, cli: Cli) -> None:
    """A bot stuck, or cut off from Telegram, for longer than a minute."""
    beat = heartbeat_path(Settings())
    beat.parent.mkdir(parents=True)
    beat.touch()
    assert cli("health").code == 0
    old = time.time() - STALE_AFTER - 30
    os.utime(beat, (old, old))
    run = cli("health")
    assert run.code == 1
    assert run.out.startswith("unhealthy: the last successful poll was 9")


async def test_an_earlier_runs_heartbeat_does_not_count(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    beat = heartbeat_path(Settings())
    beat.parent.mkdir(parents=True)
    beat.touch()
    os.utime(beat, (1.0, 1.0))
    telegram_api.fail_next("getUpdates", "bad_gateway")  # the first poll fails
    async with running_bot(telegram_api, data_dir, runner):
        await wait_until(lambda: beat.exists() and beat.stat().st_mtime > 1.0, "a new poll")


def test_bad_settings_are_unhealthy_not_2(
    data_dir: Path,
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Docker reserves exit code 2 of a health check."""
    monkeypatch.setenv("REFUGE_GUIDE_WEBHOOK_URL", "https://guide.example.org/telegram")
    run = cli("health")
    assert run.code == 1
    assert "REFUGE_GUIDE_WEBHOOK_SECRET" in run.err
