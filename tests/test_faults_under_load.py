"""Many people at once while Telegram fails, and kill -9 under load (issue 13, point 8).

Both tests run the real ``refuge-guide run`` process against the emulator, and every
person walks the advocate's shortest path to the result (ten steps), pressing the next
button as soon as the screen is there (under faults, at most :data:`PRESS_RATE` presses
a second in all: :class:`Pace`).

* **Faults**: 10 % of Bot API calls fail (429 with ``retry_after``, 502, answers lost,
  answers too late for the client's timeout) and one person has blocked the bot (403).
  Everyone else reaches the result; every press moves exactly one step (never two, never
  none); the process never restarts and ends with code 0; and chats no fault touched are
  not slowed down by the faults in others: the 99th percentile of their step latency
  stays within :data:`SLOWDOWN` times that of the same walk without faults, measured
  first in the same process at the same pace, plus :data:`ALLOWANCE`. Issue 13's target,
  2 s (:data:`TARGET`), is reported beside it, not asserted: on a shared machine under
  arbitrary load no fixed number of seconds can be, while a bot that stalls every chat
  for one chat's 429 (``retry_after`` is 1-2 s) fails the comparison on any machine.
* **kill -9**: the process is killed at random moments (after a random number of
  acknowledged steps) and started again. At each kill the database holds every step
  whose reply someone saw; at the end it is whole, nobody was left without a reply, and
  no press was applied twice.

The issue asks for 200 people under faults and 30 kills among 50 people. On a loaded
2-core CI machine that takes minutes, so by default these run :data:`LOAD` (30 people
after 10 without faults; 4 kills among 10), under a minute each;
``REFUGE_GUIDE_TEST_FULL_LOAD=1`` runs the full numbers (200 after 50). No wait here is a
fixed sleep: each waits on a condition with a generous bound.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.dialog.callback import Callback
from bot.pseudonym import Pseudonymiser, load_or_create_secret
from bot.settings import Settings
from bot.store import SqliteStore
from tests.support.bot_process import BotProcess, start_bot
from tests.support.labels import DONE, START_OVER, UNKNOWN
from tests.support.telegram_driver import BotMessage, ChatUser
from tests.support.telegram_emulator import NOT_MODIFIED, QUERY_TOO_OLD, BotApiEmulator
from tests.support.telegram_faults import FaultPlan, Gate
from tests.support.waiting import wait_until

FULL = os.environ.get("REFUGE_GUIDE_TEST_FULL_LOAD") == "1"
pytestmark = pytest.mark.timeout(900 if FULL else 180)


@dataclass(frozen=True)
class Load:
    """How many people, and how many kills among how many people."""

    people: int
    kills: int
    killed_people: int
    #: People who walk first without faults, for the latency a calm chat has here, now.
    baseline_people: int


LOAD = Load(200, 30, 50, 50) if FULL else Load(30, 4, 10, 10)
PATH = ("I help someone", "Several, or unknown", UNKNOWN, DONE)
"""The button each screen of the advocate's shortest walk is left by (by its start)."""
PRESS_RATE = 15
"""Presses a second in all, half of Telegram's overall limit (see :class:`Pace`)."""
NO_REPLY = 20.0
"""Seconds without the next screen after which a person presses again."""
HELD = 10.0
"""Seconds a fault may keep a chat busy after it: a held answer (5 s read timeout) and
the retry after it."""
BENIGN = {
    ("answerCallbackQuery", QUERY_TOO_OLD),
    ("editMessageText", NOT_MODIFIED),
    ("editMessageReplyMarkup", NOT_MODIFIED),
}
"""Refusals that only say a repeated call had worked the first time."""
SLOWDOWN = 3.0
"""How many times its latency without faults a calm chat's p99 may take under faults."""
ALLOWANCE = 1.0
"""Seconds added to that bound: room for the faults' own work (retries, held answers) on
the shared cores, less than one ``retry_after`` of the 429s that must not stall others."""
TARGET = 2.0
"""Issue 13's p99 for unaffected chats, in seconds: reported, measured on this machine."""


