"""A person's walk to the result over Telegram, for tests that need many people walking.

The walk presses the newest screen's forward button each time (where none is offered,
"I don't know") and stops at the result: the person's shortest honest path, about a
dozen presses.
"""

from __future__ import annotations

from tests.support.labels import DONT_KNOW, FORWARD
from tests.support.telegram_driver import BotMessage, ChatUser

RESULT = "Your result"
MAX_PRESSES = 40


def is_result(message: BotMessage) -> bool:
    """Whether the message is the first message of the result."""
    return (message.screen or "").startswith(RESULT)


def forward(message: BotMessage) -> str:
    """The label the walk presses on ``message``."""
    labels = [label for label in message.button_labels if label in FORWARD]
    return labels[0] if labels else DONT_KNOW


def screens(user: ChatUser) -> list[BotMessage]:
    """The bot's messages in the chat that carry buttons, oldest first."""
    return [message for message in user.messages if message.buttons]


async def walk_to_result(user: ChatUser, *, within: float | None = None) -> int:
    """Start, then press forward until the result shows; the number of presses."""
    await user.send("/start", within=within)
    presses = 0
    while not any(is_result(message) for message in screens(user)[-1:]):
        await user.click_on(screens(user)[-1], forward(screens(user)[-1]), within=within)
        presses += 1
        assert presses < MAX_PRESSES, f"{user}: the walk does not reach the result"
    return presses
