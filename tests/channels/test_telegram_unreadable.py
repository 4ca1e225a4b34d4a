"""An update python-telegram-bot cannot read, among everyone else's (issue 17, point 3).

Someone sends a poll in the chat, and the Bot API server in between is an older one: its
poll lacks a field the library now requires. The bot skips that one update, says so once
in its log without anything of its content, and goes on answering everybody; a SIGTERM
afterwards still ends it cleanly.
"""

from __future__ import annotations

import itertools
import signal
import time
from pathlib import Path
from typing import Any

from bot.i18n import get_translator
from tests.support.bot_process import start_bot
from tests.support.labels import PERSON
from tests.support.telegram_driver import ChatUser
from tests.support.telegram_emulator import BotApiEmulator
from tests.support.waiting import wait_until

QUESTION = "Which embassy asked about Maksim?"
SKIPPED = "an update could not be read and was skipped"
FIRST_QUESTION = (
    "Is one of these happening now: arrest, detention, police at the door, or a date to send "
    "you away?"
)
_MESSAGE_IDS = itertools.count(900_000)


def poll_from_an_older_server(user: ChatUser) -> dict[str, Any]:
    """A message carrying a poll as a Bot API server older than the library sends it
    (no ``allows_revoting``), which python-telegram-bot 22 refuses to read."""
    return {
        "message": {
            "message_id": next(_MESSAGE_IDS),
            "date": int(time.time()),
            "chat": {"id": user.id, "type": "private", "first_name": "Test"},
            "from": dict(user.profile),
            "poll": {
                "id": "5271234567890123456",
                "question": QUESTION,
                "options": [
                    {"text": "Russia", "voter_count": 0},
                    {"text": "Belarus", "voter_count": 0},
                ],
                "total_voter_count": 0,
                "is_closed": False,
                "is_anonymous": True,
                "type": "regular",
                "allows_multiple_answers": False,
            },
        }
    }


async def test_an_unreadable_update_is_skipped_once_and_everyone_is_answered(
    telegram_api: BotApiEmulator, data_dir: Path
) -> None:
    """Before, the bot asked for the same batch again and again, answered nobody, and
    exited 1 on SIGTERM. Now: one log line naming the error's kind, the person and
    everybody else answered, exit code 0."""
    sender = telegram_api.user(user_id=7790001, language_code="en")
    other = telegram_api.user(user_id=7790002, language_code="fr")
    bot = start_bot(telegram_api, data_dir)
    try:
        await sender.send("/start", within=30)
        unreadable = telegram_api.inject_update(poll_from_an_older_server(sender))
        await other.send("/start")  # queued after the poll: fetched in its batch or later
        await sender.click(PERSON)
        await other.click(get_translator("fr").gettext(PERSON))
        await wait_until(
            lambda: all(u["update_id"] != unreadable for u in telegram_api.pending_updates()),
            "the unreadable update is confirmed, so Telegram will not send it again",
        )
        stopped = await bot.stop(signal.SIGTERM)
    finally:
        bot.kill()
    assert stopped.code == 0, stopped.err
    assert stopped.err.count(SKIPPED) == 1, stopped.err
    assert f"{SKIPPED} (TypeError)" in stopped.err
    for leak in (QUESTION, "Belarus", "CRITICAL", "Traceback", str(sender.id)):
        assert leak not in stopped.err, leak
    assert sender.last_message.screen == FIRST_QUESTION
    assert other.last_message.screen == get_translator("fr").gettext(FIRST_QUESTION)
