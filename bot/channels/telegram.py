"""The Telegram channel assembled: python-telegram-bot's application, and polling.

The adapter is split by job: :mod:`bot.channels.telegram_handlers` turns updates into
events, :mod:`bot.channels.telegram_dispatch` runs and stores the step,
:mod:`bot.channels.telegram_draw` draws the view (its docstring explains the one send
per step), :mod:`bot.channels.telegram_quick_exit` wipes the chat and
:mod:`bot.channels.telegram_failure` answers failures. This module only wires them
into an ``Application`` with the flood limiter and the retrying request, and runs it.
It holds no conversation logic, and nothing about the user is logged.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    filters,
)

from bot.channels.chat_ids import UnsavedIds
from bot.channels.lost_sends import LostSends
from bot.channels.telegram_context import GUIDE_KEY, LOST_KEY, UNSAVED_KEY
from bot.channels.telegram_failure import on_error
from bot.channels.telegram_handlers import (
    on_back,
    on_exit,
    on_forget,
    on_help,
    on_language,
    on_press,
    on_start,
    on_text,
)
from bot.channels.telegram_limiter import ChatRateLimiter, readmission
from bot.channels.telegram_menu import publish_in_background, stop_publishing
from bot.channels.telegram_poll import PollingRequest
from bot.channels.telegram_retry import RetryingRequest
from bot.channels.telegram_stop import (
    IN_FLIGHT_KEY,
    LIBRARY_STOP,
    InFlight,
    bounded,
    in_flight_of,
    stop_channel,
)
from bot.guide import Guide
from bot.settings import Settings

log = logging.getLogger(__name__)

PRIVATE = filters.ChatType.PRIVATE
NEW_PRIVATE = PRIVATE & filters.UpdateType.MESSAGE
"""Commands count only when sent: an edited ``/forget`` or ``/start`` is not run again (it
is answered as any other edit, by pointing to the buttons)."""
CONCURRENT_UPDATES = 256
"""Updates handled at once. Generous, because a handler may wait long without working: for
its chat's flood-limit slot, a 429's ``retry_after``, or a slow Telegram; a small pool
would let a few held chats delay everyone else's replies."""


def build_application(
    settings: Settings, guide: Guide, on_poll: Callable[[], None] | None = None
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The python-telegram-bot ``Application`` with the guide's handlers; not started.

    Requests go through :class:`~bot.channels.telegram_limiter.ChatRateLimiter` (flood
    limits per chat; a 429 holds its chat only) and
    :class:`~bot.channels.telegram_retry.RetryingRequest` (passing faults retried, sends
    never doubled); their docstrings state the policy. ``on_poll`` is called after each
    successful poll (:mod:`bot.channels.telegram_poll`, the liveness signal of polling).
    """
    token = settings.require_token()
    base = settings.telegram_api_base_url
    # One TLS context (the certificate store read once) for both HTTP clients: each
    # reading took about a tenth of a second of start-up.
    tls = {"verify": httpx.create_ssl_context()}
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        Application.builder()
        .token(token)
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .request(RetryingRequest(connection_pool_size=CONCURRENT_UPDATES, httpx_kwargs=tls))
        .get_updates_request(
            PollingRequest(on_poll or _nothing, connection_pool_size=1, httpx_kwargs=tls)
        )
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
    application.bot_data[LOST_KEY] = LostSends()
    in_flight = application.bot_data[IN_FLIGHT_KEY] = InFlight()
    application.add_handler(in_flight.handler(), group=-2)  # first: known from its start
    application.add_handler(readmission(), group=-1)  # a blocked person who writes is back
    application.add_handler(CommandHandler("start", on_start, filters=NEW_PRIVATE))
    application.add_handler(CommandHandler("exit", on_exit, filters=NEW_PRIVATE))
    application.add_handler(CommandHandler("back", on_back, filters=NEW_PRIVATE))
    application.add_handler(CommandHandler("help", on_help, filters=NEW_PRIVATE))
    application.add_handler(CommandHandler("language", on_language, filters=NEW_PRIVATE))
    application.add_handler(CommandHandler("forget", on_forget, filters=NEW_PRIVATE))
    application.add_handler(CallbackQueryHandler(on_press))
    application.add_handler(MessageHandler(PRIVATE, on_text))
    application.add_error_handler(on_error)
    return application


def _nothing() -> None:
    """No one to tell about a poll."""


def _poll_failed(error: TelegramError) -> None:
    """One line for a poll that failed even after its retries (Telegram down for a while).

    python-telegram-bot polls again by itself, with a growing pause; its default callback
    logs the whole traceback at ERROR, which reads like a crash for what is a passing
    fault outside the bot. The poll's own retries are logged by
    :mod:`bot.channels.telegram_retry`; health (:mod:`bot.health`) notices a long outage.
    """
    log.warning("a poll for updates failed (%s); polling again", type(error).__name__)


ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
"""What the bot asks Telegram for: what a person does in the chat. Not inline queries,
channel posts, chat member changes or reactions: the guide has nothing to say to them, and
what it is not sent it cannot leak. If such an update comes anyway (a server that ignores
this list), no handler takes it and nothing is sent or stored."""


@asynccontextmanager
async def polling(application: Application[Any, Any, Any, Any, Any, Any]) -> AsyncIterator[None]:
    """The bot connected and polling, its menus published beside it, for as long as the
    block runs; then stopped within a bound (:mod:`bot.channels.telegram_stop`).

    How long that is, and what runs beside it, is the process's business
    (:mod:`bot.serve`); this only starts and stops the channel in the right order. The
    menus do not hold up start-up: a failure to publish them is retried in the
    background (:mod:`bot.channels.telegram_menu`).
    """
    try:
        await application.initialize()
        menus = publish_in_background(application.bot)
        try:
            updater = application.updater
            assert updater is not None  # the builder always makes one for polling
            await updater.start_polling(
                allowed_updates=ALLOWED_UPDATES, timeout=10, error_callback=_poll_failed
            )
            await application.start()
            log.info("the bot is polling for updates")
            try:
                yield
            finally:
                log.info("stopping")
                await stop_channel(application, in_flight_of(application))
        finally:
            await stop_publishing(menus)
    finally:
        await bounded(application.shutdown(), LIBRARY_STOP, "closing the connections")
