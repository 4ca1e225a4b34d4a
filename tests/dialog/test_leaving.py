"""Quick exit as an event: the terminal's key works on every screen, session or not."""

from __future__ import annotations

from bot.dialog.events import QuickExit
from bot.dialog.runner import Runner
from tests.support.runner_chat import PERSON, RunnerChat


def test_quick_exit_from_a_question_leaves_one_neutral_word(runner: Runner) -> None:
    """On a screen that has no Quick exit button, the event still erases at once."""
    chat = RunnerChat(runner)
    chat.begin(PERSON)
    assert "Quick exit" not in chat.labels
    view = chat.send(QuickExit())
    assert view.quick_exit
    assert view.plain_text() == "Done."
    assert view.buttons == ()


def test_quick_exit_without_a_session(runner: Runner) -> None:
    """With nothing stored, it is just as quiet."""
    _, view = runner.handle(None, QuickExit(), "nl")
    assert view.quick_exit
    assert view.plain_text() == "Klaar."
