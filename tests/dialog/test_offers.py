"""A press counts only if the screen offered it: forged buttons change nothing, toggles
set the tick they carry, the language picker keeps working from the picker."""

from __future__ import annotations

import pytest

from bot.dialog.callback import Callback, Verb
from bot.dialog.events import ChooseLanguage, Current, Help, Press
from bot.dialog.runner import Runner
from bot.dialog.screens import render
from tests.support.labels import (
    ADVOCATE,
    ADVOCATE_EXTRADITION,
    ADVOCATE_MLA,
    BELGIAN_NATIONAL,
    CHANGE_STATUS,
    DONE,
    DUTCH,
    FISCAL_ONLY,
    NO,
    PERSON,
    REVIEW,
    RUSSIAN,
    UNKNOWN,
    URGENT_HELP,
)
from tests.support.runner_chat import RunnerChat

STALE = "That button belongs to an earlier question"


@pytest.fixture
def chat(runner: Runner) -> RunnerChat:
    """An English conversation at the person path's first question ("Urgent situation")."""
    chat = RunnerChat(runner)
    chat.begin(PERSON)
    return chat


@pytest.mark.parametrize(
    "forged",
    [
        Callback(0, Verb.LANGUAGE, lang="ru"),
        Callback(0, Verb.URGENT),
        Callback(0, Verb.REVIEW),
        Callback(0, Verb.EDIT, index=0),
        Callback(0, Verb.NOTE, lang="fr"),
        Callback(0, Verb.RESTART),
        Callback(0, Verb.SHOW),
        Callback(0, Verb.OPTION, index=7),
        Callback(0, Verb.TOGGLE, index=0, tick=True),
    ],
    ids=lambda c: c.verb.name,
)
def test_a_verb_from_another_screen_with_the_right_step_is_refused(
    chat: RunnerChat, forged: Callback
) -> None:
    """A client that copies the current step into another screen's button gets the current
    question again, with its answers, language and session untouched."""
    before = chat.state
    data = Callback(before.step, forged.verb, forged.index, forged.lang, forged.tick).pack()
    view = chat.send(Press(data))
    assert chat.state == before
    assert not view.erase
    assert not view.quick_exit
    assert view.document is None
    assert STALE in view.plain_text()
    assert view.buttons == render(chat.runner, before).buttons


@pytest.mark.parametrize("step", [0, 1, 999_999_999])
def test_a_way_out_is_honoured_whatever_step_it_carries(chat: RunnerChat, step: int) -> None:
    """Quick exit and Erase carry no answer, so they are accepted from any message, even
    one the client made up: all they can do is erase the sender's own session."""
    quick = chat.runner.handle(chat.state, Press(Callback(step, Verb.QUICK_EXIT).pack()))[1]
    assert quick.quick_exit
    erase = chat.runner.handle(chat.state, Press(Callback(step, Verb.ERASE).pack()))[1]
    assert erase.erase


def test_urgent_help_is_accepted_once_help_offered_it(chat: RunnerChat) -> None:
    """/help shows "I need urgent help now" on any screen, and that button then works."""
    chat.send(Help())
    chat.press(URGENT_HELP)
    assert chat.state.node == "urgent"


def test_the_language_picker_works_from_the_picker(chat: RunnerChat) -> None:
    """/language, then a language: the same question, now in that language."""
    node = chat.state.node
    chat.send(ChooseLanguage())
    chat.press(DUTCH)
    assert chat.state.lang == "nl"
    assert chat.state.node == node


def test_the_pickers_buttons_stop_working_once_the_person_moves_on(chat: RunnerChat) -> None:
    """A picker left open is an earlier screen after the next answer."""
    chat.send(ChooseLanguage())
    russian = next(b for b in chat.view.buttons if b.label == RUSSIAN)
    chat.send(Current())  # the question again, under the picker
    chat.press(NO)
    before = chat.state
    view = chat.send(Press(russian.data))
    assert chat.state == before
    assert chat.state.lang == "en"
    assert STALE in view.plain_text()


def test_the_review_buttons_work_only_once_the_review_was_shown(runner: Runner) -> None:
    """On the result, "Change" is accepted after "Review or change my answers", not before."""
    chat = RunnerChat(runner)
    chat.begin(ADVOCATE)
    chat.press_all(ADVOCATE_EXTRADITION, BELGIAN_NATIONAL, DONE, UNKNOWN, DONE)
    assert chat.state.node == "a_result"
    result = chat.state
    edit = Callback(result.step, Verb.EDIT, index=len(result.history) - 1).pack()
    assert STALE in chat.send(Press(edit)).plain_text()
    assert chat.state == result
    chat.press(REVIEW)
    chat.press(CHANGE_STATUS)
    assert chat.state.node == "a_status"


def test_a_toggle_pressed_twice_stays_ticked(runner: Runner) -> None:
    """After a lost reply the person presses FISCAL_ONLY again: it stays
    ticked instead of flipping back, and the screen shows the tick."""
    chat = RunnerChat(runner)
    chat.begin(ADVOCATE)
    chat.press_all(ADVOCATE_MLA, UNKNOWN)
    tick = next(b for b in chat.view.buttons if b.label == FISCAL_ONLY)
    chat.send(Press(tick.data))
    assert "☑ Fiscal offences only" in chat.labels
    again = chat.send(Press(tick.data))
    assert again.replace
    assert "☑ Fiscal offences only" in chat.labels
    chat.press(DONE)
    assert chat.state.answers["charges_fiscal_only"] == "yes"


def test_an_untick_pressed_twice_stays_unticked(runner: Runner) -> None:
    """The same holds the other way: unticking twice leaves the box empty."""
    chat = RunnerChat(runner)
    chat.begin(ADVOCATE)
    chat.press_all(ADVOCATE_MLA, UNKNOWN, FISCAL_ONLY)
    untick = next(b for b in chat.view.buttons if b.label == "☑ Fiscal offences only")
    chat.send(Press(untick.data))
    chat.send(Press(untick.data))
    assert FISCAL_ONLY in chat.labels
    chat.press(DONE)
    assert "charges_fiscal_only" not in chat.state.answers
