"""The session store keeps choices under pseudonymous keys, durably, and forgets on time."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import sqlite3
import stat
import tracemalloc
from pathlib import Path

import aiosqlite
import pytest

from bot.app import GuideResources
from bot.dialog.runner import Runner
from bot.dialog.state import SessionState
from bot.pseudonym import Pseudonymiser, SecretError, load_or_create_secret
from bot.settings import Settings, SettingsError, load_settings
from bot.store import MIGRATIONS, USER_VERSION, SessionStore, StoreError
from tests.support.processes import refuge_guide


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


# -- schema versions ---------------------------------------------------------------------


async def _user_version(path: Path) -> int:
    async with aiosqlite.connect(path) as db, db.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    assert row is not None
    return int(row[0])


async def test_an_empty_file_is_migrated_to_the_current_version(tmp_path: Path) -> None:
    """A zero-byte database (version 0) is brought to the current schema on open."""
    path = tmp_path / "s.sqlite3"
    path.touch()
    store = await SessionStore.open(path)
    await store.put("k", SessionState(flow="main", node="welcome"))
    await store.close()
    assert await _user_version(path) == USER_VERSION == len(MIGRATIONS)


async def test_a_pre_versioned_table_keeps_its_sessions(tmp_path: Path) -> None:
    """A database written before versions were recorded is adopted with its sessions intact."""
    path = tmp_path / "s.sqlite3"
    state = SessionState(flow="main", node="role", step=2)
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE sessions (key TEXT PRIMARY KEY NOT NULL, state TEXT NOT NULL, "
            "state_version INTEGER NOT NULL, last_seen TEXT NOT NULL) WITHOUT ROWID"
        )
        db.execute(
            "INSERT INTO sessions VALUES (?, ?, 1, ?)", ("old", state.to_json(), "2026-01-01")
        )
    db.close()
    assert await _user_version(path) == 0
    store = await SessionStore.open(path)
    assert await store.get("old") == state
    await store.close()
    assert await _user_version(path) == USER_VERSION


async def test_every_earlier_version_is_migrated(tmp_path: Path) -> None:
    """A database left at any earlier version (an interrupted upgrade) opens at the current one."""
    for version in range(USER_VERSION + 1):
        fresh = tmp_path / f"v{version}.sqlite3"
        async with aiosqlite.connect(fresh) as db:
            for step in MIGRATIONS[:version]:
                await step(db)
            await db.execute(f"PRAGMA user_version = {version:d}")
            await db.commit()
        store = await SessionStore.open(fresh)
        await store.put("k", SessionState(flow="main", node="welcome"))
        await store.close()
        assert await _user_version(fresh) == USER_VERSION


async def test_a_database_from_a_newer_version_is_refused_by_name(tmp_path: Path) -> None:
    """Opening a file a newer refuge-guide wrote stops with an error naming the file."""
    path = tmp_path / "s.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {USER_VERSION + 1:d}")
    db.close()
    with pytest.raises(StoreError, match="schema version") as error:
        await SessionStore.open(path)
    assert str(path) in str(error.value)
    assert await _user_version(path) == USER_VERSION + 1
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",), "left untouched"
    db.close()


async def test_a_file_that_is_not_a_database_is_refused_by_name(tmp_path: Path) -> None:
    """A corrupt or foreign file gives one clear error naming it, not a traceback."""
    path = tmp_path / "s.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError) as error:
        await SessionStore.open(path)
    assert str(path) in str(error.value)


async def test_database_files_are_private_and_wait_when_busy(tmp_path: Path) -> None:
    """The database and its WAL are readable by the owner only; a busy file is waited for."""
    path = tmp_path / "s.sqlite3"
    store = await SessionStore.open(path)
    await store.put("k", SessionState(flow="main", node="welcome"))
    async with store._db.execute("PRAGMA busy_timeout") as cursor:
        assert (await cursor.fetchone()) == (10_000,)
    async with store._db.execute("PRAGMA synchronous") as cursor:
        assert (await cursor.fetchone()) == (2,)  # FULL
    for name in ("s.sqlite3", "s.sqlite3-wal", "s.sqlite3-shm"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
    await store.close()


# -- the secret ----------------------------------------------------------------------------


def test_secret_can_come_from_the_environment_as_hex_or_base64(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """REFUGE_GUIDE_SECRET is accepted as hex or base64 and never printed."""
    raw = bytes(range(32))
    for text in (
        raw.hex(),
        raw.hex().upper(),
        base64.b64encode(raw).decode(),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
    ):
        monkeypatch.setenv("REFUGE_GUIDE_SECRET", text)
        settings = Settings()
        assert settings.secret_bytes() == raw
        assert text not in repr(settings)
        assert text not in str(settings.model_dump())


def test_a_short_or_garbled_environment_secret_is_refused_without_echo(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A secret under 32 bytes, or not hex/base64, is named in the error but not repeated."""
    for text in ("ab" * 16, "not a secret at all!!"):
        monkeypatch.setenv("REFUGE_GUIDE_SECRET", text)
        with pytest.raises(SettingsError, match="REFUGE_GUIDE_SECRET") as error:
            load_settings()
        assert text not in str(error.value)


