"""Getting out: Quick exit under every screen, honoured from any message, and the
terminal's key (an event) on every screen, session or not."""

from __future__ import annotations

from bot.dialog.events import ChooseLanguage, Help, Press, QuickExit, TextInput
from bot.dialog.runner import Runner
from tests.support.labels import (
    CONTINUE,
    DONE,
    DONT_KNOW,
    ERASE,
    EXTRADITION,
    NO,
    PERSON,
    QUICK_EXIT,
    START_OVER,
)
from tests.support.runner_chat import RunnerChat


def test_every_screen_of_a_walk_offers_quick_exit(runner: Runner) -> None:
    """From the first screen to the result, each screen has exactly one Quick exit button,
    and so do help, the language picker and the note after typed text."""
    chat = RunnerChat(runner)
    screens = 0
    for _ in range(60):
        assert chat.labels.count(QUICK_EXIT) == 1, f"{chat.state.node}: {chat.labels}"
        screens += 1
        if START_OVER in chat.labels:  # the result
            break
        ways_on = (PERSON, NO, DONT_KNOW, DONE, CONTINUE)
        chat.press(next((w for w in ways_on if w in chat.labels), chat.labels[0]))
    assert screens > 5
    for event in (Help(), ChooseLanguage(), TextInput()):
        assert [b.label for b in chat.send(event).buttons].count(QUICK_EXIT) == 1


def test_quick_exit_on_an_earlier_question_still_leaves(runner: Runner) -> None:
    """A person in danger taps the Quick exit they see, under a question answered
    several steps ago: it erases at once instead of being refused as stale."""
    chat = RunnerChat(runner)
    chat.begin(PERSON)
    old = next(b for b in chat.view.buttons if b.label == QUICK_EXIT)
    chat.press_all(NO, EXTRADITION)
    view = chat.runner.handle(chat.state, Press(old.data))[1]
    assert view.quick_exit
    assert view.plain_text() == "Done."
    assert view.buttons == ()


def test_erase_on_the_first_screen_works_after_the_walk_went_on(runner: Runner) -> None:
    """ "Erase my answers" under the first screen (the privacy notice) still erases once
    questions followed."""
    chat = RunnerChat(runner)
    erase = next(b for b in chat.view.buttons if b.label == ERASE)
    chat.press_all(PERSON, NO, DONT_KNOW)
    assert chat.runner.handle(chat.state, Press(erase.data))[1].erase


def test_quick_exit_from_a_question_leaves_one_neutral_word(runner: Runner) -> None:
    """The terminal's key (and Telegram's /exit) erases at once from a question."""
    chat = RunnerChat(runner)
    chat.begin(PERSON)
    view = chat.send(QuickExit())
    assert view.quick_exit
    assert view.plain_text() == "Done."
    assert view.buttons == ()


def test_quick_exit_without_a_session(runner: Runner) -> None:
    """With nothing stored, it is just as quiet."""
    _, view = runner.handle(None, QuickExit(), "nl")
    assert view.quick_exit
    assert view.plain_text() == "Klaar."
