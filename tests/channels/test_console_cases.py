"""The person's walks of issue 11 (point 10) in the terminal chat: the seed case,
INTERPOL and travel, the urgent path, and "I don't know" everywhere, in every language.
Each checks the first result screen's length, the keys typed, the contacts shown, and
that nothing is repeated; the same walks run on Telegram in ``test_telegram_cases.py``."""

from __future__ import annotations

import pytest

from bot.dialog.runner import Runner
from bot.i18n import LANGUAGES, get_translator
from tests.support.console_driver import ConsoleChat
from tests.support.labels import (
    CONTINUE_QUESTIONS,
    DONE,
    MORE_GROUNDS,
    PERSON,
    PREVIOUS_GROUNDS,
    REVIEW,
    URGENT_HELP,
    WHO_TO_CONTACT,
)
from tests.support.runner_chat import ranked_grounds
from tests.support.seed_case import (
    ALL_UNKNOWN,
    FIRST_MESSAGE,
    PERSON_CASES,
    URGENT_STEP,
    PersonCase,
    questions,
)


def on_screen(chat: ConsoleChat, shown: dict[str, str]) -> str:
    """The question on screen: the longest question text the screen holds."""
    found = [text for text in shown if text in chat.text]
    assert found, f"no question on screen:\n{chat.screen}"
    return shown[max(found, key=len)]


async def walk(runner: Runner, case: PersonCase, lang: str) -> tuple[ConsoleChat, list[str]]:
    """From the first screen to the result as ``case`` answers; the questions asked, in
    order."""
    t = get_translator(lang)
    shown = questions(runner, lang)
    chat = await ConsoleChat.start(runner, lang=lang)
    if case.urgent:
        await chat.choose_all(t.gettext(URGENT_HELP), t.gettext(CONTINUE_QUESTIONS))
    await chat.begin(t.gettext(PERSON))
    review = t.gettext(REVIEW)
    asked: list[str] = []
    while review not in chat.choices:
        node = on_screen(chat, shown)
        asked.append(node)
        answer = case.answer(node)
        if isinstance(answer, tuple):
            for label in answer:
                await chat.choose(f"☐ {t.gettext(label)}")
            await chat.choose(t.gettext(DONE))
        else:
            await chat.choose(t.gettext(answer))
    return chat, asked


def first_screen_text(chat: ConsoleChat) -> str:
    """The result's first screen above its choices, spaces normalised (the terminal wraps
    lines at 78 columns)."""
    return " ".join(chat.screen.split("\n  1) ")[0].split())


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", PERSON_CASES, ids=lambda case: case.name)
async def test_a_persons_walk_in_the_terminal(runner: Runner, case: PersonCase, lang: str) -> None:
    """A short first screen that says what to do and whom to contact, in no more keys
    than today, the contacts that fit, and no question or advice twice."""
    chat, asked = await walk(runner, case, lang)
    keys = chat.typed
    summary = first_screen_text(chat)
    lines = [line for line in chat.screen.split("\n  1) ")[0].splitlines() if line.strip()]
    transcript = " ".join(chat.transcript.split())
    await chat.choose(get_translator(lang).gettext(WHO_TO_CONTACT))
    contacts = chat.text
    assert len(summary) <= FIRST_MESSAGE, summary
    assert "→ " in summary, "a thing to do names whom to contact"
    assert keys <= case.taps, f"{keys} keys"
    assert len(asked) == len(set(asked)), f"a question was asked twice: {asked}"
    assert len(lines) == len(set(lines)), "a line of the first screen is repeated"
    if lang == "en":
        assert case.first_says in summary
        for name in case.contacts:
            assert name in contacts, name
        advice = transcript.count(URGENT_STEP)
        assert advice == (1 if case.urgent else 0), "the advice at the door is shown once"
    if case.urgent:
        assert "detained" not in asked, "the urgent question is not asked again"


async def test_a_ground_on_the_second_page_opens_in_the_terminal(runner: Runner) -> None:
    """With "I don't know" everywhere, 28 grounds: the first screen offers the strongest
    six, "More grounds (22)" the next six, the eighth opens on its own choice, and
    "Previous grounds" offers the strongest six again."""
    grounds = ranked_grounds(runner, ALL_UNKNOWN)
    chat, _ = await walk(runner, ALL_UNKNOWN, "en")
    assert grounds[5].button_for(advocate=False) in chat.choices
    assert grounds[7].button_for(advocate=False) not in chat.choices
    await chat.choose(MORE_GROUNDS.format(count=len(grounds) - 6))
    title = f"grounds 7 to 12 of {len(grounds)}, strongest first"
    assert title in chat.text.casefold(), "the page's title"
    await chat.choose(grounds[7].button_for(advocate=False))
    assert grounds[7].title.casefold() in " ".join(chat.text.casefold().split())
    await chat.choose(PREVIOUS_GROUNDS)
    assert grounds[0].button_for(advocate=False) in chat.choices
