"""Structured conditions over facts, with three-valued (Kleene) logic.

A condition is data, never code::

    all: [C, ...]                  every part holds
    any: [C, ...]                  at least one part holds
    not: C                         the part does not hold
    {fact: F, equals: v}           a single-valued fact has value v
    {fact: F, in: [v1, v2]}        a single-valued fact has one of the values
    {fact: F, contains: v}         a set-valued fact contains v

Evaluation answers TRUE, FALSE or UNKNOWN. A fact that is absent, "unknown" or an empty
set makes its test UNKNOWN, and Kleene's rules carry that upwards: ``all`` is FALSE as
soon as one part is FALSE, ``any`` is TRUE as soon as one part is TRUE, ``not`` swaps
TRUE and FALSE and keeps UNKNOWN. So a condition turns TRUE or FALSE only when the known
facts settle it, and forgetting a fact can move a result to UNKNOWN but never flip it.
With FALSE < UNKNOWN < TRUE, ``all`` is the minimum and ``any`` the maximum.

:func:`evaluate` is the reference interpreter: the conversation uses it for ``when``, and
the engine's bit-mask plan (:mod:`bot.knowledge.plan`) is tested against it.
:func:`validate_condition` checks fact names and values against the fact definitions;
loaders call it and report the problems.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import IntEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, TypeAdapter

from bot.knowledge.facts import FactDefinition, FactValue
from bot.knowledge.ids import UNKNOWN


class Truth(IntEnum):
    """A Kleene truth value, ordered so that AND is ``min`` and OR is ``max``."""

    FALSE = 0
    UNKNOWN = 1
    TRUE = 2


_CONFIG = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class FactEquals(BaseModel):
    """``{fact: F, equals: v}``: a single-valued fact has the value ``v``."""

    model_config = _CONFIG
    fact: str
    value: str = Field(alias="equals")


class FactIn(BaseModel):
    """``{fact: F, in: [v1, ...]}``: a single-valued fact has one of the values."""

    model_config = _CONFIG
    fact: str
    values: tuple[str, ...] = Field(alias="in", min_length=1)


class FactContains(BaseModel):
    """``{fact: F, contains: v}``: a set-valued fact contains ``v``."""

    model_config = _CONFIG
    fact: str
    value: str = Field(alias="contains")


class AllOf(BaseModel):
    """``all: [...]``: every part holds (an empty list is refused: it would be always TRUE)."""

    model_config = _CONFIG
    parts: tuple[Condition, ...] = Field(alias="all", min_length=1)


class AnyOf(BaseModel):
    """``any: [...]``: at least one part holds."""

    model_config = _CONFIG
    parts: tuple[Condition, ...] = Field(alias="any", min_length=1)


class Not(BaseModel):
    """``not: C``: the part does not hold (UNKNOWN stays UNKNOWN)."""

    model_config = _CONFIG
    part: Condition = Field(alias="not")


FactTest = FactEquals | FactIn | FactContains

_TAGS_BY_CLASS: dict[type[BaseModel], str] = {
    AllOf: "all",
    AnyOf: "any",
    Not: "not",
    FactEquals: "equals",
    FactIn: "in",
    FactContains: "contains",
}


def _condition_tag(raw: Any) -> str | None:
    """Pick the condition form from its keys; a string or list matches none (never eval'd)."""
    if isinstance(raw, BaseModel):
        return _TAGS_BY_CLASS.get(type(raw))
    if not isinstance(raw, dict):
        return None
    for key in ("all", "any", "not"):
        if key in raw:
            return key
    if "fact" in raw:
        for key in ("equals", "in", "contains"):
            if key in raw:
                return key
    return None


Condition = Annotated[
    Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[Not, Tag("not")]
    | Annotated[FactEquals, Tag("equals")]
    | Annotated[FactIn, Tag("in")]
    | Annotated[FactContains, Tag("contains")],
    Discriminator(
        _condition_tag,
        custom_error_type="condition_form",
        custom_error_message=(
            "a condition is a mapping with 'all', 'any' or 'not', or 'fact' with 'equals', "
            "'in' or 'contains'; text is never evaluated"
        ),
    ),
]

for _model in (AllOf, AnyOf, Not):
    _model.model_rebuild()

CONDITION_ADAPTER: TypeAdapter[Condition] = TypeAdapter(Condition)
"""Validates a raw condition (for example from a flow file) into a Condition model."""


def _is_unknown(value: object) -> bool:
    """Absent, "unknown" and an empty set all mean that nobody knows."""
    return not value or value == UNKNOWN


def _test_fact(test: FactTest, value: object) -> Truth:
    if _is_unknown(value):
        return Truth.UNKNOWN
    if isinstance(test, FactEquals):
        held = value == test.value
    elif isinstance(test, FactIn):
        held = value in test.values
    else:
        held = value == test.value if isinstance(value, str) else test.value in value  # type: ignore[operator]
    return Truth.TRUE if held else Truth.FALSE


def evaluate(condition: Condition, facts: Mapping[str, FactValue]) -> Truth:
    """Evaluate ``condition`` over ``facts`` with Kleene logic (the reference semantics)."""
    if isinstance(condition, AllOf):
        return min(evaluate(part, facts) for part in condition.parts)
    if isinstance(condition, AnyOf):
        return max(evaluate(part, facts) for part in condition.parts)
    if isinstance(condition, Not):
        return Truth(2 - evaluate(condition.part, facts))
    return _test_fact(condition, facts.get(condition.fact))


def fact_tests(condition: Condition) -> Iterator[FactTest]:
    """Every fact test in ``condition``, depth first, in the order written."""
    if isinstance(condition, AllOf | AnyOf):
        for part in condition.parts:
            yield from fact_tests(part)
    elif isinstance(condition, Not):
        yield from fact_tests(condition.part)
    else:
        yield condition


def facts_used(condition: Condition) -> tuple[str, ...]:
    """The facts ``condition`` reads, each once, in the order written (e.g. to ask them)."""
    return tuple(dict.fromkeys(test.fact for test in fact_tests(condition)))


def validate_condition(
    condition: Condition, definitions: Mapping[str, FactDefinition]
) -> list[str]:
    """Problems with fact names and values in ``condition``; an empty list means it is sound."""
    problems: list[str] = []
    for test in fact_tests(condition):
        definition = definitions.get(test.fact)
        if definition is None:
            problems.append(f"rule uses unknown fact {test.fact!r}")
            continue
        if isinstance(test, FactContains) != definition.is_set:
            use = "'contains'" if definition.is_set else "'equals' or 'in'"
            problems.append(f"fact {test.fact!r} is a {definition.kind} fact: test it with {use}")
            continue
        values = test.values if isinstance(test, FactIn) else (test.value,)
        for value in values:
            if value == UNKNOWN:
                problems.append(
                    f"rule tests fact {test.fact!r} for 'unknown'; an unknown fact already "
                    "makes a test UNKNOWN, so rules test known values only"
                )
            elif value not in definition.testable:
                allowed = ", ".join(sorted(definition.testable))
                problems.append(
                    f"rule uses value {value!r} not allowed for fact {test.fact!r} "
                    f"(allowed: {allowed})"
                )
    return problems
