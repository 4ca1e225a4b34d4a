"""One asyncio lock per user, for stores used by a single process.

The idea of aiogram's event isolation: a user's updates are handled one after another,
while different users never wait for each other. A lock exists only while someone holds
it or waits for it, so memory stays flat however many people have used the guide.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class KeyedLocks:
    """``async with locks(key):`` serialises everything done under the same key."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}

    def __len__(self) -> int:
        """How many keys have a lock now (zero when nobody is being served)."""
        return len(self._locks)

    @asynccontextmanager
    async def __call__(self, key: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[key] -= 1
            if self._users[key] == 0:  # nobody else waiting: drop the lock
                del self._users[key]
                del self._locks[key]
