"""Idle sessions are forgotten on time: by the running bot, and by ``refuge-guide purge``."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from bot.dialog.runner import Runner
from bot.dialog.state import SessionState
from bot.retention import keep_purging
from bot.settings import Settings
from bot.store import SessionRecord, SqliteStore
from tests.support.bot_runner import running_bot
from tests.support.processes import refuge_guide
from tests.support.telegram_emulator import BotApiEmulator
from tests.support.waiting import wait_until

RECORD = SessionRecord(state=SessionState(flow="main", node="welcome"))


class Calendar:
    """A clock the test turns by hand."""

    def __init__(self, day: dt.date) -> None:
        self.day = day

    def __call__(self) -> dt.date:
        return self.day

    def advance(self, days: int) -> None:
        self.day += dt.timedelta(days=days)


async def test_the_running_bot_forgets_idle_sessions_at_start(
    telegram_api: BotApiEmulator, data_dir: Path, runner: Runner
) -> None:
    """A session unused for longer than 30 days is gone once the bot is up; a recent one stays."""
    calendar = Calendar(dt.date(2026, 1, 1))
    settings = Settings()
    store = await SqliteStore.open(settings.database_path, clock=calendar)
    await store.put("idle", RECORD)
    calendar.advance(20)
    await store.put("recent", RECORD)
    await store.close()
    calendar.advance(15)  # idle: 35 days, recent: 15 days
    user = telegram_api.user(user_id=5550101)
    async with running_bot(telegram_api, data_dir, runner, clock=calendar) as resources:
        await user.send("/start")  # the bot is up and serving
        probe = await SqliteStore.open(resources.settings.database_path)
        try:

            async def idle_purged() -> bool:
                return await probe.get("idle") is None

            await wait_until(idle_purged, "the idle session is purged")
            assert await probe.get("recent") == RECORD
        finally:
            await probe.close()
    leftover = [t for t in asyncio.all_tasks() if t.get_name() == "retention"]
    assert not leftover, "the periodic task stops with the bot"


async def test_the_periodic_purge_keeps_forgetting_as_days_pass(tmp_path: Path) -> None:
    """Each run of the periodic task removes what has become idle since the last one."""
    calendar = Calendar(dt.date(2026, 1, 1))
    store = await SqliteStore.open(tmp_path / "s.sqlite3", clock=calendar)
    for day in range(5):
        await store.put(f"day-{day}", RECORD)
        calendar.advance(10)
    counts: list[int] = []
    sleeps: list[float] = []

    async def next_day(seconds: float) -> None:
        sleeps.append(seconds)
        counts.append(await store.count())
        if len(counts) == 4:
            raise asyncio.CancelledError
        calendar.advance(10)

    try:
        await keep_purging(store, retention_days=30, every=3600.0, sleep=next_day)
    except asyncio.CancelledError:
        pass
    finally:
        await store.close()
    # written on days 0, 10, 20, 30, 40; purged on days 50, 60, 70, 80; exactly 30 days
    # idle is kept, more is not
    assert counts == [3, 2, 1, 0]
    assert sleeps == [3600.0] * 4


async def test_purge_command_removes_idle_sessions(data_dir: Path) -> None:
    """``refuge-guide purge`` removes sessions idle beyond REFUGE_GUIDE_RETENTION_DAYS."""
    settings = Settings()
    store = await SqliteStore.open(settings.database_path, clock=lambda: dt.date(2000, 1, 1))
    await store.put("ancient", RECORD)
    await store.close()
    store = await SqliteStore.open(settings.database_path)
    await store.put("today", RECORD)
    await store.close()
    run = await asyncio.to_thread(
        refuge_guide, "purge", data_dir=data_dir, REFUGE_GUIDE_RETENTION_DAYS="7"
    )
    assert run.returncode == 0, run.stderr
    assert "removed 1 idle session" in run.stdout
    store = await SqliteStore.open(settings.database_path)
    try:
        assert await store.get("ancient") is None
        assert await store.get("today") == RECORD
    finally:
        await store.close()
