"""The stored form of a session's state: compact, exact, and readable across versions."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.dialog.runner import Runner
from bot.dialog.state import HistoryEntry, SessionState
from tests.support.runner_chat import long_person_walk

NAMES = st.sampled_from(["role", "request_kinds", "protection_status", "@a_mla", "travel"])
VALUES = st.one_of(
    st.sampled_from(["yes", "no", "unknown", "done"]),
    st.lists(st.sampled_from(["mla", "extradition", "interpol"]), max_size=3).map(tuple),
)
ANSWERS = st.dictionaries(NAMES, VALUES, max_size=5)
ENTRIES = st.builds(
    HistoryEntry,
    flow=st.sampled_from(["main", "person", "advocate"]),
    node=st.sampled_from(["welcome", "role", "kinds", "a_status"]),
    answers=ANSWERS,
)


@given(
    answers=ANSWERS,
    history=st.lists(ENTRIES, max_size=6).map(tuple),
    step=st.integers(1, 400),
    pending=st.lists(st.sampled_from(["mla", "search"]), max_size=2).map(tuple),
    consented=st.booleans(),
    lang=st.sampled_from(["en", "fr", "nl", "ru"]),
)
def test_any_state_comes_back_exactly_with_its_answers_in_order(
    answers: dict[str, str | tuple[str, ...]],
    history: tuple[HistoryEntry, ...],
    step: int,
    pending: tuple[str, ...],
    consented: bool,
    lang: str,
) -> None:
    """Back and review rely on the history's answers and their order: the compact form
    keeps both, whatever a history entry holds (fewer answers, other values, another
    order)."""
    state = SessionState(
        lang=lang,
        flow="person",
        node="kinds",
        step=step,
        answers=answers,
        history=history,
        pending=pending,
        consented=consented,
    )
    again = SessionState.from_json(state.to_json())
    assert again == state
    assert list(again.answers.items()) == list(state.answers.items())
    for before, after in zip(state.history, again.history, strict=True):
        assert list(after.answers.items()) == list(before.answers.items())


def test_a_long_finished_walk_is_a_small_fraction_of_the_version_2_form(
    runner: Runner,
) -> None:
    """Version 2 copied every answer so far into each step of the history; a person's
    finished walk is now a fifth of that size or less, and reads back the same."""
    state = long_person_walk(runner)
    assert len(state.answers) >= 15, "a long walk"
    assert len(state.history) >= 15
    compact = state.to_json()
    version_2 = state.model_dump_json()
    assert len(compact) * 5 <= len(version_2)
    assert SessionState.from_json(compact) == state


def test_a_version_2_state_is_read_as_version_3() -> None:
    """Rows written before this version keep their conversation."""
    v2 = {
        "schema_version": 2,
        "lang": "nl",
        "flow": "person",
        "node": "origin",
        "step": 5,
        "answers": {"role": "person", "request_kinds": ["mla"]},
        "history": [
            {"flow": "main", "node": "role", "answers": {}},
            {"flow": "person", "node": "kinds", "answers": {"role": "person"}},
        ],
        "consented": True,
    }
    state = SessionState.from_json(json.dumps(v2))
    assert state.schema_version == 3
    assert state.answers == {"role": "person", "request_kinds": ("mla",)}
    assert [(e.flow, e.node, e.answers) for e in state.history] == [
        ("main", "role", {}),
        ("person", "kinds", {"role": "person"}),
    ]
    assert json.loads(state.to_json())["v"] == 3


@pytest.mark.parametrize(
    "raw",
    [
        '{"v":3,"f":"main","n":"role","h":[["main"]]}',
        '{"v":3,"f":"main","n":"role","h":[["main","role","x"]]}',
        '{"v":3,"f":"main","n":"role","h":5}',
        '{"v":3,"f":"main","n":"role","s":"many"}',
        "not json",
    ],
)
def test_a_damaged_stored_state_is_refused_not_guessed(raw: str) -> None:
    """The stores read these as "no session" (the person starts afresh)."""
    with pytest.raises((ValueError, ValidationError)):
        SessionState.from_json(raw)
