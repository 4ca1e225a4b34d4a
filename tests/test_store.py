"""The session store keeps choices under pseudonymous keys, durably, and forgets on time."""

from __future__ import annotations

import datetime as dt
import hashlib
import stat
from pathlib import Path

import aiosqlite

from bot.dialog.state import SessionState
from bot.pseudonym import Pseudonymiser, load_or_create_secret
from bot.store import SessionStore


def test_secret_is_created_once_with_mode_0600(tmp_path: Path) -> None:
    """The first start makes a 32-byte secret readable by the owner only; later starts reuse it."""
    path = tmp_path / "secret"
    first = load_or_create_secret(path)
    assert len(first) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_secret(path) == first


def test_key_is_a_keyed_hash_not_the_id() -> None:
    """The key depends on the secret and differs from a plain hash of the id."""
    user_id = 987654321
    one = Pseudonymiser(b"a" * 32).key("telegram", user_id)
    other = Pseudonymiser(b"b" * 32).key("telegram", user_id)
    assert one != other
    assert str(user_id) not in one
    assert one != hashlib.sha256(str(user_id).encode()).hexdigest()
    assert one != Pseudonymiser(b"a" * 32).key("console", user_id)


async def test_state_survives_closing_and_reopening(tmp_path: Path) -> None:
    """A committed step is there after the process stops."""
    path = tmp_path / "s.sqlite3"
    state = SessionState(flow="main", node="role", step=3, answers={"role": "advocate"})
    store = await SessionStore.open(path)
    await store.put("k", state)
    await store.close()
    store = await SessionStore.open(path)
    assert await store.get("k") == state
    await store.close()


async def test_database_uses_wal_and_secure_delete(tmp_path: Path) -> None:
    """Durability and erasure settings are on for the connection the guide uses."""
    store = await SessionStore.open(tmp_path / "s.sqlite3")
    async with store._db.execute("PRAGMA journal_mode") as cursor:
        assert (await cursor.fetchone()) == ("wal",)
    async with store._db.execute("PRAGMA secure_delete") as cursor:
        assert (await cursor.fetchone()) == (1,)
    await store.close()


async def test_only_key_state_and_day_are_stored(tmp_path: Path) -> None:
    """The table has no column for anything but the pseudonym, the state and the day."""
    store = await SessionStore.open(tmp_path / "s.sqlite3")
    await store.close()
    async with aiosqlite.connect(tmp_path / "s.sqlite3") as db:
        cursor = await db.execute("PRAGMA table_info(sessions)")
        columns = [row[1] for row in await cursor.fetchall()]
    assert columns == ["key", "state", "state_version", "last_seen"]


async def test_purge_removes_only_idle_sessions(tmp_path: Path) -> None:
    """Sessions idle longer than the retention period go; recent ones stay."""
    today = [dt.date(2026, 1, 1)]
    store = await SessionStore.open(tmp_path / "s.sqlite3", clock=lambda: today[0])
    state = SessionState(flow="main", node="welcome")
    await store.put("old", state)
    today[0] = dt.date(2026, 2, 15)
    await store.put("new", state)
    assert await store.purge(retention_days=30) == 1
    assert await store.get("old") is None
    assert await store.get("new") == state
    await store.close()


async def test_delete_erases_at_once(tmp_path: Path) -> None:
    """Forgetting a session removes it; forgetting twice is harmless."""
    store = await SessionStore.open(tmp_path / "s.sqlite3")
    await store.put("k", SessionState(flow="main", node="welcome"))
    assert await store.delete("k") is True
    assert await store.get("k") is None
    assert await store.delete("k") is False
    await store.close()
