"""The shape of a conversation file in ``dialogs/flows/``, validated when loaded.

A flow is a list of nodes. A ``notice`` shows text and a continue button; a ``question``
sets one fact (or flow variable) from buttons; a ``result`` shows the assessment. Text
fields hold English source strings that gettext translates when shown.
"""

from __future__ import annotations

from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

NodeId = str


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Data):
    """One button of a question: the value it stores and where it leads."""

    value: str = Field(min_length=1, max_length=32, pattern=r"^[a-z0-9_]+$")
    label: str = Field(min_length=1)
    next: NodeId | None = None


class Node(_Data):
    """One screen of the conversation."""

    id: NodeId = Field(min_length=1, max_length=24, pattern=r"^[a-z0-9_]+$")
    type: Literal["notice", "question", "result"]
    text: str = Field(min_length=1)
    why: str | None = None
    fact: str | None = None
    options: tuple[Option, ...] = ()
    next: NodeId | None = None


class Flow(_Data):
    """A whole conversation: its nodes, in the order they are usually asked."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    title: str
    start: NodeId
    variables: tuple[str, ...] = ()
    nodes: tuple[Node, ...]

    @cached_property
    def by_id(self) -> dict[NodeId, Node]:
        """Nodes by id (the loader guarantees every reference exists)."""
        return {node.id: node for node in self.nodes}

    def node(self, node_id: NodeId) -> Node:
        """The node called ``node_id``."""
        return self.by_id[node_id]
