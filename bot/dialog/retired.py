"""Stored sessions at nodes the flows no longer have: moved to the node now in their place.

Sessions are kept for a month, so a flow file changes under people in the middle of a
walk. A node that is simply gone ends such a session ("Your earlier session has ended"),
which is right when its meaning changed. A node that was replaced lists its id under the
flow's ``retired`` with the node that took over its job: the welcome and the privacy
notice became the first screen's intro in December 2026 (issue 11, point 3), and a
person who had stopped at either, or who had passed them on the way to a question, goes
on from where they were.

Only the places change, never the answers. A history entry at a retired node becomes an
entry at its replacement; several in a row (the welcome, then the privacy notice, then
the role question they both became) are one screen now and keep one entry, the last, so
that Back does not show the same screen twice; nor does Back lead from a screen to itself.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.dialog.model import Flow
from bot.dialog.state import HistoryEntry, SessionState

Place = tuple[str, str]


def _place(flows: Mapping[str, Flow], flow: str, node: str) -> Place:
    """Where ``(flow, node)`` is now: itself, or the node that replaced it."""
    known = flows.get(flow)
    if known is None or node not in known.retired:
        return flow, node
    return flow, known.retired[node]


def uses_retired(flows: Mapping[str, Flow], state: SessionState) -> bool:
    """Whether ``state`` refers to a node that one of the flows has retired."""
    places = [(state.flow, state.node), *((e.flow, e.node) for e in state.history)]
    if state.resume is not None:
        places.append(state.resume)
    return any(_place(flows, flow, node) != (flow, node) for flow, node in places)


def moved_from_retired(flows: Mapping[str, Flow], state: SessionState) -> SessionState:
    """``state`` with every retired node replaced by its successor (module docstring);
    ``state`` itself when it refers to none."""
    if not uses_retired(flows, state):
        return state
    flow, node = _place(flows, state.flow, state.node)
    history: list[HistoryEntry] = []
    for entry in state.history:
        entry_flow, entry_node = _place(flows, entry.flow, entry.node)
        if history and (history[-1].flow, history[-1].node) == (entry_flow, entry_node):
            history.pop()  # the later entry of the same screen stands for both
        history.append(entry.model_copy(update={"flow": entry_flow, "node": entry_node}))
    if history and (history[-1].flow, history[-1].node) == (flow, node):
        history.pop()  # Back from this screen would show it again
    resume = None if state.resume is None else _place(flows, *state.resume)
    update = {"flow": flow, "node": node, "history": tuple(history), "resume": resume}
    return state.model_copy(update=update)
