"""Webhook mode: Telegram posts each update to the bot's own server, with a secret.

The emulator posts updates as Telegram does (``tests/support/telegram_webhook.py``); the
forged and broken posts are made by hand, as a stranger who found the URL would make
them. Each refused post is shown not to have been applied by posting the same update
with the right secret afterwards: only then does the person get an answer.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import logging
from pathlib import Path
from typing import Any

import pytest

from bot.channels import telegram_webhook
from bot.channels.telegram import ALLOWED_UPDATES
from bot.dialog.runner import Runner
from tests.support.bot_runner import WEBHOOK_PATH, WEBHOOK_SECRET, running_bot
from tests.support.labels import PERSON
from tests.support.telegram_emulator import BotApiEmulator
from tests.support.telegram_walk import is_result, screens, walk_to_result
from tests.support.waiting import wait_until

WELCOME = "not legal advice"


def start_update(user_id: int, update_id: int) -> dict[str, Any]:
    """A ``/start`` from ``user_id`` as Telegram would post it."""
    person = {"id": user_id, "is_bot": False, "first_name": "Forged", "language_code": "en"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 1_780_000_000,
            "chat": {"id": user_id, "type": "private", "first_name": "Forged"},
            "from": person,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


async def post(
    port: int, body: bytes, secret: str | None = WEBHOOK_SECRET, path: str = WEBHOOK_PATH
) -> int:
    """POST ``body`` to the bot's webhook server; the HTTP status it answers."""

    def send() -> int:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        try:
            connection.request("POST", path, body, headers)
            return connection.getresponse().status
        finally:
            connection.close()

    return await asyncio.to_thread(send)


async def get(port: int, path: str) -> int:
    def send() -> int:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("GET", path)
            return connection.getresponse().status
        finally:
            connection.close()

    return await asyncio.to_thread(send)


