"""Telegram updates turned into the guide's events, one handler per kind of update.

Each handler only says which :class:`~bot.dialog.events.Event` an update is; the rest
(key, lock, step, draw) is the same for all (:func:`bot.channels.telegram_dispatch.
dispatch`). Nothing typed is read or kept: free text becomes a bare ``TextInput``.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.channels.telegram_context import language
from bot.channels.telegram_dispatch import dispatch
from bot.channels.telegram_draw import answer_quietly
from bot.dialog.events import (
    Back,
    ChooseLanguage,
    Forget,
    Help,
    Press,
    QuickExit,
    Start,
    TextInput,
)
from bot.i18n import LANGUAGES


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: begin the conversation in the client's language, or in the one a link
    names (``/start fr``, from ``t.me/<bot>?start=fr``); any other payload is ignored."""
    await dispatch(update, context, Start(language(update), chosen=chosen_language(context)))


def chosen_language(context: ContextTypes.DEFAULT_TYPE) -> str | None:
    """The language a deep link's payload names, if it is exactly one the guide speaks."""
    args = context.args or []
    payload = args[0].lower() if len(args) == 1 else None
    return payload if payload in LANGUAGES else None


async def on_exit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/exit: quick exit, from anywhere: erase, leave one neutral line, wipe the chat."""
    await dispatch(update, context, QuickExit())


async def on_back(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/back: undo the last answer."""
    await dispatch(update, context, Back())


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: the commands, then the current screen."""
    await dispatch(update, context, Help())


async def on_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/language: the language picker."""
    await dispatch(update, context, ChooseLanguage())


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button under one of the guide's messages, in a private chat.

    Anything else (a message forwarded into a group, an inline message, a forged query
    naming a group) has its query answered, so that no spinner keeps turning, and nothing
    is sent: the guide never writes into a group, where others would read it.
    """
    query = update.callback_query
    if query is None:
        return
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        await answer_quietly(query)
        return
    await dispatch(update, context, Press(query.data or ""))


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Anything typed: never read, never stored; the person is pointed to the buttons."""
    await dispatch(update, context, TextInput())


async def on_forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/forget: erase the session at once."""
    await dispatch(update, context, Forget())
