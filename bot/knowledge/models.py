"""The knowledge base as validated, immutable pydantic models.

Each model mirrors one entry of ``dialogs/knowledge/*.yaml``. Keys that people read
(``title``, ``plain``, ``advocate``, ``text``, ``instrument``) hold English source strings
that the Babel extractor collects and that are translated only when shown. All rules are
compiled once per knowledge base (``KnowledgeBase.plan``), so assessing walks no models.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.i18n import MAX_LABEL
from bot.knowledge.addresses import OfficialAddress
from bot.knowledge.conditions import Condition
from bot.knowledge.facts import FactDefinition, Identifier
from bot.knowledge.plan import AssessmentPlan
from bot.knowledge.term_bits import TermPlan


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
    """Where a rule of law is written, where a lawyer can open it, and how sure we are of it.

    ``urls`` are addresses of the official text (see :mod:`bot.knowledge.addresses`): a
    citation nobody can open cannot be checked, so every source needs one. ``read`` says
    what was actually read and where; a source may be tagged [C] only with that note,
    because "confirmed" must always be traceable to a reading. ``article`` may be left out
    for a source cited as a whole (a judgment, a resolution). ``short_name`` is the
    instrument as an advocate's one-line citation names it ("ETS 30", "Law 9.12.2004"):
    the full name stays where there is room (a ground's page, all details, the case note).
    """

    model_config = _FROZEN

    instrument: str = UserText
    short_name: str | None = Field(default=None, min_length=1, max_length=40)
    article: str | None = Field(default=None, min_length=1, max_length=200)
    source_tag: SourceTag
    urls: tuple[OfficialAddress, ...] = Field(min_length=1)
    read: str | None = Field(default=None, min_length=1, max_length=2000)

    @model_validator(mode="after")
    def _confirmed_means_read(self) -> Source:
        if self.source_tag == "C" and self.read is None:
            raise ValueError(
                "a source tagged C needs 'read': what was read, and where (tag it P or U "
                "if nobody has read the text)"
            )
        return self


class Caveat(BaseModel):
    """A rule that narrows a ground, shown beside it when ``when`` is TRUE.

    Some texts take away part of a refusal ground in certain cases (UNCAC Art. 44(4): a
    corruption offence is not a political offence where UNCAC is the basis). Such a rule
    helps nobody refuse, so it is not a ground of its own; it is shown next to the ground
    it narrows, and only when the facts show it bites, so that nobody relies on the
    ground without seeing it.
    """

    model_config = _FROZEN

    id: str = Identifier
    plain: str = UserText
    advocate: str = UserText
    sources: tuple[Source, ...] = Field(min_length=1)
    when: Condition


class Ground(BaseModel):
    """A ground for refusing or restricting a request, with the rule that indicates it.

    ``sources`` lists the primary citation first (it needs an article), then the further
    sources; ``instrument``, ``article`` and ``source_tag`` read the primary one. Without
    ``applies_when`` the ground never "applies": whether it does depends on something the
    conversation cannot learn (the wording of the treaty relied on), so the facts can at
    most make it "may apply".
    """

    model_config = _FROZEN

    id: str = Identifier
    type: GroundType
    kinds: tuple[str, ...] = Field(min_length=1)
    sources: tuple[Source, ...] = Field(min_length=1)
    title: str = UserText
    advocate_title: str | None = None
    button: str | None = Field(default=None, min_length=1, max_length=MAX_LABEL)
    advocate_button: str | None = Field(default=None, min_length=1, max_length=MAX_LABEL)
    plain: str = UserText
    advocate: str = UserText
    applies_when: Condition | None = None
    may_apply_when: Condition | None = None
    caveats: tuple[Caveat, ...] = ()

    @model_validator(mode="after")
    def _primary_has_article(self) -> Ground:
        if self.sources[0].article is None:
            raise ValueError("sources: the first (primary) source needs an 'article'")
        return self

    @model_validator(mode="after")
    def _fits_a_button(self) -> Ground:
        if len(self.title) > MAX_LABEL and self.button is None:
            raise ValueError(f"title over {MAX_LABEL} characters: give a short 'button'")
        if (
            self.advocate_title is not None
            and len(self.advocate_title) > MAX_LABEL
            and self.advocate_button is None
        ):
            raise ValueError(
                f"advocate_title over {MAX_LABEL} characters: give a short 'advocate_button'"
            )
        return self

    def button_for(self, advocate: bool) -> str:
        """The label of the ground's button under the result: the title, or its short
        form (``button``) where the title is too long for a phone's button; an advocate's
        from the advocate's title and ``advocate_button`` the same way (an
        ``advocate_button`` alone serves where the title suits both readers but its short
        form addresses the person)."""
        if advocate and (self.advocate_button or self.advocate_title):
            return self.advocate_button or self.advocate_title or self.title
        return self.button or self.title

    def title_for(self, advocate: bool) -> str:
        """The title as the reader is addressed: a person reads "your asylum file", an
        advocate "the asylum file" (``advocate_title``, where the plain title says you)."""
        return self.advocate_title if advocate and self.advocate_title else self.title

    @property
    def instrument(self) -> str:
        """The primary source's instrument."""
        return self.sources[0].instrument

    @property
    def article(self) -> str:
        """The primary source's article (always set: checked at load)."""
        return self.sources[0].article or ""

    @property
    def source_tag(self) -> SourceTag:
        """The primary source's tag."""
        return self.sources[0].source_tag

    @property
    def further_sources(self) -> tuple[Source, ...]:
        """Every source after the primary one."""
        return self.sources[1:]

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
    caveats: tuple[Caveat, ...] = ()
    """The ground's caveats that the facts make TRUE, to show beside it."""


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
    sources: tuple[Source, ...] = Field(min_length=1)
    when: Condition | None = None
    unless: Condition | None = None


class KnowledgeBase(BaseModel):
    """Facts, grounds (in the order they are shown) and actions, and the review record."""

    model_config = _FROZEN

    reviewed_on: dt.date
    reviewed_by: str = ""
    facts: dict[str, FactDefinition]
    grounds: tuple[Ground, ...]
    actions: tuple[Action, ...]

    def conditions(self) -> Iterator[Condition]:
        """Every rule of the knowledge base (grounds, caveats, actions), e.g. to list facts."""
        for ground in self.grounds:
            yield from _present(ground.applies_when, ground.may_apply_when)
            yield from (caveat.when for caveat in ground.caveats)
        for action in self.actions:
            yield from _present(action.when, action.unless)

    @cached_property
    def plan(self) -> AssessmentPlan:
        """Every rule compiled once for the engine (see :mod:`bot.knowledge.plan`)."""
        return AssessmentPlan(self)

    @cached_property
    def term_plan(self) -> TermPlan:
        """The plan with every rule as a term mask (see :mod:`bot.knowledge.term_bits`)."""
        return TermPlan(self.plan)

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


def _present(*conditions: Condition | None) -> Iterator[Condition]:
    return (condition for condition in conditions if condition is not None)
