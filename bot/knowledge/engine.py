"""The assessment: which grounds the facts point to, and what the person can do next.

Pure and fast: no I/O, no translation; conditions are compiled once per knowledge base.
The conversation and ``refuge-guide assess`` both call :func:`assess`.

For each ground, in knowledge-base order:

1. ``not_relevant`` if the person named the kinds of request and none is the ground's
   (no kinds named, or "unknown", means unsure: every ground stays relevant);
2. ``applies`` if ``applies_when`` is TRUE; ``may_apply`` if it is UNKNOWN;
3. otherwise ``may_apply`` if ``may_apply_when`` is TRUE or UNKNOWN, else ``not_indicated``.

Because conditions use Kleene logic, an unknown fact can only push a ground towards
``may_apply``: it never makes one ``applies`` on its own and never ``not_indicated``;
with nothing known every ground is ``may_apply``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from bot.knowledge.conditions import Truth
from bot.knowledge.facts import Facts
from bot.knowledge.ids import REQUEST_KINDS_FACT
from bot.knowledge.models import Action, Ground, KnowledgeBase


class Status(StrEnum):
    """How strongly the facts point to a ground (the brief's status vocabulary)."""

    APPLIES = "applies"
    MAY_APPLY = "may_apply"
    NOT_INDICATED = "not_indicated"
    NOT_RELEVANT = "not_relevant"


@dataclass(frozen=True, slots=True)
class GroundResult:
    """One ground and its status in one assessment."""

    ground: Ground
    status: Status


@dataclass(frozen=True, slots=True)
class Assessment:
    """Every ground exactly once in knowledge-base order, the actions offered, the review date."""

    grounds: tuple[GroundResult, ...]
    actions: tuple[Action, ...]
    reviewed_on: dt.date

    def status_of(self, ground_id: str) -> Status:
        """The status of one ground (KeyError if the id is not in the knowledge base)."""
        for result in self.grounds:
            if result.ground.id == ground_id:
                return result.status
        raise KeyError(ground_id)

    def with_status(self, *statuses: Status) -> tuple[GroundResult, ...]:
        """The grounds having one of ``statuses``, in knowledge-base order."""
        return tuple(result for result in self.grounds if result.status in statuses)


def assess(kb: KnowledgeBase, facts: Facts) -> Assessment:
    """Assess ``facts`` (as returned by ``parse_facts``) against every ground and action."""
    kinds = facts.get(REQUEST_KINDS_FACT)
    named = kinds if isinstance(kinds, frozenset | set) and kinds else None
    results = []
    for ground in kb.grounds:
        if named is not None and ground.kind_set.isdisjoint(named):
            status = Status.NOT_RELEVANT
        else:
            truth = ground.applies_test(facts)
            if truth is Truth.TRUE:
                status = Status.APPLIES
            elif truth is Truth.UNKNOWN:
                status = Status.MAY_APPLY
            else:
                may = ground.may_apply_test
                if may is not None and may(facts) is not Truth.FALSE:
                    status = Status.MAY_APPLY
                else:
                    status = Status.NOT_INDICATED
        results.append(GroundResult(ground, status))
    actions = tuple(action for action in kb.actions if _offered(action, facts))
    return Assessment(tuple(results), actions, kb.reviewed_on)


def _offered(action: Action, facts: Facts) -> bool:
    when, unless = action.when_test, action.unless_test
    if when is not None and when(facts) is not Truth.TRUE:
        return False
    return unless is None or unless(facts) is not Truth.TRUE
