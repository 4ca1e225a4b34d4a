"""The SQLite store: its file settings, schema versions, WAL erasure, lazy loading and
group commit.

What every backend must do is in ``test_contract.py``; this file checks how the SQLite
store does it.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sqlite3
import stat
import textwrap
import tracemalloc
from pathlib import Path

import aiosqlite
import pytest

from bot.app import GuideResources
from bot.dialog.runner import Runner
from bot.dialog.state import SessionState
from bot.pseudonym import Pseudonymiser
from bot.settings import Settings
from bot.store import ChannelData, SessionRecord, SqliteStore, StoreError
from bot.store import sqlite as sqlite_module
from bot.store.packing import unpack
from bot.store.sqlite_schema import MIGRATIONS, USER_VERSION
from tests.support.processes import refuge_guide
from tests.support.runner_chat import long_person_walk


def _record(node: str = "welcome", **answers: str) -> SessionRecord:
    return SessionRecord(state=SessionState(flow="main", node=node, answers=answers))


async def test_database_uses_wal_and_secure_delete(tmp_path: Path) -> None:
    """Durability and erasure settings are on for the connection the guide uses."""
    store = await SqliteStore.open(tmp_path / "s.sqlite3")
    async with store._db.execute("PRAGMA journal_mode") as cursor:
        assert (await cursor.fetchone()) == ("wal",)
    async with store._db.execute("PRAGMA secure_delete") as cursor:
        assert (await cursor.fetchone()) == (1,)
    await store.close()


async def test_only_key_state_day_and_the_channels_ids_are_stored(tmp_path: Path) -> None:
    """The table has no column for anything but the pseudonym, the state, the day and the
    channel's ids: of messages in the chat (the first one, for rows of the previous
    schema) and of the last update applied."""
    store = await SqliteStore.open(tmp_path / "s.sqlite3")
    await store.close()
    async with aiosqlite.connect(tmp_path / "s.sqlite3") as db:
        cursor = await db.execute("PRAGMA table_info(sessions)")
        columns = [row[1] for row in await cursor.fetchall()]
    assert columns == [
        "key",
        "state",
        "state_version",
        "last_seen",
        "first_message_id",
        "last_update_id",
        "message_ids",
    ]


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
    store = await SqliteStore.open(path)
    await store.put("k", _record())
    await store.close()
    assert await _user_version(path) == USER_VERSION == len(MIGRATIONS)


async def test_a_pre_versioned_table_keeps_its_sessions(tmp_path: Path) -> None:
    """A database written before versions were recorded is adopted with its sessions intact."""
    path = tmp_path / "s.sqlite3"
    state = SessionState(flow="main", node="role", step=2)
    v1 = json.dumps({"schema_version": 1, "flow": "main", "node": "role", "step": 2})
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE sessions (key TEXT PRIMARY KEY NOT NULL, state TEXT NOT NULL, "
            "state_version INTEGER NOT NULL, last_seen TEXT NOT NULL) WITHOUT ROWID"
        )
        db.execute("INSERT INTO sessions VALUES (?, ?, 1, ?)", ("old", v1, "2026-01-01"))
    db.close()
    assert await _user_version(path) == 0
    store = await SqliteStore.open(path)
    assert await store.get("old") == SessionRecord(state=state)
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
        store = await SqliteStore.open(fresh)
        await store.put("k", _record())
        await store.close()
        assert await _user_version(fresh) == USER_VERSION


async def test_a_database_from_a_newer_version_is_refused_by_name(tmp_path: Path) -> None:
    """Opening a file a newer refuge-guide wrote stops with an error naming the file."""
    path = tmp_path / "s.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {USER_VERSION + 1:d}")
    db.close()
    with pytest.raises(StoreError, match="schema version") as error:
        await SqliteStore.open(path)
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
        await SqliteStore.open(path)
    assert str(path) in str(error.value)


async def test_database_files_are_private_and_wait_when_busy(tmp_path: Path) -> None:
    """The database and its WAL are readable by the owner only; a busy file is waited for."""
    path = tmp_path / "s.sqlite3"
    store = await SqliteStore.open(path)
    await store.put("k", _record())
    async with store._db.execute("PRAGMA busy_timeout") as cursor:
        assert (await cursor.fetchone()) == (10_000,)
    async with store._db.execute("PRAGMA synchronous") as cursor:
        assert (await cursor.fetchone()) == (2,)  # FULL
    for name in ("s.sqlite3", "s.sqlite3-wal", "s.sqlite3-shm"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
    await store.close()


# -- erasure empties the WAL ------------------------------------------------------------------

MARKER = "zq-erase-marker-5501"


async def test_erased_answers_leave_no_bytes_in_the_database_wal_or_shm(tmp_path: Path) -> None:
    """Erasure checkpoints and empties the WAL at once, even with later writes of others."""
    path = tmp_path / "s.sqlite3"
    store = await SqliteStore.open(path)
    key = Pseudonymiser(b"s" * 32).key("telegram", 7394012865)
    others = [Pseudonymiser(b"s" * 32).key("telegram", n) for n in range(30)]
    for other in others:
        await store.put(other, _record(a="x"))
    for step in range(1, 6):  # several versions of the row, as a conversation writes them
        await store.put(key, _record("role", role=f"{MARKER}-{step}", status=MARKER))
    for other in others[:10]:
        await store.put(other, _record("role", a="y"))
    assert await store.delete(key)
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    still_open = b"".join(f.read_bytes() for f in files if f.exists())
    for needle in (MARKER.encode(), key.encode(), bytes.fromhex(key)):
        assert needle not in still_open, "erasure takes effect before the store closes"
    assert path.with_name(path.name + "-wal").stat().st_size == 0, "the WAL is emptied"
    await store.close()


# -- rows written by the previous version ----------------------------------------------------


async def test_a_version_1_row_is_read_with_its_channel_data_lifted_out(tmp_path: Path) -> None:
    """A row an earlier release wrote (version 1 state holding every sent message id and
    the last update id) reads as the same conversation with those two moved beside it,
    and is written back in the new form at the next step."""
    path = tmp_path / "s.sqlite3"
    v1 = {
        "schema_version": 1,
        "lang": "fr",
        "flow": "main",
        "node": "role",
        "step": 4,
        "answers": {"role": "person"},
        "history": [{"flow": "main", "node": "welcome", "answers": {}}],
        "consented": True,
        "message_ids": [17, 12, 19, 25],
        "last_update_id": 880_042,
    }
    async with aiosqlite.connect(path) as db:
        await MIGRATIONS[0](db)
        await db.execute("PRAGMA user_version = 1")
        await db.execute(
            "INSERT INTO sessions VALUES (?, ?, 1, '2026-01-01')", ("old", json.dumps(v1))
        )
        await db.commit()
    store = await SqliteStore.open(path)
    try:
        record = await store.get("old")
        assert record is not None
        assert record.channel == ChannelData(message_ids=(12, 17, 19, 25), last_update_id=880_042)
        state = record.state
        assert (state.schema_version, state.lang, state.node, state.step) == (3, "fr", "role", 4)
        assert state.answers == {"role": "person"}
        assert state.consented
        assert [entry.node for entry in state.history] == ["welcome"]
        await store.put("old", record)
        assert await store.get("old") == record
    finally:
        await store.close()
    with sqlite3.connect(path) as db:
        raw, version = db.execute("SELECT state, state_version FROM sessions").fetchone()
    db.close()
    assert version == 3
    assert "message_ids" not in unpack(raw), "the ids of sent messages are no longer kept"


async def test_a_version_2_row_keeps_its_first_message_id_and_gains_exact_ids(
    tmp_path: Path,
) -> None:
    """A row of the schema that kept only the first message id reads with it, so a quick
    exit still reaches back to it; its next step adds exact ids in the compact column."""
    path = tmp_path / "s.sqlite3"
    state = SessionState(flow="main", node="role", step=3)
    async with aiosqlite.connect(path) as db:
        for migration in MIGRATIONS[:2]:
            await migration(db)
        await db.execute("PRAGMA user_version = 2")
        await db.execute(
            "INSERT INTO sessions VALUES (?, ?, 2, '2026-01-01', 4100, 880050)",
            ("old", state.to_json()),
        )
        await db.commit()
    store = await SqliteStore.open(path)
    try:
        record = await store.get("old")
        assert record == SessionRecord(
            state=state, channel=ChannelData(first_message_id=4_100, last_update_id=880_050)
        )
        later = record.channel.seen(update_id=880_051, message_ids=[9_000, 9_001, 9_002])
        await store.put("old", SessionRecord(state=state, channel=later))
        assert await store.get("old") == SessionRecord(state=state, channel=later)
    finally:
        await store.close()
    with sqlite3.connect(path) as db:
        row = db.execute("SELECT first_message_id, message_ids FROM sessions").fetchone()
    db.close()
    assert row == (4_100, "[9000,-2]")


async def test_a_damaged_message_id_column_reads_as_no_session(tmp_path: Path) -> None:
    """Like any unreadable row: the person starts afresh rather than the bot failing."""
    path = tmp_path / "s.sqlite3"
    store = await SqliteStore.open(path)
    await store.put("k", _record())
    await store._db.execute("UPDATE sessions SET message_ids = '[1,-99999999999]'")
    await store._db.commit()
    try:
        assert await store.get("k") is None
    finally:
        await store.close()


# -- load on demand ---------------------------------------------------------------------------


async def test_opening_does_not_read_the_stored_sessions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: Runner
) -> None:
    """With 5,000 sessions stored, start-up parses none of them and allocates next to nothing."""
    data = tmp_path / "data"
    monkeypatch.setenv("REFUGE_GUIDE_DATA_DIR", str(data))
    settings = Settings()
    store = await SqliteStore.open(settings.database_path)
    await store.close()
    padding = {f"fact_{n}": "value-" + "x" * 40 for n in range(20)}
    state = SessionState(flow="main", node="welcome", answers=padding).to_json()
    with sqlite3.connect(settings.database_path) as db:
        db.executemany(
            "INSERT INTO sessions (key, state, state_version, last_seen) "
            "VALUES (?, ?, 2, '2026-01-01')",
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
    data_dir.mkdir(parents=True, mode=0o700)
    path = data_dir / "sessions.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {USER_VERSION + 5:d}")
    db.close()
    run = refuge_guide("purge", data_dir=data_dir)
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0, run.stderr
    assert str(path) in run.stderr
    assert "Traceback" not in run.stderr


async def test_steps_arriving_together_share_one_commit_yet_each_waits_for_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fifty people pressing at the same moment cost a commit or two, not fifty fsyncs,
    and every put returns only once its own row is on disk (a second reader sees it)."""
    path = tmp_path / "sessions.sqlite3"
    store = await SqliteStore.open(path)
    commits = 0
    commit = aiosqlite.Connection.commit

    async def counted(connection: aiosqlite.Connection) -> None:
        nonlocal commits
        commits += 1
        await commit(connection)

    monkeypatch.setattr(aiosqlite.Connection, "commit", counted)
    visible: list[bool] = []

    async def press(n: int) -> None:
        await store.put(f"user-{n}", _record("privacy", role=f"r{n}"))
        reader = sqlite3.connect(path)
        try:
            row = reader.execute("SELECT 1 FROM sessions WHERE key = ?", (f"user-{n}",))
            visible.append(row.fetchone() is not None)
        finally:
            reader.close()

    await asyncio.gather(*(press(n) for n in range(50)))
    assert visible == [True] * 50
    assert 1 <= commits <= 2
    await store.close()
    reopened = await SqliteStore.open(path)
    assert await reopened.count() == 50
    await reopened.close()


