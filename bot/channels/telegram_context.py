"""What every part of the Telegram adapter reads from python-telegram-bot's objects.

The adapter is several modules (drawing, dispatch, quick exit, the error handler); they
share the guide, the not-yet-stored message ids and the lost sends' brackets that
:func:`bot.channels.telegram.build_application` puts into ``bot_data``, and they all
need the id of an update's message. Keeping these few accessors here lets each module
keep to its own job without importing another's.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.channels.chat_ids import UnsavedIds
from bot.channels.lost_sends import LostSends
from bot.guide import Guide

CHANNEL = "telegram"
GUIDE_KEY = "guide"
UNSAVED_KEY = "unsaved_message_ids"
LOST_KEY = "lost_sends"


def guide_of(context: ContextTypes.DEFAULT_TYPE) -> Guide:
    """The guide the application was built with."""
    guide: Guide = context.application.bot_data[GUIDE_KEY]
    return guide


def unsaved_of(context: ContextTypes.DEFAULT_TYPE) -> UnsavedIds:
    """The ids of sent messages that wait for their session's next write."""
    unsaved: UnsavedIds = context.application.bot_data[UNSAVED_KEY]
    return unsaved


def lost_of(context: ContextTypes.DEFAULT_TYPE) -> LostSends:
    """Where the messages of sends whose answer was lost may sit."""
    lost: LostSends = context.application.bot_data[LOST_KEY]
    return lost


def message_id(update: Update) -> int | None:
    """The id of the update's message: the one typed, or the one whose button was pressed."""
    if update.message is not None:
        return update.message.message_id
    query = update.callback_query
    if query is not None and isinstance(query.message, Message):
        return query.message.message_id
    return None


def language(update: Update) -> str | None:
    """The client's language code, as Telegram reports it (a hint, not a choice)."""
    return update.effective_user.language_code if update.effective_user else None
