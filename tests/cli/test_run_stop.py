"""``refuge-guide run`` stops within 10 s of SIGTERM or SIGINT, exit code 0, in every
state (issue 13 point 7, issue 17 point 4): while Telegram holds every answer, and on a
full disk. What it writes on the way out goes through the privacy guard: no traceback
with its message, no message text, no ids.
"""

from __future__ import annotations

import re
import signal
from pathlib import Path

import pytest

from bot.channels.telegram_stop import STOP_WITHIN
from bot.dialog.callback import Callback
from bot.guide import CANNOT_SAVE
from bot.pseudonym import Pseudonymiser, load_or_create_secret
from bot.settings import Settings
from bot.store import SqliteStore
from tests.support.bot_process import Stopped, start_bot
from tests.support.labels import NO, PERSON
from tests.support.small_disk import fill, small_filesystem
from tests.support.telegram_driver import ChatUser
from tests.support.telegram_emulator import QUERY_TOO_OLD, BotApiEmulator
from tests.support.telegram_faults import FaultPlan, Gate
from tests.support.waiting import wait_until

HOLD_EVERY_ANSWER = FaultPlan(
    rate=1.0,
    weights={"slow_response": 1.0},
    methods=frozenset({"sendmessage", "editmessagetext", "answercallbackquery"}),
)
"""Telegram does each call, then keeps its answer (the bot cannot know it was done)."""


def assert_private(stopped: Stopped, *users: ChatUser) -> None:
    """Every traceback has its messages withheld; no id of a person appears."""
    for block in re.split(r"\n(?=\S)", stopped.err):
        if "Traceback (most recent call last)" in block:
            assert block.rstrip().endswith("(message withheld)"), block
    for user in users:
        assert str(user.id) not in stopped.err
    assert "database or disk is full" not in stopped.err, "a raw exception message"


async def step_of(data_dir: Path, user: ChatUser) -> int:
    """The step counter stored for ``user`` (read after the bot has ended)."""
    settings = Settings.model_validate({"REFUGE_GUIDE_DATA_DIR": str(data_dir)})
    key = Pseudonymiser(load_or_create_secret(settings.secret_path, create=False))
    store = await SqliteStore.open(settings.database_path)
    try:
        record = await store.get(key.key("telegram", user.id))
    finally:
        await store.close()
    assert record is not None, user
    return record.state.step


async def test_updates_in_flight_at_a_stop_are_answered_before_the_process_ends(
    telegram_api: BotApiEmulator, data_dir: Path
) -> None:
    """Telegram asks three chats to wait two seconds (429) just as their people press;
    SIGTERM comes during that wait. The bot takes no new update, but the three presses
    finish: each person gets the next screen, then the process ends with code 0."""
    gate = telegram_api.gate = Gate()
    users = [telegram_api.user(user_id=7795100 + n, language_code="en") for n in range(3)]
    bot = start_bot(telegram_api, data_dir)
    try:
        for user in users:
            await user.send("/start", within=30)
            gate.hold_chat(user.id, retry_after=2)
            user.press_only(user.last_message, PERSON)
        await wait_until(lambda: gate.tally["429"] == len(users), "each chat is told to wait")
        stopped = await bot.stop(signal.SIGTERM, within=30)
    finally:
        bot.kill()
    assert stopped.code == 0, stopped.err
    assert stopped.took < STOP_WITHIN, stopped.err
    for user in users:
        assert (user.last_message.screen or "").startswith("Is one of these happening"), user


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_a_stop_while_telegram_holds_every_answer_ends_within_ten_seconds(
    telegram_api: BotApiEmulator, data_dir: Path, signum: int
) -> None:
    """Five people press while Telegram answers no call at all: their steps are
    stored, and the bot ends with code 0 well before Docker's kill -9, its database
    closed (the write-ahead log emptied into the file)."""
    users = [telegram_api.user(user_id=7795000 + n, language_code="en") for n in range(5)]
    bot = start_bot(telegram_api, data_dir)
    try:
        for user in users:
            await user.send("/start", within=30)
        shown = [user.last_message for user in users]
        telegram_api.gate = Gate(faults=HOLD_EVERY_ANSWER, slow_seconds=120)
        for user in users:
            await user.click(PERSON, expect_answer=False, expect_reply=False)

        def held() -> bool:
            calls = [c for c in telegram_api.calls if c.method == "answerCallbackQuery"]
            return len(calls) == len(users)

        await wait_until(held, "every press is answered, and the answer held")
        stopped = await bot.stop(signum, within=30)
    finally:
        bot.kill()
    assert stopped.code == 0, stopped.err
    assert stopped.took < STOP_WITHIN, stopped.err
    assert_private(stopped, *users)
    wal = data_dir / "sessions.sqlite3-wal"
    assert not wal.exists() or wal.stat().st_size == 0, "the store was closed"
    for user, before in zip(users, shown, strict=True):
        pressed = Callback.unpack(before.buttons[0][0][1] or "")
        assert pressed is not None
        assert await step_of(data_dir, user) == pressed.step + 1, "the press was stored"
    telegram_api.take_unanswered_callback_queries()
    # an answer to a press, redone after its answer was held, is refused as done already
    assert set(telegram_api.take_rejections()) <= {("answerCallbackQuery", QUERY_TOO_OLD)}


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_a_stop_on_a_full_disk_ends_within_ten_seconds_with_code_0(
    telegram_api: BotApiEmulator, data_dir: Path, signum: int
) -> None:
    """The data directory's disk fills up mid-walk. A press then cannot be stored (the
    person is told that nothing could be saved), and the stop that follows still ends the
    process in time, with code 0 and no raw traceback: the store is closed, and nothing
    stored before is lost."""
    user = telegram_api.user(user_id=7796001, language_code="en")
    with small_filesystem(data_dir):
        bot = start_bot(telegram_api, data_dir)
        try:
            await user.send("/start", within=30)
            await user.click(PERSON)
            stored = Callback.unpack(user.last_message.buttons[0][0][1] or "")
            fill(data_dir)
            await user.click(NO)
            assert user.last_message.text == CANNOT_SAVE
            stopped = await bot.stop(signum, within=30)
        finally:
            bot.kill()
        assert stopped.code == 0, stopped.err
        assert stopped.took < STOP_WITHIN, stopped.err
        assert_private(stopped, user)
        (data_dir / "filler").unlink()
        assert stored is not None
        assert await step_of(data_dir, user) == stored.step, "the steps stored are kept"
