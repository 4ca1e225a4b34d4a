"""What the guide says differently on each channel: its commands, erasure, the privacy notice.

The conversation is the same everywhere, but the words about the channel itself are not.
Telegram has ``/start`` and ``/forget`` and keeps the chat on its servers; the terminal
has letter keys, and keeps nothing once the chat ends unless asked to. Telling a person
in the terminal to "send /forget" (which the terminal rejects) or that the chat "stays on
Telegram's servers" is worse than saying nothing.

A runner speaks for one channel: the Telegram bot uses the runner as built, the terminal
chat ``dataclasses.replace(runner, wording=CONSOLE)``. The screens then pick the right
sentence without knowing any channel; a node whose text speaks of one channel carries the
terminal's version in ``console_text``. ``tests/dialog/test_wording.py`` renders every
notice on both channels and fails on a command the channel does not have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.dialog.model import Intro, Node
from bot.i18n import N_

Channel = Literal["telegram", "console"]

COMMAND = re.compile(r"(?<![\w/.:])/([a-z]+)\b")
"""A command a text tells the reader to use, such as ``/forget`` (not ``and/or``, a URL)."""


@dataclass(frozen=True)
class Wording:
    """One channel's sentences (English sources, translated where shown).

    ``commands``: the slash commands the channel has, without the slash; every command a
    text names must be one of them.
    """

    channel: Channel
    commands: frozenset[str]
    erased: str
    forgotten: str
    erased_for_now: str
    typed_text: str
    help: tuple[str, ...]

    def node_text(self, node: Node | Intro) -> str:
        """The (source) text of ``node``, or of one of its intro paragraphs, on this channel."""
        if self.channel == "console" and node.console_text:
            return node.console_text
        return node.text


TELEGRAM = Wording(
    channel="telegram",
    commands=frozenset({"start", "exit", "back", "language", "forget", "help"}),
    # TRANSLATORS: a message after "Erase my answers" in Telegram. Keep "/start" as it is.
    erased=N_("Your answers are erased. Send /start to begin again."),
    # TRANSLATORS: a message after /forget in Telegram. Keep "/start" as it is.
    forgotten=N_("Everything the guide stored about you is erased. Send /start to begin again."),
    # TRANSLATORS: said instead of "erased" while the file still holds a copy (a backup reads it).
    erased_for_now=N_(
        "Your answers are deleted from the guide, but a copy is still in its database "
        "file for the moment, for example because a backup is reading that file. The "
        "guide overwrites the copy by itself as soon as it can. Send /start to begin again."
    ),
    # TRANSLATORS: a note above the current screen when the person typed text in Telegram.
    typed_text=N_("Please answer with the buttons. The guide does not read typed text."),
    help=(
        # TRANSLATORS: a line of the help screen (/help): keep the command before the dash as it is.
        N_("/start - begin again"),
        # TRANSLATORS: keep "/exit" as it is; the command erases and deletes the chat at once.
        N_("/exit - quick exit: erase everything and clear this chat"),
        # TRANSLATORS: a line of the help screen (/help): keep the command before the dash as it is.
        N_("/back - undo the last answer"),
        # TRANSLATORS: a line of the help screen (/help): keep the command before the dash as it is.
        N_("/language - change the language"),
        # TRANSLATORS: a line of the help screen (/help): keep the command before the dash as it is.
        N_("/forget - erase everything the guide stored about you"),
        # TRANSLATORS: a line of the help screen (/help): keep the command before the dash as it is.
        N_("/help - this list"),
    ),
)

CONSOLE = Wording(
    channel="console",
    commands=frozenset(),
    # TRANSLATORS: terminal chat, after "Erase my answers" (a line saying how to restart follows)
    erased=N_("Your answers are erased."),
    # TRANSLATORS: a message of the terminal chat after "Erase everything" (a line saying how to
    # restart follows).
    forgotten=N_("Everything the guide kept is erased."),
    # TRANSLATORS: terminal chat; instead of "erased" while the file still holds a copy.
    erased_for_now=N_(
        "Your answers are deleted from the guide, but a copy is still in its database "
        "file for the moment, for example because a backup is reading that file. The "
        "guide overwrites the copy by itself as soon as it can."
    ),
    # TRANSLATORS: a note of the terminal chat when the person typed something that is not a choice.
    typed_text=N_("Please answer with the number of a choice or one of the letters shown."),
    help=(
        # TRANSLATORS: a key of the terminal chat: keep the letter before the dash.
        N_("b - undo the last answer"),
        # TRANSLATORS: a key of the terminal chat: keep the letter before the dash.
        N_("r - start over"),
        # TRANSLATORS: a key of the terminal chat: keep the letter before the dash.
        N_("x - quick exit: erase everything and clear the screen"),
        # TRANSLATORS: a key of the terminal chat: keep the letter before the dash.
        N_("q - quit"),
    ),
)
