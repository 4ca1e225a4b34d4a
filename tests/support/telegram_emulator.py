"""A Telegram Bot API emulator that the project owns, for tests only.

``BotApiEmulator`` is an HTTP server on ``127.0.0.1`` (random port) served by
a background thread, so a bot running in the test's event loop and a bot
running as a subprocess talk to it the same way. Point python-telegram-bot at
it with::

    Application.builder().token(emulator.token)
        .base_url(f"{emulator.base_url}/bot")
        .base_file_url(f"{emulator.base_url}/file/bot")

and drive the conversation with ``emulator.user(...)`` (see
``tests/support/telegram_driver.py``).

Routing
    ``POST|GET /bot<TOKEN>/<method>`` (method names are case-insensitive);
    ``GET /file/bot<TOKEN>/<file_path>`` downloads a sent document. A token
    shaped like ``<digits>:<anything>`` that is not ours gets 401
    ``Unauthorized``; any other path, and an unknown method, gets 404
    ``Not Found``. Bodies may be form-urlencoded, multipart or JSON.

Methods
    getMe, getUpdates, setWebhook, deleteWebhook, getWebhookInfo, sendMessage,
    editMessageText, editMessageReplyMarkup, answerCallbackQuery,
    deleteMessage, deleteMessages, sendDocument, getFile, sendChatAction,
    setMyCommands, getMyCommands, deleteMyCommands, setMyDescription,
    getMyDescription, setMyShortDescription, getMyShortDescription.

getUpdates
    Updates wait in a queue until confirmed: a call with ``offset`` confirms
    (and drops) every update whose ``update_id < offset``; a negative offset
    keeps only the last ``-offset`` updates. ``limit`` is clamped to 1–100
    (default 100). ``timeout`` long-polls: the call returns as soon as an
    update is queued, or ``[]`` when the timeout expires. ``allowed_updates``
    is remembered across calls like Telegram does (default: every type but
    ``chat_member``, ``message_reaction`` and ``message_reaction_count``);
    queued updates of other types are dropped. A second concurrent getUpdates
    terminates the first with 409 ``Conflict: terminated by other getUpdates
    request…``. ``deleteWebhook(drop_pending_updates=true)`` empties the queue.

setWebhook
    Updates are then POSTed to the URL instead (``tests/support/telegram_webhook.py``:
    the secret header, retries until a 2xx, one chat at a time) and getUpdates gets 409
    ``Conflict: can't use getUpdates method while webhook is active…``. An update counts
    as fetched when first posted, and is confirmed by a 2xx answer. deleteWebhook (or
    setWebhook with an empty URL) goes back to getUpdates. The URL must be https, or
    http on a loopback address (``bad webhook: …`` otherwise); the secret token 1-256 of
    ``A-Za-z0-9_-`` (``secret token contains unallowed characters``, a best guess).

Rejections (HTTP 400, ``Bad Request: …``), each recorded in ``rejections``
    * text empty (after parsing and trimming whitespace) -> ``message text is
      empty``; longer than 4096 UTF-16 code units after entity parsing ->
      ``message is too long``; a caption over 1024 -> ``message caption is too
      long``;
    * ``parse_mode=HTML``: an unsupported tag, a misnested, unclosed or
      unexpected end tag, a bare ``<``, a bare ``&`` that does not start
      ``&lt; &gt; &amp; &quot; &#NN; &#xHH;`` -> ``can't parse entities: …``
      with TDLib's wording and byte offsets (see ``telegram_html.py``; the
      bare ``&`` rule is stricter than TDLib and follows the Bot API docs);
      Markdown modes are not implemented and are rejected as well;
    * ``reply_markup`` that is not a JSON object -> ``can't parse reply
      keyboard markup JSON object``; an inline button whose text is empty ->
      ``BUTTON_TEXT_INVALID``; without any action -> ``can't parse inline
      keyboard button: Text buttons are unallowed in the inline keyboard``;
      ``callback_data`` outside 1–64 bytes -> ``BUTTON_DATA_INVALID``; a bad
      ``url`` -> ``BUTTON_URL_INVALID``; an edit with a non-inline keyboard ->
      ``inline keyboard expected``;
    * an edit whose text, entities and inline keyboard equal the current ones
      -> ``message is not modified: specified new message content and reply
      markup are exactly the same as a current content and reply markup of the
      message`` (an edit without ``reply_markup`` removes the keyboard, as on
      Telegram); editing a missing/deleted message or one in another chat ->
      ``message to edit not found``; a user's message -> ``message can't be
      edited``; a document -> ``there is no text in the message to edit``;
    * deleting a missing message -> ``message to delete not found``;
    * answering an unknown or already answered callback query -> ``query is
      too old and response timeout expired or query ID is invalid``; an answer
      text over 200 characters -> ``MESSAGE_TOO_LONG``;
    * an unknown chat -> ``chat not found``; sendDocument with an unknown
      file id or URL -> ``wrong file identifier/HTTP URL specified``, with an
      empty file -> ``file must be non-empty``;
    * setMyCommands: a command not matching ``[a-z0-9_]{1,32}`` ->
      ``BOT_COMMAND_INVALID``; a description outside 1–256 characters ->
      ``BOT_COMMAND_DESCRIPTION_INVALID``; more than 100 -> ``BOT_COMMANDS_TOO_MUCH``;
      a language code that is not empty or two letters -> ``invalid language
      code specified``; descriptions over 512 / short descriptions over 120
      characters -> ``BOT_DESCRIPTION_INVALID`` / ``BOT_SHORT_DESCRIPTION_INVALID``.
    Descriptions marked by Telegram's UPPER_CASE error codes for button text,
    answer text and bot descriptions are best guesses.

Faults, on request (``fail_next``), so tests can show what the bot does when Telegram
or the network fails: ``bad_gateway`` answers 502 without doing anything;
``lost_response`` does the call (the message is in the chat) and then closes the
connection without answering, so the bot cannot know it succeeded; ``slow_response``
does the call and answers too late (see ``telegram_faults.py``). None counts as a
rejection. ``observe`` runs a test's function when a call arrives, before it is done.
Random faults, 403 for blocked users, scripted 429s and enforced flood limits come from
a ``gate`` (``tests/support/telegram_faults.py``); ``pacing`` mirrors the bot's own
per-chat pacing so the chat driver waits for a message the bot holds back, and
``retries`` the bot's retry of a call answered 502, which the driver waits for too.

Message ids: one counter for all chats (``shared_message_counter=True``, the default), as
Telegram numbers a bot's private-chat messages, so another chat's messages interleave
with a person's; ``False`` numbers each chat from 1.

Everything is kept in memory and reset with the emulator; nothing is logged
at INFO or above, and message texts are never logged.
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
import mimetypes
import re
import select
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal, Self
from urllib.parse import unquote, urlsplit

from tests.support._http import BodyError, UploadedFile, attached_name, parse_body
from tests.support.telegram_driver import BotMessage, ChatUser, SentDocument
from tests.support.telegram_faults import Gate, Pacing, Refusal, Retries
from tests.support.telegram_html import HtmlParseError, parse_html, strip_text, utf16_len
from tests.support.telegram_webhook import Delivery, WebhookDelivery, WebhookTarget

__all__ = ["ApiCall", "BotApiEmulator", "Fault", "PendingCallbackQuery", "default_bot_token"]

Fault = Literal["bad_gateway", "lost_response", "slow_response"]
"""What ``BotApiEmulator.fail_next`` can do to a call (see the module docstring)."""

_LOG = logging.getLogger(__name__)

MAX_TEXT = 4096
MAX_CAPTION = 1024
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_LANGUAGE = re.compile(r"^([a-z]{2})?$")
_TOKEN_SHAPE = re.compile(r"^\d+:")
_PATH = re.compile(r"^/bot(?P<token>[^/]*)/(?P<method>[A-Za-z]+)/?$")
_FILE_PATH = re.compile(r"^/file/bot(?P<token>[^/]*)/(?P<path>.+)$")


def default_bot_token() -> str:
    """A fixed token shaped like a real one (``^\\d+:[A-Za-z0-9_-]{35}$``)."""
    return "7000000001:AAEmulatorTestToken_0123456789-abcd"


class _ApiError(Exception):
    def __init__(self, description: str, status: int = HTTPStatus.BAD_REQUEST) -> None:
        super().__init__(description)
        self.description = description
        self.status = int(status)


@dataclass(frozen=True)
class ApiCall:
    """One request the bot made: method name as sent, parameters, HTTP status."""

    method: str
    params: dict[str, Any]
    status: int
    at: float


@dataclass(frozen=True)
class PendingCallbackQuery:
    """A callback query the bot has not answered yet."""

    id: str
    chat_id: int
    message_id: int
    data: str


@dataclass
class _Update:
    update_id: int
    payload: dict[str, Any]
    chat_id: int | None
    enqueued_at: float
    fetched_at: float | None = None
    confirmed: bool = False
    dropped: str | None = None

    @property
    def kind(self) -> str:
        return next((k for k in self.payload if k != "update_id"), "unknown")


@dataclass
class _Message:
    chat_id: int
    message_id: int
    from_bot: bool
    date: int
    text: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    raw_text: str | None = None
    parse_mode: str | None = None
    caption: str | None = None
    caption_entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    document: dict[str, Any] | None = None
    edit_date: int | None = None
    deleted: bool = False


@dataclass
class _StoredFile:
    file_id: str
    unique_id: str
    filename: str
    mime_type: str
    content: bytes
    path: str


@dataclass
class _Query:
    id: str
    chat_id: int
    message_id: int
    data: str
    answered: bool = False
    answer: dict[str, Any] | None = None


@dataclass
class _Activity:
    last_at: float = 0.0
    count: int = 0
    replies: int = 0  # the calls of ``count`` that are not answers to a callback query
    inflight: int = 0
    next_slot: float = 0.0  # before it, a pacing bot may still hold a message back
    retry_due: float = 0.0  # before it, the bot still owes the retry of a call answered 502


@dataclass
class _Chat:
    id: int
    profile: dict[str, Any]
    next_message_id: int = 1
    messages: dict[int, _Message] = field(default_factory=dict)


def _request_key(method: str, params: dict[str, Any]) -> str:
    """One request as the bot makes it, the same for its retries: method and parameters."""
    return method.lower() + json.dumps(params, sort_keys=True, default=repr)


def _as_int(params: dict[str, Any], name: str, *, required: bool = True) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise _ApiError(
                f"Bad Request: {name} is empty"
                if name != "chat_id"
                else "Bad Request: chat_id is empty"
            )
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        if name == "chat_id":
            raise _ApiError("Bad Request: chat not found") from None
        raise _ApiError(f"Bad Request: invalid {name} specified") from None


def _as_json(params: dict[str, Any], name: str) -> Any:
    value = params.get(name)
    if isinstance(value, str):
        if value == "":
            return None
        try:
            return json.loads(value)
        except ValueError:
            if name == "reply_markup":
                raise _ApiError(
                    "Bad Request: can't parse reply keyboard markup JSON object"
                ) from None
            raise _ApiError(f"Bad Request: can't parse {name} JSON object") from None
    return value


def _as_bool(params: dict[str, Any], name: str) -> bool:
    value = params.get(name)
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1")
    return bool(value)


def _check_url(url: object) -> bool:
    return isinstance(url, str) and re.match(r"^(https?|tg)://\S+$", url, re.IGNORECASE) is not None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # the emulator joins its handler threads itself
    # socketserver's default listen backlog is 5: a burst of connections (20 long polls,
    # 100 users) overflows it, and each dropped SYN is retried after 1, 2, 4, 8... s, so
    # on a loaded machine a test's requests arrive tens of seconds late.
    request_queue_size = 1024

    def __init__(self, emulator: BotApiEmulator) -> None:
        self.emulator = emulator
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if self.emulator._stopping.is_set():
            return
        _LOG.debug("emulator connection error", exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.emulator._track_connection(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.emulator._track_connection(self.connection, add=False)

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr access log (it would print every URL)."""

    def _read_body(self) -> bytes | None:
        """The request body; ``None`` when the client went away before sending all of it
        (a killed bot): Telegram never acts on a request it did not fully receive."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = bytearray()
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return bytes(chunks)
                chunks += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        return body if len(body) == length else None

    def _serve(self) -> None:
        body = self._read_body()
        if body is None:
            self.close_connection = True
            return
        reply = self.server.emulator._handle_http(
            self.path, self.headers.get("Content-Type"), body, self.connection
        )
        if reply is None:  # the client went away during a long poll
            self.close_connection = True
            return
        status, content_type, payload = reply
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class BotApiEmulator:
    """An in-memory Telegram Bot API on 127.0.0.1, served from a background thread."""

    def __init__(
        self,
        token: str | None = None,
        *,
        bot_username: str = "refuge_guide_test_bot",
        bot_first_name: str = "Refuge Guide (test)",
        settle_time: float = 0.15,  # a quiet window, not a bound: see telegram_driver
        reply_timeout: float = 30.0,
        strict_html_ampersand: bool = True,
        shared_message_counter: bool = True,
    ) -> None:
        self.token = token or default_bot_token()
        self.bot_id = int(self.token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.settle_time = settle_time
        self.reply_timeout = reply_timeout
        self.strict_html_ampersand = strict_html_ampersand
        self.shared_message_counter = shared_message_counter
        self._next_message_id = 1
        #: Every rejected request, as (method, description), in order.
        self.rejections: list[tuple[str, str]] = []
        #: Every request the bot made, in order (getUpdates included).
        self.calls: list[ApiCall] = []
        self._cond = threading.Condition(threading.RLock())
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._serve_thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self._handler_threads: set[threading.Thread] = set()
        self._next_update_id = 600_000_001
        self._next_query = 1
        self._next_file = 1
        self._poll_generation = 0
        self._waiting_polls = 0
        self._updates: list[_Update] = []
        self._updates_by_id: dict[int, _Update] = {}
        self._allowed_updates: set[str] | None = None
        self._chats: dict[int, _Chat] = {}
        self._queries: dict[str, _Query] = {}
        self._files: dict[str, _StoredFile] = {}
        self._activity: dict[int, _Activity] = {}
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._descriptions: dict[str, str] = {}
        self._short_descriptions: dict[str, str] = {}
        self._faults: dict[str, list[Fault]] = {}
        self._observers: dict[str, list[Callable[[dict[str, Any]], None]]] = {}
        self._webhook: WebhookDelivery | None = None
        #: Every POST of an update to a webhook, in order (see ``telegram_webhook.py``).
        self.deliveries: list[Delivery] = []
        #: Faults, blocked users and flood limits applied to every call (None: none).
        self.gate: Gate | None = None
        #: True: every kind of update is delivered, whatever the bot's allowed_updates
        #: (a Bot API server that ignores them), to show the bot copes with any kind.
        self.every_kind_delivered = False
        self.pacing = Pacing()
        self.retries = Retries()
        self._methods: dict[str, Callable[[dict[str, Any], dict[str, UploadedFile]], Any]] = {
            "getme": self._get_me,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "answercallbackquery": self._answer_callback_query,
            "deletemessage": self._delete_message,
            "deletemessages": self._delete_messages,
            "senddocument": self._send_document,
            "getfile": self._get_file,
            "sendchataction": self._send_chat_action,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "setmydescription": self._set_my_description,
            "getmydescription": self._get_my_description,
            "setmyshortdescription": self._set_my_short_description,
            "getmyshortdescription": self._get_my_short_description,
        }

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> Self:
        """Bind a random port on 127.0.0.1 and serve in a background thread."""
        if self._server is not None:
            raise RuntimeError("emulator already started")
        self._stopping.clear()
        self._server = _Server(self)
        self._serve_thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"bot-api-emulator:{self.port}",
            daemon=True,
        )
        self._serve_thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Stop serving, end pending long polls and open connections, join all threads."""
        server = self._server
        if server is None:
            return
        self._stopping.set()
        with self._cond:
            self._cond.notify_all()
            webhook, self._webhook = self._webhook, None
        if webhook is not None:
            webhook.stop(timeout)
        server.shutdown()
        with self._cond:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        server.server_close()
        deadline = time.monotonic() + timeout
        if self._serve_thread is not None:
            self._serve_thread.join(max(deadline - time.monotonic(), 0.01))
        with self._cond:
            threads = list(self._handler_threads)
        for thread in threads:
            thread.join(max(deadline - time.monotonic(), 0.01))
        leaked = [t.name for t in threads if t.is_alive()]
        self._server = None
        self._serve_thread = None
        if leaked:
            raise RuntimeError(f"emulator threads still alive after stop(): {leaked}")

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("emulator not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``; the bot's base_url is ``f"{base_url}/bot"``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base_url(self) -> str:
        """What to pass to ``ApplicationBuilder.base_url``."""
        return f"{self.base_url}/bot"

    @property
    def file_base_url(self) -> str:
        """What to pass to ``ApplicationBuilder.base_file_url``."""
        return f"{self.base_url}/file/bot"

    # ------------------------------------------------------------------ public test API

    def user(
        self,
        user_id: int,
        first_name: str = "Test",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        *,
        settle_time: float | None = None,
        timeout: float | None = None,
    ) -> ChatUser:
        """A Telegram user in a private chat with the bot (chat id == user id)."""
        profile: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name is not None:
            profile["last_name"] = last_name
        if username is not None:
            profile["username"] = username
        if language_code is not None:
            profile["language_code"] = language_code
        with self._cond:
            chat = self._chats.get(user_id)
            if chat is None:
                self._chats[user_id] = _Chat(id=user_id, profile=profile)
            else:
                chat.profile = profile
        return ChatUser(
            self,
            profile,
            settle_time=self.settle_time if settle_time is None else settle_time,
            timeout=self.reply_timeout if timeout is None else timeout,
        )

    def inject_update(self, update: dict[str, Any]) -> int:
        """Queue a raw update (``update_id`` is assigned if missing); return its id."""
        payload = copy.deepcopy(update)
        chat_id = _chat_of_update(payload)
        with self._cond:
            if chat_id is not None and chat_id not in self._chats:
                chat_data = _find_chat(payload) or {"id": chat_id, "type": "private"}
                self._chats[chat_id] = _Chat(id=chat_id, profile=chat_data)
            return self._enqueue(payload, chat_id)

    def redeliver(self, update_id: int, *, same_update_id: bool = False) -> int:
        """Deliver an earlier update again; return the update id it is delivered under.

        By default it gets a fresh ``update_id`` (the same message or callback query
        arriving twice, as after a retried webhook). With ``same_update_id=True`` it is
        queued again under its own id, as Telegram does when the bot died before
        confirming it; a poller whose offset is already past it will drop it.
        """
        with self._cond:
            original = self._updates_by_id.get(update_id)
            if original is None:
                raise KeyError(f"no update {update_id}")
            payload = copy.deepcopy(original.payload)
            if not same_update_id:
                payload.pop("update_id", None)
                return self._enqueue(payload, original.chat_id)
            again = _Update(update_id, payload, original.chat_id, time.monotonic())
            self._updates.append(again)
            self._updates.sort(key=lambda u: u.update_id)
            self._updates_by_id[update_id] = again
            self._cond.notify_all()
            return update_id

    def fail_next(self, method: str, *faults: Fault) -> None:
        """Make the next calls of ``method`` fail, one fault per call, in the order given."""
        with self._cond:
            self._faults.setdefault(method.lower(), []).extend(faults)

    def pending_faults(self, method: str) -> int:
        """How many faults requested for ``method`` have not happened yet."""
        with self._cond:
            return len(self._faults.get(method.lower(), []))

    def observe(self, method: str, observer: Callable[[dict[str, Any]], None]) -> None:
        """Call ``observer(params)`` (on the emulator's thread) when ``method`` arrives,
        before the emulator does it: to see what was true at that moment."""
        with self._cond:
            self._observers.setdefault(method.lower(), []).append(observer)

    def take_rejections(self) -> list[tuple[str, str]]:
        """Return and clear the recorded rejections (for tests that expect some)."""
        with self._cond:
            taken = list(self.rejections)
            self.rejections.clear()
            return taken

    def unanswered_callback_queries(self) -> list[PendingCallbackQuery]:
        """Callback queries the bot has not answered (the user still sees a spinner)."""
        with self._cond:
            return [
                PendingCallbackQuery(q.id, q.chat_id, q.message_id, q.data)
                for q in self._queries.values()
                if not q.answered
            ]

    def take_unanswered_callback_queries(self) -> list[PendingCallbackQuery]:
        """Return the unanswered callback queries and stop tracking them."""
        with self._cond:
            pending = self.unanswered_callback_queries()
            for query in pending:
                self._queries[query.id].answered = True
            return pending

    def taps(self, chat_id: int) -> int:
        """How many inline buttons users have pressed in ``chat_id`` (one callback query
        each; a redelivery is not a new press)."""
        with self._cond:
            return sum(1 for q in self._queries.values() if q.chat_id == chat_id)

    def callback_answer(self, query_id: str) -> dict[str, Any] | None:
        """The parameters the bot answered a callback query with, or None."""
        with self._cond:
            query = self._queries.get(query_id)
            return None if query is None or query.answer is None else dict(query.answer)

    def commands(
        self, language_code: str = "", scope: dict[str, Any] | None = None
    ) -> list[tuple[str, str]] | None:
        """The commands set for (scope, language); None if never set."""
        key = (_scope_key(scope), language_code)
        with self._cond:
            stored = self._commands.get(key)
            return None if stored is None else [(c["command"], c["description"]) for c in stored]

    def command_sets(self) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """Every stored command list, keyed by (canonical scope JSON, language code)."""
        with self._cond:
            return {
                key: [(c["command"], c["description"]) for c in value]
                for key, value in self._commands.items()
            }

    def description(self, language_code: str = "") -> str | None:
        """The description set with setMyDescription for this language, if any."""
        with self._cond:
            return self._descriptions.get(language_code)

    def short_description(self, language_code: str = "") -> str | None:
        """The short description set with setMyShortDescription, if any."""
        with self._cond:
            return self._short_descriptions.get(language_code)

    @property
    def webhook_active(self) -> bool:
        """Whether updates are posted to a webhook (set with setWebhook) instead of polled."""
        with self._cond:
            return self._webhook is not None

    def webhook_url(self) -> str | None:
        """The URL updates are posted to, or None while the bot polls."""
        with self._cond:
            return self._webhook.target.url if self._webhook is not None else None

    def waiting_polls(self) -> int:
        """How many getUpdates calls are waiting for an update right now (for tests)."""
        with self._cond:
            return self._waiting_polls

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates queued and not yet confirmed by an offset."""
        with self._cond:
            return [copy.deepcopy(u.payload) for u in self._updates]

    def messages(self, chat_id: int) -> list[BotMessage]:
        """The bot's messages currently in the chat, oldest first."""
        with self._cond:
            chat = self._chats.get(chat_id)
            if chat is None:
                return []
            return [
                _to_view(m)
                for m in sorted(chat.messages.values(), key=lambda m: m.message_id)
                if m.from_bot and not m.deleted
            ]

    def documents(self, chat_id: int) -> list[SentDocument]:
        """Documents the bot sent to the chat (deleted ones included), oldest first."""
        with self._cond:
            chat = self._chats.get(chat_id)
            if chat is None:
                return []
            out: list[SentDocument] = []
            for message in sorted(chat.messages.values(), key=lambda m: m.message_id):
                if message.from_bot and message.document is not None:
                    stored = self._files[message.document["file_id"]]
                    out.append(
                        SentDocument(
                            message_id=message.message_id,
                            filename=stored.filename,
                            content=stored.content,
                            mime_type=stored.mime_type,
                            caption=message.caption,
                            deleted=message.deleted,
                        )
                    )
            return out

    # ------------------------------------------------------------------ driver hooks

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with self._cond:
            yield

    def _enqueue(self, payload: dict[str, Any], chat_id: int | None) -> int:
        with self._cond:
            update_id = payload.get("update_id")
            if not isinstance(update_id, int):
                update_id = self._next_update_id
                payload = {"update_id": update_id, **payload}
            self._next_update_id = max(self._next_update_id, update_id + 1)
            update = _Update(update_id, payload, chat_id, time.monotonic())
            self._updates.append(update)
            self._updates.sort(key=lambda u: u.update_id)
            self._updates_by_id[update_id] = update
            self._cond.notify_all()
            return update_id

    def _user_message(self, profile: dict[str, Any], text: str) -> dict[str, Any]:
        with self._cond:
            chat = self._chats[profile["id"]]
            message = _Message(
                chat.id, self._new_message_id(chat), False, int(time.time()), text=text
            )
            message.entities = _detect_commands(text)
            chat.messages[message.message_id] = message
            return self._message_dict(message, sender=profile)

    def _user_content(self, profile: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
        """A message of another kind than text (sticker, voice, photo, document): the
        fields of ``content`` beside the usual ones; the emulator keeps no copy of them."""
        with self._cond:
            chat = self._chats[profile["id"]]
            message = _Message(chat.id, self._new_message_id(chat), False, int(time.time()))
            chat.messages[message.message_id] = message
            return {**self._message_dict(message, sender=profile), **copy.deepcopy(content)}

    def _user_edit(self, profile: dict[str, Any], message_id: int, text: str) -> dict[str, Any]:
        """The user's own message ``message_id``, edited to ``text``."""
        with self._cond:
            chat = self._chats[profile["id"]]
            message = chat.messages.get(message_id)
            if message is None or message.from_bot:
                raise AssertionError(f"message {message_id} is not the user's own")
            message.text = text
            message.entities = _detect_commands(text)
            message.edit_date = int(time.time())
            return self._message_dict(message, sender=profile)

    def _new_message_id(self, chat: _Chat) -> int:
        """The next message id: from the one shared counter, or the chat's own."""
        if self.shared_message_counter:
            self._next_message_id += 1
            return self._next_message_id - 1
        chat.next_message_id += 1
        return chat.next_message_id - 1

    def _callback_update(
        self, profile: dict[str, Any], message_id: int, data: str
    ) -> tuple[str, int]:
        with self._cond:
            chat = self._chats[profile["id"]]
            message = chat.messages[message_id]
            query_id = str(4_000_000_000_000_000_000 + self._next_query)
            self._next_query += 1
            self._queries[query_id] = _Query(query_id, chat.id, message_id, data)
            payload = {
                "callback_query": {
                    "id": query_id,
                    "from": dict(profile),
                    "message": self._message_dict(message),
                    "chat_instance": str(-(10**18) - chat.id),
                    "data": data,
                }
            }
            return query_id, self._enqueue(payload, chat.id)

    def group_press(
        self,
        profile: dict[str, Any],
        data: str,
        *,
        chat_id: int = -1_001_000_000_001,
        chat_type: str = "supergroup",
    ) -> tuple[str, int]:
        """A user presses a button under a bot message in a group (one the bot may never
        have sent there: clients can forge the query). Returns (query id, update id)."""
        with self._cond:
            chat = self._chats.get(chat_id)
            if chat is None:
                chat = _Chat(id=chat_id, profile={"id": chat_id, "type": chat_type, "title": "G"})
                self._chats[chat_id] = chat
            markup = {"inline_keyboard": [[{"text": "?", "callback_data": data}]]}
            message = _Message(
                chat.id,
                self._new_message_id(chat),
                True,
                int(time.time()),
                text="?",
                reply_markup=markup,
            )
            chat.messages[message.message_id] = message
            query_id = str(4_000_000_000_000_000_000 + self._next_query)
            self._next_query += 1
            self._queries[query_id] = _Query(query_id, chat.id, message.message_id, data)
            payload = {
                "callback_query": {
                    "id": query_id,
                    "from": dict(profile),
                    "message": self._message_dict(message),
                    "chat_instance": str(-(10**18) - chat.id),
                    "data": data,
                }
            }
            return query_id, self._enqueue(payload, chat.id)

    def _progress(self, update_id: int, chat_id: int) -> tuple[_Update, _Activity]:
        with self._cond:
            update = copy.copy(self._updates_by_id[update_id])
            activity = copy.copy(self._activity.get(chat_id, _Activity()))
            return update, activity

    def _query_answered(self, query_id: str) -> bool:
        with self._cond:
            return self._queries[query_id].answered

    def _message_view(self, chat_id: int, message_id: int) -> BotMessage | None:
        with self._cond:
            chat = self._chats.get(chat_id)
            message = chat.messages.get(message_id) if chat else None
            if message is None or message.deleted:
                return None
            return _to_view(message)

    def _activity_count(self, chat_id: int) -> int:
        with self._cond:
            return self._activity.get(chat_id, _Activity()).count

    def _reply_count(self, chat_id: int) -> int:
        """Calls in the chat other than answers to callback queries (the driver's clicks)."""
        with self._cond:
            return self._activity.get(chat_id, _Activity()).replies

    # ------------------------------------------------------------------ HTTP plumbing

    def _track_connection(self, conn: socket.socket, *, add: bool) -> None:
        with self._cond:
            if add:
                self._connections.add(conn)
                thread = threading.current_thread()
                thread.name = f"bot-api-emulator-conn:{self.port}"
                self._handler_threads.add(thread)
            else:
                self._connections.discard(conn)
                self._handler_threads.discard(threading.current_thread())

    def _handle_http(
        self, raw_path: str, content_type: str | None, body: bytes, conn: socket.socket
    ) -> tuple[int, str, bytes] | None:
        split = urlsplit(raw_path)
        path = unquote(split.path)
        file_match = _FILE_PATH.match(path)
        if file_match:
            return self._serve_file(file_match.group("token"), file_match.group("path"))
        match = _PATH.match(path)
        if match is None:
            return _json_reply(HTTPStatus.NOT_FOUND, _error(404, "Not Found"))
        token, method = match.group("token"), match.group("method")
        if token != self.token:
            status = 401 if _TOKEN_SHAPE.match(token) else 404
            description = "Unauthorized" if status == 401 else "Not Found"
            self._record(method, {}, status, description)
            return _json_reply(status, _error(status, description))
        try:
            params, files = parse_body(body, content_type, split.query)
        except BodyError as exc:
            self._record(method, {}, 400, f"Bad Request: {exc}")
            return _json_reply(400, _error(400, f"Bad Request: {exc}"))
        if method.lower() == "getupdates" and self.webhook_active:
            self._record(method, params, 409, WEBHOOK_CONFLICT)
            return _json_reply(409, _error(409, WEBHOOK_CONFLICT))
        if method.lower() == "getupdates":
            verdict = self.gate.admit(method, None) if self.gate else None
            if verdict == "bad_gateway":
                self._record(method, params, HTTPStatus.BAD_GATEWAY, None)
                return _json_reply(HTTPStatus.BAD_GATEWAY, _error(502, "Bad Gateway"))
            reply = self._long_poll(method, params, conn)
            return None if verdict == "lost_response" else reply
        handler = self._methods.get(method.lower())
        if handler is None:
            self._record(method, params, 404, "Not Found")
            return _json_reply(HTTPStatus.NOT_FOUND, _error(404, "Not Found"))
        with self._cond:
            observers = list(self._observers.get(method.lower(), []))
            queued = self._faults.get(method.lower())
            fault = queued.pop(0) if queued else None
        chat_id = self._chat_of_call(method, params)
        request = _request_key(method, params)
        # in flight from here: observers are part of it
        self._begin_activity(chat_id, method, request)
        for observer in observers:
            observer(params)
        verdict = fault or (self.gate.admit(method, chat_id) if self.gate else None)
        if isinstance(verdict, Refusal):
            return self._refuse(method, params, chat_id, verdict)
        fault = verdict
        if fault == "bad_gateway":
            self._end_activity(chat_id, failed=request)
            self._record(method, params, HTTPStatus.BAD_GATEWAY, None)
            return _json_reply(HTTPStatus.BAD_GATEWAY, _error(502, "Bad Gateway"))
        try:
            with self._cond:
                result = handler(params, files)
        except _ApiError as exc:
            self._record(method, params, exc.status, exc.description)
            return _json_reply(exc.status, _error(exc.status, exc.description))
        except Exception as exc:  # an emulator bug must fail the test, loudly
            _LOG.exception("emulator failed on %s", method)
            description = f"Internal Server Error: emulator bug in {method}: {exc!r}"
            self._record(method, params, 500, description)
            return _json_reply(500, _error(500, description))
        finally:
            self._end_activity(chat_id)
        self._record(method, params, 200, None)
        if fault == "lost_response":
            return None  # done, but the connection closes without an answer
        if fault == "slow_response" and self._linger(conn):
            return None  # done, and the client gave up waiting for the answer
        return _json_reply(200, {"ok": True, "result": result})

    def _refuse(
        self, method: str, params: dict[str, Any], chat_id: int | None, refusal: Refusal
    ) -> tuple[int, str, bytes]:
        """Answer with a gate's refusal (403, 429); only a flood violation is a rejection."""
        self._end_activity(chat_id)
        body = _error(refusal.status, refusal.description)
        if refusal.retry_after is not None:
            body["parameters"] = {"retry_after": refusal.retry_after}
            if chat_id is not None:
                with self._cond:
                    self.pacing.refused(chat_id, time.monotonic() + refusal.retry_after)
                    self._activity[chat_id].next_slot = self.pacing.next_slot(chat_id)
        failure = refusal.description if refusal.violation else None
        self._record(method, params, refusal.status, failure)
        return _json_reply(refusal.status, body)

    def _linger(self, conn: socket.socket) -> bool:
        """Hold a slow answer until the client gives up (True) or the gate's time is over."""
        deadline = time.monotonic() + (self.gate.slow_seconds if self.gate else 8.0)
        while time.monotonic() < deadline and not self._stopping.is_set():
            if _client_gone(conn):
                return True
            time.sleep(0.05)  # condition: polling the client's socket, on the emulator thread
        return False

    def _serve_file(self, token: str, path: str) -> tuple[int, str, bytes]:
        if token != self.token:
            return _json_reply(401, _error(401, "Unauthorized"))
        with self._cond:
            stored = next((f for f in self._files.values() if f.path == path), None)
        if stored is None:
            return _json_reply(404, _error(404, "Not Found"))
        return 200, stored.mime_type, stored.content

    def _record(
        self, method: str, params: dict[str, Any], status: int, failure: str | None
    ) -> None:
        with self._cond:
            self.calls.append(ApiCall(method, dict(params), status, time.monotonic()))
            if failure is not None and status != HTTPStatus.CONFLICT:
                self.rejections.append((method, failure))
        if failure is not None:
            _LOG.debug("emulator rejected %s with %s", method, status)

    def _chat_of_call(self, method: str, params: dict[str, Any]) -> int | None:
        if method.lower() == "answercallbackquery":
            with self._cond:
                query = self._queries.get(str(params.get("callback_query_id")))
                return query.chat_id if query else None
        try:
            return int(params["chat_id"])
        except (KeyError, TypeError, ValueError):
            return None

    def _begin_activity(self, chat_id: int | None, method: str = "", request: str = "") -> None:
        if chat_id is None:
            return
        with self._cond:
            activity = self._activity.setdefault(chat_id, _Activity())
            if request:
                self.retries.called(chat_id, request)
                activity.retry_due = self.retries.due(chat_id)
            activity.inflight += 1
            activity.count += 1
            if method.lower() != "answercallbackquery":
                activity.replies += 1
            activity.last_at = time.monotonic()
            self.pacing.called(chat_id, method, activity.last_at)
            activity.next_slot = self.pacing.next_slot(chat_id)

    def _end_activity(self, chat_id: int | None, *, failed: str = "") -> None:
        """The call is answered; ``failed``: the request it was, answered 502 (the bot
        owes its retry, see :class:`~tests.support.telegram_faults.Retries`)."""
        if chat_id is None:
            return
        with self._cond:
            activity = self._activity[chat_id]
            activity.inflight -= 1
            activity.last_at = time.monotonic()
            if failed:
                self.retries.failed(chat_id, failed, activity.last_at)
                activity.retry_due = self.retries.due(chat_id)

    # ------------------------------------------------------------------ getUpdates

    def _long_poll(
        self, method: str, params: dict[str, Any], conn: socket.socket
    ) -> tuple[int, str, bytes] | None:
        try:
            offset = _as_int(params, "offset", required=False)
            limit = min(max(_as_int(params, "limit", required=False) or 100, 1), 100)
            timeout = float(params.get("timeout") or 0)
            allowed = _as_json(params, "allowed_updates")
        except (_ApiError, ValueError) as exc:
            description = getattr(exc, "description", f"Bad Request: {exc}")
            self._record(method, params, 400, description)
            return _json_reply(400, _error(400, description))
        deadline = time.monotonic() + max(timeout, 0.0)
        with self._cond:
            self._poll_generation += 1
            generation = self._poll_generation
            self._cond.notify_all()  # terminate an older poller with 409
            if isinstance(allowed, list):
                self._allowed_updates = set(allowed) if allowed else None
            self._confirm(offset)
            self._waiting_polls += 1
            try:
                while True:
                    batch = self._collect(limit)
                    if batch or self._stopping.is_set():
                        break
                    if generation != self._poll_generation:
                        self._record(method, params, 409, CONFLICT)
                        return _json_reply(409, _error(409, CONFLICT))
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    self._cond.wait(min(remaining, 0.1))
                    if _client_gone(conn):
                        return None
            finally:
                self._waiting_polls -= 1
            now = time.monotonic()
            for update in batch:
                if update.fetched_at is None:
                    update.fetched_at = now
            result = [copy.deepcopy(u.payload) for u in batch]
        self._record(method, params, 200, None)
        return _json_reply(200, {"ok": True, "result": result})

    def _confirm(self, offset: int | None) -> None:
        if offset is None or offset == 0:
            return
        if offset < 0:
            keep = self._updates[offset:]
            for update in self._updates[: len(self._updates) - len(keep)]:
                update.confirmed = True
            self._updates = list(keep)
            return
        for update in self._updates:
            if update.update_id < offset:
                update.confirmed = True
        self._updates = [u for u in self._updates if u.update_id >= offset]

    def _collect(self, limit: int) -> list[_Update]:
        batch: list[_Update] = []
        kept: list[_Update] = []
        for update in self._updates:
            if not self._allowed(update.kind):
                update.dropped = f"type {update.kind!r} is not in allowed_updates"
                continue
            kept.append(update)
            if len(batch) < limit:
                batch.append(update)
        self._updates = kept
        return batch

    def _allowed(self, kind: str) -> bool:
        if self.every_kind_delivered:
            return True
        if self._allowed_updates is None:
            return kind not in DEFAULT_EXCLUDED_UPDATES
        return kind in self._allowed_updates

    # ------------------------------------------------------------------ rendering

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def _chat(self, params: dict[str, Any]) -> _Chat:
        chat_id = _as_int(params, "chat_id")
        chat = self._chats.get(chat_id) if chat_id is not None else None
        if chat is None:
            raise _ApiError("Bad Request: chat not found")
        return chat

    def _message_dict(
        self, message: _Message, sender: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        chat = self._chats[message.chat_id]
        profile = chat.profile
        chat_dict = {"id": chat.id, "type": profile.get("type", "private")}
        for key in ("first_name", "last_name", "username", "title"):
            if key in profile:
                chat_dict[key] = profile[key]
        out: dict[str, Any] = {
            "message_id": message.message_id,
            "from": self._bot_user() if message.from_bot else dict(sender or profile),
            "chat": chat_dict,
            "date": message.date,
        }
        if message.edit_date is not None:
            out["edit_date"] = message.edit_date
        if message.text is not None:
            out["text"] = message.text
            if message.entities:
                out["entities"] = copy.deepcopy(message.entities)
        if message.document is not None:
            out["document"] = dict(message.document)
            if message.caption:
                out["caption"] = message.caption
                if message.caption_entities:
                    out["caption_entities"] = copy.deepcopy(message.caption_entities)
        if message.reply_markup is not None:
            out["reply_markup"] = copy.deepcopy(message.reply_markup)
        return out

    # ------------------------------------------------------------------ validation

    def _format(
        self, params: dict[str, Any], text_key: str, entities_key: str, *, caption: bool
    ) -> tuple[str | None, list[dict[str, Any]], str | None, str | None]:
        """Return (plain text, entities, raw text, parse mode) or raise _ApiError."""
        raw = params.get(text_key)
        if raw is None or raw == "":
            if caption:
                return None, [], None, None
            raise _ApiError("Bad Request: message text is empty")
        raw = str(raw)
        parse_mode = params.get("parse_mode") or None
        entities: list[dict[str, Any]] = []
        if parse_mode is None:
            plain = raw
            given = _as_json(params, entities_key)
            if given is not None:
                if not isinstance(given, list) or not all(isinstance(e, dict) for e in given):
                    raise _ApiError(f"Bad Request: can't parse {entities_key} JSON object")
                entities = [dict(e) for e in given]
        elif str(parse_mode).lower() == "html":
            try:
                plain, entities = parse_html(raw, strict_ampersand=self.strict_html_ampersand)
            except HtmlParseError as exc:
                raise _ApiError(f"Bad Request: can't parse entities: {exc}") from None
        elif str(parse_mode).lower() in ("markdown", "markdownv2"):
            raise _ApiError(
                f"Bad Request: can't parse entities: parse_mode {parse_mode} is not implemented "
                "by the test emulator; use HTML"
            )
        else:
            raise _ApiError("Bad Request: unsupported parse_mode")
        plain, entities = strip_text(plain, entities)
        limit = MAX_CAPTION if caption else MAX_TEXT
        if not plain:
            if caption:
                return None, [], raw, parse_mode
            raise _ApiError("Bad Request: message text is empty")
        if utf16_len(plain) > limit:
            raise _ApiError(
                "Bad Request: message caption is too long"
                if caption
                else "Bad Request: message is too long"
            )
        return plain, entities, raw, parse_mode

    def _markup(self, params: dict[str, Any], *, inline_only: bool) -> dict[str, Any] | None:
        """Validate reply_markup; return the inline keyboard to store, or None."""
        if "reply_markup" not in params:
            return None
        markup = _as_json(params, "reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _ApiError("Bad Request: can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise _ApiError(
                    'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup '
                    "must be an Array"
                )
            for row in rows:
                for button in row:
                    _check_inline_button(button)
            return {"inline_keyboard": copy.deepcopy(rows)}
        if inline_only:
            raise _ApiError("Bad Request: inline keyboard expected")
        if "keyboard" in markup:
            rows = markup["keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise _ApiError(
                    'Bad Request: field "keyboard" of the ReplyKeyboardMarkup must be an Array'
                )
            for row in rows:
                for button in row:
                    text = button.get("text") if isinstance(button, dict) else button
                    if not isinstance(text, str) or not text.strip():
                        raise _ApiError("Bad Request: BUTTON_TEXT_INVALID")
            return None
        if markup.get("remove_keyboard") or markup.get("force_reply"):
            return None
        raise _ApiError("Bad Request: can't parse reply keyboard markup JSON object")

    def _find_message(self, params: dict[str, Any], missing: str) -> _Message:
        if params.get("inline_message_id"):
            raise _ApiError("Bad Request: MESSAGE_ID_INVALID (inline messages are not emulated)")
        chat = self._chat(params)
        message_id = _as_int(params, "message_id")
        message = chat.messages.get(message_id) if message_id is not None else None
        if message is None or message.deleted:
            raise _ApiError(f"Bad Request: {missing}")
        return message

    # ------------------------------------------------------------------ methods

    def _get_me(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        return {
            **self._bot_user(),
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _set_webhook(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        url = str(params.get("url") or "")
        if not url:
            return self._delete_webhook(params, files)
        parts = urlsplit(url)
        if not (
            parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK)
        ):
            raise _ApiError("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_TOKEN.match(str(secret)):
            raise _ApiError("Bad Request: secret token contains unallowed characters")
        connections = _as_int(params, "max_connections", required=False) or 40
        if not 1 <= connections <= 100:
            raise _ApiError("Bad Request: invalid max_connections specified")
        allowed = _as_json(params, "allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = set(allowed) if allowed else None
        if _as_bool(params, "drop_pending_updates"):
            self._drop_pending("setWebhook(drop_pending_updates=True)")
        target = WebhookTarget(url, None if secret is None else str(secret), connections)
        if self._webhook is not None:
            self._webhook.target = target  # same thread, new address or secret
        else:
            self._webhook = WebhookDelivery(self, target, deliveries=self.deliveries)
            self._webhook.start()
        self._poll_generation += 1  # a waiting getUpdates ends with 409
        self._cond.notify_all()
        return True

    def _drop_pending(self, reason: str) -> None:
        for update in self._updates:
            update.dropped = reason
            update.confirmed = True
        self._updates = []

    def _delete_webhook(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        webhook, self._webhook = self._webhook, None
        if webhook is not None:
            webhook._stopped.set()  # its posts in flight still finish, and count
        if _as_bool(params, "drop_pending_updates"):
            self._drop_pending("deleteWebhook(drop_pending_updates=True)")
        return True

    def _get_webhook_info(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        info: dict[str, Any] = {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self._webhook is not None:
            target = self._webhook.target
            info["url"] = target.url
            info["max_connections"] = target.max_connections
            if self._allowed_updates is not None:
                info["allowed_updates"] = sorted(self._allowed_updates)
            if target.last_error_date is not None:
                info["last_error_date"] = target.last_error_date
                info["last_error_message"] = target.last_error_message
        return info

    def _send_message(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        chat = self._chat(params)
        text, entities, raw, parse_mode = self._format(params, "text", "entities", caption=False)
        markup = self._markup(params, inline_only=False)
        message = _Message(
            chat.id,
            self._new_message_id(chat),
            True,
            int(time.time()),
            text=text,
            entities=entities,
            raw_text=raw,
            parse_mode=parse_mode,
            reply_markup=markup,
        )
        chat.messages[message.message_id] = message
        return self._message_dict(message)

    def _edit_message_text(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        message = self._find_message(params, "message to edit not found")
        if not message.from_bot:
            raise _ApiError("Bad Request: message can't be edited")
        if message.text is None:
            raise _ApiError("Bad Request: there is no text in the message to edit")
        text, entities, raw, parse_mode = self._format(params, "text", "entities", caption=False)
        markup = self._markup(params, inline_only=True)
        if text == message.text and entities == message.entities and markup == message.reply_markup:
            raise _ApiError(NOT_MODIFIED)
        message.text, message.entities = text, entities
        message.raw_text, message.parse_mode = raw, parse_mode
        message.reply_markup = markup
        message.edit_date = int(time.time())
        return self._message_dict(message)

    def _edit_message_reply_markup(
        self, params: dict[str, Any], files: dict[str, UploadedFile]
    ) -> Any:
        message = self._find_message(params, "message to edit not found")
        if not message.from_bot:
            raise _ApiError("Bad Request: message can't be edited")
        markup = self._markup(params, inline_only=True)
        if markup == message.reply_markup:
            raise _ApiError(NOT_MODIFIED)
        message.reply_markup = markup
        message.edit_date = int(time.time())
        return self._message_dict(message)

    def _answer_callback_query(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        query = self._queries.get(str(params.get("callback_query_id", "")))
        if query is None or query.answered:
            raise _ApiError(QUERY_TOO_OLD)
        text = params.get("text")
        if isinstance(text, str) and len(text) > 200:
            raise _ApiError("Bad Request: MESSAGE_TOO_LONG")
        url = params.get("url")
        if url:
            raise _ApiError("Bad Request: URL_INVALID")
        query.answered = True
        query.answer = {"text": text, "show_alert": _as_bool(params, "show_alert")}
        return True

    def _delete_message(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        message = self._find_message(params, "message to delete not found")
        message.deleted = True
        return True

    def _delete_messages(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        chat = self._chat(params)
        ids = _as_json(params, "message_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            raise _ApiError("Bad Request: message_ids must be a list of 1-100 identifiers")
        for raw_id in ids:
            message = chat.messages.get(int(raw_id))
            if message is not None:
                message.deleted = True
        return True

    def _send_document(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        chat = self._chat(params)
        reference = params.get("document")
        upload = files.get(attached_name(reference) or "document")
        if upload is not None:
            if not upload.content:
                raise _ApiError("Bad Request: file must be non-empty")
            stored = self._store_file(upload)
        elif isinstance(reference, str) and reference in self._files:
            stored = self._files[reference]
        else:
            raise _ApiError("Bad Request: wrong file identifier/HTTP URL specified")
        caption, caption_entities, _raw, _mode = self._format(
            params, "caption", "caption_entities", caption=True
        )
        markup = self._markup(params, inline_only=False)
        message = _Message(
            chat.id,
            self._new_message_id(chat),
            True,
            int(time.time()),
            caption=caption,
            caption_entities=caption_entities,
            reply_markup=markup,
            document={
                "file_name": stored.filename,
                "mime_type": stored.mime_type,
                "file_id": stored.file_id,
                "file_unique_id": stored.unique_id,
                "file_size": len(stored.content),
            },
        )
        chat.messages[message.message_id] = message
        return self._message_dict(message)

    def _store_file(self, upload: UploadedFile) -> _StoredFile:
        number = self._next_file
        self._next_file += 1
        mime = upload.content_type
        if not mime or mime == "application/octet-stream":
            mime = mimetypes.guess_type(upload.filename)[0] or "application/octet-stream"
        suffix = upload.filename.rsplit(".", 1)[1] if "." in upload.filename else "bin"
        stored = _StoredFile(
            file_id=f"BQACAgQAAxkDAAE{number:08d}EmulatorDocument",
            unique_id=f"AgAD{number:06d}",
            filename=upload.filename,
            mime_type=mime,
            content=upload.content,
            path=f"documents/file_{number}.{suffix}",
        )
        self._files[stored.file_id] = stored
        return stored

    def _get_file(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        stored = self._files.get(str(params.get("file_id", "")))
        if stored is None:
            raise _ApiError("Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "file_size": len(stored.content),
            "file_path": stored.path,
        }

    def _send_chat_action(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        self._chat(params)
        if not params.get("action"):
            raise _ApiError("Bad Request: wrong parameter action in request")
        return True

    def _command_key(self, params: dict[str, Any]) -> tuple[str, str]:
        scope = _as_json(params, "scope")
        if scope is not None and (not isinstance(scope, dict) or "type" not in scope):
            raise _ApiError("Bad Request: can't parse BotCommandScope JSON object")
        language = str(params.get("language_code") or "")
        if not _LANGUAGE.match(language):
            raise _ApiError("Bad Request: invalid language code specified")
        return _scope_key(scope), language

    def _set_my_commands(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        commands = _as_json(params, "commands")
        if not isinstance(commands, list):
            raise _ApiError("Bad Request: can't parse commands JSON object")
        if len(commands) > 100:
            raise _ApiError("Bad Request: BOT_COMMANDS_TOO_MUCH")
        cleaned: list[dict[str, str]] = []
        for command in commands:
            if not isinstance(command, dict):
                raise _ApiError("Bad Request: can't parse BotCommand JSON object")
            name = command.get("command")
            description = command.get("description")
            if not isinstance(name, str) or not _COMMAND.match(name):
                raise _ApiError("Bad Request: BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise _ApiError("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": name, "description": description})
        key = self._command_key(params)
        if cleaned:
            self._commands[key] = cleaned
        else:
            self._commands.pop(key, None)
        return True

    def _get_my_commands(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        return copy.deepcopy(self._commands.get(self._command_key(params), []))

    def _delete_my_commands(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        self._commands.pop(self._command_key(params), None)
        return True

    def _set_description(
        self, params: dict[str, Any], key: str, limit: int, code: str, store: dict[str, str]
    ) -> bool:
        language = str(params.get("language_code") or "")
        if not _LANGUAGE.match(language):
            raise _ApiError("Bad Request: invalid language code specified")
        value = str(params.get(key) or "")
        if len(value) > limit:
            raise _ApiError(f"Bad Request: {code}")
        if value:
            store[language] = value
        else:
            store.pop(language, None)
        return True

    def _set_my_description(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        return self._set_description(
            params, "description", 512, "BOT_DESCRIPTION_INVALID", self._descriptions
        )

    def _get_my_description(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        language = str(params.get("language_code") or "")
        return {"description": self._descriptions.get(language, "")}

    def _set_my_short_description(
        self, params: dict[str, Any], files: dict[str, UploadedFile]
    ) -> Any:
        return self._set_description(
            params,
            "short_description",
            120,
            "BOT_SHORT_DESCRIPTION_INVALID",
            self._short_descriptions,
        )

    def _get_my_short_description(
        self, params: dict[str, Any], files: dict[str, UploadedFile]
    ) -> Any:
        language = str(params.get("language_code") or "")
        return {"short_description": self._short_descriptions.get(language, "")}


# ---------------------------------------------------------------------- helpers


def _error(code: int, description: str) -> dict[str, Any]:
    return {"ok": False, "error_code": code, "description": description}


def _json_reply(status: int, body: dict[str, Any]) -> tuple[int, str, bytes]:
    return int(status), "application/json", json.dumps(body, ensure_ascii=False).encode("utf-8")


def _client_gone(conn: socket.socket) -> bool:
    """True if the peer closed the connection while we were holding a long poll."""
    try:
        readable, _, _ = select.select([conn], [], [], 0)
        if not readable:
            return False
        return conn.recv(1, socket.MSG_PEEK) == b""
    except (OSError, ValueError):
        return True


def _check_inline_button(button: object) -> None:
    if not isinstance(button, dict):
        raise _ApiError("Bad Request: can't parse inline keyboard button: Object expected")
    text = button.get("text")
    if not isinstance(text, str):
        raise _ApiError(
            "Bad Request: can't parse inline keyboard button: Can't find field \"text\""
        )
    if not text.strip():
        raise _ApiError("Bad Request: BUTTON_TEXT_INVALID")
    actions = [key for key in _BUTTON_ACTIONS if key in button]
    if not actions:
        raise _ApiError(
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise _ApiError("Bad Request: BUTTON_DATA_INVALID")
    if "url" in button and not _check_url(button["url"]):
        raise _ApiError("Bad Request: BUTTON_URL_INVALID")


def _scope_key(scope: dict[str, Any] | None) -> str:
    return json.dumps(scope or {"type": "default"}, sort_keys=True, separators=(",", ":"))


_COMMAND_IN_TEXT = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")


def _detect_commands(text: str) -> list[dict[str, Any]]:
    """``bot_command`` entities as Telegram's clients attach them to outgoing text."""
    entities = []
    for match in _COMMAND_IN_TEXT.finditer(text):
        entities.append(
            {
                "type": "bot_command",
                "offset": utf16_len(text[: match.start()]),
                "length": utf16_len(match.group(0)),
            }
        )
    return entities


def _find_chat(payload: dict[str, Any]) -> dict[str, Any] | None:
    for value in payload.values():
        if isinstance(value, dict):
            chat = value.get("chat")
            if isinstance(chat, dict) and "id" in chat:
                return dict(chat)
            message = value.get("message")
            if isinstance(message, dict) and isinstance(message.get("chat"), dict):
                return dict(message["chat"])
    return None


def _chat_of_update(payload: dict[str, Any]) -> int | None:
    chat = _find_chat(payload)
    if chat is not None:
        return int(chat["id"])
    for value in payload.values():
        if isinstance(value, dict) and isinstance(value.get("from"), dict):
            return int(value["from"]["id"])
    return None


def _to_view(message: _Message) -> BotMessage:
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    return BotMessage(
        message_id=message.message_id,
        chat_id=message.chat_id,
        text=message.text if message.text is not None else message.caption,
        html=message.raw_text,
        parse_mode=message.parse_mode,
        entities=copy.deepcopy(message.entities or message.caption_entities),
        reply_markup=copy.deepcopy(message.reply_markup),
        buttons=[[(b.get("text", ""), b.get("callback_data")) for b in row] for row in rows],
        edited=message.edit_date is not None,
        is_document=message.document is not None,
    )
