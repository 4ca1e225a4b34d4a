"""The Telegram adapter: updates in, views out, through python-telegram-bot.

It holds no conversation logic. For each update it computes the pseudonymous key, lets
:class:`bot.guide.Guide` run and store the step, then draws the view. Nothing about the
user is logged.

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
"""

from __future__ import annotations

import io
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from bot.channels.chat_ids import UnsavedIds, deletion_batches
from bot.channels.render_html import SAFE_MESSAGE, paragraph_html, split_messages
from bot.channels.telegram_limiter import ChatRateLimiter, readmission
from bot.channels.telegram_menu import publish_in_background, stop_publishing
from bot.channels.telegram_retry import RetryingRequest, passing
from bot.dialog.events import (
    Back,
    ChooseLanguage,
    Event,
    Forget,
    Help,
    Press,
    Start,
    TextInput,
)
from bot.dialog.view import PHONE_SCREEN, Paragraph, View
from bot.guide import Guide, Step
from bot.i18n import get_translator, negotiate
from bot.settings import Settings

log = logging.getLogger(__name__)

CHANNEL = "telegram"
GUIDE_KEY = "guide"
UNSAVED_KEY = "unsaved_message_ids"
PRIVATE = filters.ChatType.PRIVATE
CONCURRENT_UPDATES = 256
"""Updates handled at once. Generous, because a handler may wait long without working: for
its chat's flood-limit slot, a 429's ``retry_after``, or a slow Telegram; a small pool
would let a few held chats delay everyone else's replies."""


def _keyboard(view: View) -> InlineKeyboardMarkup | None:
    if not view.keyboard:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
            for row in view.keyboard
        ]
    )


def _chunks(view: View, head: tuple[Paragraph, ...] = ()) -> list[str]:
    """The view's text as messages: at most one phone screen each where the view asks."""
    limit = PHONE_SCREEN if view.screenful else SAFE_MESSAGE
    return split_messages((*head, *view.preface, *view.paragraphs), limit)


def _guide(context: ContextTypes.DEFAULT_TYPE) -> Guide:
    guide: Guide = context.application.bot_data[GUIDE_KEY]
    return guide


async def _drop_keyboard(message: Message) -> None:
    try:
        await message.edit_reply_markup(reply_markup=None)
    except BadRequest:
        log.info("could not remove the buttons of an earlier message")


def _unsaved(context: ContextTypes.DEFAULT_TYPE) -> UnsavedIds:
    unsaved: UnsavedIds = context.application.bot_data[UNSAVED_KEY]
    return unsaved


async def _send(
    context: ContextTypes.DEFAULT_TYPE,
    chat_id: int,
    view: View,
    key: str,
    echo: str | None = None,
) -> None:
    """Send a view as one or more messages (buttons under the last), ``echo`` (the
    answer just given) as the first line of the first; each id is noted for the session
    ``key``'s next write."""
    head = (Paragraph(f"» {echo}", "title"),) if echo is not None else ()
    chunks = _chunks(view, head)
    lost: TelegramError | None = None  # a part the network lost does not stop the rest
    for index, chunk in enumerate(chunks):
        markup = _keyboard(view) if index == len(chunks) - 1 else None
        try:
            sent = await context.bot.send_message(chat_id, chunk, reply_markup=markup)
        except TelegramError as error:
            if not passing(error):
                raise
            lost = lost or error
        else:
            _unsaved(context).add(key, sent.message_id)
    if view.document is not None:
        document = view.document
        sent = await context.bot.send_document(
            chat_id,
            InputFile(io.BytesIO(document.content), filename=document.filename),
            caption=paragraph_html(Paragraph(document.caption)),
        )
        _unsaved(context).add(key, sent.message_id)
    if lost is not None:
        raise lost


def _message_id(update: Update) -> int | None:
    """The id of the update's message: the one typed, or the one whose button was pressed."""
    if update.message is not None:
        return update.message.message_id
    query = update.callback_query
    if query is not None and isinstance(query.message, Message):
        return query.message.message_id
    return None


