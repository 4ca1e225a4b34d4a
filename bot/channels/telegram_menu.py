"""What the bot tells Telegram about itself: its command menu and descriptions, per language.

Telegram shows a client the menu and descriptions set for its ``language_code``, and the
default ones (set without a language) to every other client. So the English source is set
as the default and every other language of the guide for its own code; a language added
to :data:`bot.i18n.LANGUAGES` is published with no change here. ``refuge-guide check``
holds these texts to Telegram's limits in every language (:mod:`bot.checks`).
"""

from __future__ import annotations

from telegram import Bot, BotCommand

from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, get_translator

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", N_("Begin again")),
    ("back", N_("Undo the last answer")),
    ("language", N_("Change the language")),
    ("forget", N_("Erase everything stored about you")),
    ("help", N_("How to use this guide")),
)
DESCRIPTION = N_(
    "A guide for refugees in Belgium, and for the people who help them, when a foreign state "
    "asks Belgium for legal assistance, extradition or an Interpol notice. It shows which "
    "legal grounds may help to refuse the request, and what to do next. Legal information, "
    "not legal advice. It stores only the buttons you press."
)
SHORT_DESCRIPTION = N_(
    "Foreign requests against refugees in Belgium: grounds for refusal and next steps."
)
MENU_LANGUAGES: tuple[str | None, ...] = (
    None,
    *(lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE),
)
"""``None`` is Telegram's default (the English source); the others are set for their code."""


async def publish_menu(bot: Bot) -> None:
    """Set the command menu, the description and the short description in each language."""
    for lang in MENU_LANGUAGES:
        t = get_translator(lang or DEFAULT_LANGUAGE)
        commands = [BotCommand(name, t.gettext(text)) for name, text in COMMANDS]
        await bot.set_my_commands(commands, language_code=lang)
        await bot.set_my_description(t.gettext(DESCRIPTION), language_code=lang)
        await bot.set_my_short_description(t.gettext(SHORT_DESCRIPTION), language_code=lang)
