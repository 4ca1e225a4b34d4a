"""The guide between channels and the store: one write per step, replays, erasure."""

from __future__ import annotations

import asyncio
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import pytest

from bot.dialog.events import Forget, Press, Start
from bot.dialog.runner import Runner
from bot.dialog.view import View
from bot.dialog.wording import TELEGRAM
from bot.guide import REPLAY_WINDOW, Guide, is_replay
from bot.i18n import LANGUAGES, get_translator
from bot.pseudonym import Pseudonymiser
from bot.store import ChannelData, SessionRecord, SessionStore, SqliteStore
from tests.support.labels import ERASE, PERSON, QUICK_EXIT
from tests.support.sqlite_reader import files, reading
from tests.support.waiting import wait_until


def _data(view: View, label: str) -> str:
    return next(button.data for button in view.buttons if button.label == label)


class CountingStore:
    """A store that counts writes, to show what one step costs."""

    def __init__(self, inner: SessionStore) -> None:
        self.inner = inner
        self.puts = 0
        self.deletes = 0

    async def get(self, key: str) -> SessionRecord | None:
        return await self.inner.get(key)

    async def put(self, key: str, record: SessionRecord) -> None:
        self.puts += 1
        await self.inner.put(key, record)

    async def delete(self, key: str) -> bool:
        self.deletes += 1
        return await self.inner.delete(key)

    async def wait_scrubbed(self, within: float) -> bool:
        return await self.inner.wait_scrubbed(within)

    async def purge(self, retention_days: int) -> int:
        return await self.inner.purge(retention_days)

    async def count(self) -> int:
        return await self.inner.count()

    async def close(self) -> None:
        await self.inner.close()

    def lock(self, key: str) -> AbstractAsyncContextManager[None]:
        return self.inner.lock(key)


async def test_each_step_is_one_write_holding_the_channels_numbers(
    guide: Guide, runner: Runner
) -> None:
    """A step writes once: the new conversation with the update and message ids beside it
    (the ids of the previous step's replies ride along in the same write)."""
    counting = CountingStore(guide.store)
    counted = Guide(runner, counting, Pseudonymiser(b"k" * 32))
    key = counted.key("telegram", 1000)
    first = await counted.step(key, Start("en"), update_id=500, message_ids=[31])
    assert first.view is not None
    moved = await counted.step(
        key, Press(_data(first.view, PERSON)), update_id=501, message_ids=[32, 46]
    )
    assert counting.puts == 2, "one durable write per step"
    record = await guide.store.get(key)
    assert record == SessionRecord(
        state=moved.state, channel=ChannelData(message_ids=(31, 32, 46), last_update_id=501)
    ), "every message id learnt, and the last update applied"


async def test_an_update_applied_twice_advances_once(guide: Guide) -> None:
    """The same update delivered again (after a crash) leaves the conversation where it was."""
    key = guide.key("telegram", 1001)
    first = await guide.step(key, Start("en"), update_id=500)
    assert first.view is not None
    moved = await guide.step(key, Press(_data(first.view, PERSON)), update_id=501)
    assert moved.view is not None
    again = await guide.step(key, Press(_data(first.view, PERSON)), update_id=501)
    assert again.replay
    assert await guide.load(key) == moved.state
    older = await guide.step(key, Start("en"), update_id=499)
    assert older.replay, "an update older than the last one applied is a replay too"
    assert older.view is None, "an older update is not answered with a screen"
    assert await guide.load(key) == moved.state


def test_a_far_lower_update_id_is_new() -> None:
    """After Telegram restarts its numbering (a week without updates), people are not ignored."""
    channel = ChannelData(last_update_id=900_000)
    assert is_replay(channel, 900_000)
    assert is_replay(channel, 900_000 - REPLAY_WINDOW + 1)
    assert not is_replay(channel, 900_000 - REPLAY_WINDOW)
    assert not is_replay(channel, 900_001)
    assert not is_replay(ChannelData(), 5)


async def test_erase_and_quick_exit_store_nothing(guide: Guide) -> None:
    """ "Erase my answers" and "Quick exit" delete the session instead of saving the new one,
    and tell the channel every message id it knew, so that a quick exit can wipe the chat."""
    for label in (ERASE, QUICK_EXIT):
        key = guide.key("telegram", label)
        start = await guide.step(key, Start("en"), update_id=1, message_ids=[10])
        assert start.view is not None
        question = await guide.step(
            key, Press(_data(start.view, PERSON)), update_id=2, message_ids=[11]
        )
        assert question.view is not None
        # pressed under the first screen, which offers both (they work from any message)
        erased = await guide.step(
            key, Press(_data(start.view, label)), update_id=3, message_ids=[12, 13]
        )
        assert erased.erased
        assert erased.channel.message_ids == (10, 11, 12, 13), "every id, this step's too"
        assert await guide.load(key) is None
    assert await guide.store.count() == 0