async def _dispatch(update: Update, context: ContextTypes.DEFAULT_TYPE, event: Event) -> None:
    """The one path every update takes: key, lock, step (one durable write), draw.

    The step is stored with this update's id and the message ids learnt since the last
    write (this update's message, the replies sent since) before anything is sent; the
    ids of this step's replies wait in memory for the next write. An update already applied
    (Telegram delivers it again after a crash) changes nothing: the last one applied
    gets the current screen as a new message (its reply may never have gone out), an
    older one only has its callback query answered, so no spinner is left turning.
    """
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    guide = _guide(context)
    key = guide.key(CHANNEL, user.id)
    unsaved = _unsaved(context)
    async with guide.session(key):
        incoming = _message_id(update)
        learnt = (*unsaved.pending(key), *(() if incoming is None else (incoming,)))
        step = await guide.step(
            key, event, user.language_code, update_id=update.update_id, message_ids=learnt
        )
        if step.erased:
            unsaved.forget(key)
        elif not step.replay:
            unsaved.saved(key, learnt)
        if step.view is None:
            if update.callback_query is not None:
                await _answer_quietly(update.callback_query)
            return
        if step.erased and step.view.quick_exit:
            await _quick_exit(update, context, chat.id, step)
            return
        if step.replay:  # the pressed message is left as it is: it may show the answer
            if update.callback_query is not None:
                await _answer_quietly(update.callback_query)
            await _send(context, chat.id, step.view, key)
            return
        await _draw(update, context, chat.id, step.view, key)


async def _answer_quietly(query: CallbackQuery, toast: str | None = None) -> None:
    """Answer a callback query that may be too old or answered before (after a restart)."""
    try:
        await query.answer(toast)
    except BadRequest:
        log.info("a callback query was already answered or is too old")


async def _quick_exit(
    update: Update, context: ContextTypes.DEFAULT_TYPE, chat_id: int, step: Step
) -> None:
    """One neutral line, then delete every message of the session below it.

    Which ids: :func:`bot.channels.chat_ids.deletion_batches` (the known ones first,
    newest first, then short gaps and the stretch after the newest, where replies whose
    confirmation was lost and apologies sit). Ids of other chats are skipped by Telegram.
    """
    if update.callback_query is not None:
        await _answer_quietly(update.callback_query)
    neutral = step.view.plain_text() if step.view is not None else ""
    line = neutral or get_translator(step.state.lang).gettext("Done.")
    newest: int | None = None
    try:
        newest = (
            await context.bot.send_message(chat_id, paragraph_html(Paragraph(line)))
        ).message_id
    except TelegramError:  # still wipe; the upper end is then a guess
        log.warning("could not send the line that ends a quick exit")
    channel = step.channel
    batches = deletion_batches(channel.message_ids, newest, legacy_first=channel.first_message_id)
    for batch in batches:
        try:
            await context.bot.delete_messages(chat_id, batch)
        except TelegramError:  # older than 48 h, already gone: nothing more can be done
            log.info("some messages could not be deleted")


async def _draw(
    update: Update, context: ContextTypes.DEFAULT_TYPE, chat_id: int, view: View, key: str
) -> None:
    """Draw a view in reply to an update."""
    query = update.callback_query
    if query is None:
        await _send(context, chat_id, view, key)
        return
    await _answer_quietly(query, view.toast)
    pressed = query.message if isinstance(query.message, Message) else None
    if view.document is not None:  # the result stays as it is, with its buttons
        await _send(context, chat_id, view, key)
        return
    if pressed is not None and view.replace:
        chunks = _chunks(view)
        if len(chunks) == 1:
            try:
                await pressed.edit_text(chunks[0], reply_markup=_keyboard(view))
            except BadRequest:
                log.info("could not redraw a message; sending it anew")
            else:
                return
    elif view.echo is not None:  # the common step: one send (module docstring)
        await _send(context, chat_id, view, key, echo=view.echo)
        return
    elif pressed is not None:
        await _drop_keyboard(pressed)
    await _send(context, chat_id, view, key)


def _language(update: Update) -> str | None:
    return update.effective_user.language_code if update.effective_user else None


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: begin the conversation in the client's language."""
    await _dispatch(update, context, Start(_language(update)))


