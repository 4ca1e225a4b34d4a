"""Erasure in the SQLite store while another process reads the file (issue 17, point 1).

A reader's snapshot pins the pages an erasure changed, so the erased row's bytes cannot
be overwritten until it is done. The store must then say so (``wait_scrubbed`` is
false), keep serving everyone else without waiting on the reader, and overwrite the
bytes by itself soon after the reader lets go.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.dialog.state import SessionState
from bot.pseudonym import Pseudonymiser
from bot.store import SessionRecord, SqliteStore
from bot.store.packing import pack
from bot.store.scrub import LONGEST_PAUSE
from tests.support.sqlite_reader import files, reading
from tests.support.waiting import wait_until

PROMPT = 8.0
"""Seconds within which a step counts as answered promptly on a loaded machine; the bug
this guards against held everyone for the 10 s busy timeout."""

PSEUDONYMS = Pseudonymiser(b"s" * 32)


def _record(node: str = "welcome", **answers: str) -> SessionRecord:
    return SessionRecord(state=SessionState(flow="main", node=node, answers=answers))


def _traces(key: str, record: SessionRecord) -> tuple[bytes, ...]:
    """What of a session sits in the file: its key's 32 bytes and its packed state."""
    return bytes.fromhex(key), pack(record.state.to_json())


async def test_erasure_with_a_reader_attached_is_reported_and_finished_once_it_is_done(
    tmp_path: Path,
) -> None:
    """The erasure returns at once and says the bytes remain; another user's step goes
    ahead meanwhile; once the reader is done, nothing of the session is left."""
    path = tmp_path / "sessions.sqlite3"
    store = await SqliteStore.open(path)
    key, other = PSEUDONYMS.key("telegram", 7394012865), PSEUDONYMS.key("telegram", 51)
    record = _record("role", role="advocate", status="refugee")
    try:
        for n in range(20):
            await store.put(PSEUDONYMS.key("telegram", 1000 + n), _record(role="person"))
        await store.put(key, record)
        assert all(trace in files(path) for trace in _traces(key, record)), "test premise"
        async with reading(path):
            async with asyncio.timeout(PROMPT):
                assert await store.delete(key)
                assert await store.get(key) is None, "unreachable at once"
                assert not await store.wait_scrubbed(0.2), "never claims what is not true"
                await store.put(other, _record("status", role="person"))
                assert await store.get(other) == _record("status", role="person")
            pinned = files(path)
            assert any(trace in pinned for trace in _traces(key, record)), (
                "the reader pins the bytes, as wait_scrubbed said"
            )
        await wait_until(
            lambda: store.wait_scrubbed(0),
            "the erased session is overwritten after the reader is done",
            within=30 + LONGEST_PAUSE,
        )
        left = files(path)
        for trace in _traces(key, record):
            assert trace not in left, "no byte of the erased session is left"
        wal = path.with_name(path.name + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0, "the WAL is emptied"
        assert await store.get(other) == _record("status", role="person")
    finally:
        await store.close()


async def test_without_a_reader_erasure_is_complete_when_delete_returns(tmp_path: Path) -> None:
    """The common case costs no wait: clean as soon as ``delete`` returns."""
    path = tmp_path / "sessions.sqlite3"
    store = await SqliteStore.open(path)
    key = PSEUDONYMS.key("telegram", 77)
    record = _record("role", role="person")
    try:
        await store.put(key, record)
        assert await store.delete(key)
        assert await store.wait_scrubbed(0)
        for trace in _traces(key, record):
            assert trace not in files(path)
    finally:
        await store.close()


async def test_closing_with_a_reader_attached_does_not_wait_for_it(tmp_path: Path) -> None:
    """Shutdown is bounded: the store closes at once, and the next start overwrites what
    the reader still pinned."""
    path = tmp_path / "sessions.sqlite3"
    store = await SqliteStore.open(path)
    key = PSEUDONYMS.key("telegram", 78)
    record = _record("role", role="person")
    await store.put(key, record)
    async with reading(path):
        await store.delete(key)
        async with asyncio.timeout(PROMPT):
            await store.close()
    reopened = await SqliteStore.open(path)
    try:
        assert await reopened.wait_scrubbed(0)
        for trace in _traces(key, record):
            assert trace not in files(path)
    finally:
        await reopened.close()
