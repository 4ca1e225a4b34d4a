"""Both flows end to end on Telegram: the seed case, back, review-and-change, restart,
the urgent path, erasure from the result. Everything goes through the real bot and the
emulator, which fails the test on any request Telegram would refuse."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.dialog.runner import Runner
from bot.dialog.view import PHONE_SCREEN
from bot.knowledge import Status, assess, parse_facts
from tests.support.bot_runner import running_bot
from tests.support.labels import (
    ADVOCATE,
    ALL_DETAILS,
    BACK,
    CHANGE_KIND,
    CONTINUE_QUESTIONS,
    DONE,
    DONT_KNOW,
    EXTRADITION,
    INTERPOL,
    MLA,
    NO,
    PERSON,
    REVIEW,
    START_OVER,
    UNKNOWN,
    URGENT_HELP,
)
from tests.support.seed_case import ADVOCATE_SEED_WALK, SEED_FACTS, URGENT_STEP
from tests.support.telegram_driver import ChatUser
from tests.support.telegram_emulator import BotApiEmulator
from tests.support.telegram_faults import widen_chat_burst
from tests.support.waiting import wait_until


def chat_text(user: ChatUser, last: int = 6) -> str:
    """The text of the bot's last few messages."""
    return "\n".join(m.text or "" for m in user.messages[-last:])


async def test_seed_case_as_advocate_reaches_the_engines_grounds(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """The Jardemalie situation through the advocate path shows exactly the grounds the
    engine gives for those facts, as "point to", with citations: in at most ten taps from
    /start, the role and the ticks included (issue 11, point 3)."""
    user = telegram_api.user(user_id=4240001, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await user.start_as(ADVOCATE)
        assert user.taps == 1, "the role, on the first screen"
        for label in ADVOCATE_SEED_WALK:
            await user.click(label)
        assert user.taps <= 10, f"{user.taps} taps from /start to the result"
        # The result may go out in several messages; the last one carries its buttons.
        await wait_until(
            lambda: START_OVER in user.last_message.button_labels,
            "the whole result is in the chat",
        )
    expected = assess(runner.kb, parse_facts(runner.kb, SEED_FACTS))
    shown = chat_text(user, last=4)
    applies = expected.with_status(Status.APPLIES)
    assert applies, "the seed case must point to grounds"
    for result in applies:
        assert result.ground.article in shown
    head = shown.split("Grounds that may apply")[0]
    for result in applies:
        assert runner.kb.ground(result.ground.id).button_for(True) in head


async def test_person_walk_with_back_review_and_change(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """A person goes back once, finishes, then changes the request kind from the review;
    only the questions that depend on it are asked again."""
    user = telegram_api.user(user_id=4240002, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await user.start_as(PERSON)
        await user.click(NO)
        await user.click(EXTRADITION)
        await user.click(BACK)
        assert user.last_message.text == "» Back\n\nWhat does the foreign state ask Belgium to do?"
        await user.click(MLA)
        for _ in range(30):
            if REVIEW in user.last_message.button_labels:
                break
            await user.click(DONT_KNOW)
        await user.click(REVIEW)
        assert "Kind of request: Help its case" in (user.last_message.text or "")
        await user.click(CHANGE_KIND)
        await user.click(INTERPOL)
        asked = []
        for _ in range(10):
            if REVIEW in user.last_message.button_labels:
                break
            asked.append(user.last_message.screen)
            await user.click(DONT_KNOW)
    assert asked == [
        "What kind of INTERPOL alert is it?",
        "Has Belgium already confirmed your protection status to INTERPOL?",
        "Are you planning to travel outside Belgium?",
    ], "the status was left unknown, so the Interpol status question is asked too"


async def test_urgent_path_then_continue(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """From the first screen, urgent help comes before any question; then the first screen
    again (the consent and the role) without the advice, and the questions without the
    urgent one."""
    user = telegram_api.user(user_id=4240003, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
        await user.click(URGENT_HELP)
        assert URGENT_STEP in (user.last_message.text or "")
        await user.click(CONTINUE_QUESTIONS)
        back = user.last_message.text or ""
        assert "Before we start" in back
        assert URGENT_STEP not in back
        await user.click(PERSON)
        assert user.last_message.screen == "What does the foreign state ask Belgium to do?"


async def test_urgent_help_from_help_command(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """/help offers urgent help at any point; after it the questions go on, without asking
    the urgent question it has just answered."""
    user = telegram_api.user(user_id=4240004, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await user.start_as(PERSON)
        assert (user.last_message.screen or "").startswith("Is one of these happening now")
        await user.send("/help")
        await user.click(URGENT_HELP)
        await user.click(CONTINUE_QUESTIONS)
        assert user.last_message.screen == "What does the foreign state ask Belgium to do?"


async def test_restart_from_the_result(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """ "Start over" on the result goes back to the first screen with nothing kept."""
    user = telegram_api.user(user_id=4240005, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await user.start_as(ADVOCATE)
        await user.click("Several, or unknown")
        await user.click(UNKNOWN)
        for _ in range(10):
            if START_OVER in user.last_message.button_labels:
                break
            labels = user.last_message.button_labels
            await user.click(DONE if DONE in labels else UNKNOWN)
        await user.click(START_OVER)
        assert "This guide helps" in (user.last_message.text or "")


async def test_longest_result_is_split_and_accepted(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With nothing known every ground may apply: "All details" arrives in several messages
    of at most one phone screen each, which Telegram accepts, the buttons under the last.
    (Thirty quick presses spend a chat's burst; the parts would then go out one a second,
    so the burst is widened: this test is about splitting.)"""
    widen_chat_burst(monkeypatch, telegram_api, 100)
    user = telegram_api.user(user_id=4240006, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await user.start_as(PERSON)
        await user.click(NO)
        for _ in range(30):
            if REVIEW in user.last_message.button_labels:
                break
            await user.click(DONT_KNOW)
        before = len(user.messages)
        await user.click(ALL_DETAILS)
    details = user.messages[before:]
    assert len(details) >= 3, "the full list needed several messages"
    assert all(len(m.text or "") <= PHONE_SCREEN for m in details)
    assert all(not m.buttons for m in details[:-1])
    assert REVIEW in details[-1].button_labels
