"""Erasure and the quick exit on the emulator: nothing stored, nothing left in the chat.

The emulator numbers messages as Telegram does for a bot: one counter for all its
private chats. So other people chat with the bot at the same time, their messages
interleave with the person's, and a quick exit must find the person's messages among
theirs, leave one neutral line, and touch nobody else's chat. Some tests break the Bot
API on purpose before pressing it; some make the bot "busy", so that every message the
person gets has dozens of other people's ids before it and no guess can find it.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.channels import telegram_dispatch
from bot.channels.chat_ids import TAIL
from bot.channels.telegram_failure import APOLOGY
from bot.channels.telegram_retry import ATTEMPTS
from bot.dialog.runner import Runner
from bot.pseudonym import Pseudonymiser, load_or_create_secret
from bot.settings import Settings
from bot.store import SessionRecord, SqliteStore
from tests.support.bot_runner import bot_settings, running_bot
from tests.support.labels import (
    CASE_NOTE_FR,
    DONE,
    DONT_KNOW,
    ERASE,
    EXTRADITION,
    NO,
    PERSON,
    QUICK_EXIT,
    START_OVER,
)
from tests.support.telegram_driver import ChatUser
from tests.support.telegram_emulator import NOT_MODIFIED, BotApiEmulator
from tests.support.telegram_faults import FaultPlan, Gate, fail_once, widen_chat_burst
from tests.support.waiting import wait_until

WELCOME = "not legal advice"
BUSY = TAIL + 1
"""Other people's messages before each message the bot sends the person, on a busy bot:
more than any gap or tail a quick exit guesses at, so only exact ids find them."""


def _key(settings: Settings, user_id: int) -> str:
    return Pseudonymiser(load_or_create_secret(settings.secret_path)).key("telegram", user_id)


async def _stored(settings: Settings, user_id: int) -> bool:
    """Whether anything is stored for one Telegram user."""
    store = await SqliteStore.open(settings.database_path)
    try:
        return await store.get(_key(settings, user_id)) is not None
    finally:
        await store.close()


def _own_messages_left(api: BotApiEmulator, user: ChatUser) -> list[int]:
    """Ids of what the person typed that is still in the chat."""
    chat = api._chats[user.id]
    return [m.message_id for m in chat.messages.values() if not m.from_bot and not m.deleted]


def _deleted_in(api: BotApiEmulator, user: ChatUser) -> int:
    """How many messages of a chat, the bot's and the person's, were deleted."""
    return sum(m.deleted for m in api._chats[user.id].messages.values())


def _offers(user: ChatUser, label: str) -> bool:
    return any(label in m.button_labels for m in user.messages[-1:])


def _answer(user: ChatUser) -> str:
    """The answer a hurried person gives to the question on screen ("" if none is shown)."""
    labels = user.last_message.button_labels if user.messages else []
    return next((x for x in (DONT_KNOW, DONE, NO) if x in labels), "")


def make_busy(api: BotApiEmulator, person: ChatUser, bystander: ChatUser) -> None:
    """Before every message the bot sends ``person``, :data:`BUSY` messages of another
    chat take the ids in between, as on a bot many people use at once."""

    def others_first(params: dict[str, Any]) -> None:
        if str(params.get("chat_id")) == str(person.id):
            for n in range(BUSY):
                api._user_message(bystander.profile, f"elsewhere {n}")

    api.observe("sendMessage", others_first)
    api.observe("sendDocument", others_first)


async def _chat_along(user: ChatUser, stop: asyncio.Event) -> int:
    """Someone else using the guide until ``stop`` is set; returns how many rounds."""
    rounds = 0
    while not stop.is_set():
        await user.send("/start")
        await user.send("just typing")
        await user.click(PERSON)
        await user.send("/help")
        rounds += 1
    return rounds


@asynccontextmanager
async def others_chatting(*users: ChatUser) -> AsyncIterator[None]:
    """Other people chat with the bot, concurrently, for as long as the block runs."""
    stop = asyncio.Event()
    tasks = [asyncio.create_task(_chat_along(user, stop)) for user in users]
    try:
        yield
    finally:
        stop.set()
        rounds = await asyncio.gather(*tasks)
    assert all(rounds), "the others chatted while the person walked"


async def test_erase_button_deletes_the_session_and_says_so(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """ "Erase my answers" on the first screen (under the privacy notice) deletes everything
    stored about the person."""
    user = telegram_api.user(user_id=5550204, language_code="en")
    settings = bot_settings(telegram_api, data_dir)
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
        assert await _stored(settings, user.id)
        await user.click(ERASE)
        # The press is answered at once; the reply follows the erasure and its scrub of
        # the file, which a loaded disk can make slower than the driver's settle time.
        await wait_until(lambda: "erased" in (user.last_message.text or ""), "the erase reply")
        assert not await _stored(settings, user.id)
        await user.send("/start")
        assert WELCOME in (user.last_message.text or ""), "a fresh start works"


async def test_each_step_stores_the_ids_learnt_since_the_last_in_its_one_write(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After each step the database knows every message of the chat but the step's own
    replies, which are sent after its write and go into the next step's write: no step
    writes twice."""
    user = telegram_api.user(user_id=5550203, language_code="en")
    other = telegram_api.user(user_id=5550303, language_code="en")
    settings = bot_settings(telegram_api, data_dir)
    writes: list[str] = []
    put = SqliteStore.put

    async def counted_put(store: SqliteStore, key: str, record: SessionRecord) -> None:
        writes.append(key)
        await put(store, key, record)

    monkeypatch.setattr(SqliteStore, "put", counted_put)

    async def stored_ids() -> tuple[int, ...]:
        store = await SqliteStore.open(settings.database_path)
        try:
            record = await store.get(_key(settings, user.id))
        finally:
            await store.close()
        assert record is not None
        return record.channel.message_ids

    def in_chat() -> list[int]:
        return sorted(telegram_api._chats[user.id].messages)

    async with running_bot(telegram_api, data_dir, runner):
        for action in ("/start", "hello", "/start"):
            await other.send(action)
            writes.clear()
            await user.send(action)
            assert writes == [_key(settings, user.id)], "one write for the step"
            newest_reply = user.messages[-1].message_id
            assert await stored_ids() == tuple(i for i in in_chat() if i != newest_reply)
        await user.click(PERSON)
        assert newest_reply in await stored_ids(), "the last reply came with the next step"


