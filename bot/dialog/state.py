"""A session's state: JSON with a schema version, never pickled, holding only choices.

Nothing here may identify a person: no ids, names or typed text. Answers are the values
of buttons from the flow files, so the state can only hold what the flows allow.

Stored compactly (schema version 3), because a finished walk is stored for every person
for a month and the row should stay small (issue 14: at most 512 bytes in the file).
Version 2 wrote every field by name and, for back, a full copy of the answers before
each step: a long walk took 11 kB. Version 3 writes short keys, leaves out fields at
their default, and keeps each history entry as what differs from the current answers::

    {"v":3,"f":"person","n":"kinds","s":3,"a":{"role":"person","detained_or_imminent":"no"},
     "h":[["main","role",0],["person","detained",1]],"c":true}

A history entry is ``[flow, node, n]`` (``flow`` only where it changes), ``n`` being how
many of the current answers, in order, it shares; an answer it had otherwise follows as
a fourth element. Versions 1 and 2 are still read.

It holds the conversation only. What a channel keeps for itself (which messages to
delete on a quick exit, which update was applied last) sits beside it in the stored
record (:class:`bot.store.ChannelData`), so the runner's transitions never carry it.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Answer = str | tuple[str, ...]
Overlay = Literal["help", "languages", "review"]
"""A screen shown over the current node without moving on: help (which offers urgent
help), the language picker, the review of the answers."""
SCHEMA_VERSION = 3

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
    full (``details``), whom to contact (``contacts``), one ground (``ground:<n>``) or the
    n-th screenful of ground buttons (``grounds:<n>``);
    ``terms`` are the glossary terms whose explanation the person opened on this screen.
    Both are reset when the person moves on.
    """

    schema_version: Literal[3] = 3
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
    page: str = Field(default="", pattern=r"^(|details|contacts|grounds?:[0-9]{1,3})$")
    terms: tuple[int, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        """Read a version 1 or 2 state as version 3: the same conversation (version 1 minus
        the channel's fields, which the store lifts into the record's channel data)."""
        if isinstance(data, dict) and data.get("schema_version") in (1, 2):
            kept = {k: v for k, v in data.items() if k not in V1_CHANNEL_FIELDS}
            return {**kept, "schema_version": SCHEMA_VERSION}
        return data

    def to_json(self) -> str:
        """The compact form stored (module docstring)."""
        fields = self.model_dump(
            mode="json", exclude_defaults=True, exclude={"schema_version", "history"}
        )
        out: dict[str, Any] = {"v": SCHEMA_VERSION}
        out.update((_SHORT.get(name, name), value) for name, value in fields.items())
        if self.history:
            out["h"] = _pack_history(self.history, self.answers)
        return json.dumps(out, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str | bytes) -> SessionState:
        """Read a stored state of any version; raises ``pydantic.ValidationError``
        (without the input) or ``ValueError`` for anything that is not one."""
        data = json.loads(raw)
        if isinstance(data, dict) and data.get("v") == SCHEMA_VERSION:
            data = _expand(data)
        return cls.model_validate(data)


_SHORT = {
    "lang": "l",
    "flow": "f",
    "node": "n",
    "step": "s",
    "answers": "a",
    "why_shown": "w",
    "pending": "p",
    "revising": "r",
    "resume": "u",
    "consented": "c",
    "overlays": "o",
    "page": "g",
    "terms": "t",
}
"""Stored key of each field; a field added later and not listed keeps its own name."""
_LONG = {short: name for name, short in _SHORT.items()}


def _pack_history(history: tuple[HistoryEntry, ...], answers: dict[str, Answer]) -> list[Any]:
    current = [(key, _plain(value)) for key, value in answers.items()]
    packed: list[Any] = []
    flow: str | None = None
    for entry in history:
        own = [(key, _plain(value)) for key, value in entry.answers.items()]
        shared = 0
        while shared < min(len(own), len(current)) and own[shared] == current[shared]:
            shared += 1
        item: list[Any] = (
            [entry.node, shared] if entry.flow == flow else [entry.flow, entry.node, shared]
        )
        if shared < len(own):
            item.append(dict(own[shared:]))
        packed.append(item)
        flow = entry.flow
    return packed


def _plain(value: Answer) -> str | list[str]:
    return value if isinstance(value, str) else list(value)


def _expand(data: dict[str, Any]) -> dict[str, Any]:
    """A version 3 object as the model's fields; malformed input raises ``ValueError``."""
    try:
        out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        out.update(
            (_LONG.get(key, key), value) for key, value in data.items() if key not in ("v", "h")
        )
        current = list(dict(out.get("answers") or {}).items())
        history = []
        flow = None
        for item in data.get("h") or ():
            if isinstance(item[1], str):
                flow, item = item[0], item[1:]
            node, shared, *rest = item
            if not isinstance(shared, int) or shared < 0 or len(rest) > 1:
                raise ValueError("malformed history entry")
            own = dict(current[:shared])
            own.update(rest[0] if rest else {})
            history.append({"flow": flow, "node": node, "answers": own})
    except (TypeError, IndexError, KeyError, AttributeError) as exc:
        raise ValueError("malformed stored state") from exc
    out["history"] = history
    return out
