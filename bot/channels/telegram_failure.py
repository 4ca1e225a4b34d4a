"""What happens when handling an update fails: a log line without content, an apology.

python-telegram-bot calls :func:`on_error` for any exception a handler raises. The step
was stored before anything was sent (:mod:`bot.channels.telegram_dispatch`), so nothing
is lost; the person only needs to know that and how to go on.
"""

from __future__ import annotations

import logging
from functools import partial

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.channels.render_html import paragraph_html
from bot.channels.telegram_context import CHANNEL, guide_of, language, message_id, unsaved_of
from bot.channels.telegram_draw import answer_quietly, tracked
from bot.channels.telegram_retry import passing
from bot.dialog.view import Paragraph
from bot.errors import StoreFullError
from bot.guide import CANNOT_SAVE
from bot.i18n import N_, get_translator, negotiate

log = logging.getLogger(__name__)

# TRANSLATORS: a message sent after an error on the bot's side. Keep "/help" as it is.
APOLOGY = N_(
    "Something went wrong on our side. Your answers are kept: press the button again, "
    "or send /help to see where you are."
)
"""How to go on after a failure. Never "send /start", which would throw the answers away:
the step was either stored before the failure (pressing again then brings the current
question, under a note) or not applied at all (pressing again applies it)."""


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the kind of failure only (never the update), and tell the person if we can.

    No apology when Telegram or the network failed (retries are spent, see
    :mod:`bot.channels.telegram_retry`) or the person blocked the bot: it would fail as
    well, or show after a reply that did arrive. The apology says how to go on
    (:data:`APOLOGY`); when the store could not save the step (a full disk), it says that
    instead (:data:`bot.guide.CANNOT_SAVE`), and the log gets the operator's line.
    """
    error = context.error
    trouble = isinstance(error, Forbidden) or (isinstance(error, TelegramError) and passing(error))
    kind = type(error).__name__ if error else "unknown error"
    if trouble:
        log.warning("an update was not fully answered: %s", kind)
    elif isinstance(error, StoreFullError):  # the operator's line: a path, never user data
        log.error("a step was not saved: %s", error)
    else:
        log.error("an update failed: %s", kind)
    if isinstance(update, Update) and update.callback_query is not None:
        try:  # no spinner left turning under the pressed button
            await answer_quietly(update.callback_query)
        except TelegramError:
            log.info("could not answer the button press of a failed update")
    if isinstance(update, Update) and not trouble:
        await _apologise(update, context, error)


async def _apologise(
    update: Update, context: ContextTypes.DEFAULT_TYPE, error: BaseException | None
) -> None:
    """Send the apology to the person, noted for a quick exit like every reply: its id,
    or where it may sit if its answer is lost, and the message it answers."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:  # no person to tell (nor a session to note it in)
        return
    t = get_translator(negotiate(language(update)))
    apology = CANNOT_SAVE if isinstance(error, StoreFullError) else APOLOGY
    text = paragraph_html(Paragraph(t.gettext(apology)))
    key = guide_of(context).key(CHANNEL, user.id)
    incoming = message_id(update)
    if incoming is not None:
        unsaved_of(context).add(key, incoming)
    try:
        await tracked(context, key, partial(context.bot.send_message, chat.id, text))
    except TelegramError:
        log.error("could not tell the person about the failure")
