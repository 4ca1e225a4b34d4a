"""The two errors of the knowledge package, one for each kind of culprit.

::

    Exception
     +-- KnowledgeError   an operator's mistake in dialogs/knowledge/*.yaml; the message
     |                    names the file, the entry and the reason, and loading stops
     +-- ValueError
          +-- FactError   a caller's (ultimately a user's) fact that the knowledge base does
                          not define or allow; carries ``fact``, ``allowed``, ``reason`` and
                          ``takes_list`` so a channel can word it in the user's language

A FactError never repeats the submitted value: facts come from people, and a line naming
the fact and what is allowed is all anyone needs to fix the input.
"""

from __future__ import annotations

from typing import Literal

FactProblem = Literal["unknown_fact", "value_not_allowed", "wrong_shape"]


class KnowledgeError(Exception):
    """The knowledge base on disk is broken; the message says where and why."""


class FactError(ValueError):
    """A submitted fact is unknown, has a value that is not allowed, or has the wrong shape."""

    def __init__(
        self,
        fact: str,
        allowed: tuple[str, ...],
        reason: FactProblem,
        *,
        takes_list: bool = False,
    ) -> None:
        self.fact = fact
        self.allowed = allowed
        self.reason = reason
        self.takes_list = takes_list
        super().__init__(self._describe())

    def _describe(self) -> str:
        listed = ", ".join(self.allowed)
        if self.reason == "unknown_fact":
            return f"unknown fact {self.fact!r}; known facts: {listed}"
        shape = "a list of values from" if self.takes_list else "one value from"
        if self.reason == "wrong_shape":
            return f"fact {self.fact!r} has the wrong shape; it takes {shape}: {listed}"
        return f"fact {self.fact!r} does not allow this value; it takes {shape}: {listed}"
