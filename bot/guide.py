"""The one place where a channel's event meets the runner and the store.

Each channel calls :meth:`Guide.step` for every event (the terminal through
:meth:`Guide.handle`): it loads the session, runs the pure runner, and writes the new
record, conversation and channel data together, once, *before* the channel sends
anything, so a reply the person saw is never lost. It depends on the
:class:`~bot.store.SessionStore` protocol only.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from bot.dialog.events import Current, Event
from bot.dialog.rewind import erased_for_now
from bot.dialog.runner import Runner
from bot.dialog.state import SessionState
from bot.dialog.view import View
from bot.i18n import N_
from bot.pseudonym import Pseudonymiser
from bot.store import ChannelData, SessionRecord, SessionStore

# TRANSLATORS: a message in Telegram and in the terminal chat when the guide cannot store a step
# (its disk is full).
CANNOT_SAVE = N_(
    "The guide cannot save anything at the moment, so this step was not done. Your "
    "earlier answers are kept. Please try again in a little while."
)
"""What a channel tells the person when the store refuses a step (a full disk,
:class:`~bot.errors.StoreFullError`): nothing of the step was applied, so trying the same
again later goes on from where they were."""

ERASE_WAIT = 2.0
"""Seconds an erasure waits for its bytes to be overwritten before the person is told.

Usually none: they are overwritten at once. Another process reading the database (a
backup, a ``sqlite3`` shell) keeps them until it is done; a short read ends within this
wait and the person reads "erased". After it, the person is told the truth instead (a
copy is still in the database file for the moment, and the guide overwrites it by itself
as soon as it can), without waiting longer. Only this person's reply waits; the store
keeps serving others.
"""

REPLAY_WINDOW = 10_000
"""How far below the last applied update id an update counts as delivered again.

Telegram numbers updates sequentially, but after a week without any update it may start
again from a random number; beyond this window a lower id is taken as new, not replayed.
"""


def is_replay(channel: ChannelData, update_id: int) -> bool:
    """Whether ``update_id`` was already applied (or is older than the last one applied)."""
    last = channel.last_update_id
    return last is not None and 0 <= last - update_id < REPLAY_WINDOW


@dataclass(frozen=True)
class Step:
    """What one event did: the state now, and the view to draw (``None``: stay quiet).

    ``replay``: the update had been applied before and nothing changed; the view is then
    the current screen, to send anew, if it was the last update applied (its reply may
    have been lost in a crash), and ``None`` if it is older. ``erased``: the
    session is gone (nothing was stored); ``channel`` is then what the channel knew of
    it, including this update, so that a quick exit knows which messages to delete.
    """

    state: SessionState
    view: View | None
    replay: bool = False
    erased: bool = False
    channel: ChannelData = field(default_factory=ChannelData)


class Guide:
    """Runner + store + pseudonymiser, shared by the terminal and Telegram."""

    def __init__(
        self,
        runner: Runner,
        store: SessionStore,
        pseudonymiser: Pseudonymiser,
        *,
        erase_wait: float = ERASE_WAIT,
    ) -> None:
        self.runner = runner
        self.store = store
        self._pseudonymiser = pseudonymiser
        self._erase_wait = erase_wait

    def key(self, channel: str, user_id: int | str) -> str:
        """The pseudonymous session key of one user on one channel."""
        return self._pseudonymiser.key(channel, user_id)

    @asynccontextmanager
    async def session(self, key: str) -> AsyncIterator[None]:
        """Hold one user's lock, so that their updates are handled (and answered) in order."""
        async with self.store.lock(key):
            yield

    async def handle(
        self, key: str, event: Event, client_lang: str | None = None
    ) -> tuple[SessionState, View]:
        """Apply one event for the session ``key`` and store the result durably."""
        step = await self.step(key, event, client_lang)
        view = step.view if step.view is not None else self.runner.handle(step.state, Current())[1]
        return step.state, view

    async def step(
        self,
        key: str,
        event: Event,
        client_lang: str | None = None,
        *,
        update_id: int | None = None,
        message_ids: Iterable[int] = (),
    ) -> Step:
        """Run one event: load, run, then store (or erase) *before* the channel replies.

        ``update_id`` and ``message_ids`` are the channel's: the update's number and the
        ids of messages it learnt of since the last write (the one typed, the one whose
        button was pressed, the replies it sent since), kept in this same write. An
        update already applied (delivered again, as after a crash) changes nothing and
        comes back with ``replay=True``. A view that asks for erasure deletes the session
        instead, and says "erased" only once no copy is left in the store's files
        (:data:`ERASE_WAIT`); a quick exit's neutral line claims nothing and never waits.
        """
        record = await self.store.get(key)
        state = record.state if record is not None else None
        channel = record.channel if record is not None else ChannelData()
        if record is not None and update_id is not None and is_replay(channel, update_id):
            # Only the step is stored, not whether its reply went out: the last update
            # gets the current screen again, so that nobody is left without an answer.
            latest = update_id == channel.last_update_id
            view = self.runner.handle(record.state, Current())[1] if latest else None
            return Step(record.state, view, replay=True, channel=channel)
        new_state, view = self.runner.handle(state, event, client_lang)
        seen = channel.seen(update_id=update_id, message_ids=message_ids)
        if view.erase or view.quick_exit:
            await self.store.delete(key)
            if view.erase and not await self.store.wait_scrubbed(self._erase_wait):
                view = erased_for_now(self.runner, new_state.lang)
            return Step(new_state, view, erased=True, channel=seen)
        new = SessionRecord(state=new_state, channel=seen)
        if new != record:
            await self.store.put(key, new)
        return Step(new_state, view, channel=seen)

    async def save(self, key: str, state: SessionState) -> None:
        """Store a state a channel changed (the terminal's language), keeping its data."""
        record = await self.store.get(key)
        channel = record.channel if record is not None else ChannelData()
        await self.store.put(key, SessionRecord(state=state, channel=channel))

    async def move(self, old: str, new: str) -> bool:
        """Continue the session stored under ``old`` under ``new`` instead; whether there
        was one. The terminal's resume codes work once this way, so two terminals never
        share a session."""
        async with self.session(old):
            record = await self.store.get(old)
            if record is None:
                return False
            await self.store.put(new, record)
            await self.store.delete(old)
        return True

    async def load(self, key: str) -> SessionState | None:
        """The stored conversation, if any."""
        record = await self.store.get(key)
        return record.state if record is not None else None
