"""The shape of a conversation file in ``dialogs/flows/``, validated when loaded.

A flow is a list of nodes:

- ``notice``: text and a continue button; it may list knowledge-base actions to show,
  offer the erase and quick-exit buttons (``privacy``) and the urgent-help button
  (``urgent_button``), show a panel built from other data (``panel: urgent``: the
  checklist at the door and whom to call) and record facts its text establishes
  (``sets``: the urgent screen records that the situation is urgent, so that the urgent
  question is not asked again);
- ``question``: one button per option; the answer sets ``fact`` (and ``also`` facts);
  each option has its own value, so the review shows exactly the option chosen (two
  options that mean the same to the rules use a flow variable as ``fact`` and ``also``).
  The first screen is a question too: its ``intro`` paragraphs (the welcome, the privacy
  notice) come before its text, it offers what those screens offered (``urgent_button``,
  ``privacy``), and with ``consent: true`` choosing any answer is the consent, so that
  nobody taps through two notices before the first real choice (issue 11, point 3);
- ``multi``: tick any number of options of a set-valued fact, then "Done";
- ``checklist``: tick the statements that are true; each sets its fact to its value
  (``yes`` by default, or adds the value to a set-valued fact) and the facts it implies
  (``also``); an unticked one stays unknown, never "no";
- ``goto``: continue in another flow (the role question branches this way);
- ``result``: the assessment.

A node with ``when`` is asked only if the condition is not FALSE for the answers so far
(an unknown fact keeps the question). Text fields hold English source strings that
gettext translates when shown. A text that speaks of Telegram (its servers, ``/forget``)
gives the terminal chat its own version in ``console_text`` (see
:mod:`bot.dialog.wording`).

A flow lists under ``retired`` the ids of nodes it no longer has, each with the node now
shown in its place: a session stored while waiting at one (or with one in its history)
goes on from that node instead of starting again (:mod:`bot.dialog.retired`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.i18n import MAX_LABEL, N_
from bot.knowledge.conditions import Condition
from bot.knowledge.ids import UNKNOWN

NodeId = str
Identifier = Field(min_length=1, max_length=24, pattern=r"^[a-z0-9_]+$")


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Data):
    """One button of a question: the value it stores, further facts it sets, where it leads."""

    value: str = Field(min_length=1, max_length=32, pattern=r"^[a-z0-9_]+$")
    label: str = Field(min_length=1)
    next: NodeId | None = None
    also: dict[str, str] = Field(default_factory=dict)


class Item(_Data):
    """One statement of a checklist: ticking it sets ``fact`` to ``value``, and ``also``
    what the statement implies (material seized means a seizure took place), so that the
    reader is not asked to tick the same thing twice. A set-valued fact in ``also`` gets
    the value added."""

    fact: str = Field(min_length=1, max_length=64)
    label: str = Field(min_length=1)
    value: str = "yes"
    also: dict[str, str] = Field(default_factory=dict)


TICKED, UNTICKED = "☑", "☐"
"""The box before a tickable option or item on its button."""

# TRANSLATORS: a button of the review screen ("Your answers"): pressing it changes the
# answer to one question. {question} is the question's short title; the whole button
# fits 40 characters.
CHANGE_LABEL = N_("✎ {question}")
"""A button of the review screen: a question's short title (its ``title``, else its
``text``) after a pencil. Short enough that the title keeps most of the button."""


class Intro(_Data):
    """A paragraph shown above a node's own text, with the terminal's version of it where
    it speaks of Telegram (as a node's ``console_text``)."""

    text: str = Field(min_length=1)
    console_text: str | None = None


NodeType = Literal["notice", "question", "multi", "checklist", "goto", "result"]
ANSWERED_TYPES: frozenset[str] = frozenset({"question", "multi", "checklist"})


class Node(_Data):
    """One screen of the conversation."""

    id: NodeId = Identifier
    type: NodeType
    text: str = ""
    console_text: str | None = None
    intro: tuple[Intro, ...] = ()
    title: str | None = None
    why: str | None = None
    fact: str | None = None
    options: tuple[Option, ...] = ()
    items: tuple[Item, ...] = ()
    next: NodeId | None = None
    flow: str | None = None
    when: Condition | None = None
    actions: tuple[str, ...] = ()
    consent: bool = False
    urgent_button: bool = False
    privacy: bool = False
    label: str | None = None
    panel: Literal["urgent"] | None = None
    sets: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _fits_its_buttons(self) -> Node:
        """Every English button of the node within :data:`MAX_LABEL`, as drawn: a tickable
        label after its box, the question's title on its review button. A translation
        that runs over is caught by ``refuge-guide check``."""
        for label in self.button_labels():
            if len(label) > MAX_LABEL:
                raise ValueError(
                    f"the button {label!r} is over {MAX_LABEL} characters: shorten it"
                    + (" (a question's short 'title')" if label.startswith("✎") else "")
                )
        return self

    def button_labels(self, gettext: Callable[[str], str] = str) -> list[str]:
        """The labels of the node's own buttons as drawn (in the language of
        ``gettext``): options and items (with a box where they are ticked), the notice's
        label, and the question's button on the review screen."""
        tickable = self.type in ("multi", "checklist")
        labels = [
            f"{UNTICKED} {gettext(o.label)}"
            if tickable and o.value != UNKNOWN
            else gettext(o.label)
            for o in self.options
        ]
        labels += [f"{UNTICKED} {gettext(item.label)}" for item in self.items]
        labels += [gettext(self.label)] if self.label else []
        if self.answered:
            question = gettext(self.title or self.text)
            labels.append(gettext(CHANGE_LABEL).format(question=question))
        return labels

    @property
    def answered(self) -> bool:
        """Whether the node records an answer (and so appears on the review screen)."""
        return self.type in ANSWERED_TYPES

    @property
    def facts_set(self) -> tuple[str, ...]:
        """Every fact or flow variable this node can set."""
        found: list[str] = []
        if self.fact:
            found.append(self.fact)
        for item in self.items:
            found.append(item.fact)
            found.extend(item.also)
        for option in self.options:
            found.extend(option.also)
        found.extend(self.sets)
        return tuple(dict.fromkeys(found))


class Flow(_Data):
    """A whole conversation: its nodes, in the order they are usually asked."""

    id: str = Field(pattern=r"^[a-z0-9_]+$", max_length=24)
    title: str
    start: NodeId
    variables: tuple[str, ...] = ()
    not_asked: tuple[str, ...] = ()
    urgent: NodeId | None = None
    retired: dict[NodeId, NodeId] = Field(default_factory=dict)
    nodes: tuple[Node, ...]

    @cached_property
    def by_id(self) -> dict[NodeId, Node]:
        """Nodes by id (the loader guarantees every reference exists)."""
        return {node.id: node for node in self.nodes}

    def node(self, node_id: NodeId) -> Node:
        """The node called ``node_id``."""
        return self.by_id[node_id]
