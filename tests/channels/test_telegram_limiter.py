"""The flood limiter on its own: pacing arithmetic, and what a 429 or a 403 holds back.

The requests are stand-ins (a coroutine that answers at once, or raises what Telegram
would), so each test shows one rule of :mod:`bot.channels.telegram_limiter` in a second
or two; the bot under Telegram's faults is in ``test_telegram_faults.py``.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
from collections.abc import Callable, Coroutine
from typing import Any

import pytest
from telegram.constants import FloodLimit
from telegram.error import Forbidden, RetryAfter

from bot.channels import telegram_limiter
from bot.channels.telegram_limiter import (
    CHAT_BURST,
    CHAT_RATE,
    GROUP_RATE,
    MAX_WAIT,
    OVERALL_BURST,
    OVERALL_RATE,
    Cell,
    ChatRateLimiter,
)
from tests.support.waiting import wait_until

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

Call = Callable[..., Coroutine[Any, Any, Any]]


def test_the_rates_are_telegrams_as_the_library_publishes_them() -> None:
    """The paced rates are FloodLimit's, read from telegram.constants, not typed in: when
    python-telegram-bot updates a limit, the limiter follows."""
    assert OVERALL_RATE == FloodLimit.MESSAGES_PER_SECOND
    assert CHAT_RATE == FloodLimit.MESSAGES_PER_SECOND_PER_CHAT
    assert pytest.approx(FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP) == GROUP_RATE * 60
    typed_in = {
        target.id: ast.unparse(node.value)
        for node in ast.parse(inspect.getsource(telegram_limiter)).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name) and target.id.endswith("_RATE")
        if "FloodLimit" not in ast.unparse(node.value)
    }
    assert typed_in == {}


def test_a_chat_sends_its_burst_at_once_then_one_a_second() -> None:
    """Five messages after a quiet spell go at once; the next ones one second apart."""
    cell = Cell.per_second(1.0, 5)
    dues = [cell.reserve(100.0) for _ in range(7)]
    assert dues == [100.0] * 5 + [101.0, 102.0]
    assert cell.reserve(110.0) == 110.0, "a quiet spell refills the burst"


def test_the_overall_rate_never_exceeds_forty_in_any_second() -> None:
    """30 a second after a burst of 10: at most 40 in the first second, 30 in each after."""
    cell = Cell.per_second(OVERALL_RATE, OVERALL_BURST)
    dues = [cell.reserve(0.0) for _ in range(130)]
    for start in (0.0, 1.0, 2.5):
        in_window = [d for d in dues if start <= d < start + 1.0]
        assert len(in_window) <= OVERALL_BURST + OVERALL_RATE
    assert dues[-1] == pytest.approx((130 - OVERALL_BURST) / OVERALL_RATE)


def test_after_a_hold_a_chat_gets_no_burst() -> None:
    """Nothing before the hold ends; then one a second, so it is not refused again."""
    cell = Cell.per_second(1.0, 5)
    cell.hold(50.0)
    assert [cell.reserve(48.0) for _ in range(3)] == [50.0, 51.0, 52.0]


class Telegram:
    """Stand-in for the requests: records when each chat was called, fails on demand."""

    def __init__(self) -> None:
        self.calls: list[tuple[float, int | None]] = []
        self.refuse: dict[int, list[BaseException]] = {}

    def call(self, chat: int | None) -> Call:
        async def request() -> bool:
            self.calls.append((asyncio.get_running_loop().time(), chat))
            failures = self.refuse.get(chat or 0)
            if failures:
                raise failures.pop(0)
            return True

        return request

    def times(self, chat: int) -> list[float]:
        return [at for at, c in self.calls if c == chat]


async def _send(limiter: ChatRateLimiter, api: Telegram, chat: int | None, method: str) -> Any:
    data = {"chat_id": chat} if chat is not None else {}
    return await limiter.process_request(api.call(chat), (), {}, method, data, None)


async def test_a_429_holds_its_chat_for_retry_after_and_no_other() -> None:
    """One chat told to wait two seconds waits exactly that; another chat goes at once,
    while the first is held (a limiter that holds everything lets nothing through then)."""
    limiter, api = ChatRateLimiter(), Telegram()
    api.refuse[1] = [RetryAfter(2)]
    held = asyncio.create_task(_send(limiter, api, 1, "sendMessage"))
    await wait_until(lambda: bool(api.times(1)), "the held chat's first try is made")
    assert await _send(limiter, api, 2, "sendMessage") is True
    assert await held is True
    first, second = api.times(1)
    assert api.times(2)[0] < first + 2.0, "the other chat did not wait for the held one"
    assert second - first >= 2.0, "the held chat waited for retry_after before trying again"


async def test_429s_across_many_chats_hold_every_chat() -> None:
    """When most answers are 429s, in three chats, Telegram's overall limit is reached:
    a fourth chat waits for retry_after too, without being refused itself."""
    limiter, api = ChatRateLimiter(), Telegram()
    for chat in (1, 2, 3):
        api.refuse[chat] = [RetryAfter(1)]
    loop = asyncio.get_running_loop()
    tries = [asyncio.create_task(_send(limiter, api, chat, "sendMessage")) for chat in (1, 2, 3)]
    await wait_until(lambda: len(api.calls) == 3, "the three first tries are refused")
    refused_at = loop.time()
    assert limiter.held_until() > refused_at, "everything is held"
    assert await _send(limiter, api, 4, "sendMessage") is True
    assert api.times(4)[0] >= refused_at + 0.9
    assert all(await asyncio.gather(*tries))


async def test_a_wait_beyond_the_longest_is_not_waited_out() -> None:
    """A chat told to wait longer than MAX_WAIT fails at once instead of hanging."""
    limiter, api = ChatRateLimiter(), Telegram()
    api.refuse[1] = [RetryAfter(int(MAX_WAIT) + 1)]
    with pytest.raises(RetryAfter):  # a limiter that waited would run past MAX_WAIT (60 s)
        await asyncio.wait_for(_send(limiter, api, 1, "sendMessage"), timeout=30)


async def test_a_person_who_blocked_the_bot_is_not_written_to_again_until_they_write() -> None:
    """After a 403 the chat's requests fail without reaching Telegram; an update from the
    person (readmit) lets the next one through."""
    limiter, api = ChatRateLimiter(), Telegram()
    api.refuse[1] = [Forbidden("Forbidden: bot was blocked by the user")]
    for _ in range(3):
        with pytest.raises(Forbidden):
            await _send(limiter, api, 1, "sendMessage")
    assert len(api.times(1)) == 1, "one call to Telegram, not a storm"
    assert await _send(limiter, api, 2, "sendMessage") is True, "other chats are unaffected"
    limiter.readmit(1)
    assert await _send(limiter, api, 1, "sendMessage") is True


async def test_a_split_result_is_paced_not_dropped() -> None:
    """More messages than the burst in one chat all go out, the extra ones a second apart;
    answering a button press (no chat) never waits for them."""
    limiter, api = ChatRateLimiter(), Telegram()
    sends = [_send(limiter, api, 1, "sendMessage") for _ in range(CHAT_BURST + 2)]
    pacing = asyncio.gather(*sends)
    await wait_until(lambda: len(api.calls) == CHAT_BURST, "the burst went out")
    assert await _send(limiter, api, None, "answerCallbackQuery") is True
    assert all(await pacing)
    times = api.times(1)
    assert len(times) == CHAT_BURST + 2
    assert times[-1] - times[0] >= 1.9
    [answered] = [at for at, chat in api.calls if chat is None]
    assert answered < times[CHAT_BURST], "the answer did not queue behind the chat"


async def test_a_429_on_answering_a_press_holds_that_answer_only() -> None:
    """Answering one person's press waits out its own retry_after; the next person's
    press is answered at once (answers name no chat, so nothing else is held)."""
    limiter, api = ChatRateLimiter(), Telegram()
    api.refuse[0] = [RetryAfter(2)]  # the first answer, whoever's it is
    first = asyncio.create_task(_send(limiter, api, None, "answerCallbackQuery"))
    await wait_until(lambda: len(api.calls) == 1, "the first answer is refused")
    assert await _send(limiter, api, None, "answerCallbackQuery") is True
    assert await first is True
    refused, other, retried = (at for at, chat in api.calls if chat is None)
    assert other < refused + 2.0, "the next answer did not wait for the refused one"
    assert retried - refused >= 2.0, "the refused answer waited for retry_after"
