"""Stopping the Telegram channel in bounded time, whatever Telegram does meanwhile.

On SIGTERM or SIGINT (:mod:`bot.serve`) the channel stops in three steps, each with its
own bound, so that together they stay well inside :data:`STOP_WITHIN` (Docker sends
``kill -9`` 10 s after SIGTERM):

1. **Stop fetching** (at most :data:`FETCH_STOP` s): no new update is taken, and those
   fetched are confirmed to Telegram by python-telegram-bot's last ``getUpdates``. If
   Telegram does not answer it, they come again at the next start, and the replay rule
   (:func:`bot.guide.is_replay`) answers each once.
2. **Let the updates in flight finish** (at most :data:`GRACE` s). Each step is stored
   before its reply is sent (:mod:`bot.channels.telegram_dispatch`), so an update still
   running after that is waiting on Telegram: a call whose answer does not come, a 429's
   ``retry_after``. It is cancelled. Its step is then stored or not begun, never half
   applied; the person's next press gets the current screen.
3. **python-telegram-bot's own stop and shutdown** (its HTTP connections closed), at
   most :data:`LIBRARY_STOP` s each.

Why not python-telegram-bot's ``Application.stop`` alone: it waits until every fetched
update is handled, however long a Bot API call hangs (a call that may have arrived is
retried for up to 20 s, :mod:`bot.channels.telegram_retry`), so a Telegram that stops
answering held the process past Docker's 10 s.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

log = logging.getLogger(__name__)

STOP_WITHIN = 10.0
"""What the whole process may take from the signal to its end (:mod:`bot.serve`)."""
FETCH_STOP = 2.0
GRACE = 4.0
"""How long updates in flight may still run once fetching has stopped."""
CANCEL_WAIT = 0.5
LIBRARY_STOP = 1.0
IN_FLIGHT_KEY = "in_flight"


class InFlight:
    """The tasks handling updates right now, so that a stop can wait for them, then end
    them. Its :meth:`handler` goes in the first handler group, before any other, so each
    update's task is known from its start (python-telegram-bot runs an update's handlers
    and its error handler in that one task)."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def __len__(self) -> int:
        return len(self._tasks)

    def handler(self) -> TypeHandler[Update, ContextTypes.DEFAULT_TYPE, None]:
        """The handler that notes each update's task."""
        return TypeHandler(Update, self._note)

    async def _note(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        task = asyncio.current_task()
        if task is not None and task not in self._tasks:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def finish(self, within: float = GRACE) -> int:
        """Wait for the updates in flight, at most ``within`` seconds; cancel those still
        running then. Returns how many were cancelled."""
        running = set(self._tasks)
        if not running:
            return 0
        _, late = await asyncio.wait(running, timeout=within)
        for task in late:
            task.cancel()
        if late:
            await asyncio.wait(late, timeout=CANCEL_WAIT)
            log.warning(
                "%d update(s) still waiting on Telegram were cancelled at stop; their steps "
                "are stored or not begun, and the next press shows the current screen",
                len(late),
            )
        return len(late)


def in_flight_of(application: Application[Any, Any, Any, Any, Any, Any]) -> InFlight:
    """The :class:`InFlight` that :func:`bot.channels.telegram.build_application` made."""
    in_flight: InFlight = application.bot_data[IN_FLIGHT_KEY]
    return in_flight


async def bounded(step: Awaitable[object], within: float, what: str) -> None:
    """Await ``step`` for at most ``within`` seconds; a step that overruns is cancelled
    and logged (by name only), and stopping goes on."""
    try:
        await asyncio.wait_for(step, timeout=within)
    except TimeoutError:
        log.warning("stopping: %s took longer than %.0f s and was cut short", what, within)


async def stop_channel(
    application: Application[Any, Any, Any, Any, Any, Any], in_flight: InFlight
) -> None:
    """Steps 1 to 3 of the module docstring (python-telegram-bot's shutdown follows)."""
    updater = application.updater
    if updater is not None and updater.running:
        await bounded(updater.stop(), FETCH_STOP, "confirming the fetched updates")
    await in_flight.finish(GRACE)
    if application.running:
        await bounded(application.stop(), LIBRARY_STOP, "the library's stop")
