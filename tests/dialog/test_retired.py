"""Sessions stored before the welcome and the privacy notice became the first screen go
on from where they were instead of starting again."""

from __future__ import annotations

from bot.dialog.callback import Callback, Verb
from bot.dialog.events import Back, Current, Press
from bot.dialog.runner import Runner
from bot.dialog.state import HistoryEntry, SessionState
from tests.support.labels import BACK, CONTINUE_QUESTIONS, PERSON

WALKED_ON = (
    '{"v":3,"f":"person","n":"kinds","s":5,"a":{"role":"person","detained_or_imminent":"no"},'
    '"h":[["main","welcome",0],["privacy",0],["role",0],["person","detained",1]],"c":true}'
)
"""A session stored by the flows of early December 2026 (a welcome, then a privacy notice,
then the role) at the person's second question, as the store keeps it."""

AT_PRIVACY = '{"v":3,"f":"main","n":"privacy","s":2,"h":[["main","welcome",0]]}'
"""A session stored waiting at the old privacy notice, after the old welcome."""


def test_a_session_waiting_at_the_old_privacy_notice_goes_on_at_the_first_screen(
    runner: Runner,
) -> None:
    """It is shown the first screen, which holds that notice, without "your session has
    ended" and without a Back leading to the same screen; the old notice's button is an
    earlier screen's button."""
    stored = SessionState.from_json(AT_PRIVACY)
    state, view = runner.handle(stored, Current())
    assert (state.flow, state.node, state.history) == ("main", "role", ())
    assert "Choosing an answer below means you agree." in view.plain_text()
    assert "ended" not in view.plain_text()
    assert BACK not in [button.label for button in view.buttons]
    again, stale = runner.handle(stored, Press(Callback(2, Verb.CONTINUE).pack()))
    assert again.node == "role"
    assert "earlier question" in stale.plain_text()
    answered, _ = runner.handle(again, Press(stale.buttons[0].data))
    assert answered.answers == {"role": "person"}
    assert answered.consented


def test_a_session_that_had_passed_them_keeps_its_question_and_answers(runner: Runner) -> None:
    """At its question with its answers; Back leads to the detained question, then to the
    first screen, once."""
    stored = SessionState.from_json(WALKED_ON)
    state, view = runner.handle(stored, Current())
    assert (state.flow, state.node, state.step) == ("person", "kinds", 5)
    assert state.answers == stored.answers
    assert state.consented
    assert "What does the foreign state ask Belgium to do?" in view.plain_text()
    state, _ = runner.handle(state, Back())
    assert state.node == "detained"
    assert state.answers == {"role": "person"}
    state, view = runner.handle(state, Back())
    assert (state.node, state.answers, state.history) == ("role", {}, ())
    assert BACK not in [button.label for button in view.buttons]


def test_urgent_help_opened_on_the_old_welcome_continues_at_the_first_screen(
    runner: Runner,
) -> None:
    """The urgent notice was to come back to the old welcome; it comes back to the first
    screen, and the person goes on to the questions without the urgent one."""
    stored = SessionState(
        flow="main",
        node="urgent",
        step=2,
        answers={"detained_or_imminent": "yes"},
        history=(HistoryEntry(flow="main", node="welcome"),),
        resume=("main", "welcome"),
    )
    state, view = runner.handle(stored, Current())
    go_on = next(b for b in view.buttons if b.label == CONTINUE_QUESTIONS)
    state, view = runner.handle(state, Press(go_on.data))
    assert state.node == "role"
    state, view = runner.handle(
        state, Press(next(b.data for b in view.buttons if b.label == PERSON))
    )
    assert state.node == "kinds"
