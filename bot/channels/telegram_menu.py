"""What the bot tells Telegram about itself: its command menu and descriptions, per language.

Telegram shows a client the menu and descriptions set for its ``language_code``, and the
default ones (set without a language) to every other client. So the English source is set
as the default and every other language of the guide for its own code; a language added
to :data:`bot.i18n.LANGUAGES` is published with no change here. ``refuge-guide check``
holds these texts to Telegram's limits in every language (:mod:`bot.checks`). The menu is
for private chats (``BotCommandScopeAllPrivateChats``): in groups the guide stays silent,
so the default scope's menu, which groups would show and earlier versions set, is removed.

Publishing runs in the background (:func:`publish_in_background`). Telegram keeps what a
bot published before, and the guide works without menus, so a failure to publish must
never stop the bot (under faults it once made start-up fail again and again): a failure
that may pass (a timeout, a network error, a 5xx, a 429) is logged by its kind only and
tried again after a growing, jittered wait (:data:`FIRST_WAIT` doubling up to
:data:`LONGEST_WAIT`); a refusal that trying again cannot change (a 400, a 403) is logged
as an error once, and publishing stops. Every call is idempotent, so a retry simply
publishes everything again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random

from telegram import Bot, BotCommand, BotCommandScopeAllPrivateChats
from telegram.error import TelegramError

from bot.channels.telegram_retry import passing
from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, get_translator

log = logging.getLogger(__name__)

FIRST_WAIT = 2.0
LONGEST_WAIT = 300.0

COMMANDS: tuple[tuple[str, str], ...] = (
    # TRANSLATORS: a Telegram command description (at most 256 characters, Telegram's limit): /start
    # in the menu.
    ("start", N_("Begin again")),
    # TRANSLATORS: a Telegram command description (at most 256 characters, Telegram's limit):
    # /exit in the menu; erases at once and deletes the chat's messages.
    ("exit", N_("Quick exit: erase everything and clear this chat")),
    # TRANSLATORS: a Telegram command description (at most 256 characters, Telegram's limit): /back
    # in the menu.
    ("back", N_("Undo the last answer")),
    # TRANSLATORS: a Telegram command description (at most 256 characters, Telegram's limit):
    # /language in the menu.
    ("language", N_("Change the language")),
    # TRANSLATORS: a Telegram command description (at most 256 characters, Telegram's limit):
    # /forget in the menu.
    ("forget", N_("Erase everything stored about you")),
    # TRANSLATORS: a Telegram command description (at most 256 characters, Telegram's limit): /help
    # in the menu.
    ("help", N_("How to use this guide")),
)
# TRANSLATORS: the bot's description, which Telegram shows in an empty chat before /start (at most
# 512 characters).
DESCRIPTION = N_(
    "A guide for refugees in Belgium, and for the people who help them, when a foreign state "
    "asks Belgium for legal assistance or extradition, or asks INTERPOL to circulate a notice. "
    "It shows on which legal grounds Belgium may refuse or limit the request, and what to do "
    "next. Legal information, not legal advice. It stores only the buttons you press."
)
# TRANSLATORS: the bot's short description, on its Telegram profile and in shared links (at most 120
# characters).
SHORT_DESCRIPTION = N_(
    "Foreign requests against refugees in Belgium: grounds for refusal and next steps."
)
MENU_LANGUAGES: tuple[str | None, ...] = (
    None,
    *(lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE),
)
"""``None`` is Telegram's default (the English source); the others are set for their code."""


async def publish_menu(bot: Bot) -> None:
    """Set the command menu (for private chats), the description and the short
    description in each language, and remove the default scope's menu."""
    private = BotCommandScopeAllPrivateChats()
    for lang in MENU_LANGUAGES:
        t = get_translator(lang or DEFAULT_LANGUAGE)
        commands = [BotCommand(name, t.gettext(text)) for name, text in COMMANDS]
        await bot.set_my_commands(commands, scope=private, language_code=lang)
        await bot.delete_my_commands(language_code=lang)
        await bot.set_my_description(t.gettext(DESCRIPTION), language_code=lang)
        await bot.set_my_short_description(t.gettext(SHORT_DESCRIPTION), language_code=lang)


def publish_in_background(bot: Bot) -> asyncio.Task[None]:
    """Start publishing; the task ends when done or refused, and can be cancelled."""
    return asyncio.create_task(_keep_publishing(bot), name="publish-menu")


async def stop_publishing(task: asyncio.Task[None]) -> None:
    """Cancel publishing if it is still under way (at shutdown)."""
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _keep_publishing(bot: Bot) -> None:
    wait = FIRST_WAIT
    while True:
        try:
            await publish_menu(bot)
        except TelegramError as error:
            if not passing(error):
                log.error("Telegram refused the command menu (%s)", type(error).__name__)
                return
            log.warning(
                "could not publish the command menu (%s); trying again in %.0f s",
                type(error).__name__,
                wait,
            )
        else:
            log.info("command menu and descriptions published")
            return
        await asyncio.sleep(random.uniform(wait / 2, wait))  # noqa: S311  (jitter)
        wait = min(LONGEST_WAIT, wait * 2)