async def on_back(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/back: undo the last answer."""
    await _dispatch(update, context, Back())


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: the commands, then the current screen."""
    await _dispatch(update, context, Help())


async def on_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/language: the language picker."""
    await _dispatch(update, context, ChooseLanguage())


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button under one of the guide's messages."""
    query = update.callback_query
    if query is None:
        return
    await _dispatch(update, context, Press(query.data or ""))


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Anything typed: never read, never stored; the person is pointed to the buttons."""
    await _dispatch(update, context, TextInput())


async def on_forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/forget: erase the session at once."""
    await _dispatch(update, context, Forget())


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the kind of failure only (never the update), and tell the person if we can.

    No apology when Telegram or the network failed (retries are spent, see
    :mod:`bot.channels.telegram_retry`) or the person blocked the bot: it would fail as
    well, or show after a reply that did arrive. The step is stored; any press brings the
    current screen back.
    """
    error = context.error
    trouble = isinstance(error, Forbidden) or (isinstance(error, TelegramError) and passing(error))
    kind = type(error).__name__ if error else "unknown error"
    if trouble:
        log.warning("an update was not fully answered: %s", kind)
    else:
        log.error("an update failed: %s", kind)
    if isinstance(update, Update) and update.callback_query is not None:
        try:  # no spinner left turning under the pressed button
            await _answer_quietly(update.callback_query)
        except TelegramError:
            log.info("could not answer the button press of a failed update")
    if isinstance(update, Update) and update.effective_chat and not trouble:
        t = get_translator(negotiate(_language(update)))
        text = t.gettext("Something went wrong on our side. Please try again, or send /start.")
        try:
            sent = await context.bot.send_message(
                update.effective_chat.id, paragraph_html(Paragraph(text))
            )
        except TelegramError:
            log.error("could not tell the person about the failure")
        else:  # a quick exit deletes the apology, and what it answers, too
            if update.effective_user is not None:
                key = _guide(context).key(CHANNEL, update.effective_user.id)
                for message_id in (_message_id(update), sent.message_id):
                    if message_id is not None:
                        _unsaved(context).add(key, message_id)


def build_application(
    settings: Settings, guide: Guide
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The python-telegram-bot ``Application`` with the guide's handlers; not started.

    Requests go through :class:`~bot.channels.telegram_limiter.ChatRateLimiter` (flood
    limits per chat; a 429 holds its chat only) and
    :class:`~bot.channels.telegram_retry.RetryingRequest` (passing faults retried, sends
    never doubled); their docstrings state the policy.
    """
    token = settings.require_token()
    base = settings.telegram_api_base_url
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        Application.builder()
        .token(token)
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .request(RetryingRequest(connection_pool_size=CONCURRENT_UPDATES))
        .get_updates_request(RetryingRequest(connection_pool_size=1))
        .rate_limiter(ChatRateLimiter())
        # Every text the bot sends or edits is HTML drawn by render_html (escaped, with
        # <b> and <i>), so the parse mode is set once here rather than on each call.
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        # People do not wait for each other; each person's updates still run in order,
        # because Guide.session takes their lock before the first await of the handler.
        .concurrent_updates(CONCURRENT_UPDATES)
    )
    application = builder.build()
    application.bot_data[GUIDE_KEY] = guide
    application.bot_data[UNSAVED_KEY] = UnsavedIds()
    application.add_handler(readmission(), group=-1)  # a blocked person who writes is back
    application.add_handler(CommandHandler("start", on_start, filters=PRIVATE))
    application.add_handler(CommandHandler("back", on_back, filters=PRIVATE))
    application.add_handler(CommandHandler("help", on_help, filters=PRIVATE))
    application.add_handler(CommandHandler("language", on_language, filters=PRIVATE))
    application.add_handler(CommandHandler("forget", on_forget, filters=PRIVATE))
    application.add_handler(CallbackQueryHandler(on_press))
    application.add_handler(MessageHandler(PRIVATE, on_text))
    application.add_error_handler(on_error)
    return application


ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]


@asynccontextmanager
async def polling(application: Application[Any, Any, Any, Any, Any, Any]) -> AsyncIterator[None]:
    """The bot connected and polling, its menus published beside it, for as long as the
    block runs.

    How long that is, and what runs beside it, is the process's business
    (:mod:`bot.serve`); this only starts and stops the channel in the right order. The
    menus do not hold up start-up: a failure to publish them is retried in the
    background (:mod:`bot.channels.telegram_menu`).
    """
    async with application:
        menus = publish_in_background(application.bot)
        try:
            updater = application.updater
            assert updater is not None  # the builder always makes one for polling
            await updater.start_polling(allowed_updates=ALLOWED_UPDATES, timeout=10)
            await application.start()
            log.info("the bot is polling for updates")
            try:
                yield
            finally:
                log.info("stopping")
                await updater.stop()
                await application.stop()
        finally:
            await stop_publishing(menus)
