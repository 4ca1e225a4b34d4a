"""A session's state: JSON with a schema version, never pickled, holding only choices.

Nothing here may identify a person: no ids, names or typed text. Answers are the values
of buttons from the flow files, so the state can only hold what the flows allow.

It holds the conversation only. What a channel keeps for itself (which messages to
delete on a quick exit, which update was applied last) sits beside it in the stored
record (:class:`bot.store.ChannelData`), so the runner's transitions never carry it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Answer = str | tuple[str, ...]
Overlay = Literal["help", "languages", "review"]
"""A screen shown over the current node without moving on: help (which offers urgent
help), the language picker, the review of the answers."""
SCHEMA_VERSION = 2

V1_CHANNEL_FIELDS = ("message_ids", "last_update_id")
"""Version 1 also held the Telegram channel's bookkeeping; version 2 moved it out."""


class _State(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class HistoryEntry(_State):
    """What the session looked like before one answer, so that back can undo it."""

    flow: str = "main"
    node: str
    answers: dict[str, Answer] = Field(default_factory=dict)


class SessionState(_State):
    """Where a person is in a flow and what they chose so far.

    On the result, ``page`` says which part is shown: the summary (empty), every ground in
    full (``details``), whom to contact (``contacts``) or one ground (``ground:<n>``);
    ``terms`` are the glossary terms whose explanation the person opened on this screen.
    Both are reset when the person moves on.
    """

    schema_version: Literal[2] = 2
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
    overlays: tuple[Overlay, ...] = ()
    """Overlays shown since the step last moved: their buttons are accepted with the node's
    own until it moves again (see :mod:`bot.dialog.offers`)."""
    page: str = Field(default="", pattern=r"^(|details|contacts|ground:[0-9]{1,3})$")
    terms: tuple[int, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        """Read a version 1 state as version 2: the same conversation, minus the channel's
        fields (the store lifts those into the record's channel data before this runs)."""
        if isinstance(data, dict) and data.get("schema_version") == 1:
            kept = {k: v for k, v in data.items() if k not in V1_CHANNEL_FIELDS}
            return {**kept, "schema_version": SCHEMA_VERSION}
        return data

    def to_json(self) -> str:
        """The form stored on disk."""
        return self.model_dump_json()

    @classmethod
    def from_json(cls, raw: str | bytes) -> SessionState:
        """Read a stored state; raises ``pydantic.ValidationError`` (without the input)."""
        return cls.model_validate_json(raw)
