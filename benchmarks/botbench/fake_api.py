"""An in-process Bot API that answers at once with well-formed results.

Both bots talk to it through python-telegram-bot's own ``Bot`` and ``Updater``: only the
transport is replaced (a :class:`~telegram.request.BaseRequest` subclass), so request
building, the rate limiter, JSON parsing and ``Update`` construction all run as they do
in production. Updates are handed out by ``getUpdates`` long polling, as Telegram does.

What the bot sends is reported to a listener (the simulated users) as plain dicts; the
fake keeps no transcript, so its memory stays flat however long a run lasts.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from telegram.request import BaseRequest, RequestData

JSON = dict[str, Any]
Listener = Callable[[int, str, JSON | None], None]
"""``(chat_id, endpoint, message)``: called for every call the bot makes in a chat."""

BOT_USER: JSON = {
    "id": 7_000_000_001,
    "is_bot": True,
    "first_name": "Guide",
    "username": "bench_guide_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
TOKEN = "7000000001:" + "A" * 35
_TAG = re.compile(r"<[^>]+>")


def plain(text_html: str) -> str:
    """What a client shows for an HTML text (Telegram returns it without the tags)."""
    return html.unescape(_TAG.sub("", text_html))


class FakeBotApi:
    """The server side: message ids per chat, a queue of updates, and call counters."""

    def __init__(self, listener: Listener | None = None) -> None:
        self.listener = listener
        self.calls: dict[str, int] = {}  # per method, getUpdates not counted
        self.chat_calls = 0  # calls naming a chat_id: the ones AIORateLimiter throttles
        self._updates: deque[JSON] = deque()
        # Telegram's update ids only grow; starting from the clock keeps a later run's
        # updates from looking like replays of an earlier one's to a stored session
        self._update_id = time.time_ns() // 1_000_000 % 2_000_000_000
        self._arrived = asyncio.Event()
        self.polling = asyncio.Event()  # set by the first getUpdates: the bot is serving
        self._next_id = 1

    def message_id(self, chat_id: int) -> int:
        """The next message id: one counter for all of a bot's private chats and both
        sides of each, as Telegram numbers them (so a chat's ids are scattered)."""
        self._next_id += 1
        return self._next_id

    def push(self, update: JSON) -> None:
        """Queue an update (numbered here) for the bot's next ``getUpdates``."""
        self._update_id += 1
        update["update_id"] = self._update_id
        self._updates.append(update)
        self._arrived.set()

    async def _get_updates(self, params: JSON) -> list[JSON]:
        offset = int(params.get("offset") or 0)
        while self._updates and self._updates[0]["update_id"] < offset:
            self._updates.popleft()
        if not self._updates:
            self._arrived.clear()
            timeout = float(params.get("timeout") or 0)
            try:
                await asyncio.wait_for(self._arrived.wait(), timeout)
            except TimeoutError:
                return []
        limit = int(params.get("limit") or 100)
        return [self._updates[i] for i in range(min(limit, len(self._updates)))]

    def _message(self, chat_id: int, message_id: int, params: JSON) -> JSON:
        message: JSON = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "U"},
            "from": BOT_USER,
        }
        text = params.get("text")
        if text is not None:
            message["text"] = plain(str(text)) if params.get("parse_mode") else str(text)
        if params.get("caption") is not None:
            message["caption"] = plain(str(params["caption"]))
            message["document"] = {"file_id": "d", "file_unique_id": "d", "file_name": "note"}
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        if isinstance(markup, dict) and markup.get("inline_keyboard"):
            message["reply_markup"] = markup
        return message

    async def call(self, endpoint: str, params: JSON) -> object:
        """Answer one Bot API method as Telegram would for a private chat."""
        if endpoint == "getUpdates":
            self.polling.set()
            return await self._get_updates(params)
        self.calls[endpoint] = self.calls.get(endpoint, 0) + 1
        if endpoint == "getMe":
            return BOT_USER
        chat = params.get("chat_id")
        if chat is None:  # answerCallbackQuery, setMyCommands, deleteWebhook, ...
            return True
        chat_id = int(chat)
        self.chat_calls += 1
        message: JSON | None = None
        result: object = True
        if endpoint in ("sendMessage", "sendDocument"):
            message = self._message(chat_id, self.message_id(chat_id), params)
            result = message
        elif endpoint in ("editMessageText", "editMessageReplyMarkup"):
            message = self._message(chat_id, int(params["message_id"]), params)
            message["edit_date"] = message["date"]
            result = message
        if self.listener is not None:
            self.listener(chat_id, endpoint, message)
        return result


class FakeRequest(BaseRequest):
    """python-telegram-bot's transport seam, answered by a :class:`FakeBotApi`."""

    def __init__(self, api: FakeBotApi, parse: Callable[[bytes], Any] | None = None) -> None:
        self.api = api
        self._parse = parse

    def parse_json_payload(self, payload: bytes) -> Any:
        """The bot's own reading of an answer where it has one (only the wire is fake)."""
        if self._parse is not None:
            return self._parse(payload)
        return BaseRequest.parse_json_payload(payload)

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data is not None else {}
        result = await self.api.call(endpoint, params)
        return 200, json.dumps({"ok": True, "result": result}).encode()
