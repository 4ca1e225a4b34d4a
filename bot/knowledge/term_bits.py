"""Every term of every rule as one bit, so an assessment settles all rules in one pass.

:mod:`bot.knowledge.plan` turns each rule into terms over literals and evaluates one rule
at a time (:func:`~bot.knowledge.plan.truth`, the reference the tests hold this module
to). That is a Python loop over ~160 terms per assessment. Here each distinct term owns
one bit of a "term mask" instead, and per fact and value it is precomputed, at load,
which terms the value leaves possibly TRUE (every literal of that fact in the term is
TRUE) and which it blocks (one literal of that fact in the term is FALSE). One pass over
the ~30 facts then gives two masks for every rule at once:

- ``full``: the terms whose literals are all TRUE; a rule is TRUE when it has one;
- ``open_``: the terms no literal blocks; a rule is FALSE when it has none, and
  UNKNOWN when it has one but is not TRUE.

So deciding a rule is an ``&`` of two integers. Set-valued facts take their entry from a
small cache keyed by the members rules name (at most 2**members entries), built on first
use; single values are all tabled at load.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from bot.knowledge.conditions import Truth
from bot.knowledge.facts import FactValue
from bot.knowledge.ids import UNKNOWN
from bot.knowledge.plan import AssessmentPlan, RuleSet, Terms

if TYPE_CHECKING:
    from bot.knowledge.models import Action, Caveat, GroundResult, Status

_Entry = tuple[int, int]
"""(terms left possibly TRUE, terms blocked) by one fact's value."""


class _FactTerms:
    """What each value of one fact does to the terms that test it."""

    def __init__(self, index: TermIndex, rules: RuleSet, fact: str) -> None:
        self._index = index
        self._rules = rules
        self._fact = fact
        self.absent = index.entry(fact, 0, 0)
        self.single: dict[str, _Entry] = {
            value: index.entry(fact, *rules.pair(fact, value)) for value in rules.values(fact)
        }
        self.other = index.entry(fact, *rules.pair(fact, None))
        self._sets: dict[frozenset[str], _Entry] = {}
        self._named = frozenset(rules.members(fact))

    def of(self, value: FactValue | None) -> _Entry:
        if not value or value == UNKNOWN:
            return self.absent
        if isinstance(value, str):
            return self.single.get(value, self.other)
        key = self._named.intersection(value)
        entry = self._sets.get(key)
        if entry is None:
            entry = self._sets[key] = self._index.entry(
                self._fact, *self._rules.set_pair(self._fact, key)
            )
        return entry


class TermIndex:
    """The terms of a finished :class:`RuleSet`, one bit each, and each fact's table."""

    def __init__(self, rules: RuleSet, compiled: Iterable[Terms]) -> None:
        self._bit: dict[int, int] = {}
        for terms in compiled:
            for term in terms:
                self._bit.setdefault(term, 1 << len(self._bit))
        self.all = (1 << len(self._bit)) - 1
        self._fact_literals = {fact: rules.fact_literals(fact) for fact in rules.facts()}
        tables = [_FactTerms(self, rules, fact) for fact in self._fact_literals]
        self._rows = tuple(
            (fact, table.absent[0], table.single, table.other, table)
            for fact, table in zip(self._fact_literals, tables, strict=True)
        )

    def mask(self, terms: Terms | None) -> int:
        """A compiled rule as a term mask (no terms, or no rule: 0, which is never TRUE)."""
        mask = 0
        for term in terms or ():
            mask |= self._bit[term]
        return mask

    def entry(self, fact: str, true_bits: int, false_bits: int) -> _Entry:
        """Which terms stay possibly TRUE and which are blocked when ``fact``'s literals
        are TRUE in ``true_bits`` and FALSE in ``false_bits``."""
        literals = self._fact_literals[fact]
        possible = blocked = 0
        for term, bit in self._bit.items():
            if term & literals & ~true_bits == 0:
                possible |= bit
            if term & false_bits:
                blocked |= bit
        return possible, blocked

    def settle(self, facts: Mapping[str, FactValue]) -> tuple[int, int]:
        """``(full, open_)`` for ``facts``: the terms that are TRUE, and those not FALSE."""
        full, blocked = self.all, 0
        get = facts.get
        for fact, absent, single, other, table in self._rows:
            value = get(fact)
            if not value or value == UNKNOWN:
                full &= absent  # an unknown fact blocks nothing
                continue
            if isinstance(value, str):
                possible, stopped = single.get(value, other)
            else:
                possible, stopped = table.of(value)
            full &= possible
            blocked |= stopped
        return full, self.all & ~blocked


def rule_truth(mask: int, full: int, open_: int) -> Truth:
    """The Kleene truth of a rule's term mask under :meth:`TermIndex.settle`'s masks."""
    if mask & full:
        return Truth.TRUE
    return Truth.UNKNOWN if mask & open_ else Truth.FALSE


class TermPlan:
    """An :class:`AssessmentPlan` with every rule as a term mask, for the engine.

    ``grounds`` holds, per ground in order: the applies_when mask (0 if absent: never
    TRUE), the mask of applies_when and may_apply_when together (``may_apply`` when one
    of them is not FALSE; an absent rule adds nothing), the request kinds, the
    shared results by status, and the caveats with their masks; ``actions`` each action
    with its when and unless masks (``None`` if absent: when holds, unless does not).
    """

    def __init__(self, plan: AssessmentPlan) -> None:
        compiled: list[Terms] = []
        for applies, may_apply, _, _, caveats in plan.grounds:
            compiled += [applies, may_apply or (), *(terms for _, terms in caveats)]
        for _, when, unless in plan.actions:
            compiled += [when or (), unless or ()]
        self.index = index = TermIndex(plan.rules, compiled)
        self.grounds: tuple[
            tuple[
                int,
                int,
                frozenset[str],
                dict[Status, GroundResult],
                tuple[tuple[Caveat, int], ...],
            ],
            ...,
        ] = tuple(
            (
                index.mask(applies),
                index.mask(applies) | index.mask(may_apply),
                kinds,
                outcomes,
                tuple((caveat, index.mask(terms)) for caveat, terms in caveats),
            )
            for applies, may_apply, kinds, outcomes, caveats in plan.grounds
        )
        self.actions: tuple[tuple[Action, int | None, int | None], ...] = tuple(
            (
                action,
                None if when is None else index.mask(when),
                None if unless is None else index.mask(unless),
            )
            for action, when, unless in plan.actions
        )
