"""The person's walks of issue 11 (point 10) on Telegram: the seed case, INTERPOL and
travel, the urgent path, and "I don't know" everywhere, through the real bot and the
emulator. Each checks the first result message's length, the taps, the contacts shown,
and that nothing is repeated; the same walks run in the terminal in
``test_console_cases.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.dialog.runner import Runner
from bot.dialog.view import PHONE_SCREEN
from bot.i18n import get_translator
from tests.support.bot_runner import running_bot
from tests.support.labels import (
    CONTINUE_QUESTIONS,
    DONE,
    MORE_GROUNDS,
    PERSON,
    PREVIOUS_GROUNDS,
    REVIEW,
    SUMMARY,
    URGENT_HELP,
    WHO_TO_CONTACT,
)
from tests.support.runner_chat import ranked_grounds
from tests.support.seed_case import (
    ALL_UNKNOWN,
    FIRST_MESSAGE,
    PERSON_CASES,
    SEED_PERSON,
    URGENT_STEP,
    PersonCase,
    questions,
)
from tests.support.telegram_driver import BotMessage, ChatUser
from tests.support.telegram_emulator import BotApiEmulator
from tests.support.telegram_faults import widen_chat_burst
from tests.support.waiting import wait_until


async def walk(user: ChatUser, runner: Runner, case: PersonCase, lang: str) -> list[str]:
    """From /start to the result as ``case`` answers; the questions asked, in order."""
    t = get_translator(lang)
    shown = questions(runner, lang)
    await user.send("/start")
    if case.urgent:
        await user.click(t.gettext(URGENT_HELP))
        await user.click(t.gettext(CONTINUE_QUESTIONS))
    await user.click(t.gettext(PERSON))
    review = t.gettext(REVIEW)
    asked: list[str] = []
    while review not in user.last_message.button_labels:
        node = shown[" ".join((user.last_message.screen or "").split())]
        asked.append(node)
        answer = case.answer(node)
        if isinstance(answer, tuple):
            for label in answer:
                await user.click(f"☐ {t.gettext(label)}")
            await user.click(t.gettext(DONE))
        else:
            await user.click(t.gettext(answer))
    return asked


def first_result_message(user: ChatUser, lang: str) -> BotMessage:
    """The message that opens the result (its title, then the summary)."""
    title = get_translator(lang).gettext("Your result")
    return next(m for m in user.messages if (m.screen or "").startswith(title))


@pytest.mark.parametrize("case", PERSON_CASES, ids=lambda case: case.name)
async def test_a_persons_walk_on_telegram(
    telegram_api: BotApiEmulator,
    data_dir: Path,
    runner: Runner,
    monkeypatch: pytest.MonkeyPatch,
    case: PersonCase,
) -> None:
    """A short first message that says what to do and whom to contact, in no more taps
    than today, the contacts that fit, and no question or advice twice. (Thirty quick
    presses spend a chat's burst; the burst is widened so the walk is not paced.)"""
    widen_chat_burst(monkeypatch, telegram_api, 100)
    user = telegram_api.user(user_id=4250000 + PERSON_CASES.index(case), language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        asked = await walk(user, runner, case, "en")
        taps = user.taps
        first = first_result_message(user, "en")
        before_contacts = list(user.messages)
        await user.click(WHO_TO_CONTACT)
        await wait_until(
            lambda: SUMMARY in user.last_message.button_labels, "the contacts are shown"
        )
        contacts = "\n".join(m.text or "" for m in user.messages[len(before_contacts) :])
        result = user.messages[user.messages.index(first) :]
    summary = first.screen or ""
    assert len(summary) <= FIRST_MESSAGE, summary
    assert case.first_says in summary
    assert "→ " in summary, "a thing to do names whom to contact"
    assert taps <= case.taps, f"{taps} taps"
    longest = max(len(m.text or "") for m in result)
    assert longest <= PHONE_SCREEN, "no message of the result is longer than a phone screen"
    for name in case.contacts:
        assert name in contacts, name
    assert len(asked) == len(set(asked)), f"a question was asked twice: {asked}"
    lines = [line for line in summary.splitlines() if line.strip()]
    assert len(lines) == len(set(lines)), "a line of the first message is repeated"
    named = [line.split("→ ")[1] for line in lines if "→ " in line]
    assert len(named) == len(set(named)), f"a contact is named twice: {named}"
    advice = [m for m in before_contacts if URGENT_STEP in (m.text or "")]
    assert len(advice) == (1 if case.urgent else 0), "the advice at the door is shown once"
    if case.urgent:
        assert "detained" not in asked, "the urgent question is not asked again"


@pytest.mark.parametrize("lang", ["fr", "nl", "ru"])
async def test_the_seed_case_on_telegram_in_every_language(
    telegram_api: BotApiEmulator,
    data_dir: Path,
    runner: Runner,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    """The seed case's first message stays short in French, Dutch and Russian too, and
    names whom to contact."""
    widen_chat_burst(monkeypatch, telegram_api, 100)
    user = telegram_api.user(user_id=4251000 + len(lang) + ord(lang[0]), language_code=lang)
    async with running_bot(telegram_api, data_dir, runner):
        asked = await walk(user, runner, SEED_PERSON, lang)
        taps = user.taps
    summary = first_result_message(user, lang).screen or ""
    assert len(summary) <= FIRST_MESSAGE, summary
    assert "→ " in summary
    assert taps <= SEED_PERSON.taps
    assert len(asked) == len(set(asked))


async def test_a_ground_on_the_second_page_opens_on_telegram(
    telegram_api: BotApiEmulator,
    data_dir: Path,
    runner: Runner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With "I don't know" everywhere, 28 grounds: "More grounds (22)" offers the next six,
    the eighth opens on its own button, "Previous grounds" leads back, and a ground
    button under the first result message, higher in the chat, still opens its ground."""
    widen_chat_burst(monkeypatch, telegram_api, 100)
    grounds = ranked_grounds(runner, ALL_UNKNOWN)
    total = len(grounds)
    user = telegram_api.user(user_id=4252000, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await walk(user, runner, ALL_UNKNOWN, "en")
        first = first_result_message(user, "en")
        assert grounds[0].button_for(advocate=False) in first.button_labels
        assert grounds[7].button_for(advocate=False) not in first.button_labels
        await user.click(MORE_GROUNDS.format(count=total - 6))
        await wait_until(
            lambda: (user.last_message.screen or "").startswith(
                f"Grounds 7 to 12 of {len(grounds)}"
            ),
            "the next six grounds are offered",
        )
        await user.click(grounds[7].button_for(advocate=False))
        await wait_until(
            lambda: (user.last_message.screen or "").startswith(grounds[7].title),
            "the eighth ground is open",
        )
        assert PREVIOUS_GROUNDS in user.last_message.button_labels
        await user.click(PREVIOUS_GROUNDS)
        await wait_until(
            lambda: (user.last_message.screen or "").startswith(
                f"Grounds 1 to 6 of {len(grounds)}"
            ),
            "the strongest six are offered again",
        )
        await user.click_on(first, grounds[1].button_for(advocate=False))
        await wait_until(
            lambda: (user.last_message.screen or "").startswith(grounds[1].title),
            "a ground under the first result message opens",
        )
