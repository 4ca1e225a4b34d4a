"""The bot on the emulator when things repeat, crash or pile up.

Each step stored before its reply, updates delivered twice after a crash, buttons
pressed on old messages, and many people at once. Erasure and the quick exit are in
``test_telegram_quick_exit.py``.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

from bot.dialog.runner import Runner
from bot.pseudonym import Pseudonymiser, load_or_create_secret
from bot.settings import Settings
from bot.store import SessionRecord, SqliteStore
from bot.store.sqlite_schema import stored_key
from tests.support.bot_runner import bot_settings, running_bot, stored_session
from tests.support.labels import NO, PERSON
from tests.support.telegram_driver import ChatUser
from tests.support.telegram_emulator import BotApiEmulator
from tests.support.waiting import wait_until

WENT_WRONG = "Something went wrong"


def _seen(user: ChatUser) -> list[tuple[str | None, list[str]]]:
    return [(m.screen, m.button_labels) for m in user.messages]


def _key(settings: Settings, user_id: int) -> str:
    return Pseudonymiser(load_or_create_secret(settings.secret_path)).key("telegram", user_id)


async def test_each_step_is_stored_before_its_reply_reaches_telegram(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """At the moment each reply arrives at Telegram, its step is already in the database."""
    user = telegram_api.user(user_id=5550200, language_code="en")
    settings = bot_settings(telegram_api, data_dir)
    at_send: list[str | None] = []

    def stored_now() -> str | None:  # a second reader, as after a crash right now
        with sqlite3.connect(settings.database_path) as db:
            row = db.execute(
                "SELECT state FROM sessions WHERE key = ?", (stored_key(_key(settings, user.id)),)
            ).fetchone()
        db.close()
        return str(row[0]) if row else None

    def on_send(params: dict[str, Any]) -> None:
        if int(params["chat_id"]) == user.id:
            at_send.append(stored_now())

    telegram_api.observe("sendMessage", on_send)
    after_step: list[str | None] = []
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
        after_step.append(stored_now())
        await user.click(PERSON)
        after_step.append(stored_now())
        await user.click(NO)
        after_step.append(stored_now())
    assert user.last_message.text == "» No\n\nWhat does the foreign state ask Belgium to do?"
    assert len(set(after_step)) == 3, "each step changed the stored session"
    assert at_send == after_step, "each reply was sent only after its step was stored"


async def test_updates_delivered_again_after_a_crash_advance_nothing(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """After a restart, Telegram resending the same updates moves nothing; the last one,
    whose reply may never have gone out, gets the current screen again."""
    user = telegram_api.user(user_id=5550201, language_code="en")
    settings = bot_settings(telegram_api, data_dir)
    update_ids: list[int] = []
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
        update_ids.append(user.last_update_id or 0)
        await user.click(PERSON)
        update_ids.append(user.last_update_id or 0)
        await user.click(NO)
        update_ids.append(user.last_update_id or 0)
    assert user.last_message.text == "» No\n\nWhat does the foreign state ask Belgium to do?"
    before, stored = _seen(user), await stored_session(settings, user.id)
    for update_id in update_ids[:-1]:  # the bot died before confirming them to Telegram
        telegram_api.redeliver(update_id, same_update_id=True)
    async with running_bot(telegram_api, data_dir, runner):
        await user.redeliver_last(same_update_id=True)
        await wait_until(lambda: len(user.messages) == len(before) + 1, "the screen is resent")
        await user.settle()
    assert _seen(user) == [*before, before[-1]], "only the current screen is sent again"
    assert await stored_session(settings, user.id) == stored, "the conversation did not move"
    rejected = telegram_api.take_rejections()
    assert {method for method, _ in rejected} <= {"answerCallbackQuery"}, rejected
    assert not telegram_api.unanswered_callback_queries(), "no spinner is left turning"


async def test_the_same_click_delivered_twice_advances_once(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """A click Telegram delivers twice moves the conversation one step and shows where it is."""
    user = telegram_api.user(user_id=5550208, language_code="en")
    settings = bot_settings(telegram_api, data_dir)
    async with running_bot(telegram_api, data_dir, runner):
        await user.start_as(PERSON)
        question = user.last_message
        after_once = await stored_session(settings, user.id)
        await user.redeliver_last(same_update_id=True)
        await wait_until(lambda: len(user.messages) == 3, "the current screen is sent again")
        await user.settle()
    assert await stored_session(settings, user.id) == after_once, "not advanced twice"
    assert [m.screen for m in user.messages[-2:]] == [question.screen, question.screen]
    assert user.last_message.button_labels == question.button_labels
    assert {method for method, _ in telegram_api.take_rejections()} <= {"answerCallbackQuery"}


async def test_a_click_stored_but_never_answered_is_answered_with_the_current_screen(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """If the bot died between saving a step and replying, the redelivered click stops the
    spinner and shows the screen the person is on."""
    user = telegram_api.user(user_id=5550202, language_code="en")
    settings = bot_settings(telegram_api, data_dir)
    async with running_bot(telegram_api, data_dir, runner):
        await user.start_as(PERSON)
    stored = await stored_session(settings, user.id)
    assert stored is not None
    question = user.last_message
    # The click was saved (its update id is in the session) but never answered; Telegram
    # delivers it again once the bot is back.
    store = await SqliteStore.open(settings.database_path)
    key = _key(settings, user.id)
    query_id, update_id = telegram_api._callback_update(
        user.profile, question.message_id, question.button_data[NO]
    )
    record = await store.get(key)
    assert record is not None
    channel = record.channel.model_copy(update={"last_update_id": update_id})
    await store.put(key, SessionRecord(state=stored, channel=channel))
    await store.close()
    async with running_bot(telegram_api, data_dir, runner):
        await wait_until(
            lambda: telegram_api.callback_answer(query_id) is not None, "the spinner stops"
        )
        await wait_until(lambda: len(user.messages) == 3, "the current screen is sent again")
        await user.settle()
    assert user.last_message.message_id != question.message_id
    assert user.last_message.screen == question.screen, "the screen the person is on"
    assert await stored_session(settings, user.id) == stored, "nothing advanced"


async def test_an_old_button_gets_a_note_and_leaves_the_answers_alone(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """A button on an earlier message gets a short note and the current question, nothing more."""
    user = telegram_api.user(user_id=5550203, language_code="en")
    settings = bot_settings(telegram_api, data_dir)
    async with running_bot(telegram_api, data_dir, runner):
        await user.start_as(PERSON)
        question = user.last_message
        assert (question.screen or "").startswith("Is one of these happening now")
        await user.send("/back")
        current = user.last_message
        stored = await stored_session(settings, user.id)
        await user.click_on(question, NO)
        assert "earlier question" in (user.last_message.text or "")
        assert user.last_message.button_labels == current.button_labels, "the current question"
    after = await stored_session(settings, user.id)
    assert stored is not None
    assert after is not None
    assert after.answers == stored.answers
    assert (after.flow, after.node, after.step) == (stored.flow, stored.node, stored.step)


async def test_an_answer_pressed_twice_advances_once(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """A double tap, or a second press because the reply was slow: the same answer on the
    same message moves on one question only; the second press gets a short note and the
    question the person is now on."""
    user = telegram_api.user(user_id=5550207, language_code="en")
    settings = bot_settings(telegram_api, data_dir)
    async with running_bot(telegram_api, data_dir, runner):
        await user.start_as(PERSON)
        first_question = user.last_message
        await user.click_on(first_question, NO)
        second_question = user.last_message
        after_once = await stored_session(settings, user.id)
        await user.click_on(first_question, NO)  # the second tap
        assert "earlier question" in (user.last_message.text or "")
        assert user.last_message.button_labels == second_question.button_labels
    assert await stored_session(settings, user.id) == after_once, "advanced once"


async def _until(user: ChatUser, label: str, within: float = 30.0) -> None:
    """Wait until the person's newest message offers ``label`` (replies may be rate-limited)."""
    await wait_until(
        lambda: any(label in m.button_labels for m in user.messages[-1:]),
        f"{user}'s newest message offers {label!r}",
        within=within,
    )


