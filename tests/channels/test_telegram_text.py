"""Text arrives as it was written: every message is HTML by default, and a plain line
holding ``<`` or ``&`` (a translation may) is neither shown escaped nor read as markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.channels.telegram_failure import APOLOGY
from bot.dialog.runner import Runner
from bot.guide import Guide
from bot.i18n import Translator
from tests.support.bot_runner import running_bot
from tests.support.labels import PERSON, QUICK_EXIT
from tests.support.telegram_emulator import BotApiEmulator

DONE = "Done & gone <3"
SORRY = "Sorry: <something> went wrong & we are on it. Press it again."


@pytest.fixture
def awkward_wording(monkeypatch: pytest.MonkeyPatch) -> None:
    """Translations of the quick-exit line and the apology that hold '<', '>' and '&'."""
    original = Translator.gettext
    awkward = {
        "Done.": DONE,
        APOLOGY: SORRY,
    }

    def gettext(self: Translator, message: str) -> str:
        return awkward.get(message) or original(self, message)

    original_p = Translator.pgettext

    def pgettext(self: Translator, context: str, message: str) -> str:
        return awkward.get(message) or original_p(self, context, message)

    monkeypatch.setattr(Translator, "gettext", gettext)
    monkeypatch.setattr(Translator, "pgettext", pgettext)


@pytest.mark.usefixtures("awkward_wording")
async def test_the_quick_exit_line_arrives_as_written(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """The one neutral line left after a quick exit shows '&' and '<', not '&amp;'."""
    user = telegram_api.user(user_id=5550301, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await user.start_as(PERSON)
        await user.click(QUICK_EXIT)
        await user.settle()
    assert [m.text for m in user.messages] == [DONE]
    assert user.messages[0].parse_mode == "HTML"


@pytest.mark.usefixtures("awkward_wording")
async def test_the_apology_for_a_failure_arrives_as_written(
    telegram_api: BotApiEmulator,
    data_dir: Path,
    runner: Runner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When a step fails, the apology reads exactly as translated, markup characters too."""
    user = telegram_api.user(user_id=5550302, language_code="en")

    async def broken_step(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a failure inside the step")

    async with running_bot(telegram_api, data_dir, runner):
        await user.send("/start")
        monkeypatch.setattr(Guide, "step", broken_step)
        await user.send("/help")
        await user.settle()
    assert user.last_message.text == SORRY


async def test_screens_are_html_without_naming_the_parse_mode_on_each_call(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """Titles arrive bold: the Application's default parse mode is HTML."""
    user = telegram_api.user(user_id=5550303, language_code="en")
    async with running_bot(telegram_api, data_dir, runner):
        await user.start_as(PERSON)
    message = user.last_message
    assert message.parse_mode == "HTML"
    assert "<" not in (message.text or ""), "no markup shows as text"