async def test_quick_exit_on_a_busy_bot_wipes_the_chat_and_no_one_elses(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Quick exit" deletes the bot's messages and the person's own, then says only
    "Done.", while two others chat with the bot and every message is far from the last:
    the bot finds them by their exact ids, including the last reply, known only in memory
    (it was sent after the last write, and the person pressed an older message).

    Sixty replies in one chat would take the bot a minute at Telegram's pace of about
    one a second; this test is about deleting, so the chat's burst is widened for it."""
    widen_chat_burst(monkeypatch, telegram_api, 100)
    user = telegram_api.user(user_id=5550205, language_code="en")
    others = [telegram_api.user(user_id=5550300 + n, language_code="en") for n in range(2)]
    far = telegram_api.user(user_id=5550399, language_code="en")
    settings = bot_settings(telegram_api, data_dir)
    make_busy(telegram_api, user, far)
    async with running_bot(telegram_api, data_dir, runner), others_chatting(*others):
        await user.send("/start")
        for n in range(60):  # more than 100 messages in all: deleted in several batches
            await user.send(f"something typed {n}")
        await wait_until(lambda: len(user.messages) == 61, "every typed message is answered")
        await user.click(PERSON)
        await wait_until(lambda: _offers(user, NO), "the first question is shown")
        question = user.messages[-1]
        await user.send("one more thing")  # its reply is not stored before a next step
        await wait_until(lambda: user.messages[-1] != question, "the reply to it is shown")
        await user.click_on(question, QUICK_EXIT)
        await wait_until(lambda: len(user.messages) == 1, "the chat is wiped")
    assert [m.text for m in user.messages] == ["Done."]
    assert _own_messages_left(telegram_api, user) == [], "what the person typed is gone too"
    assert not await _stored(settings, user.id), "nothing is stored"
    for other in (*others, far):
        assert _deleted_in(telegram_api, other) == 0, "nobody else's chat is touched"
    assert len(telegram_api._chats[far.id].messages) >= BUSY * 60, "the bot was busy"


async def test_quick_exit_after_a_whole_walk_with_its_case_note_on_a_busy_bot(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """A walk to the result and a case note, every message far from the one before: all
    gone after a quick exit from the result, the case note too (sent after the last write,
    known only in memory); the finished walk's ids took little room."""
    user = telegram_api.user(user_id=5550206, language_code="en")
    far = telegram_api.user(user_id=5550398, language_code="en")
    settings = bot_settings(telegram_api, data_dir)
    make_busy(telegram_api, user, far)
    async with running_bot(telegram_api, data_dir, runner):
        await user.start_as(PERSON)
        for _ in range(40):
            await wait_until(lambda: _offers(user, START_OVER) or bool(_answer(user)), "a step")
            if _offers(user, START_OVER):
                break
            await user.click(_answer(user))
        await user.click(CASE_NOTE_FR)
        assert user.documents, "the case note is in the chat"
        with sqlite3.connect(settings.database_path) as db:
            (ids,) = db.execute("SELECT message_ids FROM sessions").fetchone()
        db.close()
        assert len(ids) <= 200, "a finished walk's ids take little room even on a busy bot"
        await user.click_on(
            next(m for m in reversed(user.messages) if QUICK_EXIT in m.button_labels),
            QUICK_EXIT,
        )
        await wait_until(lambda: len(user.messages) == 1, "the chat is wiped")
    assert [m.text for m in user.messages] == ["Done."]
    assert not [d for d in user.documents if not d.deleted], "the case note is gone too"
    assert _own_messages_left(telegram_api, user) == []
    assert _deleted_in(telegram_api, far) == 0


async def test_quick_exit_after_failed_and_unconfirmed_replies_leaves_one_neutral_line(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """Replies that failed with 502 on every try, or went out while their confirmation was
    lost, are all deleted although someone else's messages sit between them: a short gap
    between known ids is deleted whole. (A network failure brings no apology: it would
    fail too, or follow a reply that did arrive.)"""
    user = telegram_api.user(user_id=5550209, language_code="en")
    other = telegram_api.user(user_id=5550309, language_code="en")

    def shown(count: int) -> bool:
        return len(user.messages) == count

    async with running_bot(telegram_api, data_dir, runner):
        await other.send("/start")
        telegram_api.fail_next("sendMessage", "lost_response")
        await user.send("/start")  # the welcome arrives, but the bot hears only an error
        await wait_until(lambda: shown(1), "the welcome")
        assert WELCOME in (user.messages[0].text or "")
        await other.click(PERSON)
        await user.click(PERSON)
        await wait_until(lambda: shown(2) and _offers(user, NO), "the first question")
        telegram_api.fail_next("sendMessage", *["bad_gateway"] * ATTEMPTS)
        await user.click(NO)  # Telegram fails the next question on every try
        await wait_until(
            lambda: telegram_api.pending_faults("sendMessage") == 0, "every try failed"
        )
        await other.click(NO)
        telegram_api.fail_next("sendMessage", "bad_gateway", "lost_response")
        await user.send("/start")  # the welcome again: tried twice, the second unconfirmed
        await wait_until(lambda: shown(3), "the welcome again")
        await other.send("typed in between")
        await user.click(PERSON)
        await wait_until(lambda: shown(4) and _offers(user, QUICK_EXIT), "the question again")
        assert telegram_api.pending_faults("sendMessage") == 0
        await user.click(QUICK_EXIT)
        await wait_until(lambda: shown(1), "the chat is wiped")
    assert [m.text for m in user.messages] == ["Done."]
    assert _own_messages_left(telegram_api, user) == []
    assert _deleted_in(telegram_api, other) == 0
    refused = {method for method, _ in telegram_api.take_rejections()}
    assert refused <= {"answerCallbackQuery"}, "only a second answer to a failed click"


async def test_quick_exit_after_a_restart_and_lost_replies_finds_them_by_their_place(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """Ids known only in memory are gone after a restart, and a reply whose confirmation
    was lost was never known: on a quiet bot the quick exit still finds them, in the
    short gap before the next stored id (someone else's messages in it too) or just
    after the newest one."""
    user = telegram_api.user(user_id=5550211, language_code="en")
    other = telegram_api.user(user_id=5550311, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
        await other.send("/start")
        await user.click(PERSON)
        question = user.messages[-1]
        await user.send("/help")  # the help and the question again: known only in memory
        await wait_until(lambda: len(user.messages) == 3, "the help is shown")
    async with running_bot(telegram_api, data_dir, runner):
        await other.send("/help")
        telegram_api.fail_next("sendMessage", "lost_response")
        await user.send("still here")  # its reply arrives unconfirmed (and no apology)
        await wait_until(lambda: len(user.messages) == 4, "the reply")
        await user.click_on(question, QUICK_EXIT)
        await wait_until(lambda: len(user.messages) == 1, "the chat is wiped")
    assert [m.text for m in user.messages] == ["Done."]
    assert _own_messages_left(telegram_api, user) == []
    assert _deleted_in(telegram_api, other) == 0


async def test_quick_exit_wipes_the_chat_even_when_the_neutral_line_fails(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """If Telegram fails the neutral line on every try, the messages are deleted all the
    same."""
    user = telegram_api.user(user_id=5550210, language_code="en")
    other = telegram_api.user(user_id=5550310, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
        await other.send("/start")
        await user.click(PERSON)
        await wait_until(lambda: _offers(user, NO), "the first question is shown")
        telegram_api.fail_next("sendMessage", *["bad_gateway"] * ATTEMPTS)
        await user.click(QUICK_EXIT)
        await wait_until(lambda: not user.messages, "the chat is wiped")
    assert _own_messages_left(telegram_api, user) == []
    assert _deleted_in(telegram_api, other) == 0


async def _two_questions_in(user: ChatUser) -> None:
    """/start, the role on the first screen, and two answers."""
    await user.start_as(PERSON)
    await user.click(NO)
    await user.click(EXTRADITION)
    await wait_until(lambda: _offers(user, QUICK_EXIT), "the third question is shown")


@pytest.mark.parametrize("way", ["this question", "an earlier question", "/exit"])
async def test_quick_exit_mid_walk_wipes_the_chat(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner, way: str
) -> None:
    """In the middle of the questions, a person in danger leaves at once: by the Quick
    exit under the question on screen, by the one under a question answered earlier
    (it is not refused as stale), or by sending /exit. Each time the session is erased,
    the bot's messages and the person's own are deleted, and one neutral line stays."""
    user = telegram_api.user(user_id=5550212, language_code="en")
    other = telegram_api.user(user_id=5550312, language_code="en")
    settings = bot_settings(telegram_api, data_dir)
    async with running_bot(telegram_api, data_dir, runner):
        await other.send("/start")
        await _two_questions_in(user)
        assert len(user.messages) >= 4, "the first screen and three questions"
        assert await _stored(settings, user.id)
        if way == "/exit":
            await user.send("/exit")
        else:
            questions = [m for m in user.messages if QUICK_EXIT in m.button_labels]
            pressed = questions[-1] if way == "this question" else questions[-3]
            await user.click_on(pressed, QUICK_EXIT)
        await wait_until(lambda: len(user.messages) == 1, "the chat is wiped")
    assert [m.text for m in user.messages] == ["Done."]
    assert _own_messages_left(telegram_api, user) == [], "what the person sent is gone too"
    assert not await _stored(settings, user.id), "nothing is stored"
    assert _deleted_in(telegram_api, other) == 0, "nobody else's chat is touched"


async def test_quick_exit_on_a_busy_bot_finds_a_reply_whose_answer_was_lost(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """The first question, after the role, reaches the chat, but its answer is lost, so the
    bot never learns its id; on a busy bot it sits hundreds of ids above every known one,
    beyond any gap or tail. The quick exit still deletes it: it lies between the highest
    id the bot knew when it sent it and the id of the neutral line."""
    user = telegram_api.user(user_id=5550213, language_code="en")
    far = telegram_api.user(user_id=5550397, language_code="en")
    make_busy(telegram_api, user, far)
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
        first = user.last_message
        telegram_api.fail_next("sendMessage", "lost_response")
        await user.click(PERSON)
        await wait_until(lambda: _offers(user, NO), "the question reached the chat")
        assert user.last_message.message_id - first.message_id > TAIL, "far from the known"
        await user.click_on(first, QUICK_EXIT)
        await wait_until(lambda: len(user.messages) == 1, "the chat is wiped")
    assert [m.text for m in user.messages] == ["Done."]
    assert _own_messages_left(telegram_api, user) == []
    assert _deleted_in(telegram_api, far) == 0
    refused = {method for method, _ in telegram_api.take_rejections()}
    assert refused <= {"answerCallbackQuery"}, "only a second answer to the failed press"


async def test_quick_exit_after_a_walk_under_faults_leaves_one_neutral_line(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole walk while a fifth of the bot's sends, edits and answers fail (502s, which
    are tried again, and answers lost after the message arrived), someone else chatting
    alongside, and one failure inside the bot that brings an apology: after a quick exit
    from the result, only the neutral line is left in the chat."""
    widen_chat_burst(monkeypatch, telegram_api, 100)
    user = telegram_api.user(user_id=5550214, language_code="en", timeout=60)
    other = telegram_api.user(user_id=5550314, language_code="en", timeout=60)
    settings = bot_settings(telegram_api, data_dir)
    flaky = frozenset({"sendmessage", "senddocument", "editmessagetext", "editmessagereplymarkup"})
    gate = telegram_api.gate = Gate(
        faults=FaultPlan(
            rate=0.2, weights={"bad_gateway": 0.5, "lost_response": 0.5}, methods=flaky, seed=17
        )
    )
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
        role_question = user.last_message
        fail_once(monkeypatch, telegram_dispatch, "draw")
        await user.click(PERSON)
        await wait_until(lambda: user.last_message.text == APOLOGY, "the apology")
        await user.click_on(role_question, PERSON)  # as the apology says
        async with others_chatting(other):
            for _ in range(60):
                await wait_until(lambda: _offers(user, START_OVER) or bool(_answer(user)), "a step")
                if _offers(user, START_OVER):
                    break
                await user.click(_answer(user))
        await user.click(CASE_NOTE_FR)
        await user.settle()
        assert gate.tally["lost_response"] + gate.tally["bad_gateway"] >= 5, "faults hit"
        telegram_api.gate = None  # the walk is over; the quick exit itself goes through
        await user.click_on(
            next(m for m in reversed(user.messages) if QUICK_EXIT in m.button_labels),
            QUICK_EXIT,
        )
        await wait_until(lambda: len(user.messages) == 1, "the chat is wiped")
    assert [m.text for m in user.messages] == ["Done."]
    assert not [d for d in user.documents if not d.deleted], "the case note is gone too"
    assert _own_messages_left(telegram_api, user) == []
    assert _deleted_in(telegram_api, other) == 0
    assert not await _stored(settings, user.id)
    refused = {
        method
        for method, why in telegram_api.take_rejections()
        if why != NOT_MODIFIED  # an edit made again after its answer was lost: it had worked
    }
    assert refused <= {"answerCallbackQuery"}, "only a second answer to a failed press"
