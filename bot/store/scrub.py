"""Erasure that finishes in the background when another process keeps it from finishing now.

Deleting a row makes it unreachable at once, but its bytes stay in the database's files
until the store rewrites them: SQLite's checkpoint copies the zeroed pages over the old
ones and empties the write-ahead log; PostgreSQL's ``VACUUM FULL`` writes the table anew.
Neither can happen while another process reads the database (a ``sqlite3`` shell, a
backup): its snapshot still shows the erased row, so the database keeps the bytes it
needs. Waiting for that reader inside the step held the store's one writer, and with it
every other person, for as long as the busy timeout (issue 17).

So a store makes one quick attempt after each erasure, never waiting on a lock, and
hands the rest to a :class:`Scrubber`: it retries in the background, with pauses growing
to :data:`LONGEST_PAUSE`, until the attempt succeeds, which is at most that long after
the reader lets go. Meanwhile :meth:`Scrubber.wait` tells the guide, within a bound it
chooses, whether the files are clean yet, so that the person is told the truth: erased,
or erased from the guide but a copy still in the file until the other program is done.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

FIRST_PAUSE = 0.05
"""Seconds before the first retry: a backup's short read is often over by then."""
LONGEST_PAUSE = 1.0
"""Seconds between retries at most: how long erased bytes outlive the reader at most."""

Attempt = Callable[[], Awaitable[bool]]
"""One quick try to overwrite every erased row in the files; whether it succeeded. It
must never wait for another process (it fails instead) and never raise for that."""


class Scrubber:
    """Keeps trying ``attempt`` after erasures until it succeeds; knows whether it has.

    Clean means: an attempt that *began* after the latest erasure succeeded. Attempts
    are counted, so that one begun before an erasure never vouches for it.
    """

    def __init__(self, attempt: Attempt) -> None:
        self._attempt = attempt
        self._erasures = 0
        self._clean = asyncio.Event()
        self._clean.set()
        self._retrying: asyncio.Task[None] | None = None
        self._failing = False

    @property
    def clean(self) -> bool:
        """Whether no erased row is known to remain in the files."""
        return self._clean.is_set()

    async def erased(self) -> bool:
        """Call once an erasure is committed: one attempt now, the rest in the background.

        Returns whether the files are clean already.
        """
        self._erasures += 1
        self._clean.clear()
        if await self._try():
            return True
        if self._retrying is None or self._retrying.done():
            log.warning(
                "erased sessions stay in the database files while another process reads "
                "the database; retrying in the background"
            )
            self._retrying = asyncio.create_task(self._retry(), name="scrub-erased-rows")
        return False

    async def wait(self, within: float) -> bool:
        """Whether the files are clean, waiting up to ``within`` seconds for it."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._clean.wait(), within)
        return self.clean

    async def close(self) -> bool:
        """Stop retrying after one last attempt; whether the files are clean."""
        if self._retrying is not None:
            self._retrying.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._retrying
            self._retrying = None
        if not self.clean and not await self._try():
            log.warning(
                "erased sessions stay in the database files until another process stops "
                "reading the database; they are overwritten at the next start"
            )
        return self.clean

    async def _try(self) -> bool:
        began_after = self._erasures
        try:
            done = await self._attempt()
        except Exception as exc:  # a full disk, say: the next attempt may do better
            if not self._failing:  # once, not once a second while it lasts
                log.warning("could not overwrite erased sessions now: %s", type(exc).__name__)
            self._failing, done = True, False
        else:
            self._failing = False
        if done and began_after == self._erasures:
            self._clean.set()
        return self.clean

    async def _retry(self) -> None:
        pause = FIRST_PAUSE
        while not await self._try():
            await asyncio.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE)
        log.info("erased sessions are now overwritten in the database files")
