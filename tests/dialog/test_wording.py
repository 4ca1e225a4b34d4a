"""Each channel's texts name only what that channel has: no /forget in the terminal."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from bot.channels.telegram_menu import COMMANDS
from bot.dialog.callback import Callback, Verb
from bot.dialog.events import Forget, Help, Press, Restart, TextInput
from bot.dialog.runner import Runner
from bot.dialog.screens import render
from bot.dialog.state import SessionState
from bot.dialog.wording import COMMAND, CONSOLE, TELEGRAM, Wording
from bot.i18n import LANGUAGES

CHANNELS = {"telegram": TELEGRAM, "console": CONSOLE}


def _notices(runner: Runner, lang: str) -> Iterator[tuple[str, str]]:
    """(where, text) of every notice a person can be shown, in one language: the first
    screen (the welcome and the privacy notice above the role question) and each notice."""
    yield "the first screen", render(runner, runner.new_state(lang)).plain_text()
    for flow in runner.flows.values():
        for node in flow.nodes:
            if node.type == "notice":
                state = SessionState(lang=lang, flow=flow.id, node=node.id)
                yield f"{flow.id}/{node.id}", render(runner, state).plain_text()
    state = runner.new_state(lang)
    erase = Callback(state.step, Verb.ERASE).pack()
    quick = Callback(state.step, Verb.QUICK_EXIT).pack()
    at_privacy = runner.new_state(lang)
    events = {
        "erase": (at_privacy, Press(Callback(1, Verb.ERASE).pack())),
        "quick exit": (at_privacy, Press(Callback(1, Verb.QUICK_EXIT).pack())),
        "forget": (state, Forget()),
        "help": (state, Help()),
        "typed text": (state, TextInput()),
        "stale button": (state, Press(Callback(99, Verb.CONTINUE).pack())),
        "erase after the session ended": (None, Press(erase)),
        "quick exit after the session ended": (None, Press(quick)),
        "a button after the session ended": (None, Press(Callback(3, Verb.BACK).pack())),
        "start over": (state, Restart()),
    }
    for where, (before, event) in events.items():
        yield where, runner.handle(before, event, lang)[1].plain_text()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("channel", sorted(CHANNELS))
def test_every_notice_names_only_commands_the_channel_has(
    runner: Runner, channel: str, lang: str
) -> None:
    """Every notice, on each channel, in each language: a /command it names must exist
    there, and the terminal never speaks of Telegram."""
    wording = CHANNELS[channel]
    speaking = replace(runner, wording=wording)
    problems = []
    for where, text in _notices(speaking, lang):
        for command in COMMAND.findall(text):
            if command not in wording.commands:
                problems.append(f"{where}: /{command}")
        if channel == "console" and "Telegram" in text:
            problems.append(f"{where}: speaks of Telegram")
    assert not problems, problems


def test_the_check_finds_what_it_looks_for(runner: Runner) -> None:
    """The terminal's runner given Telegram's texts would fail the check above."""
    telegram_in_the_terminal = replace(TELEGRAM, commands=CONSOLE.commands)
    found = [
        command
        for _, text in _notices(replace(runner, wording=telegram_in_the_terminal), "en")
        for command in COMMAND.findall(text)
    ]
    assert {"forget", "start"} <= set(found)
    assert COMMAND.findall("and/or https://example.org/x /help") == ["help"]


def test_telegram_wording_lists_the_commands_the_bot_registers() -> None:
    """The commands the Telegram texts may name are those the bot tells Telegram about."""
    assert {name for name, _ in COMMANDS} == TELEGRAM.commands


def test_the_terminal_privacy_notice_speaks_of_the_terminal(runner: Runner) -> None:
    """The terminal's first screen says what the terminal does; Telegram's stays as it was."""
    at_privacy = runner.new_state("en")
    console = render(replace(runner, wording=CONSOLE), at_privacy).plain_text()
    telegram = render(runner, at_privacy).plain_text()
    assert "nothing is left on this computer" in console
    assert "Type x at any time for a quick exit" in console
    assert "The chat itself stays on Telegram's servers" in telegram
    assert "/forget" in telegram


@pytest.mark.parametrize("wording", [TELEGRAM, CONSOLE], ids=["telegram", "console"])
def test_erasing_says_so_on_each_channel(runner: Runner, wording: Wording) -> None:
    """Erase says the answers are erased, with "Send /start" only where /start exists."""
    at_privacy = runner.new_state("en")
    speaking = replace(runner, wording=wording)
    view = speaking.handle(at_privacy, Press(Callback(1, Verb.ERASE).pack()))[1]
    assert view.erase
    assert view.plain_text().startswith("Your answers are erased.")
    assert ("/start" in view.plain_text()) == ("start" in wording.commands)
