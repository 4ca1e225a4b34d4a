"""Many conditions evaluated at once with bit masks, for an engine that must be fast.

Each rule is rewritten once, at load, in disjunctive normal form: an ``any`` of terms,
each term an ``all`` of literals (a fact test or its negation). Kleene logic is a De
Morgan algebra, so pushing ``not`` down to the fact tests and distributing ``all`` over
``any`` keep every answer, UNKNOWN included (the rewrite never uses "x or not x is TRUE",
which Kleene logic does not have).

Every literal owns one bit. Per assessment, the known facts are turned into two masks,
the literals that are TRUE and those that are FALSE (an unknown fact's literals are in
neither). A term is TRUE when all its bits are TRUE, FALSE when one is FALSE; a rule is
TRUE when one term is TRUE and FALSE when all terms are. That is a few integer operations
per rule instead of a walk over the condition tree. The engine goes one step further
(:mod:`bot.knowledge.term_bits`: every term one bit, all rules settled at once); this
module's :func:`truth` stays the per-rule reference the tests compare both with.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.knowledge.conditions import AllOf, AnyOf, Condition, FactContains, FactIn, Not, Truth
from bot.knowledge.facts import FactDefinition, FactValue
from bot.knowledge.ids import UNKNOWN

if TYPE_CHECKING:
    from bot.knowledge.models import Action, Caveat, GroundResult, KnowledgeBase, Status

MAX_TERMS = 256
"""A rule whose normal form grows past this is refused at load: split it into indicators."""

_TRUE, _FALSE, _UNKNOWN = Truth.TRUE, Truth.FALSE, Truth.UNKNOWN


class RuleTooComplexError(ValueError):
    """A rule's disjunctive normal form has more than MAX_TERMS terms."""


_Pair = tuple[int, int]
_Tables = dict[str, tuple[dict[str, _Pair], dict[str, _Pair], _Pair]]
"""Per fact: (TRUE bits, FALSE bits) per single value, per set member, and all its bits."""


@dataclass(frozen=True)
class _Literal:
    fact: str
    values: frozenset[str]
    is_set: bool
    bit: int  # the positive literal; ``bit << 1`` is its negation


Terms = tuple[int, ...]
"""A rule in disjunctive normal form: one bit mask of required literals per term."""


def truth(terms: Terms, true_bits: int, false_bits: int) -> Truth:
    """The Kleene truth of a compiled rule, given the TRUE and FALSE literal masks."""
    result = _FALSE
    for term in terms:
        if term & false_bits:
            continue
        if term & true_bits == term:
            return _TRUE
        result = _UNKNOWN
    return result


