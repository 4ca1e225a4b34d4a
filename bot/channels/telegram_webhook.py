"""Webhook mode: Telegram posts each update to the bot's own small HTTP server.

Why not python-telegram-bot's ``Updater.start_webhook`` (read in PTB 22.8,
``telegram/ext/_utils/webhookhandler.py``):

* it compares the ``X-Telegram-Bot-Api-Secret-Token`` header with ``!=``, which is not
  constant-time, and logs the wrong token it was sent;
* it answers 200 as soon as the update is queued, before any handler ran: a process
  killed in that moment loses the step, because Telegram counts the update delivered;
* it needs tornado, one more dependency for one route.

So this server answers only once the update is handled: the step is stored and the reply
sent (a handler's failure is handled by the error handler, as in polling). A process
killed in the middle never answers; Telegram (or the load balancer in front of two
processes) delivers the update again, to whichever process is alive, and the update-id
check of :mod:`bot.guide` makes that harmless: a step is applied once, and the person
gets the current screen.

What it serves, HTTP/1.1 with keep-alive, bodies by ``Content-Length`` up to 1 MiB
(:mod:`bot.channels.webhook_http`):

* ``POST`` on the path of the webhook URL: the secret header is compared in constant
  time (:func:`hmac.compare_digest`), 403 otherwise; a body that is not a JSON object
  with an integer ``update_id`` is refused with 400 (413 over 1 MiB) and nothing is
  applied; an update python-telegram-bot cannot read is skipped as in polling
  (:mod:`bot.channels.telegram_updates`) and answered 200, or Telegram would post it
  again forever; 200 once handled, 500 if handling crashed (Telegram then tries again).
* ``GET /healthz``: 200 while the bot runs, 503 while it stops (the liveness signal of
  :mod:`bot.health`).
* Anything else: 404 or 405. Nothing about a request (body, headers, address) is logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

from telegram import Update
from telegram.ext import Application

from bot.channels.telegram import ALLOWED_UPDATES
from bot.channels.telegram_menu import publish_in_background, stop_publishing
from bot.channels.telegram_stop import (
    CANCEL_WAIT,
    LIBRARY_STOP,
    bounded,
    in_flight_of,
    stop_channel,
)
from bot.channels.telegram_updates import readable
from bot.channels.webhook_http import MAX_HEAD, Request, linger, read_request, write
from bot.errors import WebhookRequestError
from bot.health import HEALTH_PATH

log = logging.getLogger(__name__)

SECRET_HEADER = "x-telegram-bot-api-secret-token"  # noqa: S105  (a header name)
MAX_CONNECTIONS = 40
"""Telegram's default: how many updates it may post at once (people, not one person:
Telegram sends one chat's updates in order)."""