POLL = 0.1 if FULL else 0.01
"""How often a person looks at their chat. Hundreds of people looking every 10 ms (the
suite's usual pace, :mod:`tests.support.waiting`) would take the CPU the bot and the
emulator need; the latency measured is Telegram's time of the reply, not the moment the
person looked, so looking less often changes no measurement."""


async def until(condition: Callable[[], bool], what: str, within: float) -> None:
    """:func:`~tests.support.waiting.wait_until`, looking every :data:`POLL` seconds."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {within} s waiting until {what}")
        await asyncio.sleep(POLL)  # condition: polled, at a pace hundreds of people share


def step_of(message: BotMessage) -> int:
    """The step counter a screen's buttons carry."""
    for row in message.buttons:
        for _, data in row:
            callback = Callback.unpack(data or "")
            if callback is not None:
                return callback.step
    raise AssertionError(f"message {message.message_id} has no guide button")


def newest_screen(user: ChatUser) -> BotMessage | None:
    screens = [m for m in user.messages if any(data for row in m.buttons for _, data in row)]
    return screens[-1] if screens else None


def next_label(screen: BotMessage) -> str:
    labels = screen.button_labels
    for wanted in PATH:
        for label in labels:
            if label.startswith(wanted):
                return label
    raise AssertionError(f"no way on from {labels}")


class Pace:
    """People press at about :data:`PRESS_RATE` steps a second in all, as people who read
    each screen do, instead of all at once the instant a reply lands. With everyone
    pressing instantly, the bot's own pacing at Telegram's 30 messages a second would
    queue replies (at 200 people, at least 7 s each), and the latency measured would be
    that queue, not what faults do to others. Waiting for one's turn is a condition
    (fewer presses than the rate in the last second), and is not counted as latency."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self._presses: list[float] = []
        self._tickets = 0  # turns are served in the order they were asked for
        self._serving = 0

    def _free(self) -> bool:
        now = time.monotonic()
        self._presses = [at for at in self._presses if at > now - 1.0]
        return len(self._presses) < self.rate

    async def turn(self) -> None:
        """Return when a press fits the rate, first come first served; it is counted
        as made now."""
        ticket, self._tickets = self._tickets, self._tickets + 1
        await until(lambda: self._serving == ticket and self._free(), "a turn to press", 60)
        self._serving += 1
        self._presses.append(time.monotonic())


@dataclass
class Walk:
    """One person's way to the result, as they lived it."""

    api: BotApiEmulator
    user: ChatUser
    pace: Pace | None = None
    #: (pressed at, first reply sent at) of every step.
    steps: list[tuple[float, float]] = field(default_factory=list)
    #: Presses made again because no reply came within NO_REPLY seconds.
    again: int = 0
    #: (step pressed, step shown next) where a press moved more than one step.
    jumps: list[tuple[int, int]] = field(default_factory=list)
    #: Newest step the person has seen acknowledged by a reply.
    seen: int = 0
    done: bool = False
    _mark: tuple[int, int, float] | None = None

    def _reply_at(self, since: float, first_call: int) -> float | None:
        """When the first reply in this chat after ``since`` was sent (Telegram did it)."""
        times = [
            call.at
            for call in self.api.calls[first_call:]
            if call.method == "sendMessage"
            and call.status == 200
            and call.at >= since
            and int(call.params.get("chat_id", 0)) == self.user.id
        ]
        return min(times) if times else None

    def _changed(self) -> bool:
        """Whether the bot has begun or ended a call in this chat since last asked: a
        cheap check first, so that hundreds of people waiting at once do not take the
        emulator's time by reading their whole chats a hundred times a second."""
        with self.api._locked():
            activity = self.api._activity.get(self.user.id)
            mark = (activity.count, activity.inflight, activity.last_at) if activity else None
        changed, self._mark = mark != self._mark, mark
        return changed

    async def run(self) -> None:
        if self.pace is not None:  # people arrive over time too, not all in one second
            await self.pace.turn()
        self.user.send_only("/start")
        await until(
            lambda: self._changed() and newest_screen(self.user) is not None,
            f"{self.user}: the first screen",
            30,
        )
        while True:
            screen = newest_screen(self.user)
            assert screen is not None
            pressed = self.seen = step_of(screen)
            if START_OVER in screen.button_labels:
                self.done = True
                return
            if self.pace is not None:
                await self.pace.turn()
            started, first_call = time.monotonic(), len(self.api.calls)
            self._mark = None
            self.user.press_only(screen, next_label(screen))
            while not await self._moved_on(pressed, NO_REPLY):
                self.again += 1  # as a person would, after a while without an answer
                self.user.press_only(screen, next_label(screen))
            shown = newest_screen(self.user)
            assert shown is not None
            if step_of(shown) > pressed + 1:
                self.jumps.append((pressed, step_of(shown)))
            replied = self._reply_at(started, first_call)
            if replied is not None:
                self.steps.append((started, replied))

    async def _moved_on(self, pressed: int, within: float) -> bool:
        def later() -> bool:
            if not self._changed():
                return False
            shown = newest_screen(self.user)
            # a result may come in several messages: the last one carries the buttons
            return shown is not None and step_of(shown) > pressed

        try:
            await until(later, f"{self.user}: the screen after step {pressed}", within)
        except AssertionError:
            return False
        return True


