"""Pytest fixtures for the Bot API emulator; import them from ``tests/conftest.py``.

    from tests.support.fixtures import telegram_api  # noqa: F401

``telegram_api`` is a started :class:`BotApiEmulator`. At teardown it stops
the emulator and fails the test if the bot made any request the emulator
rejected, or left a callback query unanswered. A test that provokes
rejections on purpose takes them with ``telegram_api.take_rejections()``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.telegram_emulator import BotApiEmulator, default_bot_token

__all__ = ["bot_token", "telegram_api"]


def bot_token() -> str:
    """A valid-looking bot token (``^\\d+:[A-Za-z0-9_-]{35}$``) the emulator accepts."""
    return default_bot_token()


@pytest.fixture
def telegram_api() -> Iterator[BotApiEmulator]:
    """A running Bot API emulator that fails the test on rejections or unanswered clicks."""
    emulator = BotApiEmulator(token=bot_token())
    emulator.start()
    try:
        yield emulator
    finally:
        emulator.stop()
    problems: list[str] = []
    if emulator.rejections:
        problems.append(
            "the emulator rejected requests Telegram would reject:\n"
            + "\n".join(f"  {method}: {description}" for method, description in emulator.rejections)
        )
    unanswered = emulator.unanswered_callback_queries()
    if unanswered:
        problems.append(
            "callback queries left unanswered (the user sees a spinner):\n"
            + "\n".join(
                f"  query {q.id} on message {q.message_id} in chat {q.chat_id}, data {q.data!r}"
                for q in unanswered
            )
        )
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
