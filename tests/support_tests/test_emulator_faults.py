"""Faults on request (a 502 that did nothing, a call done whose answer never arrives or
arrives too late) and from a gate: flood limits, blocked users, scripted and random
faults."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Bot
from telegram.error import Forbidden, NetworkError, RetryAfter, TimedOut

from tests.support.telegram_emulator import BotApiEmulator
from tests.support.telegram_faults import FaultPlan, FloodLimits, Gate
from tests.support_tests._helpers import CHAT

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


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


async def test_a_slow_response_is_done_but_answered_after_the_client_gave_up(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    """``slow_response``: the message is in the chat; the bot times out waiting."""
    emulator.fail_next("sendMessage", "slow_response")
    with pytest.raises(TimedOut):
        await bot.send_message(CHAT, "late", read_timeout=0.3)  # deliberate: it gives up
    assert [m.text for m in emulator.messages(CHAT)] == ["late"]
    assert emulator.rejections == []


async def test_flood_limits_refuse_a_chat_past_its_burst_with_retry_after(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    """Past about one a second after a burst, a chat's message is refused with 429 and the
    wait that makes it conform; that is the bot's fault, so it counts as a rejection."""
    limits = FloodLimits(chat_rate=0.1, chat_burst=3)  # slow enough for a loaded machine
    emulator.gate = Gate(flood=limits)
    for n in range(limits.chat_burst):
        await bot.send_message(CHAT, f"burst {n}")
    with pytest.raises(RetryAfter) as refused:
        await bot.send_message(CHAT, "one too many")
    assert refused.value._retry_after.total_seconds() >= 1
    with pytest.raises(RetryAfter):
        await bot.send_message(CHAT, "again, during the wait")
    assert len(emulator.messages(CHAT)) == limits.chat_burst
    assert [m for m, _ in emulator.rejections] == ["sendMessage", "sendMessage"]
    assert emulator.gate.tally["flood"] == 2


async def test_a_blocked_user_and_scripted_holds_are_refused(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    """403 for a user who blocked the bot; 429 for a held chat, then it goes through; a
    global flood refuses every chat. None is a rejection: the bot did nothing wrong."""
    other = 4343
    emulator.user(other, "Bo")
    gate = emulator.gate = Gate(blocked=frozenset({other}))
    with pytest.raises(Forbidden, match="blocked by the user"):
        await bot.send_message(other, "hello")
    gate.hold_chat(CHAT, retry_after=3)
    with pytest.raises(RetryAfter):
        await bot.send_message(CHAT, "held")
    await bot.send_message(CHAT, "after the hold was used up")
    gate.global_flood(5.0)
    with pytest.raises(RetryAfter):
        await bot.send_message(CHAT, "flooded")
    assert [m.text for m in emulator.messages(CHAT)] == ["after the hold was used up"]
    assert emulator.rejections == []
    assert gate.faulted_chats() == {CHAT, other}


async def test_random_faults_hit_about_their_rate_and_repeat_with_the_seed() -> None:
    """A plan fails about ``rate`` of the calls, each kind by weight, the same way for the
    same seed; getUpdates only ever gets a 502 or a lost answer."""
    first, second = FaultPlan(rate=0.1, seed=7), FaultPlan(rate=0.1, seed=7)
    drawn = [first.draw("sendMessage") for _ in range(2000)]
    assert drawn == [second.draw("sendMessage") for _ in range(2000)]
    failed = [kind for kind in drawn if kind is not None]
    assert 150 <= len(failed) <= 250
    assert set(failed) == {"too_many_requests", "bad_gateway", "lost_response", "slow_response"}
    polls = {FaultPlan(rate=1.0, seed=n).draw("getUpdates") for n in range(50)}
    assert polls == {"bad_gateway", "lost_response"}
