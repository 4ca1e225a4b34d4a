"""What every session store must do, whatever the database: the guide relies on each point.

Runs once per backend in ``tests/store/backends.py``. Backend-specific checks (SQLite's
migrations, file modes, WAL) live beside this file, not here.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from bot.dialog.state import SessionState
from bot.store import ChannelData, SessionRecord
from tests.store.backends import Backend

MARKER = "zq-contract-marker-7301"


def _record(node: str = "welcome", step: int = 1, **answers: str) -> SessionRecord:
    state = SessionState(flow="main", node=node, step=step, answers=answers)
    channel = ChannelData(message_ids=(7, 8, 12), last_update_id=step)
    return SessionRecord(state=state, channel=channel)


class Calendar:
    """A clock the test turns by hand."""

    def __init__(self, day: dt.date) -> None:
        self.day = day

    def __call__(self) -> dt.date:
        return self.day


async def test_a_stored_session_is_read_back_with_its_channel_data(backend: Backend) -> None:
    """What was put is what is got: the conversation and the channel's data."""
    store = await backend.open()
    try:
        assert await store.get("k") is None, "nothing stored yet"
        record = SessionRecord(
            state=SessionState(flow="main", node="role", step=3, answers={"role": "advocate"}),
            channel=ChannelData(
                message_ids=(41, *range(43, 60), 2_000_000_017), last_update_id=900_001
            ),
        )
        await store.put("k", record)
        assert await store.get("k") == record
        later = _record("status", step=4)
        await store.put("k", later)
        assert await store.get("k") == later, "the newest step wins"
        begun_before = ChannelData(message_ids=(900,), last_update_id=5, first_message_id=400)
        legacy = SessionRecord(state=later.state, channel=begun_before)
        await store.put("old", legacy)
        assert await store.get("old") == legacy, "a session begun before exact ids were kept"
        assert await store.count() == 2
    finally:
        await store.close()


async def test_a_step_survives_closing_and_reopening(backend: Backend) -> None:
    """A put that returned is there after the process stops (durable on return); the
    memory store, which must leave nothing behind, has forgotten it instead."""
    store = await backend.open()
    await store.put("k", _record("role", step=2, role="person"))
    await store.close()
    reopened = await backend.open()
    try:
        if backend.durable:
            assert await reopened.get("k") == _record("role", step=2, role="person")
        else:
            assert await reopened.get("k") is None
            assert await reopened.count() == 0
            assert b"person" not in backend.at_rest()
    finally:
        await reopened.close()


async def test_erasure_is_at_once_and_leaves_no_trace(backend: Backend) -> None:
    """An erased session is gone, and neither its answers nor its key remain at rest."""
    store = await backend.open()
    key = "erase-me-" + "ab" * 28
    try:
        for other in range(20):
            await store.put(f"other-{other}", _record(a="x"))
        for step in range(1, 6):  # several versions of the row, as a conversation writes them
            await store.put(key, _record("role", step=step, role=f"{MARKER}-{step}"))
        assert await store.delete(key) is True
        assert await store.get(key) is None
        assert await store.delete(key) is False, "erasing twice is harmless"
        assert await store.count() == 20, "the others are untouched"
        held = backend.at_rest()
        assert MARKER.encode() not in held, "erasure takes effect before the store closes"
        assert key.encode() not in held
    finally:
        await store.close()
    assert MARKER.encode() not in backend.at_rest()


async def test_purge_forgets_sessions_idle_longer_than_the_retention_period(
    backend: Backend,
) -> None:
    """Idle is counted in whole days from the last step; a recent step keeps a session."""
    calendar = Calendar(dt.date(2026, 1, 1))
    store = await backend.open(clock=calendar)
    try:
        await store.put("idle", _record(a=MARKER))
        await store.put("touched", _record())
        calendar.day = dt.date(2026, 1, 20)
        await store.put("touched", _record(step=2))
        calendar.day = dt.date(2026, 1, 31)  # idle: exactly 30 days
        assert await store.purge(retention_days=30) == 0, "30 days idle is not yet too long"
        calendar.day = dt.date(2026, 2, 1)
        assert await store.purge(retention_days=30) == 1
        assert await store.get("idle") is None
        assert await store.get("touched") == _record(step=2)
        assert await store.count() == 1
        assert await store.purge(retention_days=30) == 0
    finally:
        await store.close()
    assert MARKER.encode() not in backend.at_rest(), "purged rows leave no trace either"


async def test_count_follows_puts_and_deletes(backend: Backend) -> None:
    """``count`` is the number of sessions stored, for operators and tests."""
    store = await backend.open()
    try:
        assert await store.count() == 0
        for n in range(5):
            await store.put(f"k{n}", _record())
        await store.put("k0", _record(step=2))
        assert await store.count() == 5
        await store.delete("k1")
        assert await store.count() == 4
    finally:
        await store.close()


async def test_an_unreadable_row_reads_as_no_session(backend: Backend) -> None:
    """A row no version can read is ignored (the person starts again), never a crash."""
    store = await backend.open()
    try:
        await store.put("broken", _record())
        await store.put("fine", _record())
        backend.corrupt("broken")
        assert await store.get("broken") is None
        assert await store.get("fine") == _record()
        await store.put("broken", _record(step=2))
        assert await store.get("broken") == _record(step=2), "a fresh step replaces it"
    finally:
        await store.close()


async def test_concurrent_users_each_advance_in_order_under_the_lock(backend: Backend) -> None:
    """Many users at once, each sending a burst: under ``lock`` no step is lost or reordered."""
    store = await backend.open()
    applied: dict[str, list[int]] = {}

    async def one_update(key: str, update_id: int) -> None:
        async with store.lock(key):
            record = await store.get(key)
            step = record.state.step if record is not None else 0
            await asyncio.sleep(0)  # let other updates run between the read and the write
            applied.setdefault(key, []).append(update_id)
            await store.put(key, _record(step=step + 1))

    try:
        users = [f"user-{n}" for n in range(20)]
        await asyncio.wait_for(
            asyncio.gather(*(one_update(key, n) for n in range(8) for key in users)),
            timeout=60,
        )
        for key in users:
            record = await store.get(key)
            assert record is not None
            assert record.state.step == 8, f"{key}: a step was lost"
            assert applied[key] == sorted(applied[key]), f"{key}: steps ran out of order"
    finally:
        await store.close()


async def test_one_users_lock_does_not_hold_up_another(backend: Backend) -> None:
    """While one person's step is in progress, someone else's step goes ahead."""
    store = await backend.open()
    try:
        async with store.lock("slow"), asyncio.timeout(30), store.lock("other"):
            await store.put("other", _record())
        assert await store.get("other") == _record()
    finally:
        await store.close()
