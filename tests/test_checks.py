"""``refuge-guide check``: every screen, and what the bot publishes, fits Telegram's limits
in every language; a translation that does not is named with where and which language."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot import i18n
from bot.channels.telegram_menu import SHORT_DESCRIPTION
from bot.checks import MAX_LABEL, limit_problems
from bot.dialog.model import Option
from bot.dialog.runner import Runner
from tests.support.processes import refuge_guide


def test_the_shipped_flows_fit(runner: Runner) -> None:
    """No message over 4096 characters, no label too long, no callback data over 64 bytes."""
    assert [str(p) for p in limit_problems(runner)] == []


def test_a_label_too_long_is_named_with_flow_node_and_language(runner: Runner) -> None:
    """A label over the 40-character budget (what a phone shows on one button) is caught,
    in every language, before anyone sees it cut."""
    role = runner.flows["main"].node("role")
    long_option = Option(value="person", label="x" * (MAX_LABEL + 1), next="to_person")
    broken_role = role.model_copy(update={"options": (long_option, *role.options[1:])})
    main = runner.flows["main"]
    nodes = tuple(broken_role if n.id == "role" else n for n in main.nodes)
    broken_main = main.model_copy(update={"nodes": nodes})
    broken_main.__dict__.pop("by_id", None)
    broken = replace(runner, flows={**runner.flows, "main": broken_main})
    problems = [str(p) for p in limit_problems(broken)]
    for lang in i18n.LANGUAGES:
        where = f"flow 'main', node 'role', language {lang}: label of 41 characters"
        assert any(p.startswith(where) for p in problems), lang


def test_check_command_reports_success(data_dir) -> None:  # type: ignore[no-untyped-def]
    """`refuge-guide check` loads everything and says so."""
    run = refuge_guide("check", data_dir=data_dir)
    assert run.returncode == 0, run.stderr
    assert "the command menu and the descriptions fit Telegram's limits" in run.stdout


class _Longer:
    """A translator whose translation of ``message`` is ``length`` characters; all else
    as is."""

    def __init__(self, translator: i18n.Translator, message: str, length: int) -> None:
        self._translator = translator
        self._message = message
        self._length = length

    def __getattr__(self, name: str) -> object:
        return getattr(self._translator, name)

    def gettext(self, message: str) -> str:
        if message == self._message:
            return "x" * self._length
        return self._translator.gettext(message)


def test_a_short_description_too_long_in_one_language_is_named(
    runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Dutch short description over Telegram's 120 characters is caught by `check`."""
    real = i18n.get_translator

    def translator(lang: str) -> object:
        return _Longer(real(lang), SHORT_DESCRIPTION, 121) if lang == "nl" else real(lang)

    monkeypatch.setattr("bot.checks.get_translator", translator)
    problems = [str(p) for p in limit_problems(runner)]
    assert problems == ["the bot's short description, language nl: too long"]


def test_a_first_screen_longer_than_a_phone_screen_is_named(
    runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Russian welcome that pushes the first screen past one phone screen is caught, on
    both channels, though it is far within Telegram's 4096 characters."""
    real = i18n.get_translator
    welcome = runner.flows["main"].node("role").intro[0].text

    def translator(lang: str) -> object:
        return _Longer(real(lang), welcome, 900) if lang == "ru" else real(lang)

    monkeypatch.setattr("bot.checks.get_translator", translator)
    monkeypatch.setattr("bot.dialog.screens.get_translator", translator)
    problems = [str(p) for p in limit_problems(runner)]
    assert [p.split(":")[0] for p in problems] == [
        "the first screen (telegram), language ru",
        "the first screen (console), language ru",
    ]
