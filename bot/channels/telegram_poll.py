"""The liveness signal of polling mode: each successful ``getUpdates`` is reported.

A polling bot has no server a supervisor could ask, so the process records when it last
heard from Telegram (:class:`bot.health.Heartbeat`). The report comes from the request
layer because only there is a poll that returned nothing new distinguishable from a
poll that failed: python-telegram-bot retries failed polls quietly, forever.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from telegram.request import RequestData

from bot.channels.telegram_retry import RetryingRequest
from bot.channels.telegram_updates import ReadableUpdates


class PollingRequest(ReadableUpdates):
    """The ``getUpdates`` request: retried like every request, unreadable updates
    skipped (:class:`ReadableUpdates`), and ``on_poll`` called after each one Telegram
    answered with 200."""

    def __init__(self, on_poll: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_poll = on_poll

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = RetryingRequest.DEFAULT_NONE,
        write_timeout: Any = RetryingRequest.DEFAULT_NONE,
        connect_timeout: Any = RetryingRequest.DEFAULT_NONE,
        pool_timeout: Any = RetryingRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        code, payload = await super().do_request(
            url,
            method,
            request_data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )
        if code == 200 and url.rsplit("/", 1)[-1].lower() == "getupdates":
            self._on_poll()
        return code, payload
