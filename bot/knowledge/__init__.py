"""The legal knowledge base and the assessment engine: facts in, refusal grounds out.

Public API::

    kb = load_knowledge()                     # dialogs/knowledge/*.yaml, validated
    facts = parse_facts(kb, {"request_kinds": ["mla"], "charges_political": "yes"})
    result = assess(kb, facts)                # pure; every ground once, with a Status

``evaluate``/``facts_used`` (in ``conditions``) serve the conversation flows, which use the
same condition grammar. ``report`` turns an Assessment into JSON or text in a language.
"""

from bot.knowledge.conditions import (
    CONDITION_ADAPTER,
    Condition,
    Truth,
    evaluate,
    facts_used,
    validate_condition,
)
from bot.knowledge.engine import Assessment, assess
from bot.knowledge.facts import FactDefinition, Facts, FactValue, parse_facts
from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import (
    Action,
    Caveat,
    Ground,
    GroundResult,
    KnowledgeBase,
    Source,
    Status,
)

__all__ = [
    "CONDITION_ADAPTER",
    "Action",
    "Assessment",
    "Caveat",
    "Condition",
    "FactDefinition",
    "FactValue",
    "Facts",
    "Ground",
    "GroundResult",
    "KnowledgeBase",
    "Source",
    "Status",
    "Truth",
    "assess",
    "evaluate",
    "facts_used",
    "load_knowledge",
    "parse_facts",
    "validate_condition",
]
