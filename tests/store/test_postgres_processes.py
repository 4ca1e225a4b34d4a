"""Two bot processes on one PostgreSQL database: one user's steps one at a time, in order.

Each "process" is a store with pools of its own, so nothing in Python is shared between
them: only the database's advisory locks keep them apart, as between two hosts.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator

import asyncpg
import pytest

from bot.dialog.events import Press, Start
from bot.dialog.runner import Runner
from bot.dialog.state import SessionState
from bot.guide import Guide, Step
from bot.pseudonym import Pseudonymiser
from bot.store import ChannelData, SessionRecord
from bot.store.postgres import PostgresStore, lock_id
from tests.support.waiting import wait_until

SECRET = b"s" * 32


@pytest.fixture
async def two_processes(postgres_url: str) -> AsyncIterator[tuple[PostgresStore, PostgresStore]]:
    """Two stores on the same database, as two bot processes would open it."""
    first = await PostgresStore.open(postgres_url)
    second = await PostgresStore.open(postgres_url)
    yield first, second
    await first.close()
    await second.close()


@pytest.fixture
async def admin(postgres_url: str) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(postgres_url)
    yield connection
    await connection.close()


def _record(step: int, last_update_id: int | None) -> SessionRecord:
    return SessionRecord(
        state=SessionState(flow="main", node="role", step=step),
        channel=ChannelData(last_update_id=last_update_id),
    )


async def _advisory_locks(admin: asyncpg.Connection, key: str) -> list[asyncpg.Record]:
    """The server's view of ``key``'s lock: who holds it, who waits."""
    unsigned = lock_id(key) % 2**64
    return await admin.fetch(
        "SELECT pid, granted FROM pg_locks WHERE locktype = 'advisory' "
        "AND classid = $1::bigint::oid AND objid = $2::bigint::oid AND objsubid = 1",
        unsigned >> 32,
        unsigned & 0xFFFFFFFF,
    )


async def test_bursts_through_both_processes_apply_each_users_steps_one_at_a_time_in_order(
    two_processes: tuple[PostgresStore, PostgresStore],
) -> None:
    """Every update of every user goes to either process at once; none overlap, none lost.

    As the guide does, a step first reads the last update applied and ignores an older
    one, so a late straggler is dropped rather than applied out of order.
    """
    stores = two_processes
    inside: set[str] = set()
    overlaps: list[str] = []
    applied: dict[str, list[int]] = {}
    shuffle = random.Random(16)

    async def deliver(store: PostgresStore, key: str, update_id: int) -> None:
        async with store.lock(key):
            if key in inside:
                overlaps.append(key)
            inside.add(key)
            try:
                record = await store.get(key)
                step = record.state.step if record is not None else 0
                last = record.channel.last_update_id if record is not None else None
                await asyncio.sleep(0)  # let the other process try to get in between
                if last is None or update_id > last:
                    applied.setdefault(key, []).append(update_id)
                    await store.put(key, _record(step + 1, update_id))
            finally:
                inside.discard(key)

    users = [f"user-{n}" for n in range(12)]
    deliveries = [
        deliver(stores[shuffle.randrange(2)], key, update_id)
        for update_id in range(1, 9)
        for key in users
    ]
    await asyncio.wait_for(asyncio.gather(*deliveries), timeout=120)

    assert overlaps == [], "two processes handled one user's updates at the same time"
    for key in users:
        record = await stores[0].get(key)
        assert record is not None
        assert applied[key] == sorted(applied[key]), f"{key}: steps applied out of order"
        assert record.state.step == len(applied[key]), f"{key}: a step was lost"
        assert record.channel.last_update_id == applied[key][-1] == 8


async def test_one_users_updates_alternating_between_processes_are_all_applied(
    two_processes: tuple[PostgresStore, PostgresStore],
) -> None:
    """A load balancer sends a person's taps to either process in turn: every tap counts."""
    stores = two_processes

    async def walk(key: str) -> None:
        for update_id in range(1, 11):
            store = stores[update_id % 2]
            async with store.lock(key):
                record = await store.get(key)
                step = record.state.step if record is not None else 0
                await store.put(key, _record(step + 1, update_id))

    users = [f"walker-{n}" for n in range(10)]
    await asyncio.wait_for(asyncio.gather(*(walk(key) for key in users)), timeout=120)
    for key in users:
        assert await stores[1].get(key) == _record(10, 10)


