"""Forged and misplaced button presses on the emulator: answered, and nothing changes.

Telegram passes callback data back from the client verbatim, and a client can send any
string up to 64 bytes, copy another person's buttons, or press a button under a message
in a group. Each such press has its query answered (no spinner left turning), changes
nothing stored, and never makes the bot write into a group. A checklist tick pressed
again after its reply was lost stays ticked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.channels.telegram_retry import ATTEMPTS
from bot.dialog.callback import Callback, Verb
from bot.dialog.runner import Runner
from tests.support.bot_runner import bot_settings, running_bot, stored_session
from tests.support.labels import (
    ADVOCATE,
    ADVOCATE_MLA,
    DONE,
    FISCAL_ONLY,
    NO,
    PERSON,
    UNKNOWN,
)
from tests.support.telegram_driver import ChatUser
from tests.support.telegram_emulator import BotApiEmulator
from tests.support.waiting import wait_until

STALE = "That button belongs to an earlier question"


async def _press_data(api: BotApiEmulator, user: ChatUser, data: str) -> None:
    """Press a button carrying ``data`` under the person's newest message; wait for the
    answer to the query and for the reply."""
    shown = len(user.messages)
    query_id, _ = api._callback_update(user.profile, user.last_message.message_id, data)
    await wait_until(lambda: api.callback_answer(query_id) is not None, "the press is answered")
    await wait_until(lambda: len(user.messages) > shown, "the reply")
    await user.settle()


async def _at_first_question(user: ChatUser) -> None:
    await user.start_as(PERSON)


def _forgeries(step: int, other_step: str) -> dict[str, str]:
    """Callback data a client could send while the person is on a plain question."""
    return {
        "empty": "",
        "64 bytes of junk": "x" * 64,
        "not our layout": Callback(step, Verb.OPTION, index=0).pack() + ":extra",
        "another screen's language button": Callback(step, Verb.LANGUAGE, lang="ru").pack(),
        "urgent help not offered": Callback(step, Verb.URGENT).pack(),
        "a case note not offered": Callback(step, Verb.NOTE, lang="fr").pack(),
        "a change from a review not shown": Callback(step, Verb.EDIT, index=0).pack(),
        "an option the question lacks": Callback(step, Verb.OPTION, index=9).pack(),
        "another person's button": other_step,
    }


@pytest.mark.parametrize(
    "forgery",
    list(_forgeries(0, "")),
)
async def test_a_forged_press_changes_nothing_and_is_answered(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner, forgery: str
) -> None:
    """Whatever the client forges, the person stays on their question with their answers
    and language, and gets the current question again under a short note."""
    user = telegram_api.user(user_id=5550401, language_code="en")
    other = telegram_api.user(user_id=5550402, language_code="en")
    settings = bot_settings(telegram_api, data_dir)
    async with running_bot(telegram_api, data_dir, runner):
        await other.send("/start")
        others_button = other.last_message.button_data[ADVOCATE] or ""
        await _at_first_question(user)
        question = user.last_message
        before = await stored_session(settings, user.id)
        assert before is not None
        data = _forgeries(before.step, others_button)[forgery]
        await _press_data(telegram_api, user, data)
        assert STALE in (user.last_message.text or "")
        assert user.last_message.button_labels == question.button_labels
    assert await stored_session(settings, user.id) == before


async def test_a_press_in_a_group_is_answered_and_nothing_is_sent_there(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """A button pressed under a message in a group (the person's own current button,
    copied there) stops its spinner; the bot writes nothing into the group, nothing into
    the person's chat, and the person's answers stay as they were."""
    user = telegram_api.user(user_id=5550403, language_code="en")
    stranger = telegram_api.user(user_id=5550404, language_code="en")
    settings = bot_settings(telegram_api, data_dir)
    group = -1_001_000_000_403
    async with running_bot(telegram_api, data_dir, runner):
        await _at_first_question(user)
        before = await stored_session(settings, user.id)
        shown = len(user.messages)
        data = user.last_message.button_data[NO] or ""
        presses = [
            telegram_api.group_press(user.profile, data, chat_id=group),
            telegram_api.group_press(
                user.profile, Callback(0, Verb.QUICK_EXIT).pack(), chat_id=group, chat_type="group"
            ),
            telegram_api.group_press(stranger.profile, data, chat_id=group),
        ]
        for query_id, _ in presses:
            await wait_until(
                lambda q=query_id: telegram_api.callback_answer(q) is not None,
                "the group press is answered",
            )
        await user.send("/help")  # after the presses: the person's updates run in order
        assert len(user.messages) == shown + 1
        assert user.last_message.text is not None
        assert user.last_message.text.startswith("How to use this guide")
    group_messages = telegram_api.messages(group)
    assert [m.text for m in group_messages] == ["?"] * 3, "only the pressed messages"
    after = await stored_session(settings, user.id)
    assert after is not None
    assert before is not None
    assert (after.node, after.answers, after.step) == (before.node, before.answers, before.step)
    assert await stored_session(settings, stranger.id) is None, "no session for a group press"


async def test_a_tick_pressed_again_after_its_reply_was_lost_stays_ticked(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """The tick's redraw fails on every try, so the box still shows empty and the person
    presses it again: it is ticked, not flipped back, and Done records it."""
    user = telegram_api.user(user_id=5550405, language_code="en")
    settings = bot_settings(telegram_api, data_dir)
    async with running_bot(telegram_api, data_dir, runner):
        await user.start_as(ADVOCATE)
        await user.click(ADVOCATE_MLA)
        await user.click(UNKNOWN)
        checklist = user.last_message
        telegram_api.fail_next("editMessageText", *["bad_gateway"] * ATTEMPTS)
        await user.click_on(checklist, FISCAL_ONLY, expect_reply=False)
        await wait_until(
            lambda: telegram_api.pending_faults("editMessageText") == 0, "every try failed"
        )
        await user.settle()
        assert FISCAL_ONLY in user.last_message.button_labels, "the reply was lost"
        await user.click_on(checklist, FISCAL_ONLY)
        assert "☑ Fiscal offences only" in user.last_message.button_labels
        await user.click(DONE)
    state = await stored_session(settings, user.id)
    assert state is not None
    assert state.answers["charges_fiscal_only"] == "yes"
    refused = {method for method, _ in telegram_api.take_rejections()}
    assert refused <= {"answerCallbackQuery"}, "only a second answer to the failed press"
