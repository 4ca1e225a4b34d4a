"""One stored session as a row, the same for every database: written and read in one place.

The SQLite and PostgreSQL stores keep the same columns (:data:`COLUMNS`) and differ only
in how a few values are held (SQLite packs the state and keeps a pseudonym as its 32
bytes; PostgreSQL keeps both as text). What a column holds, how a record becomes a row
and back, what the upsert says, and what an unreadable row reads as is decided here, so
that a new column or a new rule is written once and both backends keep it alike.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import ValidationError

from bot.dialog.state import SessionState
from bot.store import message_ids
from bot.store.base import ChannelData, SessionRecord

log = logging.getLogger(__name__)

COLUMNS = (
    "key",
    "state",
    "state_version",
    "last_seen",
    "message_ids",
    "last_update_id",
    "first_message_id",
)
"""The columns of the ``sessions`` table, in the order :func:`upsert` binds them."""


def upsert(placeholder: Callable[[int], str]) -> str:
    """The statement that stores one row, whether the key is new or not.

    ``placeholder(n)`` spells the n-th parameter (1-based) in the driver's style: ``?``
    for SQLite, ``$n`` for asyncpg. User data only ever travels as parameters.
    """
    names = ", ".join(COLUMNS)
    values = ", ".join(placeholder(n) for n in range(1, len(COLUMNS) + 1))
    updates = ", ".join(f"{name} = excluded.{name}" for name in COLUMNS[1:])
    # Built from COLUMNS and the placeholders only: never user data.
    statement = f"INSERT INTO sessions ({names}) VALUES ({values}) "  # noqa: S608
    return statement + f"ON CONFLICT (key) DO UPDATE SET {updates}"


@dataclass(frozen=True)
class Row:
    """A record's columns but the key and the day (the stores hold those their own way)."""

    state: str
    state_version: int
    message_ids: str | None = None
    last_update_id: int | None = None
    first_message_id: int | None = None

    @classmethod
    def of(cls, record: SessionRecord) -> Row:
        """The columns that store ``record``."""
        state, channel = record.state, record.channel
        return cls(
            state=state.to_json(),
            state_version=state.schema_version,
            message_ids=message_ids.encode(channel.message_ids),
            last_update_id=channel.last_update_id,
            first_message_id=channel.first_message_id,
        )

    def record(self) -> SessionRecord | None:
        """The record this row holds; ``None``, and a warning, if no version can read it."""
        return readable(self.decoded)

    def decoded(self) -> SessionRecord:
        """The record this row holds; ``ValueError`` (or pydantic's) if it is unreadable."""
        channel = ChannelData(
            message_ids=message_ids.decode(self.message_ids),
            last_update_id=self.last_update_id,
            first_message_id=self.first_message_id,
        )
        return SessionRecord(state=SessionState.from_json(self.state), channel=channel)


def readable(read: Callable[[], SessionRecord]) -> SessionRecord | None:
    """``read()``, or ``None`` if the row it reads is damaged or of an unknown form.

    The person then starts afresh rather than the bot failing on every step; the warning
    says only that it happened (the row may hold a person's answers).
    """
    try:
        return read()
    except (ValidationError, ValueError):
        log.warning("a stored session could not be read and is ignored")
        return None
