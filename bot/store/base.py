"""The storage seam: what the guide needs from a session store, whatever holds the rows.

:class:`bot.guide.Guide` depends on :class:`SessionStore` only, so a second backend
(PostgreSQL, for two bot processes on one database) is a new module behind the same
Protocol, held to the same contract by ``tests/store/test_contract.py``.

A stored session is a :class:`SessionRecord`: the conversation (:class:`SessionState`,
which the pure runner owns) and, beside it, :class:`ChannelData`, which the channel owns
and the runner never sees. Both are written together, in one durable write per step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from bot.dialog.state import SessionState

Clock = Callable[[], dt.date]


def utc_today() -> dt.date:
    """Today in UTC: the only timestamp kept, and only to know when to forget."""
    return dt.datetime.now(dt.UTC).date()


class ChannelData(BaseModel):
    """What a channel keeps for itself beside the conversation.

    ``first_message_id``: the lowest message id seen in this session. Message ids in a
    private chat are sequential, so a quick exit can delete every message from this one
    up to its own neutral line without remembering each id the bot sent (including
    replies whose response was lost on the way back).

    ``last_update_id``: the last update applied, so that an update delivered again
    (after a crash) is not applied twice.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    first_message_id: int | None = None
    last_update_id: int | None = None

    def seen(self, *, update_id: int | None, message_id: int | None) -> ChannelData:
        """This data after applying ``update_id``, whose message (if any) is ``message_id``."""
        first = self.first_message_id
        if message_id is not None and (first is None or message_id < first):
            first = message_id
        last = update_id if update_id is not None else self.last_update_id
        return ChannelData(first_message_id=first, last_update_id=last)


class SessionRecord(BaseModel):
    """One stored session: the conversation and the channel's data beside it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    state: SessionState
    channel: ChannelData = ChannelData()


class SessionStore(Protocol):
    """Sessions by pseudonymous key. Every backend passes ``tests/store/test_contract.py``."""

    async def get(self, key: str) -> SessionRecord | None:
        """The record stored under ``key``; ``None`` if there is none or it is unreadable."""
        ...

    async def put(self, key: str, record: SessionRecord) -> None:
        """Store ``record``; when this returns, it survives a crash."""
        ...

    async def delete(self, key: str) -> bool:
        """Erase one session at once, leaving no copy; whether there was one."""
        ...

    async def purge(self, retention_days: int) -> int:
        """Remove sessions idle for more than ``retention_days`` whole days; how many."""
        ...

    async def count(self) -> int:
        """How many sessions are stored (for operators and tests)."""
        ...

    async def close(self) -> None:
        """Release the database; safe after the last step has returned."""
        ...

    def lock(self, key: str) -> AbstractAsyncContextManager[None]:
        """Hold while handling one update of ``key``: that user's steps run one at a time,
        in order. Within one process an asyncio lock is enough; a store shared by several
        processes must lock across them."""
        ...