def test_secret_sources_are_exclusive(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Setting both the secret and the secret file is an operator error that says so."""
    monkeypatch.setenv("REFUGE_GUIDE_SECRET", "00" * 32)
    monkeypatch.setenv("REFUGE_GUIDE_SECRET_FILE", str(tmp_path / "key"))
    with pytest.raises(SettingsError, match="not both"):
        load_settings()


async def test_the_guide_uses_the_environment_secret_and_writes_no_file(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, runner: Runner
) -> None:
    """With REFUGE_GUIDE_SECRET set, keys come from it and no secret file is created."""
    secret = bytes(range(100, 132))
    monkeypatch.setenv("REFUGE_GUIDE_SECRET", base64.b64encode(secret).decode())
    resources = GuideResources(Settings(), runner)
    guide = await resources.open()
    try:
        assert guide.key("telegram", 42) == Pseudonymiser(secret).key("telegram", 42)
    finally:
        await resources.close()
    assert not (data_dir / "session-key.secret").exists()


async def test_the_guide_uses_a_given_secret_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, data_dir: Path, runner: Runner
) -> None:
    """REFUGE_GUIDE_SECRET_FILE points at the key (a mounted secret); nothing else is made."""
    key_file = tmp_path / "mounted" / "key"
    key_file.parent.mkdir()
    key_file.write_bytes(b"k" * 40)
    monkeypatch.setenv("REFUGE_GUIDE_SECRET_FILE", str(key_file))
    resources = GuideResources(Settings(), runner)
    guide = await resources.open()
    try:
        assert guide.key("telegram", 42) == Pseudonymiser(b"k" * 40).key("telegram", 42)
    finally:
        await resources.close()
    assert not (data_dir / "session-key.secret").exists()


def test_an_unreadable_secret_file_names_the_file(tmp_path: Path) -> None:
    """A secret path that cannot be created gives an error naming it and what to check."""
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    with pytest.raises(SecretError, match="not-a-dir"):
        load_or_create_secret(blocker / "key")


async def test_the_secret_is_never_in_the_database(tmp_path: Path) -> None:
    """Neither the secret nor any part of it is written into the database files."""
    secret_path = tmp_path / "key"
    secret = load_or_create_secret(secret_path)
    store = await SessionStore.open(tmp_path / "s.sqlite3")
    pseudonymiser = Pseudonymiser(secret)
    for user in range(50):
        await store.put(pseudonymiser.key("telegram", user), SessionState(flow="main", node="x"))
    await store.close()
    blob = _database_bytes(tmp_path)
    for needle in (secret, secret.hex().encode(), base64.b64encode(secret), secret[:16]):
        assert needle not in blob


# -- erasure leaves no trace ----------------------------------------------------------------

MARKER = "zq-erase-marker-5501"


def _database_bytes(directory: Path) -> bytes:
    """The bytes of the database file and of its WAL and SHM, as a thief would copy them."""
    return b"".join(path.read_bytes() for path in sorted(directory.glob("s.sqlite3*")))


async def test_erased_answers_leave_no_bytes_in_the_files(tmp_path: Path) -> None:
    """After erasure, neither the answers nor the key are anywhere in the database, WAL or SHM."""
    path = tmp_path / "s.sqlite3"
    store = await SessionStore.open(path)
    key = Pseudonymiser(b"s" * 32).key("telegram", 7394012865)
    others = [Pseudonymiser(b"s" * 32).key("telegram", n) for n in range(30)]
    for other in others:
        await store.put(other, SessionState(flow="main", node="welcome", answers={"a": "x"}))
    for step in range(1, 6):  # several versions of the row, as a conversation writes them
        answers = {"role": f"{MARKER}-{step}", "status": MARKER}
        await store.put(key, SessionState(flow="main", node="role", step=step, answers=answers))
    for other in others[:10]:
        await store.put(other, SessionState(flow="main", node="role", answers={"a": "y"}))
    assert await store.delete(key)
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    still_open = b"".join(f.read_bytes() for f in files if f.exists())
    assert MARKER.encode() not in still_open, "erasure takes effect before the store closes"
    assert key.encode() not in still_open
    await store.close()
    blob = b"".join(f.read_bytes() for f in files if f.exists())
    assert len(blob) > 0
    for needle in (MARKER.encode(), key.encode(), bytes.fromhex(key)):
        assert needle not in blob
    reopened = await SessionStore.open(path)
    assert await reopened.count() == len(others), "the other sessions are untouched"
    await reopened.close()


async def test_purged_sessions_leave_no_bytes_in_the_files(tmp_path: Path) -> None:
    """Sessions removed for being idle are overwritten, not just unlinked."""
    path = tmp_path / "s.sqlite3"
    today = [dt.date(2026, 1, 1)]
    store = await SessionStore.open(path, clock=lambda: today[0])
    await store.put("old-key-marker", SessionState(flow="main", node="x", answers={"a": MARKER}))
    today[0] = dt.date(2026, 3, 1)
    await store.put("new", SessionState(flow="main", node="x"))
    assert await store.purge(retention_days=30) == 1
    await store.close()
    blob = _database_bytes(tmp_path)
    assert MARKER.encode() not in blob
    assert b"old-key-marker" not in blob


# -- load on demand ---------------------------------------------------------------------------


async def test_opening_does_not_read_the_stored_sessions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: Runner
) -> None:
    """With 5,000 sessions stored, start-up parses none of them and allocates next to nothing."""
    data = tmp_path / "data"
    monkeypatch.setenv("REFUGE_GUIDE_DATA_DIR", str(data))
    settings = Settings()
    store = await SessionStore.open(settings.database_path)
    await store.close()
    padding = {f"fact_{n}": "value-" + "x" * 40 for n in range(20)}
    state = SessionState(flow="main", node="welcome", answers=padding).to_json()
    with sqlite3.connect(settings.database_path) as db:
        db.executemany(
            "INSERT INTO sessions VALUES (?, ?, 1, '2026-01-01')",
            ((f"key-{n:05d}", state) for n in range(5000)),
        )
    db.close()
    stored_bytes = 5000 * len(state)
    parsed: list[str] = []
    original = SessionState.from_json.__func__  # type: ignore[attr-defined]

    def counting(cls: type[SessionState], raw: str | bytes) -> SessionState:
        parsed.append("x")
        return original(cls, raw)  # type: ignore[no-any-return]

    monkeypatch.setattr(SessionState, "from_json", classmethod(counting))
    tracemalloc.start()
    try:
        resources = GuideResources(settings, runner)
        guide = await resources.open()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    try:
        assert parsed == []
        assert peak < stored_bytes / 10, f"start-up allocated {peak} bytes"
        assert await guide.load("key-00042") is not None, "a session is read when asked for"
        assert parsed == ["x"]
    finally:
        await resources.close()


def test_purge_on_a_newer_database_says_which_file_in_one_line(data_dir: Path) -> None:
    """An operator running an older refuge-guide on a newer database gets one clear line."""
    data_dir.mkdir(parents=True)
    path = data_dir / "sessions.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {USER_VERSION + 5:d}")
    db.close()
    run = refuge_guide("purge", data_dir=data_dir)
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0, run.stderr
    assert str(path) in run.stderr
    assert "Traceback" not in run.stderr
