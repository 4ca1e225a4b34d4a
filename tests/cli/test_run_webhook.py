"""``refuge-guide run`` in webhook mode as an operator sees it: a bounded stop, and an
update cut off by the stop delivered again to the process that comes back."""

from __future__ import annotations

import signal
from pathlib import Path

from bot.channels.telegram_stop import STOP_WITHIN
from bot.health import webhook_answers
from tests.support.bot_process import start_bot
from tests.support.bot_runner import free_port, webhook_settings
from tests.support.labels import NO, PERSON
from tests.support.telegram_emulator import QUERY_TOO_OLD, BotApiEmulator
from tests.support.telegram_faults import Gate
from tests.support.waiting import wait_until


async def test_a_stop_mid_update_ends_in_time_and_the_update_comes_again(
    telegram_api: BotApiEmulator, data_dir: Path
) -> None:
    """SIGTERM while an update waits on Telegram (a 429 asked the chat to wait longer
    than a stop may take): the process ends with code 0 within
    Docker's 10 s, without answering that update's post, so Telegram keeps it; the
    process started again gets it, recognises the step as applied, and shows the
    current screen: the press counted once."""
    port = free_port()
    user = telegram_api.user(user_id=7796000, language_code="en")
    settings = webhook_settings(port)
    bot = start_bot(telegram_api, data_dir, **settings)
    try:
        await user.send("/start", within=60)
        welcome = user.last_message
        gate = telegram_api.gate = Gate()
        gate.hold_chat(user.id, retry_after=12, refusals=1)
        pressed = user.press_only(welcome, PERSON)
        await wait_until(lambda: gate.tally["429"] == 1, "the reply is held by a 429")
        stopped = await bot.stop(signal.SIGTERM)
    finally:
        bot.kill()
    assert stopped.code == 0, stopped.err[-3000:]
    assert stopped.took < STOP_WITHIN
    assert not webhook_answers("127.0.0.1", port, 1.0)
    assert pressed in [u["update_id"] for u in telegram_api.pending_updates()], "not taken"
    assert telegram_api.webhook_active, "the webhook is left for the next process"

    telegram_api.gate = None
    bot = start_bot(telegram_api, data_dir, **settings)
    try:
        await wait_until(
            lambda: pressed not in [u["update_id"] for u in telegram_api.pending_updates()],
            "the update is delivered again and taken",
            within=60,
        )
        await wait_until(
            lambda: NO in user.last_message.button_labels,
            "the process that came back shows the current screen",
        )
        await user.click(NO, within=60)  # once Telegram's 12 s are over
        assert user.last_message.screen == "What does the foreign state ask Belgium to do?", (
            "the press counted once"
        )
        stopped = await bot.stop(signal.SIGTERM)
    finally:
        bot.kill()
    assert stopped.code == 0, stopped.err[-3000:]
    # the first process had answered the press; the second answers it again, harmlessly
    assert telegram_api.take_rejections() == [("answerCallbackQuery", QUERY_TOO_OLD)]
