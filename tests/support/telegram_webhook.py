"""Webhook delivery for the Bot API emulator: updates POSTed to the bot, as Telegram does.

After ``setWebhook`` (``BotApiEmulator`` keeps the :class:`WebhookTarget`), a delivery
thread posts each queued update as JSON to the URL, with the
``X-Telegram-Bot-Api-Secret-Token`` header when a secret was set. Like Telegram:

* an update counts as delivered (``confirmed``) only on a 2xx answer; any other answer,
  a refused or dropped connection, or no answer within ``timeout`` is an error recorded
  for ``getWebhookInfo`` (``last_error_date``, ``last_error_message``), and the update
  is posted again after a growing delay (``retry_delay`` doubled up to ``max_delay``;
  short, for tests);
* one chat's updates go one at a time, in order; different chats' at once, up to
  ``max_connections``;
* types outside ``allowed_updates`` are dropped, and ``getUpdates`` is refused with 409
  while a webhook is set.

Unlike Telegram, plain ``http://`` is accepted for a loopback address (the tests' bots
listen on 127.0.0.1), and nothing checks the certificate. Every post is kept in
``deliveries`` (update id, HTTP status or 0 for no answer) for tests to read.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from tests.support.telegram_emulator import BotApiEmulator, _Update

__all__ = ["Delivery", "WebhookDelivery", "WebhookTarget"]

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass
class WebhookTarget:
    """What ``setWebhook`` set."""

    url: str
    secret: str | None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass(frozen=True)
class Delivery:
    """One POST of an update to the webhook: its HTTP status (0: no answer at all)."""

    update_id: int
    status: int
    at: float


@dataclass
class WebhookDelivery:
    """The thread that posts queued updates to the webhook (see the module docstring)."""

    emulator: BotApiEmulator
    target: WebhookTarget
    timeout: float = 60.0
    retry_delay: float = 0.05
    max_delay: float = 1.0
    deliveries: list[Delivery] = field(default_factory=list)
    _stopped: threading.Event = field(default_factory=threading.Event)
    _inflight: dict[int, threading.Thread] = field(default_factory=dict)
    _retry_at: dict[int, float] = field(default_factory=dict)
    _attempts: dict[int, int] = field(default_factory=dict)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._dispatch, name="bot-api-emulator-webhook", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop posting; wait for the posts in flight (each ends at its timeout at worst)."""
        self._stopped.set()
        with self.emulator._cond:
            self.emulator._cond.notify_all()
            posts = list(self._inflight.values())
        deadline = time.monotonic() + timeout
        if self._thread is not None:
            self._thread.join(max(deadline - time.monotonic(), 0.01))
        for post in posts:
            post.join(max(deadline - time.monotonic(), 0.01))

    # ------------------------------------------------------------------ dispatching

    def _dispatch(self) -> None:
        cond = self.emulator._cond
        with cond:
            while not self._stopped.is_set():
                update = self._next()
                if update is None:
                    # deliberate: a poll interval inside a loop on a condition, not a bound.
                    cond.wait(0.02)  # woken by a new update or an answer; the timeout: retries
                    continue
                if update.fetched_at is None:
                    update.fetched_at = time.monotonic()
                post = threading.Thread(
                    target=self._post,
                    args=(update.update_id, dict(update.payload)),
                    name=f"bot-api-emulator-webhook-post:{update.update_id}",
                    daemon=True,
                )
                self._inflight[update.update_id] = post
                post.start()

    def _next(self) -> _Update | None:
        """The next update to post, under the emulator's lock; None if none may go now."""
        if len(self._inflight) >= self.target.max_connections:
            return None
        now = time.monotonic()
        busy: set[int | None] = set()
        kept: list[_Update] = []
        chosen: _Update | None = None
        for update in self.emulator._updates:
            if not self.emulator._allowed(update.kind):
                update.dropped = f"type {update.kind!r} is not in allowed_updates"
                continue
            kept.append(update)
            if chosen is not None:
                continue
            chat = update.chat_id
            waiting = (chat is not None and chat in busy) or update.update_id in self._inflight
            if chat is not None:
                busy.add(chat)  # later updates of this chat wait for this one
            if not waiting and self._retry_at.get(update.update_id, 0.0) <= now:
                chosen = update
        self.emulator._updates = kept
        return chosen

    # ------------------------------------------------------------------ posting

    def _post(self, update_id: int, payload: dict[str, Any]) -> None:
        status = self._send(payload)
        cond = self.emulator._cond
        with cond:
            self.deliveries.append(Delivery(update_id, status, time.monotonic()))
            del self._inflight[update_id]
            if 200 <= status < 300:
                self._retry_at.pop(update_id, None)
                self._attempts.pop(update_id, None)
                for update in self.emulator._updates:
                    if update.update_id == update_id:
                        update.confirmed = True
                self.emulator._updates = [
                    u for u in self.emulator._updates if u.update_id != update_id
                ]
            else:
                attempts = self._attempts.get(update_id, 0) + 1
                self._attempts[update_id] = attempts
                delay = min(self.max_delay, self.retry_delay * 2 ** (attempts - 1))
                self._retry_at[update_id] = time.monotonic() + delay
                self.target.last_error_date = int(time.time())
                reason = http.client.responses.get(status, "")
                self.target.last_error_message = (
                    f"Wrong response from the webhook: {status} {reason}"
                    if status
                    else "Connection refused or closed without an answer"
                )
            cond.notify_all()

    def _send(self, payload: dict[str, Any]) -> int:
        """POST one update; its HTTP status, or 0 when no answer came."""
        url = urlsplit(self.target.url)
        headers = {"Content-Type": "application/json"}
        if self.target.secret is not None:
            headers[SECRET_HEADER] = self.target.secret
        connection_class = (
            http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
        )
        connection = connection_class(url.hostname or "", url.port, timeout=self.timeout)
        try:
            connection.request("POST", url.path or "/", json.dumps(payload).encode(), headers)
            response = connection.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException):
            return 0
        finally:
            connection.close()