async def test_a_failed_group_commit_fails_every_put_in_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the commit fails (disk full), no put of its batch claims to be durable, and the
    next steps commit normally."""
    store = await SqliteStore.open(tmp_path / "sessions.sqlite3")
    commit = aiosqlite.Connection.commit
    failures = [sqlite3.OperationalError("database or disk is full")]

    async def failing_once(connection: aiosqlite.Connection) -> None:
        if failures:
            raise failures.pop()
        await commit(connection)

    monkeypatch.setattr(aiosqlite.Connection, "commit", failing_once)
    outcomes = await asyncio.gather(
        *(store.put(f"user-{n}", _record()) for n in range(5)), return_exceptions=True
    )
    assert all(isinstance(o, sqlite3.OperationalError) for o in outcomes), outcomes
    assert await store.count() == 0, "the batch was rolled back"
    await store.put("user-0", _record())
    assert await store.count() == 1
    await store.close()


# -- small rows (issue 14) --------------------------------------------------------------------


async def test_a_long_finished_walk_takes_at_most_512_bytes_of_the_file(
    tmp_path: Path, runner: Runner
) -> None:
    """A person's whole walk to the result, its history for back, the chat's message ids
    (a quiet bot numbers them in one run) and the pseudonym: within issue 14's budget,
    measured on the file as a thousand such sessions leave it."""
    state = long_person_walk(runner)
    path = tmp_path / "s.sqlite3"
    store = await SqliteStore.open(path)
    pseudonyms = Pseudonymiser(b"k" * 32)
    count = 1000

    def record(n: int) -> SessionRecord:
        ids = tuple(range(10_000 + 100 * n, 10_060 + 100 * n))
        return SessionRecord(
            state=state, channel=ChannelData(message_ids=ids, last_update_id=800_000_000 + n)
        )

    for first in range(0, count, 250):  # arriving together, as on a busy bot
        await asyncio.gather(
            *(
                store.put(pseudonyms.key("telegram", n), record(n))
                for n in range(first, first + 250)
            )
        )
    assert await store.get(pseudonyms.key("telegram", 7)) == record(7)
    await store.close()
    assert path.stat().st_size / count <= 512


async def test_pseudonyms_written_as_hex_are_kept_as_bytes_after_the_migration(
    tmp_path: Path,
) -> None:
    """A database of the previous version keeps its sessions; their keys shrink to 32
    bytes, and keys that are not pseudonyms stay as they were."""
    path = tmp_path / "s.sqlite3"
    key = Pseudonymiser(b"m" * 32).key("telegram", 42)
    state = SessionState(flow="main", node="role", step=3)
    async with aiosqlite.connect(path) as db:
        for migration in MIGRATIONS[:3]:
            await migration(db)
        await db.execute("PRAGMA user_version = 3")
        for stored in (key, "not-a-pseudonym"):
            await db.execute(
                "INSERT INTO sessions (key, state, state_version, last_seen) "
                "VALUES (?, ?, 2, '2026-01-01')",
                (stored, state.model_dump_json()),
            )
        await db.commit()
    store = await SqliteStore.open(path)
    try:
        assert await store.get(key) == SessionRecord(state=state)
        assert await store.get("not-a-pseudonym") == SessionRecord(state=state)
    finally:
        await store.close()
    with sqlite3.connect(path) as db:
        keys = sorted(db.execute("SELECT typeof(key), length(key) FROM sessions").fetchall())
    db.close()
    assert keys == [("blob", 32), ("text", 15)]
    assert key.encode() not in path.read_bytes(), "the hex form is overwritten"


def _usage_lines() -> str:
    """The indented example after ``Usage ...::`` in the store module's docstring."""
    doc = sqlite_module.__doc__ or ""
    _, _, after = doc.partition("::\n")
    lines = after.splitlines()
    block = list(itertools.takewhile(lambda line: not line or line.startswith("    "), lines))
    return textwrap.dedent("\n".join(block)).strip()


async def test_the_docstrings_usage_example_runs_as_written(tmp_path: Path) -> None:
    """The store module's docstring shows how to open and close a store; running its very
    lines (both the explicit close and the ``async with`` form) keeps it from going stale."""
    example = _usage_lines()
    assert "async with await SqliteStore.open(path) as store:" in example
    namespace: dict[str, object] = {}
    body = textwrap.indent(example + "\nreturn store", "    ")
    exec(f"async def example(SqliteStore, path, key, record):\n{body}", namespace)
    key = Pseudonymiser(b"s" * 32).key("telegram", 7394012865)
    store = await namespace["example"](SqliteStore, tmp_path / "s.sqlite3", key, _record())
    with pytest.raises(ValueError, match="closed"):
        await store.get(key)  # the block closed it
    reopened = await SqliteStore.open(tmp_path / "s.sqlite3")
    assert await reopened.get(key) == _record()
    await reopened.close()