async def walk_all(walks: list[Walk]) -> None:
    tasks = [asyncio.create_task(walk.run()) for walk in walks]
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def stored_steps(data_dir: Path, users: list[ChatUser]) -> dict[int, int]:
    """The step stored for each person (read while no bot runs)."""
    settings = Settings.model_validate({"REFUGE_GUIDE_DATA_DIR": str(data_dir)})
    keys = Pseudonymiser(load_or_create_secret(settings.secret_path, create=False))
    store = await SqliteStore.open(settings.database_path)
    try:
        steps = {}
        for user in users:
            record = await store.get(keys.key("telegram", user.id))
            steps[user.id] = record.state.step if record is not None else 0
        return steps
    finally:
        await store.close()


def calm_latencies(walks: list[Walk], gate: Gate) -> list[float]:
    """The latency of every step no fault in its own chat touched: none while it ran, nor
    in the :data:`HELD` seconds before (a call whose answer was held still holds the
    person's turn that long). Faults elsewhere, and on the polling, count as calm: those
    are what must not slow a chat down."""
    faults: dict[int, list[float]] = {}
    for at, chat, _ in gate.events:
        if chat is not None:
            faults.setdefault(chat, []).append(at)
    return [
        replied - started
        for walk in walks
        for started, replied in walk.steps
        if not any(started - HELD <= at <= replied for at in faults.get(walk.user.id, ()))
    ]


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) > 1 else max(values)


async def test_everyone_reaches_the_result_while_a_tenth_of_the_calls_fail(
    telegram_api: BotApiEmulator, data_dir: Path, record_property: Callable[[str, object], None]
) -> None:
    """LOAD.people people at once (the issue's 200 with REFUGE_GUIDE_TEST_FULL_LOAD=1);
    10 % of calls fail, one person blocked the bot; LOAD.baseline_people walked the same
    way just before, without faults. See the module docstring."""
    gate = telegram_api.gate = Gate(blocked=frozenset({7799000}))  # no faults yet
    blocked = telegram_api.user(user_id=7799000, language_code="en")
    first = [
        telegram_api.user(user_id=7797001 + n, language_code="en")
        for n in range(LOAD.baseline_people)
    ]
    users = [telegram_api.user(user_id=7799001 + n, language_code="en") for n in range(LOAD.people)]
    baseline = [Walk(telegram_api, user, Pace(PRESS_RATE)) for user in first]
    pace = Pace(PRESS_RATE)
    walks = [Walk(telegram_api, user, pace) for user in users]
    bot = start_bot(telegram_api, data_dir)
    try:
        pid = bot.pid
        blocked.send_only("/start")
        blocked.send_only("hello?")
        await asyncio.wait_for(walk_all(baseline), timeout=300 if FULL else 60)
        gate.faults = FaultPlan(rate=0.10, seed=1313)
        await asyncio.wait_for(walk_all(walks), timeout=600 if FULL else 100)
        assert bot.popen.poll() is None, "the process never ended"
        assert bot.pid == pid
        stopped = await bot.stop(signal.SIGTERM)
    finally:
        bot.kill()
    assert stopped.code == 0, stopped.err[-3000:]
    assert stopped.err.count("the bot is polling for updates") == 1, "started once"
    for bad in ("ERROR", "CRITICAL", "Traceback"):
        assert bad not in stopped.err, stopped.err[-3000:]
    everyone = [*baseline, *walks]
    assert all(walk.done for walk in everyone)
    assert [walk.jumps for walk in everyone if walk.jumps] == [], "a press moved two steps"
    stored = await stored_steps(data_dir, [w.user for w in everyone])
    assert stored == {w.user.id: w.seen for w in everyone}
    to_blocked = [c for c in telegram_api.calls if int(c.params.get("chat_id", 0)) == blocked.id]
    assert {c.status for c in to_blocked} == {403}
    assert len(to_blocked) <= 2, "at most one refused call per update, no storm, no retry"
    calm, without = calm_latencies(walks, gate), calm_latencies(baseline, gate)
    assert len(calm) >= LOAD.people, f"only {len(calm)} steps untouched by a fault"
    assert len(without) == sum(len(w.steps) for w in baseline), "no fault before they began"
    measured = (
        f"p99 step latency of calm chats: {p99(calm):.2f} s under faults ({len(calm)} steps), "
        f"{p99(without):.2f} s without ({len(without)} steps); issue 13's target: {TARGET} s"
    )
    record_property("measured", measured)
    bound = SLOWDOWN * p99(without) + ALLOWANCE
    assert p99(calm) <= bound, f"calm chats slowed down by others' faults: {measured}"
    again = sum(walk.again for walk in everyone)
    assert again <= LOAD.people // 10, f"{again} presses had to be made again"
    assert set(telegram_api.take_rejections()) <= BENIGN
    assert telegram_api.take_unanswered_callback_queries() == []


