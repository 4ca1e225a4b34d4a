"""Bot API requests that survive passing faults without showing a message twice.

Telegram and the network fail now and then: a timeout, a dropped connection, a 502 from
Telegram's front servers. :class:`RetryingRequest` (python-telegram-bot's own HTTP
request class with a retry loop) tries such a request again, after a capped, jittered,
exponential backoff, as long as trying again cannot double what the person sees:

* **Proved not to have arrived**, any request is retried: the connection could not be
  made (connect error, connect or pool timeout), or Telegram answered 502 or 503 (its
  front server could not hand the request on; nothing was done).
* **May have arrived**: a read or write timeout, a connection dropped before the answer,
  a 500 or 504. Only a request that does the same thing twice is retried: edits, answers
  to button presses, deletions, menus, ``getMe``, ``getUpdates``. A *send* is not: a
  message that did arrive would show twice. The send fails instead; the person who sees
  no reply presses any button or types anything and gets the current screen again (the
  runner never advances twice). A quick exit finds such a message by its place, next
  to the ids it knows, on a quiet bot (``docs/privacy.md``, "What it can miss").
* **Done already**: "message is not modified" is a success (the message shows what was
  asked). After an attempt that may have arrived, "query is too old" (the press was
  answered) and "message to delete not found" (it was deleted) are successes too.
* **Not retried here**: 429 (:mod:`bot.channels.telegram_limiter` holds the chat and
  retries after ``retry_after``), 403 (the person blocked the bot), other 4xx.

Attempts stop after :data:`ATTEMPTS` tries or once :data:`DEADLINE` seconds have passed,
so a handler never waits long on a Telegram that is down.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from typing import Any

import httpx
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.request import HTTPXRequest, RequestData

log = logging.getLogger(__name__)

ATTEMPTS = 5
BASE_DELAY = 0.2
"""Seconds before the first retry; doubled each time, up to :data:`MAX_DELAY`."""
MAX_DELAY = 2.0
DEADLINE = 20.0
"""No new attempt starts this many seconds after the first."""
NOT_PROCESSED = frozenset({502, 503})
MAYBE_PROCESSED = frozenset({500, 504})
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
NOT_MODIFIED = "message is not modified"
DONE_BEFORE = ("query is too old", "message to delete not found")
"""A refusal that, after an attempt that may have arrived, means that attempt did it."""
SUCCESS = b'{"ok": true, "result": true}'


def repeatable(method: str) -> bool:
    """Whether doing ``method`` twice shows the same as doing it once (sends do not)."""
    name = method.lower()
    if name == "sendchataction":
        return True
    return not name.startswith(("send", "forward", "copy"))


def never_sent(error: NetworkError) -> bool:
    """Whether the request provably never reached Telegram (no connection was made)."""
    return isinstance(error.__cause__, _NEVER_SENT)


def backoff(attempt: int) -> float:
    """Seconds to wait before try ``attempt + 1``: exponential, capped, jittered."""
    ceiling = min(MAX_DELAY, BASE_DELAY * 2 ** (attempt - 1))
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311  (jitter, not a secret)


def _description(payload: bytes) -> str:
    try:
        body = json.loads(payload)
    except ValueError:
        return ""
    return str(body.get("description", "")) if isinstance(body, dict) else ""


class RetryingRequest(HTTPXRequest):
    """``HTTPXRequest`` that retries what is safe to retry (see the module docstring)."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        write_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        connect_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        pool_timeout: Any = HTTPXRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        again = repeatable(endpoint)
        maybe_done = False  # an earlier attempt may have taken effect
        loop = asyncio.get_running_loop()
        started = loop.time()
        attempt = 0
        while True:
            attempt += 1
            last = attempt >= ATTEMPTS or loop.time() - started > DEADLINE
            try:
                code, payload = await super().do_request(
                    url,
                    method,
                    request_data,
                    read_timeout=read_timeout,
                    write_timeout=write_timeout,
                    connect_timeout=connect_timeout,
                    pool_timeout=pool_timeout,
                )
            except NetworkError as error:  # TimedOut included
                unsent = never_sent(error)
                if last or not (unsent or again):
                    raise
                maybe_done = maybe_done or not unsent
                log.info("%s failed (%s); trying again", endpoint, type(error).__name__)
            else:
                if code == 400:
                    description = _description(payload)
                    if NOT_MODIFIED in description or (
                        maybe_done and any(done in description for done in DONE_BEFORE)
                    ):
                        return 200, SUCCESS
                    return code, payload
                retry = code in NOT_PROCESSED or (code in MAYBE_PROCESSED and again)
                if last or not retry:
                    return code, payload
                maybe_done = maybe_done or code in MAYBE_PROCESSED
                log.info("%s got HTTP %d; trying again", endpoint, code)
            await asyncio.sleep(backoff(attempt))


def passing(error: TelegramError) -> bool:
    """Whether ``error`` is Telegram or the network failing for now (a timeout, a
    connection lost, a 5xx, a 429), not a refusal of the request itself (400, 403)."""
    if isinstance(error, RetryAfter):
        return True
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)
