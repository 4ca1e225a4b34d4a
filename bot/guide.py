"""The one place where a channel's event meets the runner and the store.

Both channels call :meth:`Guide.handle`: it pseudonymises the user, loads the session,
runs the pure runner, and commits the new state *before* the channel sends anything, so
a reply the person saw is never lost.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.dialog.events import Event
from bot.dialog.runner import Runner
from bot.dialog.state import SessionState
from bot.dialog.view import View
from bot.pseudonym import Pseudonymiser
from bot.store import SessionStore


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
        state = await self.store.get(key)
        new_state, view = self.runner.handle(state, event, client_lang)
        if new_state != state:
            await self.store.put(key, new_state)
        return new_state, view

    async def save(self, key: str, state: SessionState) -> None:
        """Store a state a channel changed (for example the ids of messages it sent)."""
        await self.store.put(key, state)

    async def load(self, key: str) -> SessionState | None:
        """The stored state, if any."""
        return await self.store.get(key)

    async def forget(self, key: str) -> bool:
        """Erase the session at once."""
        return await self.store.delete(key)
