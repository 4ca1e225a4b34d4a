"""The guide between channels and the store: replays, erasure, and memory that stays flat."""

from __future__ import annotations

import asyncio

from bot.dialog.events import Press, Start
from bot.dialog.state import SessionState
from bot.dialog.view import View
from bot.guide import MAX_MESSAGE_IDS, REPLAY_WINDOW, Guide, is_replay


def _data(view: View, label: str) -> str:
    return next(button.data for button in view.buttons if button.label == label)


async def test_an_update_applied_twice_advances_once(guide: Guide) -> None:
    """The same update delivered again (after a crash) leaves the conversation where it was."""
    key = guide.key("telegram", 1001)
    first = await guide.step(key, Start("en"), update_id=500)
    assert first.view is not None
    moved = await guide.step(key, Press(_data(first.view, "Continue")), update_id=501)
    assert moved.view is not None
    again = await guide.step(key, Press(_data(first.view, "Continue")), update_id=501)
    assert again.replay
    assert again.view is None
    assert await guide.load(key) == moved.state
    older = await guide.step(key, Start("en"), update_id=499)
    assert older.replay, "an update older than the last one applied is a replay too"


def test_a_far_lower_update_id_is_new() -> None:
    """After Telegram restarts its numbering (a week without updates), people are not ignored."""
    state = SessionState(flow="main", node="welcome", last_update_id=900_000)
    assert is_replay(state, 900_000)
    assert is_replay(state, 900_000 - REPLAY_WINDOW + 1)
    assert not is_replay(state, 900_000 - REPLAY_WINDOW)
    assert not is_replay(state, 900_001)
    assert not is_replay(SessionState(flow="main", node="welcome"), 5)


async def test_erase_and_quick_exit_store_nothing(guide: Guide) -> None:
    """ "Erase my answers" and "Quick exit" delete the session instead of saving the new one."""
    for label in ("Erase my answers", "Quick exit"):
        key = guide.key("telegram", label)
        start = await guide.step(key, Start("en"), update_id=1)
        assert start.view is not None
        notice = await guide.step(key, Press(_data(start.view, "Continue")), update_id=2)
        assert notice.view is not None
        await guide.remember_messages(key, notice.state, (10, 11))
        erased = await guide.step(key, Press(_data(notice.view, label)), update_id=3)
        assert erased.erased
        assert erased.message_ids == (10, 11), "the chat's messages are known for a quick exit"
        assert await guide.load(key) is None
    assert await guide.store.count() == 0


async def test_only_the_latest_message_ids_are_kept(guide: Guide) -> None:
    """A long conversation keeps at most the last 200 message ids, and nothing else grows."""
    key = guide.key("telegram", 1002)
    step = await guide.step(key, Start("en"), update_id=1)
    for batch in range(30):
        state = await guide.load(key)
        assert state is not None
        await guide.remember_messages(key, state, range(batch * 10, batch * 10 + 10))
    state = await guide.load(key)
    assert state is not None
    assert len(state.message_ids) == MAX_MESSAGE_IDS
    assert state.message_ids[-1] == 299
    assert state.node == step.state.node


async def test_the_lock_table_does_not_grow_with_users(guide: Guide) -> None:
    """After 500 people have each taken steps at once, the guide holds no per-person memory."""

    async def person(n: int) -> None:
        key = guide.key("telegram", 10_000 + n)
        for update_id in (1, 2):
            async with guide.session(key):
                await guide.step(key, Start("en"), update_id=update_id)

    await asyncio.gather(*(person(n) for n in range(500)))
    assert guide._locks == {}
    assert guide._users == {}
    assert await guide.store.count() == 500
