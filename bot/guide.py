"""The one place where a channel's event meets the runner and the store.

Both channels call :meth:`Guide.handle`: it pseudonymises the user, loads the session,
runs the pure runner, and commits the new state *before* the channel sends anything, so
a reply the person saw is never lost.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot.dialog.events import Event
from bot.dialog.runner import Runner
from bot.dialog.state import SessionState
from bot.dialog.view import View
from bot.pseudonym import Pseudonymiser
from bot.store import SessionStore

MAX_MESSAGE_IDS = 200
"""How many message ids a session keeps for a quick exit (Telegram deletes 48 h back)."""

REPLAY_WINDOW = 10_000
"""How far below the last applied update id an update counts as delivered again.

Telegram numbers updates sequentially, but after a week without any update it may start
again from a random number; beyond this window a lower id is taken as new, not replayed.
"""


def is_replay(state: SessionState, update_id: int) -> bool:
    """Whether ``update_id`` was already applied to ``state`` (or is older than it)."""
    last = state.last_update_id
    return last is not None and 0 <= last - update_id < REPLAY_WINDOW


@dataclass(frozen=True)
class Step:
    """What one event did: the state now, the view to draw (``None`` for a replay).

    ``erased`` means the session is gone (nothing was stored); ``message_ids`` are then
    the messages it had recorded, for a quick exit to delete.
    """

    state: SessionState
    view: View | None
    replay: bool = False
    erased: bool = False
    message_ids: tuple[int, ...] = ()


class Guide:
    """Runner + store + pseudonymiser, shared by the terminal and Telegram."""

    def __init__(self, runner: Runner, store: SessionStore, pseudonymiser: Pseudonymiser) -> None:
        self.runner = runner
        self.store = store
        self._pseudonymiser = pseudonymiser
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._users: defaultdict[str, int] = defaultdict(int)

    def key(self, channel: str, user_id: int | str) -> str:
        """The pseudonymous session key of one user on one channel."""
        return self._pseudonymiser.key(channel, user_id)

    @asynccontextmanager
    async def session(self, key: str) -> AsyncIterator[None]:
        """Hold one user's lock, so that their updates are handled one after another."""
        self._users[key] += 1
        try:
            async with self._locks[key]:
                yield
        finally:
            self._users[key] -= 1
            if self._users[key] == 0:  # nobody else waiting: drop the lock, memory stays flat
                del self._users[key]
                del self._locks[key]

    async def handle(
        self, key: str, event: Event, client_lang: str | None = None
    ) -> tuple[SessionState, View]:
        """Apply one event for the session ``key`` and store the result durably."""
        step = await self.step(key, event, client_lang)
        view = step.view if step.view is not None else self.runner.render(step.state)
        return step.state, view

    async def step(
        self,
        key: str,
        event: Event,
        client_lang: str | None = None,
        *,
        update_id: int | None = None,
    ) -> Step:
        """Run one event: load, run, then store (or erase) *before* the channel replies.

        With ``update_id``, an update already applied to this session (delivered again,
        as after a crash) changes nothing and comes back with ``replay=True``. A view that
        asks for erasure deletes the session instead of storing it.
        """
        state = await self.store.get(key)
        if update_id is not None and state is not None and is_replay(state, update_id):
            return Step(state, None, replay=True)
        new_state, view = self.runner.handle(state, event, client_lang)
        if view.erase or view.quick_exit:
            await self.store.delete(key)
            sent = state.message_ids if state is not None else ()
            return Step(new_state, view, erased=True, message_ids=sent)
        if update_id is not None:
            new_state = new_state.model_copy(update={"last_update_id": update_id})
        if new_state != state:
            await self.store.put(key, new_state)
        return Step(new_state, view)

    async def remember_messages(self, key: str, state: SessionState, ids: Iterable[int]) -> None:
        """Keep the ids of messages in the chat, only so that a quick exit can delete them."""
        added = tuple(ids)
        if added:
            kept = (*state.message_ids, *added)[-MAX_MESSAGE_IDS:]
            await self.store.put(key, state.model_copy(update={"message_ids": kept}))

    async def save(self, key: str, state: SessionState) -> None:
        """Store a state a channel changed (for example the ids of messages it sent)."""
        await self.store.put(key, state)

    async def load(self, key: str) -> SessionState | None:
        """The stored state, if any."""
        return await self.store.get(key)
