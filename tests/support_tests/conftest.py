"""Fixtures for the emulator's own tests: a fresh emulator, a real Bot, ``telegram_api``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from telegram import Bot

from tests.support.fixtures import telegram_api  # noqa: F401
from tests.support.telegram_emulator import BotApiEmulator
from tests.support_tests._helpers import CHAT


@pytest.fixture
def emulator() -> Iterator[BotApiEmulator]:
    """An emulator whose rejections the test inspects itself (no teardown assertions)."""
    with BotApiEmulator() as emu:
        emu.user(CHAT, "Ana")
        yield emu


@pytest.fixture
async def bot(emulator: BotApiEmulator) -> AsyncIterator[Bot]:
    """A real python-telegram-bot ``Bot`` pointed at the emulator."""
    async with Bot(
        emulator.token, base_url=emulator.api_base_url, base_file_url=emulator.file_base_url
    ) as real_bot:
        yield real_bot
