"""The quick exit on Telegram: one neutral line, then the chat wiped above it.

A person in danger presses Quick exit (under every screen) or sends ``/exit`` so that
someone looking at the phone finds nothing. The runner has already erased the session;
this module only cleans the chat: it sends the neutral line first (its id is the upper
end of what may be deleted), then deletes every message the session knows of, and the
ids it can only guess at (:func:`bot.channels.chat_ids.deletion_batches`).
"""

from __future__ import annotations

import logging
from functools import partial

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.channels.chat_ids import deletion_batches
from bot.channels.render_html import paragraph_html
from bot.channels.telegram_context import lost_of
from bot.channels.telegram_draw import answer_quietly, tracked
from bot.dialog.view import Paragraph
from bot.guide import Step
from bot.i18n import get_translator

log = logging.getLogger(__name__)


async def quick_exit(
    update: Update, context: ContextTypes.DEFAULT_TYPE, chat_id: int, step: Step, key: str
) -> None:
    """One neutral line, then delete every message of the session below it.

    Which ids: :func:`bot.channels.chat_ids.deletion_batches` (the known ones first,
    newest first, then short gaps and the stretch after the newest, where replies whose
    confirmation was lost and apologies sit), and the brackets where the session's sends
    whose answer was lost may sit (:class:`bot.channels.lost_sends.LostSends`; the
    neutral line closes any still open). Ids of other chats are skipped by Telegram.
    """
    if update.callback_query is not None:
        await answer_quietly(update.callback_query)
    neutral = step.view.plain_text() if step.view is not None else ""
    line = neutral or get_translator(step.state.lang).pgettext(
        "the only line left after a quick exit", "Done."
    )
    newest: int | None = None
    try:
        sent = await tracked(
            context,
            key,
            partial(context.bot.send_message, chat_id, paragraph_html(Paragraph(line))),
            keep=False,
        )
    except TelegramError:  # still wipe; the upper end is then a guess
        log.warning("could not send the line that ends a quick exit")
    else:
        newest = sent.message_id
    lost = lost_of(context)
    maybe = lost.candidates(key)
    lost.forget(key)
    channel = step.channel
    batches = deletion_batches(
        channel.message_ids, newest, legacy_first=channel.first_message_id, maybe=maybe
    )
    for batch in batches:
        try:
            await context.bot.delete_messages(chat_id, batch)
        except TelegramError:  # older than 48 h, already gone: nothing more can be done
            log.info("some messages could not be deleted")
