"""The emulator's HTTP surface and getUpdates semantics, checked with a real PTB Bot."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
import pytest
from telegram import Bot
from telegram.error import Conflict, InvalidToken

from tests.support.fixtures import bot_token
from tests.support.telegram_emulator import BotApiEmulator
from tests.support.waiting import wait_until
from tests.support_tests._helpers import CHAT


def _emulator_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("bot-api-emulator")]


def _message_update(text: str, chat_id: int = CHAT) -> dict[str, object]:
    return {
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": chat_id, "type": "private", "first_name": "Ana"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Ana"},
            "text": text,
        }
    }


async def test_get_me_describes_the_bot(emulator: BotApiEmulator, bot: Bot) -> None:
    """getMe returns the bot user whose id is the token's numeric prefix."""
    me = await bot.get_me()
    assert me.id == int(bot_token().split(":")[0])
    assert me.is_bot
    assert me.username == emulator.bot_username


async def test_wrong_token_is_unauthorized(emulator: BotApiEmulator) -> None:
    """A well-formed but wrong token gets 401 Unauthorized, which PTB raises as InvalidToken."""
    wrong = "1234567:" + "x" * 35
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{emulator.base_url}/bot{wrong}/getMe")
        missing = await client.post(f"{emulator.base_url}/bot{emulator.token}/fooBar")
    assert response.status_code == 401
    assert response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert missing.status_code == 404
    assert missing.json()["description"] == "Not Found"
    with pytest.raises(InvalidToken):
        await Bot(wrong, base_url=emulator.api_base_url).get_me()


async def test_json_get_and_form_bodies_are_understood(emulator: BotApiEmulator) -> None:
    """Bot API parameters may come as JSON, as a query string or form-encoded."""
    base = f"{emulator.base_url}/bot{emulator.token}"
    async with httpx.AsyncClient() as client:
        as_json = await client.post(f"{base}/sendMessage", json={"chat_id": CHAT, "text": "j"})
        as_query = await client.get(f"{base}/sendMessage", params={"chat_id": CHAT, "text": "q"})
        as_form = await client.post(f"{base}/sendMessage", data={"chat_id": CHAT, "text": "f"})
    assert [r.json()["result"]["text"] for r in (as_json, as_query, as_form)] == ["j", "q", "f"]


