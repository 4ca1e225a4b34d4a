"""After a failure inside the bot: an apology that says how to go on, and going on works.

"Send /start" would throw the person's answers away. The apology says to press the button
again (or send /help), and doing so continues the walk where it was, whether the failed
update had been stored (a failure while drawing) or not (a failure inside the step).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.channels import telegram_dispatch
from bot.channels.telegram_failure import APOLOGY
from bot.dialog.runner import Runner
from bot.guide import Guide
from bot.i18n import LANGUAGES, get_translator
from tests.support.bot_runner import running_bot
from tests.support.labels import NO, PERSON
from tests.support.telegram_emulator import BotApiEmulator
from tests.support.telegram_faults import fail_once

FIRST_QUESTION = "Is one of these happening now"


def test_the_apology_never_says_start_in_any_language() -> None:
    """In every language the apology keeps the answers: it names /help, never /start, and
    it is translated."""
    for lang in LANGUAGES:
        text = get_translator(lang).gettext(APOLOGY)
        assert "/start" not in text, lang
        assert "/help" in text, lang
        assert (text == APOLOGY) == (lang == "en"), lang


@pytest.mark.parametrize("where", ["while drawing", "inside the step"])
async def test_pressing_again_after_the_apology_goes_on_with_the_answers(
    telegram_api: BotApiEmulator,
    data_dir: Path,
    runner: Runner,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    """Choosing a role fails once; the person reads the apology, presses the role again as
    it says, and is asked the first question; the walk goes on from there."""
    user = telegram_api.user(user_id=5550501, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
        first = user.last_message
        if where == "while drawing":  # the step is stored, its reply never drawn
            fail_once(monkeypatch, telegram_dispatch, "draw")
        else:  # nothing is applied
            fail_once(monkeypatch, Guide, "step")
        await user.click(PERSON)
        assert user.last_message.text == APOLOGY
        await user.click_on(first, PERSON)
        assert FIRST_QUESTION in (user.last_message.text or "")
        await user.click(NO)
    assert "» " + NO in (user.last_message.text or ""), "the walk went on"
