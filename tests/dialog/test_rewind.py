"""Going back: after changing an answer from the review, back returns to the review."""

from __future__ import annotations

from bot.dialog.events import Back
from bot.dialog.runner import Runner
from tests.support.labels import (
    BACK,
    CHANGE_KIND,
    CHANGE_URGENT,
    DONT_KNOW,
    INTERPOL,
    KEEP_ANSWERS,
    MLA,
    NO,
    PERSON,
    REVIEW,
)
from tests.support.runner_chat import RunnerChat


def _at_the_result(runner: Runner) -> RunnerChat:
    chat = RunnerChat(runner)
    chat.begin(PERSON)
    chat.press_all(NO, MLA)
    while chat.state.node != "result":
        chat.press(DONT_KNOW)
    return chat


def test_back_from_a_question_opened_from_the_review_shows_the_review(runner: Runner) -> None:
    """Result -> review -> "✎ Kind of request" -> Back: the review again, with the
    answer unchanged, not the result and then the question once more."""
    chat = _at_the_result(runner)
    chat.press(REVIEW)
    chat.press(CHANGE_KIND)
    assert chat.state.node == "kinds"
    view = chat.press(BACK)
    assert view.echo == f"» {BACK}"
    assert chat.text.startswith("Your answers")
    assert "Kind of request: Help its case" in chat.text
    assert chat.state.node == "result"
    assert chat.state.answers["request_kinds"] == "mla"
    chat.press(KEEP_ANSWERS)
    assert chat.text.startswith("Your result")
    assert BACK not in chat.labels, "the result is the end: nothing to loop back into"


def test_the_back_command_does_the_same(runner: Runner) -> None:
    """/back on the changed question also returns to the review, whose buttons work."""
    chat = _at_the_result(runner)
    chat.press(REVIEW)
    chat.press(CHANGE_URGENT)
    chat.send(Back())
    assert chat.text.startswith("Your answers")
    chat.press(CHANGE_KIND)
    assert chat.state.node == "kinds"


def test_back_after_answering_the_changed_question_is_an_ordinary_back(runner: Runner) -> None:
    """Once the changed question is answered and a dependent one follows, back goes to the
    changed question, as anywhere else."""
    chat = _at_the_result(runner)
    chat.press(REVIEW)
    chat.press(CHANGE_KIND)
    chat.press(INTERPOL)
    assert chat.state.node == "notice_kind"
    chat.press(BACK)
    assert chat.state.node == "kinds"