async def test_an_update_delivered_to_both_processes_is_applied_once(
    two_processes: tuple[PostgresStore, PostgresStore], runner: Runner
) -> None:
    """After a failover Telegram may send an update again, to the other process: one step."""
    guides = [Guide(runner, store, Pseudonymiser(SECRET)) for store in two_processes]

    async def handle(guide: Guide, key: str, update_id: int, event: Press | Start) -> Step:
        async with guide.session(key):
            return await guide.step(key, event, "en", update_id=update_id, message_ids=[update_id])

    keys = [guides[0].key("telegram", 5_000 + n) for n in range(10)]
    firsts = [await handle(guides[0], key, 1, Start("en")) for key in keys]
    for key, first in zip(keys, firsts, strict=True):
        assert first.view is not None
        tap = Press(first.view.buttons[0].data)
        both = await asyncio.wait_for(
            asyncio.gather(*(handle(guide, key, 2, tap) for guide in guides)), timeout=60
        )
        assert sorted(step.replay for step in both) == [False, True], "applied exactly once"
        (applied,) = [step for step in both if not step.replay]
        assert applied.state != first.state, "the tap moved the conversation on"
        record = await two_processes[1].get(key)
        assert record is not None
        assert record.state == applied.state
        assert record.channel.last_update_id == 2


async def test_the_other_process_waits_for_the_lock_and_gets_it_on_release(
    two_processes: tuple[PostgresStore, PostgresStore], admin: asyncpg.Connection
) -> None:
    first, second = two_processes
    async with first.lock("k"):
        waiting = asyncio.create_task(_hold(second, "k"))
        await wait_until(
            lambda: _waiters(admin, "k"), "the second process waits on the server for the lock"
        )
        assert not waiting.done()
    await asyncio.wait_for(waiting, timeout=30)
    assert await _advisory_locks(admin, "k") == [], "released after the step"


async def test_a_failed_step_releases_the_lock(
    two_processes: tuple[PostgresStore, PostgresStore], admin: asyncpg.Connection
) -> None:
    first, second = two_processes
    with pytest.raises(RuntimeError, match="the step failed"):
        async with first.lock("k"):
            raise RuntimeError("the step failed")
    await asyncio.wait_for(_hold(second, "k"), timeout=30)
    assert await _advisory_locks(admin, "k") == []


async def test_a_cancelled_wait_leaves_no_lock_behind(
    two_processes: tuple[PostgresStore, PostgresStore], admin: asyncpg.Connection
) -> None:
    """A step abandoned while it waits (the process is shutting down) takes nothing with it."""
    first, second = two_processes
    async with first.lock("k"):
        waiting = asyncio.create_task(_hold(second, "k"))
        await wait_until(lambda: _waiters(admin, "k"), "the second process waits for the lock")
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
    await asyncio.wait_for(_hold(first, "k"), timeout=30)
    await asyncio.wait_for(_hold(second, "k"), timeout=30)
    await wait_until(
        lambda: _no_locks(admin, "k"), "no advisory lock of the key is left on the server"
    )


async def test_a_lost_connection_releases_the_lock_and_fences_the_old_holder(
    two_processes: tuple[PostgresStore, PostgresStore], admin: asyncpg.Connection
) -> None:
    """If the holder's connection dies, the other process goes ahead, and the old holder's
    late write fails instead of overwriting the newer step."""
    first, second = two_processes
    async with first.lock("k"):
        await first.put("k", _record(1, 1))
        (holder,) = await _advisory_locks(admin, "k")
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", holder["pid"])
        async with asyncio.timeout(30), second.lock("k"):
            await second.put("k", _record(2, 2))
        lost = (asyncpg.PostgresConnectionError, asyncpg.InterfaceError, asyncpg.AdminShutdownError)
        with pytest.raises(lost):  # however asyncpg learns that its connection was ended
            await first.put("k", _record(2, 1))  # the stale holder: must not land
    assert await second.get("k") == _record(2, 2)
    async with asyncio.timeout(30), first.lock("k"):  # the first process recovers
        await first.put("k", _record(3, 3))
    assert await second.get("k") == _record(3, 3)


async def _hold(store: PostgresStore, key: str) -> None:
    async with store.lock(key):
        pass


async def _waiters(admin: asyncpg.Connection, key: str) -> bool:
    return any(not row["granted"] for row in await _advisory_locks(admin, key))


async def _no_locks(admin: asyncpg.Connection, key: str) -> bool:
    return await _advisory_locks(admin, key) == []
