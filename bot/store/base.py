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
from collections.abc import Callable, Iterable
from contextlib import AbstractAsyncContextManager
from types import TracebackType
from typing import Annotated, Protocol, Self

from pydantic import AfterValidator, BaseModel, ConfigDict

from bot.dialog.state import SessionState
from bot.store.message_ids import merge

Clock = Callable[[], dt.date]


def utc_today() -> dt.date:
    """Today in UTC: the only timestamp kept, and only to know when to forget."""
    return dt.datetime.now(dt.UTC).date()


def _sorted_ids(ids: tuple[int, ...]) -> tuple[int, ...]:
    """Any ids given become the sorted, bounded form, so equal data compares equal."""
    return merge(ids, ())


class ChannelData(BaseModel):
    """What a channel keeps for itself beside the conversation.

    ``message_ids``: the ids of this chat's messages the channel knows of (those the bot
    sent, the person's messages and commands, the messages whose buttons were pressed),
    sorted, the newest :data:`~bot.store.message_ids.MAX_KNOWN_IDS`. A quick exit deletes
    these and the short gaps between them; a bot's message ids are shared by all its
    chats, so "everything from the first message on" would reach into thousands of other
    people's ids. Stores keep them with :func:`~bot.store.message_ids.encode`.

    ``last_update_id``: the last update applied, so that an update delivered again
    (after a crash) is not applied twice.

    ``first_message_id``: only in sessions begun before exact ids were kept (SQLite
    schema 2, PostgreSQL schema 1): the lowest id then seen. A quick exit still deletes
    from there up to the first exact id, as the release that wrote it did.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    message_ids: Annotated[tuple[int, ...], AfterValidator(_sorted_ids)] = ()
    last_update_id: int | None = None
    first_message_id: int | None = None

    def seen(self, *, update_id: int | None, message_ids: Iterable[int] = ()) -> ChannelData:
        """This data after applying ``update_id`` and learning of ``message_ids``."""
        last = update_id if update_id is not None else self.last_update_id
        return ChannelData(
            message_ids=merge(self.message_ids, message_ids),
            last_update_id=last,
            first_message_id=self.first_message_id,
        )


class SessionRecord(BaseModel):
    """One stored session: the conversation and the channel's data beside it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    state: SessionState
    channel: ChannelData = ChannelData()


class ClosedOnExit:
    """``async with await Store.open(...) as store:`` closes the store when the block ends.

    Written once for every backend that opens something to close.
    """

    async def close(self) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


class SessionStore(Protocol):
    """Sessions by pseudonymous key. Every backend passes ``tests/store/test_contract.py``."""

    async def get(self, key: str) -> SessionRecord | None:
        """The record stored under ``key``; ``None`` if there is none or it is unreadable."""
        ...

    async def put(self, key: str, record: SessionRecord) -> None:
        """Store ``record``; when this returns, it survives a crash."""
        ...

    async def delete(self, key: str) -> bool:
        """Erase one session at once; whether there was one. It is unreachable on return;
        its bytes are overwritten then or soon after (:meth:`wait_scrubbed`)."""
        ...

    async def wait_scrubbed(self, within: float) -> bool:
        """Whether no erased or purged session is left in the store's files, waiting up to
        ``within`` seconds for it. Another process reading the database can keep the
        bytes there for as long as it reads; the store then overwrites them in the
        background, and this is how the guide knows what it may tell the person."""
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
