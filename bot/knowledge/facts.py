"""Fact definitions (what may be asked) and the check that turns raw answers into facts.

A fact is one answer about the situation, such as ``protection_status: refugee``. Its
definition in ``dialogs/knowledge/facts.yaml`` says whether it takes yes/no (with or
without "I don't know"), one value from a list, or a set of values. :func:`parse_facts`
is the one gate raw input passes (JSON from ``assess``, answers from a conversation):
afterwards a fact is either known and valid, or absent. "unknown", an empty set and a
missing fact all mean the same thing, the person is unsure, so they are simply left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.errors import FactError
from bot.knowledge.ids import UNKNOWN

if TYPE_CHECKING:
    from bot.knowledge.models import KnowledgeBase

FactValue = str | frozenset[str]
Facts = Mapping[str, FactValue]
"""Known facts only: a fact id maps to one value, or to a non-empty frozenset of values."""

FactKind = Literal["yes_no_unknown", "yes_no", "choice", "set"]

Identifier = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)

_YES_NO = ("yes", "no")


class FactDefinition(BaseModel):
    """One fact of the brief (§3): its id, its kind and the values it may take."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Identifier
    kind: FactKind
    values: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _values_fit_kind(self) -> FactDefinition:
        if self.kind in ("yes_no_unknown", "yes_no"):
            if self.values:
                raise ValueError(f"a {self.kind} fact takes no 'values' list (they are implied)")
            return self
        if len(self.values) < 2:
            raise ValueError(f"a {self.kind} fact needs at least two values")
        if len(set(self.values)) != len(self.values):
            raise ValueError("values are listed more than once")
        if self.kind == "set" and UNKNOWN in self.values:
            raise ValueError("a set fact cannot list 'unknown': an empty set already means unsure")
        return self

    @property
    def allowed(self) -> tuple[str, ...]:
        """The values a person or a caller may give, "unknown" included where it is offered."""
        if self.kind == "yes_no_unknown":
            return (*_YES_NO, UNKNOWN)
        if self.kind == "yes_no":
            return _YES_NO
        return self.values

    @property
    def testable(self) -> frozenset[str]:
        """The values a rule may test: never "unknown", which rules treat as *maybe*."""
        return frozenset(self.allowed) - {UNKNOWN}

    @property
    def is_set(self) -> bool:
        """Whether the fact holds a set of values (given as a JSON list)."""
        return self.kind == "set"


def parse_fact(definition: FactDefinition, raw: object) -> FactValue | None:
    """Check one raw value against its definition; ``None`` means the fact is unknown."""
    if definition.is_set:
        return _parse_set(definition, raw)
    if not isinstance(raw, str):
        raise FactError(definition.id, definition.allowed, "wrong_shape")
    if raw not in definition.allowed:
        raise FactError(definition.id, definition.allowed, "value_not_allowed")
    return None if raw == UNKNOWN else raw


def _parse_set(definition: FactDefinition, raw: object) -> frozenset[str] | None:
    if raw == UNKNOWN:
        return None
    if not isinstance(raw, list | tuple | set | frozenset) or not all(
        isinstance(item, str) for item in raw
    ):
        raise FactError(definition.id, definition.allowed, "wrong_shape", takes_list=True)
    values = frozenset(raw)
    if not values <= definition.testable:
        raise FactError(definition.id, definition.allowed, "value_not_allowed", takes_list=True)
    return values or None


def parse_facts(kb: KnowledgeBase, raw: Mapping[str, object]) -> Facts:
    """Validate raw answers (as from JSON) into immutable known facts, or raise FactError.

    Every fact must be defined in the knowledge base; set facts come as lists; "unknown",
    an empty list and an absent fact are all left out of the result, which is how the
    rules see them as unknown.
    """
    known: dict[str, FactValue] = {}
    for name, value in raw.items():
        definition = kb.facts.get(name)
        if definition is None:
            raise FactError(_printable(name), tuple(kb.facts), "unknown_fact")
        parsed = parse_fact(definition, value)
        if parsed is not None:
            known[name] = parsed
    return MappingProxyType(known)


def _printable(name: object) -> str:
    """A submitted fact name made safe to show on one line of an error message."""
    text = str(name)
    text = "".join(char if char.isprintable() else "?" for char in text)
    return text if len(text) <= 60 else text[:57] + "..."