class RuleSet:
    """Rules compiled over one shared set of literals, so one pass over the facts serves all."""

    def __init__(self, definitions: Mapping[str, FactDefinition]) -> None:
        self._definitions = definitions
        self._literals: dict[tuple[str, frozenset[str]], _Literal] = {}
        self._tables: _Tables | None = None

    def add(self, rule: Condition) -> Terms:
        """Compile ``rule``; raises RuleTooComplexError if its normal form is too large."""
        self._tables = None
        return self._normal_form(rule)

    def masks(self, facts: Mapping[str, FactValue]) -> tuple[int, int]:
        """The literals that ``facts`` make TRUE and those they make FALSE, as bit masks."""
        tables = self._built()
        true_bits = false_bits = 0
        for name, value in facts.items():
            if name not in tables or not value or value == UNKNOWN:
                continue
            pair = (
                self.pair(name, value)
                if isinstance(value, str)
                else self.set_pair(name, frozenset(value))
            )
            true_bits |= pair[0]
            false_bits |= pair[1]
        return true_bits, false_bits

    # -- per fact, for masks() and bot.knowledge.term_bits --------------------------------

    def _built(self) -> _Tables:
        if self._tables is None:
            self._tables = self._build_tables()
        return self._tables

    def facts(self) -> tuple[str, ...]:
        """The facts the rules test."""
        return tuple(self._built())

    def fact_literals(self, fact: str) -> int:
        """Every literal bit of ``fact``, positive and negated."""
        positive, negative = self._built()[fact][2]
        return positive | negative

    def values(self, fact: str) -> tuple[str, ...]:
        """The single values of ``fact`` that have their own (TRUE, FALSE) bits."""
        return tuple(self._built()[fact][0])

    def members(self, fact: str) -> tuple[str, ...]:
        """The members of a set-valued ``fact`` that rules name or the definition allows."""
        return tuple(self._built()[fact][1])

    def pair(self, fact: str, value: str | None) -> tuple[int, int]:
        """(TRUE bits, FALSE bits) of ``fact`` having the single ``value``; a value no rule
        names (``None`` too) makes every test of the fact FALSE."""
        single, _, everything = self._built()[fact]
        pair = single.get(value) if value is not None else None
        return pair if pair is not None else (everything[1], everything[0])

    def set_pair(self, fact: str, value: frozenset[str]) -> tuple[int, int]:
        """(TRUE bits, FALSE bits) of a set-valued ``fact`` holding the members ``value``."""
        _, members, everything = self._built()[fact]
        # Start from "no member present", then switch on the members present.
        positive, negative = everything
        set_true, set_false = negative, positive
        for member in value:
            bits = members.get(member)
            if bits is not None:
                set_true = (set_true & ~bits[1]) | bits[0]
                set_false = (set_false & ~bits[0]) | bits[1]
        return set_true, set_false

    # -- compiling -------------------------------------------------------------------------

    def _literal(self, fact: str, values: frozenset[str], is_set: bool) -> _Literal:
        key = (fact, values)
        literal = self._literals.get(key)
        if literal is None:
            bit = 1 << (2 * len(self._literals))
            literal = self._literals[key] = _Literal(fact, values, is_set, bit)
        return literal

    def _normal_form(self, rule: Condition) -> tuple[int, ...]:
        terms = self._terms(rule, negated=False)
        unique = sorted(set(terms), key=lambda term: (term.bit_count(), term))
        kept: list[int] = []
        for term in unique:  # absorption: a or (a and b) is a, in Kleene logic too
            if not any(smaller & term == smaller for smaller in kept):
                kept.append(term)
        return tuple(kept)

    def _terms(self, rule: Condition, *, negated: bool) -> list[int]:
        if isinstance(rule, Not):
            return self._terms(rule.part, negated=not negated)
        if isinstance(rule, AllOf | AnyOf):
            conjunction = isinstance(rule, AllOf) != negated
            children = [self._terms(part, negated=negated) for part in rule.parts]
            if not conjunction:
                terms = [term for child in children for term in child]
            else:
                terms = [0]
                for child in children:
                    terms = [left | right for left in terms for right in child]
                    if len(terms) > MAX_TERMS:
                        break
            if len(terms) > MAX_TERMS:
                raise RuleTooComplexError(
                    f"rule has more than {MAX_TERMS} cases once expanded; "
                    "move parts of it into named indicators that are simpler"
                )
            return terms
        values = rule.values if isinstance(rule, FactIn) else (rule.value,)
        literal = self._literal(rule.fact, frozenset(values), isinstance(rule, FactContains))
        return [literal.bit << 1 if negated else literal.bit]

    def _build_tables(self) -> _Tables:
        """Per fact: (TRUE, FALSE) bits per single value, per set member, and all of them."""
        by_fact: dict[str, list[_Literal]] = {}
        for literal in self._literals.values():
            by_fact.setdefault(literal.fact, []).append(literal)
        tables: _Tables = {}
        for fact, literals in by_fact.items():
            positive = negative = 0
            for literal in literals:
                positive |= literal.bit
                negative |= literal.bit << 1
            single: dict[str, tuple[int, int]] = {}
            members: dict[str, tuple[int, int]] = {}
            definition = self._definitions.get(fact)
            candidates = set(definition.testable) if definition else set()
            for literal in literals:
                candidates |= literal.values
            for value in candidates:
                held = [lit for lit in literals if value in lit.values]
                true_bits = sum(lit.bit for lit in held)
                false_bits = sum(lit.bit << 1 for lit in held)
                if literals[0].is_set:
                    members[value] = (true_bits, false_bits)
                else:
                    # Literals naming the value are TRUE (their negations FALSE), all others
                    # the other way round.
                    single[value] = (
                        true_bits | (negative & ~false_bits),
                        false_bits | (positive & ~true_bits),
                    )
            tables[fact] = (single, members, (positive, negative))
        return tables


class AssessmentPlan:
    """A knowledge base's rules compiled for :func:`bot.knowledge.engine.assess`.

    ``grounds`` holds, per ground in order: applies_when terms (no terms, always FALSE, if
    absent), may_apply_when terms (None if absent), the request kinds, the ground's shared
    results by status, and its caveats with their terms; ``actions`` holds each action
    with its when and unless terms (None if absent).
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.rules = RuleSet(kb.facts)
        self.grounds: tuple[
            tuple[
                Terms,
                Terms | None,
                frozenset[str],
                dict[Status, GroundResult],
                tuple[tuple[Caveat, Terms], ...],
            ],
            ...,
        ] = tuple(
            (
                self._optional(ground.applies_when) or (),
                self._optional(ground.may_apply_when),
                ground.kind_set,
                ground.outcomes,
                tuple((caveat, self.rules.add(caveat.when)) for caveat in ground.caveats),
            )
            for ground in kb.grounds
        )
        self.actions: tuple[tuple[Action, Terms | None, Terms | None], ...] = tuple(
            (action, self._optional(action.when), self._optional(action.unless))
            for action in kb.actions
        )
        self.rules.masks({})  # build the lookup tables now

    def _optional(self, rule: Condition | None) -> Terms | None:
        return None if rule is None else self.rules.add(rule)
