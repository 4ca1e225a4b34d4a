"""Faults on request: a 502 that did nothing, and a call done whose answer never arrives."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Bot
from telegram.error import NetworkError

from tests.support.telegram_emulator import BotApiEmulator
from tests.support_tests._helpers import CHAT


async def test_bad_gateway_fails_the_call_and_sends_nothing(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    """A 502 reaches the bot as an error; nothing is in the chat; the next call works."""
    emulator.fail_next("sendMessage", "bad_gateway")
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(CHAT, "lost")
    assert emulator.messages(CHAT) == []
    sent = await bot.send_message(CHAT, "after")
    assert [m.text for m in emulator.messages(CHAT)] == ["after"]
    assert sent.message_id == emulator.messages(CHAT)[0].message_id
    assert emulator.rejections == [], "a fault is not a rejection of the bot's request"


async def test_lost_response_sends_the_message_but_the_bot_never_hears(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    """With the answer lost, the bot gets a network error although the message is there."""
    emulator.fail_next("sendMessage", "lost_response")
    with pytest.raises(NetworkError):
        await bot.send_message(CHAT, "delivered, unconfirmed")
    assert [m.text for m in emulator.messages(CHAT)] == ["delivered, unconfirmed"]
    assert emulator.pending_faults("sendMessage") == 0
    await bot.send_message(CHAT, "next")
    assert len(emulator.messages(CHAT)) == 2
    assert emulator.rejections == []


async def test_an_observer_sees_each_call_before_it_is_done(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    """``observe`` runs when the call arrives, while the chat is still as before it."""
    seen: list[tuple[str, int]] = []

    def observer(params: dict[str, Any]) -> None:
        seen.append((str(params["text"]), len(emulator.messages(CHAT))))

    emulator.observe("sendMessage", observer)
    await bot.send_message(CHAT, "one")
    await bot.send_message(CHAT, "two")
    assert seen == [("one", 0), ("two", 1)]
