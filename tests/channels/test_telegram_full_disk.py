"""A full disk under the running bot (issue 17, point 4, the store's side).

On a small temporary filesystem (tmpfs, mounted for the test where the machine allows
it): the disk fills while a person walks; their next step is not saved and they are told
so plainly in their language; the operator reads why in the log (no user data); nothing
is half-written, the bot keeps running, and once space is freed the same press goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.dialog.runner import Runner
from bot.guide import CANNOT_SAVE
from bot.i18n import LANGUAGES, get_translator
from tests.support.bot_runner import running_bot
from tests.support.labels import PERSON
from tests.support.small_disk import fill, small_filesystem
from tests.support.telegram_emulator import BotApiEmulator

USER_ID = 5550601


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB filesystem of its own, unmounted after the test."""
    with small_filesystem(tmp_path / "disk") as disk:
        yield disk


def test_the_message_says_plainly_that_nothing_was_saved_in_every_language() -> None:
    """Translated everywhere, and it never tells the person to start again."""
    for lang in LANGUAGES:
        text = get_translator(lang).gettext(CANNOT_SAVE)
        assert (text == CANNOT_SAVE) == (lang == "en"), lang
        assert "/start" not in text


@pytest.mark.parametrize("lang", ["fr", "ru"])
async def test_a_step_on_a_full_disk_is_refused_plainly_and_the_bot_goes_on(
    telegram_api: BotApiEmulator,
    small_disk: Path,
    runner: Runner,
    caplog: pytest.LogCaptureFixture,
    lang: str,
) -> None:
    """The disk fills on the first screen: choosing a role is answered with the message
    that nothing was saved, in the person's language; after space is freed, pressing it
    again on the same screen asks the first question."""
    caplog.set_level(logging.INFO)
    t = get_translator(lang)
    user = telegram_api.user(user_id=USER_ID, language_code=lang)
    async with running_bot(telegram_api, small_disk / "data", runner):
        await user.send("/start")
        first = user.last_message
        filler = fill(small_disk)
        await user.click(t.gettext(PERSON))
        assert user.last_message.text == t.gettext(CANNOT_SAVE)
        filler.unlink()
        await user.click_on(first, t.gettext(PERSON))
        question = t.gettext(runner.flows["person"].node("detained").text)
        assert question in (user.last_message.text or ""), "nothing was lost"
    refused = [r for r in caplog.records if "disk is full" in r.getMessage()]
    assert len(refused) == 1, [r.getMessage() for r in caplog.records]
    assert refused[0].levelno == logging.ERROR
    assert str(small_disk / "data" / "sessions.sqlite3") in refused[0].getMessage()
    for record in caplog.records:
        line = record.getMessage()
        assert str(USER_ID) not in line, line
        assert t.gettext(PERSON) not in line, line
