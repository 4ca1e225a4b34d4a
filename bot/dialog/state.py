"""A session's state: JSON with a schema version, never pickled, holding only choices.

Nothing here may identify a person: no ids, names or typed text. Answers are the values
of buttons from the flow files, so the state can only hold what the flows allow.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Answer = str | tuple[str, ...]
SCHEMA_VERSION = 1


class _State(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class HistoryEntry(_State):
    """What the session looked like before one answer, so that back can undo it."""

    flow: str = "main"
    node: str
    answers: dict[str, Answer] = Field(default_factory=dict)


class SessionState(_State):
    """Where a person is in a flow and what they chose so far."""

    schema_version: Literal[1] = 1
    lang: str = "en"
    flow: str
    node: str
    step: int = 1
    answers: dict[str, Answer] = Field(default_factory=dict)
    history: tuple[HistoryEntry, ...] = ()
    why_shown: bool = False
    pending: tuple[str, ...] = ()
    revising: bool = False
    resume: tuple[str, str] | None = None
    consented: bool = False
    message_ids: tuple[int, ...] = ()
    last_update_id: int | None = None

    def to_json(self) -> str:
        """The form stored on disk."""
        return self.model_dump_json()

    @classmethod
    def from_json(cls, raw: str | bytes) -> SessionState:
        """Read a stored state; raises ``pydantic.ValidationError`` (without the input)."""
        return cls.model_validate_json(raw)