class WebhookServer:
    """The HTTP server of webhook mode, handing each update to the ``Application``."""

    def __init__(
        self, application: Application[Any, Any, Any, Any, Any, Any], path: str, secret: str
    ) -> None:
        self._application = application
        self._path = path
        self._secret = secret.encode("ascii")
        self._server: asyncio.Server | None = None
        self._connections: dict[asyncio.Task[None], bool] = {}  # task -> busy with a request
        self._idle = asyncio.Event()
        self._idle.set()
        self._stopping = False

    @property
    def port(self) -> int:
        """The port it listens on (the one asked for, or the one given for port 0)."""
        if self._server is None or not self._server.sockets:
            raise RuntimeError("the webhook server is not listening")
        return int(self._server.sockets[0].getsockname()[1])

    async def start(self, host: str, port: int) -> None:
        """Listen on ``host:port``."""
        self._server = await asyncio.start_server(self._serve, host, port, limit=MAX_HEAD)

    def close(self) -> None:
        """Stop listening and drop idle connections; a connection whose update is being
        handled answers it and then closes. ``/healthz`` answers 503 from now on."""
        self._stopping = True
        if self._server is not None:
            self._server.close()
        for task, busy in self._connections.items():
            if not busy:
                task.cancel()

    async def finish(self, within: float) -> None:
        """Wait ``within`` seconds at most for the last answers to be written, then close
        every connection still open."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), within)
        tasks = list(self._connections)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections[task] = False
        try:
            while not self._stopping:
                try:
                    request = await read_request(reader)
                except WebhookRequestError as refused:
                    await write(writer, refused.status, close=True)
                    await linger(reader, writer)
                    return
                if request is None:
                    return
                self._busy(task, True)
                try:
                    try:
                        status = await self._respond(request)
                    except Exception as exc:  # a bug of ours: answer, and stay up
                        log.error("a webhook request failed: %s", type(exc).__name__)
                        status = 500
                    close = status == 403 or self._stopping
                    await write(writer, status, close=close)
                finally:
                    self._busy(task, False)
                if close:
                    return
        except (ConnectionError, TimeoutError, asyncio.IncompleteReadError):
            return  # the client went away or stalled; nothing was half-applied by us
        except asyncio.CancelledError:
            # finish() closes connections by cancelling them. Ending normally, not as
            # cancelled, matters on Python 3.11: start_server's done-callback calls
            # task.exception() on the task, which raises for a cancelled one and logs an
            # ERROR with a traceback at every stop with an idle keep-alive connection.
            return
        finally:
            del self._connections[task]
            writer.close()
            with contextlib.suppress(ConnectionError, asyncio.CancelledError):
                await writer.wait_closed()

    def _busy(self, task: asyncio.Task[None], busy: bool) -> None:
        self._connections[task] = busy
        if any(self._connections.values()):
            self._idle.clear()
        else:
            self._idle.set()

    async def _respond(self, request: Request) -> int:
        if request.path == HEALTH_PATH:
            if request.method not in ("GET", "HEAD"):
                return 405
            return 503 if self._stopping else 200
        if request.path != self._path:
            return 404
        if request.method != "POST":
            return 405
        given = request.headers.get(SECRET_HEADER, "").encode("latin-1", "replace")
        if not hmac.compare_digest(given, self._secret):
            log.info("refused a webhook request without the right secret token")
            return 403
        update = self._update(request.body)
        if update is None:
            log.info("refused a webhook request whose body is not an update")
            return 400
        try:
            await self._application.process_update(update)
        except Exception as exc:  # Telegram delivers it again; the step is applied once
            log.error("an update could not be handled: %s", type(exc).__name__)
            return 500
        return 200

    def _update(self, body: bytes) -> Update | None:
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep
            return None
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return None
        known = readable(data)  # an unreadable update becomes its bare id: no handler takes it
        if known is None:
            return None
        try:
            return Update.de_json(known, self._application.bot)
        except Exception:  # readable() let it through, so this is a library bug: refuse
            return None


@contextlib.asynccontextmanager
async def webhook(
    application: Application[Any, Any, Any, Any, Any, Any],
    *,
    url: str,
    secret: str,
    listen: str,
    port: int,
) -> AsyncIterator[WebhookServer]:
    """The bot taking updates on its webhook server, its menus published beside it, for
    as long as the block runs (the counterpart of :func:`bot.channels.telegram.polling`).

    The server listens before ``setWebhook`` is called, so the first update posted finds
    it. The stop is bounded as in polling (:mod:`bot.channels.telegram_stop`): the server
    stops taking posts at once, the updates in flight get their grace and are cancelled
    after it, unanswered, so Telegram delivers them again. The webhook is left set:
    another process may still be serving it, and Telegram keeps the updates for this one
    while it is away. ``refuge-guide run`` in polling mode deletes it (python-telegram-bot
    does so before its first poll).
    """
    try:
        await application.initialize()
        menus = publish_in_background(application.bot)
        server = WebhookServer(application, urlsplit(url).path or "/", secret)
        try:
            await application.start()
            await server.start(listen, port)
            await application.bot.set_webhook(
                url,
                secret_token=secret,
                allowed_updates=ALLOWED_UPDATES,
                max_connections=MAX_CONNECTIONS,
            )
            log.info("the bot takes updates by webhook on port %d", server.port)
            yield server
        finally:
            log.info("stopping")
            server.close()  # step 1 of telegram_stop: nothing new comes in
            await stop_channel(application, in_flight_of(application))
            await server.finish(CANCEL_WAIT)
            await stop_publishing(menus)
    finally:
        await bounded(application.shutdown(), LIBRARY_STOP, "closing the connections")
