"""Drawing a view as Telegram messages: text, buttons, documents, edits.

One rate-limited call per common step. Telegram lets a bot send about 30 messages a
second in all, and python-telegram-bot's rate limiter counts every call that names a
chat (sends and edits alike; answering a callback query does not). A press that leads to
the next question is therefore drawn as ONE new message whose first line echoes the
answer given ("» Yes"), followed by the next question and its buttons, instead of an edit
of the pressed message plus a send: at the cap that is about 30 steps a second, not 15.
The transcript stays readable, each answer standing right under its question. The price:
the answered question keeps its buttons; a press on one of them changes nothing and is
answered with a note and the current question (the runner refuses stale buttons). A
checklist tick redraws its own message (one edit); a screen too long for one message,
the case note and a stale press cost more calls, being rare.

Every message sent is noted in :class:`bot.channels.chat_ids.UnsavedIds` for the
session's next write, so a quick exit can delete it; a send whose answer was lost, so
that its message may be in the chat under an id never learnt, is noted in
:class:`bot.channels.lost_sends.LostSends` (:func:`tracked`).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Awaitable, Callable
from functools import partial

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    Update,
)
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot.channels.render_html import SAFE_MESSAGE, paragraph_html, split_messages
from bot.channels.telegram_context import lost_of, unsaved_of
from bot.channels.telegram_retry import passing
from bot.dialog.view import PHONE_SCREEN, Paragraph, View

log = logging.getLogger(__name__)


def keyboard(view: View) -> InlineKeyboardMarkup | None:
    """The view's buttons as an inline keyboard, or none."""
    if not view.keyboard:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
            for row in view.keyboard
        ]
    )


def chunks(view: View, head: tuple[Paragraph, ...] = ()) -> list[str]:
    """The view's text as messages: at most one phone screen each where the view asks."""
    limit = PHONE_SCREEN if view.screenful else SAFE_MESSAGE
    return split_messages((*head, *view.preface, *view.paragraphs), limit)


async def answer_quietly(query: CallbackQuery, toast: str | None = None) -> None:
    """Answer a callback query that may be too old or answered before (after a restart)."""
    try:
        await query.answer(toast)
    except BadRequest:
        log.info("a callback query was already answered or is too old")


async def _drop_keyboard(message: Message) -> None:
    try:
        await message.edit_reply_markup(reply_markup=None)
    except BadRequest:
        log.info("could not remove the buttons of an earlier message")


async def tracked(
    context: ContextTypes.DEFAULT_TYPE,
    key: str,
    call: Callable[[], Awaitable[Message]],
    *,
    keep: bool = True,
) -> Message:
    """Make one send into the chat of session ``key``, noting where its message sits:
    its id for the next write (unless ``keep`` is false), or, if its answer was lost,
    the bracket of ids it may have taken."""
    lost = lost_of(context)
    ticket = lost.begin()
    try:
        sent = await call()
    except TelegramError as error:
        if passing(error):  # it may have arrived (a timeout, a dropped connection)
            lost.lost(key, ticket)
        raise
    lost.learnt(ticket, sent.message_id)
    if keep:
        unsaved_of(context).add(key, sent.message_id)
    return sent


async def send(
    context: ContextTypes.DEFAULT_TYPE,
    chat_id: int,
    view: View,
    key: str,
    echo: str | None = None,
) -> None:
    """Send a view as one or more messages (buttons under the last), ``echo`` (the
    answer just given) as the first line of the first; each id is noted for the session
    ``key``'s next write."""
    head = (Paragraph(echo, "title"),) if echo is not None else ()
    parts = chunks(view, head)
    lost: TelegramError | None = None  # a part the network lost does not stop the rest
    for index, chunk in enumerate(parts):
        markup = keyboard(view) if index == len(parts) - 1 else None
        try:
            await tracked(
                context,
                key,
                partial(context.bot.send_message, chat_id, chunk, reply_markup=markup),
            )
        except TelegramError as error:
            if not passing(error):
                raise
            lost = lost or error
    if view.document is not None:
        document = view.document
        await tracked(
            context,
            key,
            lambda: context.bot.send_document(
                chat_id,
                InputFile(io.BytesIO(document.content), filename=document.filename),
                caption=paragraph_html(Paragraph(document.caption)),
            ),
        )
    if lost is not None:
        raise lost


async def draw(
    update: Update, context: ContextTypes.DEFAULT_TYPE, chat_id: int, view: View, key: str
) -> None:
    """Draw a view in reply to an update."""
    query = update.callback_query
    if query is None:
        await send(context, chat_id, view, key)
        return
    await answer_quietly(query, view.toast)
    pressed = query.message if isinstance(query.message, Message) else None
    if view.document is not None:  # the result stays as it is, with its buttons
        await send(context, chat_id, view, key)
        return
    if pressed is not None and view.replace:
        parts = chunks(view)
        if len(parts) == 1:
            try:
                await pressed.edit_text(parts[0], reply_markup=keyboard(view))
            except BadRequest:
                log.info("could not redraw a message; sending it anew")
            else:
                return
    elif view.echo is not None:  # the common step: one send (module docstring)
        await send(context, chat_id, view, key, echo=view.echo)
        return
    elif pressed is not None:
        await _drop_keyboard(pressed)
    await send(context, chat_id, view, key)