async def test_message_ids_are_kept_in_order_whatever_order_they_come_in(guide: Guide) -> None:
    """A button on an older message adds an older id; a replayed update adds nothing."""
    key = guide.key("telegram", 1002)
    first = await guide.step(key, Start("en"), update_id=1, message_ids=[50])
    assert first.view is not None
    await guide.step(key, Press(_data(first.view, PERSON)), update_id=2, message_ids=[40])
    await guide.step(key, Start("en"), update_id=3, message_ids=[90])
    replayed = await guide.step(key, Start("en"), update_id=3, message_ids=[95])
    assert replayed.replay
    record = await guide.store.get(key)
    assert record is not None
    assert record.channel.message_ids == (40, 50, 90)


async def test_no_lock_is_left_behind_after_many_people(guide: Guide) -> None:
    """After 500 people have each taken steps at once, no per-person lock is kept in memory."""

    async def person(n: int) -> None:
        key = guide.key("telegram", 10_000 + n)
        for update_id in (1, 2):
            async with guide.session(key):
                await guide.step(key, Start("en"), update_id=update_id)

    await asyncio.gather(*(person(n) for n in range(500)))
    assert len(guide.store._users) == 0  # type: ignore[attr-defined]
    assert await guide.store.count() == 500


# -- erasure while another program reads the database (issue 17) ---------------------------


async def _sqlite_guide(path: Path, runner: Runner, erase_wait: float) -> Guide:
    store = await SqliteStore.open(path)
    return Guide(runner, store, Pseudonymiser(b"k" * 32), erase_wait=erase_wait)


async def _begun(guide: Guide, user: int, lang: str) -> str:
    key = guide.key("telegram", user)
    first = await guide.step(key, Start(lang))
    assert first.view is not None
    await guide.step(key, Press(_data(first.view, first.view.buttons[0].label)))
    assert await guide.store.get(key) is not None
    return key


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_erasing_while_a_backup_reads_says_a_copy_remains_and_removes_it_later(
    tmp_path: Path, runner: Runner, lang: str
) -> None:
    """/forget while another process holds the database: the reply comes within the wait,
    in the person's language, and does not claim an erasure the file does not show yet;
    the copy is gone once the reader is done."""
    path = tmp_path / "sessions.sqlite3"
    guide = await _sqlite_guide(path, runner, erase_wait=0.5)
    try:
        key = await _begun(guide, 5001, lang)
        async with reading(path):
            # Waiting on the reader would block for good (it is held until the block ends).
            async with asyncio.timeout(30):
                step = await guide.step(key, Forget())
            assert step.erased
            assert step.view is not None
            said = step.view.plain_text()
            assert said == get_translator(lang).gettext(TELEGRAM.erased_for_now)
            assert said != get_translator(lang).gettext(TELEGRAM.forgotten)
            if lang != "en":
                assert said != TELEGRAM.erased_for_now, "translated"
            assert bytes.fromhex(key) in files(path), "as said: a copy is still in the file"
        await wait_until(lambda: guide.store.wait_scrubbed(0), "the copy is overwritten", within=30)
        assert bytes.fromhex(key) not in files(path)
    finally:
        await guide.store.close()


async def test_an_erasure_waiting_for_a_reader_holds_up_nobody_else(
    tmp_path: Path, runner: Runner
) -> None:
    """While one person's erasure waits for a backup to finish, another person's steps
    are answered; when the backup is done, the first person reads that all is erased."""
    path = tmp_path / "sessions.sqlite3"
    guide = await _sqlite_guide(path, runner, erase_wait=60)
    try:
        erasing = await _begun(guide, 5002, "en")
        other = guide.key("telegram", 5003)
        async with reading(path):
            erasure = asyncio.create_task(guide.step(erasing, Forget()))
            await wait_until(
                lambda: _gone(guide, erasing), "the session is deleted (not yet overwritten)"
            )
            # Held up by the erasure, this would take its erase_wait of 60 s: 30 s catches it.
            async with asyncio.timeout(30):
                answered = await guide.step(other, Start("en"))
                assert answered.view is not None
                await guide.step(other, Press(_data(answered.view, PERSON)))
            assert not erasure.done(), "the erasure still waits for the reader"
        async with asyncio.timeout(30):
            step = await erasure
        assert step.view is not None
        assert step.view.plain_text() == TELEGRAM.forgotten
        assert bytes.fromhex(erasing) not in files(path)
    finally:
        await guide.store.close()


async def _gone(guide: Guide, key: str) -> bool:
    return await guide.store.get(key) is None
