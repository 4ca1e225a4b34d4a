"""From a session's answers to the facts the knowledge base understands.

Answers hold flow variables (the role) and facts; only facts are passed on. A set-valued
fact answered with one button becomes a one-element set; "unknown" becomes absent.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.dialog.state import Answer
from bot.knowledge import Facts, KnowledgeBase, parse_facts
from bot.knowledge.ids import UNKNOWN


def raw_facts(kb: KnowledgeBase, answers: Mapping[str, Answer]) -> dict[str, object]:
    """The answers that are knowledge-base facts, shaped as ``parse_facts`` expects."""
    raw: dict[str, object] = {}
    for fact, value in answers.items():
        definition = kb.facts.get(fact)
        if definition is None:
            continue
        if definition.is_set:
            if isinstance(value, tuple):
                raw[fact] = list(value)
            else:
                raw[fact] = [] if value == UNKNOWN else [value]
        elif isinstance(value, str):
            raw[fact] = value
    return raw


def session_facts(kb: KnowledgeBase, answers: Mapping[str, Answer]) -> Facts:
    """Validated facts of a session (flows are checked at load, so this does not fail)."""
    return parse_facts(kb, raw_facts(kb, answers))