async def test_many_people_at_once_each_get_their_own_conversation(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """Forty people clicking at the same time each reach their own next question, error-free."""
    users = [
        telegram_api.user(user_id=6_000_000 + n, language_code="en", timeout=30) for n in range(40)
    ]

    async def walk(user: ChatUser, n: int) -> None:
        await user.send("/start")
        await _until(user, PERSON)
        await user.click(PERSON if n % 2 else "I help someone")
        await user.settle()

    async with running_bot(telegram_api, data_dir, runner) as resources:
        await asyncio.gather(*(walk(user, n) for n, user in enumerate(users)))
        store = await SqliteStore.open(resources.settings.database_path)
        assert await store.count() == len(users)
        await store.close()
    for n, user in enumerate(users):
        texts = [m.text or "" for m in user.messages]
        assert not any(WENT_WRONG in t or "locked" in t for t in texts), texts
        expected = PERSON if n % 2 else "I help someone"
        assert any(f"» {expected}" in t for t in texts), (n, texts)


async def test_one_persons_quick_messages_are_answered_in_order(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """Several messages sent in one burst are answered one by one, in the order sent."""
    user = telegram_api.user(user_id=5550206, language_code="en")
    others = [telegram_api.user(user_id=6_100_000 + n, language_code="en") for n in range(5)]
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
        await asyncio.gather(
            user.send("/language"),
            user.send("typed words"),
            user.send("/help"),
            *(other.send("/start") for other in others),
        )
        await user.settle()
    replies = [m.text or "" for m in user.messages[-3:]]
    assert replies[0].startswith("Choose your language")
    assert replies[1].startswith("Please answer with the buttons")
    assert replies[2].startswith("How to use this guide")
