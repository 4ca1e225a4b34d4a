"""Where an answer leads: moving on, skipping what cannot matter, arriving at a node.

A flow lists every question; which ones a person sees depends on their answers. These
rules are kept apart from the buttons that trigger them so that the review screen, the
case note and every transition agree on one meaning of "asked", "skipped" and
"still answered".
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.dialog.conversation import Conversation
from bot.dialog.facts import session_facts
from bot.dialog.model import Item, Node
from bot.dialog.state import Answer, HistoryEntry, Overlay, SessionState
from bot.knowledge import Truth, evaluate, facts_used

MAX_SKIPS = 1000
"""Flows are finite; this bounds a malformed loop of skips instead of hanging."""


def done_marker(node: Node) -> str:
    """The answer key recording that a checklist was completed (its ticks may all be off)."""
    return f"@{node.id}"


def item_ticked(item: Item, answers: Mapping[str, Answer]) -> bool:
    """Whether the answers hold what a checklist item states (a set-valued fact holds it
    among others)."""
    value = answers.get(item.fact)
    return value == item.value or (isinstance(value, tuple) and item.value in value)


def irrelevant(conv: Conversation, node: Node, answers: dict[str, Answer]) -> bool:
    """A node whose ``when`` the answers so far make FALSE (unknown keeps it)."""
    if node.when is None:
        return False
    return evaluate(node.when, session_facts(conv.kb, answers)) is Truth.FALSE


def still_answered(node: Node, answers: dict[str, Answer]) -> bool:
    """Whether a node passed before still has its answer (a skip may have dropped it)."""
    if node.type in ("question", "multi"):
        return node.fact in answers
    if node.type == "checklist":
        return done_marker(node) in answers
    return node.type == "notice"


def following(node: Node, answers: dict[str, Answer]) -> str | None:
    """Where an answered node leads, by the option that was chosen."""
    if node.type == "question" and node.fact:
        for option in node.options:
            if option.value == answers.get(node.fact) and option.next:
                return option.next
    return node.next


def moved_on(state: SessionState, update: Mapping[str, object]) -> SessionState:
    """``state`` changed by ``update`` as a new step: the buttons of every screen shown so
    far, overlays included, stop being accepted."""
    return state.model_copy(update={**update, "step": state.step + 1, "overlays": ()})


def showing(state: SessionState, overlay: Overlay) -> SessionState:
    """``state`` with ``overlay`` drawn over its node, at the same step."""
    if overlay in state.overlays:
        return state
    return state.model_copy(update={"overlays": (*state.overlays, overlay)})


def enter(conv: Conversation, state: SessionState) -> SessionState:
    """Arrive at a node: the why text and the terms are hidden, the result shows its summary,
    ticks start from the answers, and a notice records the facts it ``sets``."""
    node = conv.node(state)
    pending: tuple[str, ...] = ()
    if node.type == "multi" and node.fact:
        value = state.answers.get(node.fact)
        pending = value if isinstance(value, tuple) else ()
    elif node.type == "checklist":
        pending = tuple(
            str(i) for i, item in enumerate(node.items) if item_ticked(item, state.answers)
        )
    answers = {**state.answers, **node.sets} if node.sets else state.answers
    return state.model_copy(
        update={
            "why_shown": False,
            "pending": pending,
            "page": "",
            "terms": (),
            "answers": answers,
        }
    )


def advance(
    conv: Conversation, state: SessionState, answers: dict[str, Answer], target: tuple[str, str]
) -> SessionState:
    """Record the answer, then move on, skipping what cannot matter now.

    While revising (an answer changed from the review), questions already answered and
    still answered are passed by, so only what depends on the change is asked.
    """
    entry = HistoryEntry(flow=state.flow, node=state.node, answers=state.answers)
    visited = {(e.flow, e.node) for e in (*state.history, entry)}
    flow_id, node_id = target
    revising = state.revising
    answers = dict(answers)
    for _ in range(MAX_SKIPS):
        node = conv.flows[flow_id].node(node_id)
        if node.type == "goto" and node.flow:
            flow_id, node_id = node.flow, conv.flows[node.flow].start
            continue
        if irrelevant(conv, node, answers):
            # Its answers no longer apply; the facts its own `when` tests came from
            # elsewhere (the urgent screen answers the urgent question) and stay.
            guards = facts_used(node.when) if node.when is not None else frozenset()
            for fact in (*node.facts_set, done_marker(node)):
                if fact not in guards:
                    answers.pop(fact, None)
            if node.next is None:
                break
            node_id = node.next
            continue
        if revising and (flow_id, node_id) in visited and still_answered(node, answers):
            after = following(node, answers)
            if after is None:
                break
            node_id = after
            continue
        break
    moved = moved_on(
        state,
        {
            "flow": flow_id,
            "node": node_id,
            "answers": answers,
            "history": (*state.history, entry),
            "revising": revising and conv.flows[flow_id].node(node_id).type != "result",
        },
    )
    return enter(conv, moved)