async def test_a_person_walks_to_the_result_through_the_webhook(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """setWebhook names the URL, the secret and the kinds of update the bot reads;
    then every press arrives as a POST, and the person reaches the result."""
    user = telegram_api.user(user_id=8810001, language_code="en")
    async with running_bot(telegram_api, data_dir, runner, webhook=True) as resources:
        port = resources.settings.webhook_port
        await walk_to_result(user)
        (set_webhook,) = [c for c in telegram_api.calls if c.method == "setWebhook"]
    assert set_webhook.params["url"] == f"http://127.0.0.1:{port}{WEBHOOK_PATH}"
    assert set_webhook.params["secret_token"] == WEBHOOK_SECRET
    assert sorted(json.loads(set_webhook.params["allowed_updates"])) == sorted(ALLOWED_UPDATES)
    assert is_result(screens(user)[-1])
    assert not [c for c in telegram_api.calls if c.method == "getUpdates"], "no polling"
    assert {d.status for d in telegram_api.deliveries} == {200}, "each update accepted at once"
    assert telegram_api.webhook_active, "a stopping process leaves the webhook to the others"


@pytest.mark.parametrize(
    "secret",
    [None, "", "wrong", WEBHOOK_SECRET[:-1], WEBHOOK_SECRET + "x", WEBHOOK_SECRET.upper()],
    ids=["missing", "empty", "wrong", "shorter", "longer", "other-case"],
)
async def test_a_post_without_the_right_secret_gets_403_and_is_not_applied(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner, secret: str | None
) -> None:
    stranger = telegram_api.user(user_id=8810002, language_code="en")
    forged = json.dumps(start_update(stranger.id, 900_000_001)).encode()
    async with running_bot(telegram_api, data_dir, runner, webhook=True) as resources:
        port = resources.settings.webhook_port
        await wait_until(lambda: telegram_api.webhook_active, "the webhook is set")
        assert await post(port, forged, secret=secret) == 403
        assert stranger.messages == [], "nothing was done for a forged update"
        assert await post(port, forged) == 200, "the same update with the secret is taken"
        assert WELCOME in (stranger.last_message.text or "")


async def test_the_secret_is_compared_in_constant_time(
    telegram_api: BotApiEmulator,
    data_dir: Path,
    runner: Runner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Through hmac.compare_digest, whose time does not depend on where a guess differs."""
    compared: list[tuple[bytes, bytes]] = []
    real = telegram_webhook.hmac.compare_digest

    def recording(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(telegram_webhook.hmac, "compare_digest", recording)
    stranger = telegram_api.user(user_id=8810003, language_code="en")
    async with running_bot(telegram_api, data_dir, runner, webhook=True) as resources:
        await wait_until(lambda: telegram_api.webhook_active, "the webhook is set")
        body = json.dumps(start_update(stranger.id, 900_000_002)).encode()
        assert await post(resources.settings.webhook_port, body, secret="guess") == 403
    assert compared == [(b"guess", WEBHOOK_SECRET.encode())]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"", 400),
        (b"not json at all", 400),
        (b"\xff\xfe\x00", 400),
        (b"[1, 2, 3]", 400),
        (b'{"message": {"text": "/start"}}', 400),
        (b'{"update_id": "1", "message": {}}', 400),
        (b'{"update_id": 900000003, "message": {"text": "/start"}}', 200),
        (b'{"update_id": 900000003, "callback_query": {"id": 5}}', 200),
        (b'{"update_id": 900000003, "message": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", 400),
        (b'{"update_id": 900000003, "x": "' + b"a" * (2 * 1024 * 1024) + b'"}', 413),
    ],
    ids=[
        "empty",
        "not-json",
        "not-utf8",
        "a-list",
        "no-update-id",
        "update-id-a-string",
        "message-without-chat",
        "callback-without-sender",
        "nested-too-deep",
        "too-large",
    ],
)
async def test_a_malformed_body_is_refused_and_the_bot_goes_on(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner, body: bytes, status: int
) -> None:
    """A body that is not an update gets an error answer; one with an update id that the
    library cannot read is skipped (200, or Telegram would post it again forever).
    Either way nothing is applied, nothing crashes, and the next real update is handled
    as usual."""
    user = telegram_api.user(user_id=8810004, language_code="en")
    async with running_bot(telegram_api, data_dir, runner, webhook=True) as resources:
        port = resources.settings.webhook_port
        await wait_until(lambda: telegram_api.webhook_active, "the webhook is set")
        assert await post(port, body) == status
        assert user.messages == []
        assert await get(port, "/healthz") == 200, "the server still answers"
        await user.send("/start")
        await user.click(PERSON)
    assert WELCOME in (user.messages[0].text or "")
    assert len(user.messages) == 2


async def test_other_paths_and_methods_are_refused(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    async with running_bot(telegram_api, data_dir, runner, webhook=True) as resources:
        port = resources.settings.webhook_port
        await wait_until(lambda: telegram_api.webhook_active, "the webhook is set")
        assert await get(port, WEBHOOK_PATH) == 405
        assert await post(port, b"{}", path="/other") == 404
        assert await post(port, b"{}", path="/healthz") == 405


async def test_an_update_is_acknowledged_only_after_its_reply_went_out(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """Telegram counts an update delivered on the 200: a process killed before that
    gets it delivered again (to the other process), so the 200 must come last."""
    user = telegram_api.user(user_id=8810005, language_code="en")
    acknowledged_at_send: list[bool] = []

    def at_send(params: dict[str, Any]) -> None:
        update_id = user.last_update_id
        acknowledged_at_send.append(
            any(d.update_id == update_id and d.status == 200 for d in telegram_api.deliveries)
        )

    telegram_api.observe("sendMessage", at_send)
    async with running_bot(telegram_api, data_dir, runner, webhook=True):
        await user.send("/start")
        await user.click(PERSON)
    assert acknowledged_at_send == [False, False]


async def test_a_stop_with_an_idle_connection_open_logs_no_error(
    telegram_api: BotApiEmulator,
    data_dir: Path,
    runner: Runner,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A proxy keeps connections open between posts. Stopping closes them quietly: on
    Python 3.11 a connection task that ended cancelled made asyncio log an ERROR with a
    traceback at every stop."""
    caplog.set_level(logging.INFO)
    async with running_bot(telegram_api, data_dir, runner, webhook=True) as resources:
        await wait_until(lambda: telegram_api.webhook_active, "the webhook is set")
        _reader, writer = await asyncio.open_connection(
            "127.0.0.1", resources.settings.webhook_port
        )
        assert await get(resources.settings.webhook_port, "/healthz") == 200
    writer.close()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
