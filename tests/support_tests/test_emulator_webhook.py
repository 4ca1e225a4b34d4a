"""The emulator's webhook: updates posted as Telegram posts them, with a real PTB Bot.

A small receiver in the test stands for the bot's server: it records each post and
answers with the status the test asks for.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from telegram import Bot
from telegram.error import BadRequest, Conflict

from tests.support.telegram_emulator import BotApiEmulator
from tests.support.waiting import wait_until
from tests.support_tests._helpers import CHAT

SECRET = "s3cret_token-for-the-emulator"


class Receiver:
    """Records every post; answers each with the next of ``statuses`` (then 200)."""

    def __init__(self) -> None:
        self.posts: list[tuple[dict[str, Any], dict[str, str]]] = []
        self.statuses: list[int] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.lock:
                    receiver.posts.append((json.loads(body), dict(self.headers)))
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def update_ids(self) -> list[int]:
        with self.lock:
            return [int(post["update_id"]) for post, _ in self.posts]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    received = Receiver()
    thread = threading.Thread(target=received.server.serve_forever, daemon=True)
    thread.start()
    yield received
    received.server.shutdown()
    received.server.server_close()
    thread.join(30)  # returns at once: shutdown() waited for serve_forever


def _text(text: str) -> dict[str, Any]:
    return {
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": CHAT, "type": "private", "first_name": "Ana"},
            "from": {"id": CHAT, "is_bot": False, "first_name": "Ana"},
            "text": text,
        }
    }


async def test_updates_are_posted_with_the_secret_once_accepted(
    emulator: BotApiEmulator, bot: Bot, receiver: Receiver
) -> None:
    assert await bot.set_webhook(receiver.url, secret_token=SECRET)
    first = emulator.inject_update(_text("hello"))
    await wait_until(lambda: receiver.update_ids() == [first], "the update is posted")
    (post, headers) = receiver.posts[0]
    assert post["message"]["text"] == "hello"
    assert headers["X-Telegram-Bot-Api-Secret-Token"] == SECRET
    assert headers["Content-Type"] == "application/json"
    await wait_until(lambda: emulator.pending_updates() == [], "it is confirmed by the 200")
    info = await bot.get_webhook_info()
    assert (info.url, info.pending_update_count, info.last_error_message) == (
        receiver.url,
        0,
        None,
    )


async def test_a_refused_post_is_made_again_and_the_chat_waits_for_it(
    emulator: BotApiEmulator, bot: Bot, receiver: Receiver
) -> None:
    """Until the first update is accepted, the same chat's next one is not posted."""
    receiver.statuses = [500, 502]
    await bot.set_webhook(receiver.url, secret_token=SECRET)
    first = emulator.inject_update(_text("one"))
    second = emulator.inject_update(_text("two"))
    await wait_until(
        lambda: receiver.update_ids() == [first, first, first, second],
        "the first is posted until accepted, then the second",
    )
    info = await bot.get_webhook_info()
    assert info.last_error_message == "Wrong response from the webhook: 502 Bad Gateway"
    assert [d.status for d in emulator.deliveries] == [500, 502, 200, 200]


async def test_a_webhook_that_does_not_answer_gets_the_update_again(
    emulator: BotApiEmulator, bot: Bot, receiver: Receiver
) -> None:
    dead = receiver.url.replace(str(receiver.server.server_address[1]), "1")
    await bot.set_webhook(dead)
    update_id = emulator.inject_update(_text("anyone?"))
    await wait_until(
        lambda: [d.status for d in emulator.deliveries][:2] == [0, 0], "tried twice, no answer"
    )
    await bot.set_webhook(receiver.url)  # the bot is back, at a new address
    await wait_until(lambda: receiver.update_ids() == [update_id], "then delivered there")


async def test_get_updates_is_refused_while_a_webhook_is_set(
    emulator: BotApiEmulator, bot: Bot, receiver: Receiver
) -> None:
    await bot.set_webhook(receiver.url)
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates(timeout=0)  # deliberate: refused at once
    assert await bot.delete_webhook()
    assert (await bot.get_webhook_info()).url == ""
    update_id = emulator.inject_update(_text("polled"))
    (update,) = await bot.get_updates(timeout=30)
    assert update.update_id == update_id
    assert receiver.posts == []


@pytest.mark.parametrize(
    ("url", "secret", "error"),
    [
        ("http://guide.example.org/hook", None, "(?i)https url must be provided"),
        ("ftp://127.0.0.1/hook", None, "(?i)https url must be provided"),
        ("https://guide.example.org/hook", "not allowed!", "(?i)secret token contains"),
        ("https://guide.example.org/hook", "x" * 257, "(?i)secret token contains"),
    ],
)
async def test_a_webhook_telegram_would_refuse_is_refused(
    emulator: BotApiEmulator, bot: Bot, url: str, secret: str | None, error: str
) -> None:
    with pytest.raises(BadRequest, match=error):
        await bot.set_webhook(url, secret_token=secret)
    assert not emulator.webhook_active
