"""Waiting on a condition, never on the clock.

A loaded 2-core CI machine can be ten times slower than a laptop, so a test never sleeps
a fixed time and hopes: it polls a condition until it holds, with a generous timeout, and
fails naming what it waited for.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

POLL_INTERVAL = 0.01
"""How often a condition is checked; small, since each check is cheap."""

DEFAULT_TIMEOUT = 30.0
"""Generous on purpose: it bounds a failing test, and a passing one never waits it out."""


async def wait_until(
    condition: Callable[[], bool | Awaitable[bool]],
    what: str,
    *,
    within: float = DEFAULT_TIMEOUT,
) -> None:
    """Return as soon as ``condition()`` is true; fail naming ``what`` after ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        result = condition()
        if not isinstance(result, bool):
            result = await result
        if result:
            return
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {within} s waiting until {what}")
        await asyncio.sleep(POLL_INTERVAL)  # condition: polled, not a fixed wait
