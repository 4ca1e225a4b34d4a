"""The knowledge base as validated, immutable pydantic models.

Each model mirrors one entry of ``dialogs/knowledge/*.yaml``. Keys that people read
(``title``, ``plain``, ``advocate``, ``text``, ``instrument``) hold English source strings
that the Babel extractor collects and that are translated only when shown. All rules are
compiled once per knowledge base (``KnowledgeBase.plan``), so assessing walks no models.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.knowledge.conditions import Condition
from bot.knowledge.facts import FactDefinition, Identifier
from bot.knowledge.plan import AssessmentPlan


class Status(StrEnum):
    """How strongly the facts point to a ground (the brief's status vocabulary)."""

    APPLIES = "applies"
    MAY_APPLY = "may_apply"
    NOT_INDICATED = "not_indicated"
    NOT_RELEVANT = "not_relevant"


SourceTag = Literal["C", "P", "U"]
"""[C] confirmed, [P] partly confirmed, [U] unconfirmed: to be checked before relying on it."""

GroundType = Literal["mandatory", "optional", "condition"]

_FROZEN = ConfigDict(extra="forbid", frozen=True)

UserText = Field(min_length=1, max_length=1200)


class Source(BaseModel):
    """Where a rule of law is written, and how sure the brief is of that text.

    ``article`` may be left out for a further source that the brief cites as a whole
    (a court decision, a practice, a law whose provision still has to be identified).
    """

    model_config = _FROZEN

    instrument: str = UserText
    article: str | None = Field(default=None, min_length=1, max_length=200)
    source_tag: SourceTag


class Ground(BaseModel):
    """A ground for refusing or restricting a request, with the rule that indicates it."""

    model_config = _FROZEN

    id: str = Identifier
    type: GroundType
    kinds: tuple[str, ...] = Field(min_length=1)
    instrument: str = UserText
    article: str = Field(min_length=1, max_length=200)
    source_tag: SourceTag
    further_sources: tuple[Source, ...] = ()
    title: str = UserText
    plain: str = UserText
    advocate: str = UserText
    applies_when: Condition
    may_apply_when: Condition | None = None

    @cached_property
    def sources(self) -> tuple[Source, ...]:
        """The primary citation first, then the further sources."""
        primary = Source(
            instrument=self.instrument, article=self.article, source_tag=self.source_tag
        )
        return (primary, *self.further_sources)

    @cached_property
    def outcomes(self) -> dict[Status, GroundResult]:
        """This ground with each status, built once and shared by every assessment."""
        return {status: GroundResult(self, status) for status in Status}

    @cached_property
    def kind_set(self) -> frozenset[str]:
        """The request kinds this ground concerns, for a fast relevance check."""
        return frozenset(self.kinds)


@dataclass(frozen=True, slots=True)
class GroundResult:
    """One ground and its status in one assessment."""

    ground: Ground
    status: Status


class Action(BaseModel):
    """Something the person can do, offered when ``when`` holds and ``unless`` does not.

    Without ``when`` the action is offered in every assessment. Only a TRUE ``when``
    offers it, so an unknown fact never adds an alarming step such as "call a lawyer now";
    only a TRUE ``unless`` withdraws it, so an unknown fact never hides a useful step.
    """

    model_config = _FROZEN

    id: str = Identifier
    text: str = UserText
    advocate: str | None = Field(default=None, min_length=1, max_length=1200)
    when: Condition | None = None
    unless: Condition | None = None


class KnowledgeBase(BaseModel):
    """Facts, grounds (in the order they are shown) and actions, and the review date."""

    model_config = _FROZEN

    reviewed_on: dt.date
    facts: dict[str, FactDefinition]
    grounds: tuple[Ground, ...]
    actions: tuple[Action, ...]

    @cached_property
    def plan(self) -> AssessmentPlan:
        """Every rule compiled once for the engine (see :mod:`bot.knowledge.plan`)."""
        return AssessmentPlan(self)

    def ground(self, ground_id: str) -> Ground:
        """The ground with this id (KeyError if there is none)."""
        for ground in self.grounds:
            if ground.id == ground_id:
                return ground
        raise KeyError(ground_id)

    def action(self, action_id: str) -> Action:
        """The action with this id (KeyError if there is none)."""
        for action in self.actions:
            if action.id == action_id:
                return action
        raise KeyError(action_id)
