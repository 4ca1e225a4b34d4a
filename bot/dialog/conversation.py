"""The immutable data every part of the runner reads: flows, knowledge base, builders.

The runner's jobs live in separate modules (navigation, screens, review, transitions),
each a set of plain functions over a :class:`Conversation` and a
:class:`~bot.dialog.state.SessionState`. Keeping the shared data in one small class
below all of them is what lets the arrows run one way: the runner dispatches to
transitions, transitions use screens and navigation, and nothing points back up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.dialog.loader import MAIN_FLOW
from bot.dialog.model import Flow, Node
from bot.dialog.state import SessionState
from bot.dialog.view import Document, Paragraph
from bot.dialog.wording import TELEGRAM, Wording
from bot.glossary import Glossary
from bot.i18n import Translator
from bot.knowledge import KnowledgeBase


@dataclass(frozen=True)
class ResultPage:
    """One page of the result, as the result builder makes it.

    ``grounds`` are the labels of the buttons that open one ground each (the builder
    numbers them: page ``ground:<n>`` opens the n-th); ``sources`` are the English source
    texts the page shows, in which the glossary's terms are looked for; ``screenful`` asks
    the channel to cut the page into messages of one phone screen each.
    """

    paragraphs: tuple[Paragraph, ...]
    grounds: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    screenful: bool = False


ResultBuilder = Callable[[SessionState, Translator, str], ResultPage | None]
"""Turns the answers of a finished flow into one page of the result: the summary (``""``),
``details``, ``contacts`` or ``ground:<n>``; ``None`` for a page that does not exist."""

PanelBuilder = Callable[[str, SessionState, Translator], tuple[Paragraph, ...]]
"""Draws the named panel of a notice (``urgent``: the checklist at the door and whom to
call) from data the flows do not hold."""

CaseNoteBuilder = Callable[[SessionState, Translator, list[tuple[str, str]]], Document]
"""Makes the case note of a finished flow in one language, given the answers as text."""


@dataclass(frozen=True)
class Conversation:
    """The flows and what turns answers into an assessment; holds only immutable data.

    ``wording`` is the channel it speaks for (Telegram unless replaced).
    """

    flows: dict[str, Flow]
    kb: KnowledgeBase
    result: ResultBuilder
    case_note: CaseNoteBuilder
    panel: PanelBuilder
    glossary: Glossary
    wording: Wording = TELEGRAM

    def new_state(self, lang: str) -> SessionState:
        """A session at the first screen of the main flow."""
        flow = self.flows[MAIN_FLOW]
        return SessionState(lang=lang, flow=flow.id, node=flow.start)

    def node(self, state: SessionState) -> Node:
        """The node a session is at."""
        return self.flows[state.flow].node(state.node)

    def valid(self, state: SessionState) -> bool:
        """Whether every node a stored session refers to still exists in the flows."""
        places = [(state.flow, state.node), *((e.flow, e.node) for e in state.history)]
        if state.resume is not None:
            places.append(state.resume)
        return all(f in self.flows and n in self.flows[f].by_id for f, n in places)
