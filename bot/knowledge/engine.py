"""The assessment: which grounds the facts point to, and what the person can do next.

Pure and fast: no I/O, no translation; rules are compiled once per knowledge base into
term masks (:mod:`bot.knowledge.term_bits`), so a rule is decided by one ``&``, and the
per-ground results are shared immutable objects, so an assessment allocates little.
The conversation and ``refuge-guide assess`` both call :func:`assess`.

For each ground, in knowledge-base order:

1. ``not_relevant`` if the person named the kinds of request and none is the ground's
   (no kinds named, or "unknown", means unsure: every ground stays relevant);
2. ``applies`` if ``applies_when`` is TRUE; ``may_apply`` if it is UNKNOWN (a ground
   without ``applies_when`` never applies);
3. otherwise ``may_apply`` if ``may_apply_when`` is TRUE or UNKNOWN, else ``not_indicated``;
4. a relevant ground carries those of its caveats whose ``when`` is TRUE: a rule that
   narrows the ground in the situation the answers describe, shown beside it (the
   ground's own rules already keep it at ``may_apply`` where such a rule could bite).

Because conditions use Kleene logic, an unknown fact can only push a ground towards
``may_apply``: it never makes one ``applies`` on its own and never ``not_indicated``;
with nothing known every ground is ``may_apply``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.knowledge.facts import Facts
from bot.knowledge.ids import REQUEST_KINDS_FACT
from bot.knowledge.models import Action, GroundResult, KnowledgeBase, Status


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
    plan = kb.term_plan
    full, open_ = plan.index.settle(facts)
    kinds = facts.get(REQUEST_KINDS_FACT)
    named = kinds if isinstance(kinds, frozenset | set) and kinds else None
    results = []
    for applies_when, either_when, ground_kinds, outcomes, caveats in plan.grounds:
        # a rule is TRUE with a term in ``full``, not FALSE with one in ``open_``
        if named is not None and ground_kinds.isdisjoint(named):
            status = Status.NOT_RELEVANT
        elif applies_when & full:
            status = Status.APPLIES
        elif either_when & open_:
            status = Status.MAY_APPLY
        else:
            status = Status.NOT_INDICATED
        result = outcomes[status]
        if caveats and status is not Status.NOT_RELEVANT:
            shown = tuple(caveat for caveat, mask in caveats if mask & full)
            if shown:
                result = GroundResult(result.ground, status, shown)
        results.append(result)
    actions = tuple(
        action
        for action, when, unless in plan.actions
        if (when is None or when & full) and (unless is None or not unless & full)
    )
    return Assessment(tuple(results), actions, kb.reviewed_on)