async def test_documents_upload_as_multipart(emulator: BotApiEmulator, bot: Bot) -> None:
    """sendDocument's multipart upload keeps the file name, exact bytes and caption."""
    content = b"line\r\n--boundary-ish\r\n\x00\xff" * 100
    sent = await bot.send_document(
        CHAT,
        content,
        filename='résumé "final".pdf',
        caption="<b>Your</b> summary",
        parse_mode="HTML",
    )
    assert sent.document is not None
    assert sent.document.file_name == 'résumé "final".pdf'
    assert sent.caption == "Your summary"
    [document] = emulator.documents(CHAT)
    assert (document.filename, document.content, document.caption) == (
        'résumé "final".pdf',
        content,
        "Your summary",
    )
    downloaded = await (await bot.get_file(sent.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == content


async def test_offset_confirms_earlier_updates(emulator: BotApiEmulator, bot: Bot) -> None:
    """getUpdates returns unconfirmed updates; an offset drops every update below it."""
    ids = [emulator.inject_update(_message_update(t)) for t in ("a", "b", "c")]
    assert [u.update_id for u in await bot.get_updates()] == ids
    assert [u.update_id for u in await bot.get_updates()] == ids  # not confirmed yet
    assert [u.update_id for u in await bot.get_updates(offset=ids[1])] == ids[1:]
    assert [u.update_id for u in await bot.get_updates(limit=1)] == ids[1:2]
    assert await bot.get_updates(offset=ids[2] + 1) == ()
    assert emulator.pending_updates() == []


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    """A long poll waits up to `timeout` but answers as soon as an update is queued."""
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()  # deliberate: nothing arrives within 1 s
    assert 0.9 < time.monotonic() - started < 30  # waited for the timeout, then answered

    poll = asyncio.create_task(bot.get_updates(timeout=60, read_timeout=90))
    await wait_until(lambda: emulator.waiting_polls() == 1, "the long poll is waiting")
    update_id = emulator.inject_update(_message_update("hi"))
    # Answered long before the poll's own 60 s (the wait fails at 30 s).
    updates = await asyncio.wait_for(poll, 30)
    assert [u.update_id for u in updates] == [update_id]


async def test_allowed_updates_filters_and_is_remembered(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    """Update types outside allowed_updates are not delivered, and the setting persists."""
    emulator.inject_update({"message_reaction": {"chat": {"id": CHAT, "type": "private"}}})
    emulator.inject_update({"edited_message": _message_update("e")["message"]})
    message_id = emulator.inject_update(_message_update("m"))
    updates = await bot.get_updates(allowed_updates=["message"])
    assert [u.update_id for u in updates] == [message_id]
    emulator.inject_update({"edited_message": _message_update("e")["message"]})
    assert [u.update_id for u in await bot.get_updates()] == [message_id]


async def test_drop_pending_updates(emulator: BotApiEmulator, bot: Bot) -> None:
    """deleteWebhook(drop_pending_updates=True) forgets every queued update."""
    emulator.inject_update(_message_update("old"))
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == ()


async def test_second_poller_terminates_the_first(emulator: BotApiEmulator, bot: Bot) -> None:
    """A concurrent getUpdates makes Telegram end the older one with 409 Conflict."""
    first = asyncio.create_task(bot.get_updates(timeout=60, read_timeout=90))
    await wait_until(lambda: emulator.waiting_polls() == 1, "the first poll is waiting")
    async with Bot(emulator.token, base_url=emulator.api_base_url) as second_bot:
        second = asyncio.create_task(second_bot.get_updates(timeout=1))  # deliberate
        with pytest.raises(Conflict):  # long before the first poll's own 60 s
            await asyncio.wait_for(first, 30)
        assert await second == ()
    assert emulator.rejections == []


async def test_many_concurrent_long_polls_and_fast_stop() -> None:
    """Dozens of pending long polls do not block other calls, and stop() ends them at once."""
    emulator = BotApiEmulator().start()
    url = f"{emulator.base_url}/bot{emulator.token}"
    async with httpx.AsyncClient(timeout=30) as client:
        polls = [
            asyncio.create_task(client.post(f"{url}/getUpdates", data={"timeout": "30"}))
            for _ in range(20)
        ]
        # Each poll ends the one before it with 409, as on Telegram; wait until all 20
        # reached the emulator (answered with 409, or the last one still waiting).
        await wait_until(
            lambda: _finished_polls(emulator) + emulator.waiting_polls() == 20,
            "all 20 polls reached the emulator",
        )
        answers = await asyncio.gather(*(client.get(f"{url}/getMe") for _ in range(20)))
        assert all(a.status_code == 200 for a in answers)
        started = time.monotonic()
        await asyncio.to_thread(emulator.stop, 10.0)
        # The polls asked for 30 s; stop() ends them at once (the bound allows for load).
        assert time.monotonic() - started < 10
        results = await asyncio.gather(*polls, return_exceptions=True)
    assert len(results) == 20
    assert _emulator_threads() == []


def _finished_polls(emulator: BotApiEmulator) -> int:
    return sum(1 for call in list(emulator.calls) if call.method == "getUpdates")


def test_context_manager_starts_and_stops() -> None:
    """The emulator works as a context manager and frees its port and threads on exit."""
    with BotApiEmulator() as emulator:
        response = httpx.get(f"{emulator.base_url}/bot{emulator.token}/getMe")
        assert response.json()["ok"] is True
        assert _emulator_threads() != []
    assert _emulator_threads() == []


async def test_a_request_cut_off_mid_body_is_not_acted_on(emulator: BotApiEmulator) -> None:
    """A bot killed while sending a request leaves half a body: Telegram ignores it, so
    the emulator neither sends a message nor records a rejection."""
    host, port = emulator.base_url.removeprefix("http://").split(":")
    body = b'{"chat_id": 5, "text": "hello"}'
    head = (
        f"POST /bot{emulator.token}/sendMessage HTTP/1.1\r\nHost: {host}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(head.encode() + body[:10])
    writer.write_eof()  # the client is gone; the emulator closes its side when done
    answer = await asyncio.wait_for(reader.read(), 30)
    writer.close()
    assert answer == b"", "no reply to a request that never arrived whole"
    assert emulator.rejections == []
    assert emulator.messages(5) == []
