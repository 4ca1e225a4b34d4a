"""The review and the case note show exactly the option chosen, and the knowledge base
still gets the facts that option stands for."""

from __future__ import annotations

import pytest

from bot.dialog.facts import raw_facts
from bot.dialog.runner import Runner
from tests.support.labels import (
    ADVOCATE,
    ADVOCATE_EXTRADITION,
    ADVOCATE_REFUGEE,
    BELGIAN_NATIONAL,
    CASE_NOTE,
    DONE,
    KEEP_ANSWERS,
    REVIEW,
    UNKNOWN,
)
from tests.support.runner_chat import RunnerChat

ELSEWHERE = "Protected against another state"


def _advocate_at_the_result(runner: Runner, status: str) -> RunnerChat:
    chat = RunnerChat(runner)
    chat.begin(ADVOCATE)
    chat.press_all(ADVOCATE_EXTRADITION, status, DONE, UNKNOWN, DONE)
    assert chat.state.node == "a_result"
    return chat


@pytest.mark.parametrize(
    ("chosen", "other"), [(ADVOCATE_REFUGEE, ELSEWHERE), (ELSEWHERE, ADVOCATE_REFUGEE)]
)
def test_review_and_case_note_show_only_the_protection_chosen(
    runner: Runner, chosen: str, other: str
) -> None:
    """Two options that are both "refugee" for the rules no longer read as each other."""
    chat = _advocate_at_the_result(runner, chosen)
    review = chat.press(REVIEW).plain_text()
    assert f"Protection status: {chosen}\n" in review + "\n"
    assert other not in review
    chat.press(KEEP_ANSWERS)
    note = chat.press(CASE_NOTE).document
    assert note is not None
    text = note.content.decode("utf-8")
    assert f"- Protection status of the person in Belgium:\n  → {chosen}" in text
    assert other not in text


@pytest.mark.parametrize(
    ("chosen", "facts"),
    [
        (
            ADVOCATE_REFUGEE,
            {
                "protection_status": "refugee",
                "status_against_requesting_state": "yes",
                "requesting_state_is_origin": "yes",
            },
        ),
        (ELSEWHERE, {"protection_status": "refugee", "status_against_requesting_state": "no"}),
        (BELGIAN_NATIONAL, {"protection_status": "belgian_national"}),
        (UNKNOWN, {"protection_status": "unknown"}),
    ],
)
def test_each_protection_option_gives_the_rules_the_same_facts_as_before(
    runner: Runner, chosen: str, facts: dict[str, str]
) -> None:
    """The knowledge base sees the facts the flow always gave it for that option."""
    chat = _advocate_at_the_result(runner, chosen)
    given = raw_facts(runner.kb, chat.state.answers)
    asked = {
        fact: given[fact]
        for fact in (
            "protection_status",
            "status_against_requesting_state",
            "requesting_state_is_origin",
        )
        if fact in given
    }
    assert asked == facts