async def test_kill_9_at_random_moments_under_load_loses_and_doubles_no_step(
    telegram_api: BotApiEmulator, data_dir: Path
) -> None:
    """LOAD.kills kills among LOAD.killed_people people (the issue's 30 among 50 with
    REFUGE_GUIDE_TEST_FULL_LOAD=1). See the module docstring."""
    chance = random.Random(99)  # moments to kill at, not a secret
    users = [
        telegram_api.user(user_id=7798001 + n, language_code="en")
        for n in range(LOAD.killed_people)
    ]
    walks = [Walk(telegram_api, user) for user in users]
    walking = asyncio.create_task(walk_all(walks))
    bot: BotProcess = start_bot(telegram_api, data_dir)
    kills = 0
    try:
        for _ in range(LOAD.kills):
            target = sum(w.seen for w in walks) + chance.randint(1, 2 * LOAD.killed_people)
            await wait_until(
                lambda: sum(w.seen for w in walks) >= target or all(w.done for w in walks),  # noqa: B023
                "enough steps acknowledged for the next kill",
                within=300 if FULL else 60,
            )
            if all(w.done for w in walks):
                break
            seen = {w.user.id: w.seen for w in walks}
            await bot.stop(signal.SIGKILL)
            kills += 1
            stored = await stored_steps(data_dir, users)
            lost = {u: (s, stored[u]) for u, s in seen.items() if stored[u] < s}
            assert not lost, f"acknowledged steps lost at kill {kills}: {lost}"
            bot = start_bot(telegram_api, data_dir)
        await asyncio.wait_for(asyncio.shield(walking), timeout=600 if FULL else 100)
        stopped = await bot.stop(signal.SIGTERM)
    finally:
        bot.kill()
        walking.cancel()
        await asyncio.gather(walking, return_exceptions=True)
    assert stopped.code == 0, stopped.err[-3000:]
    assert kills >= min(LOAD.kills, 2), f"only {kills} kills happened before everyone was done"
    assert all(walk.done for walk in walks), "somebody was left without a reply"
    assert [walk.jumps for walk in walks if walk.jumps] == [], "a press applied twice"
    stored = await stored_steps(data_dir, users)
    assert stored == {w.user.id: w.seen for w in walks}
    database = Settings.model_validate({"REFUGE_GUIDE_DATA_DIR": str(data_dir)}).database_path
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    assert set(telegram_api.take_rejections()) <= BENIGN
    # presses in flight at a kill and confirmed before it were never answered; Telegram
    # stops their spinners by itself
    telegram_api.take_unanswered_callback_queries()
