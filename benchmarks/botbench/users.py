"""Simulated people: each presses one of the buttons the bot actually offered.

A user sends ``/start``, then keeps pressing a button of the newest message that carries
a keyboard, chosen at random among the answers (never erase, quick exit, review, case
note, back, "why" or urgent help, which end or leave the walk). On a result screen the
user presses "Start over" and walks again. A step is done, and its latency taken, when
the bot's next keyboard arrives in that chat: the moment a person could press again.

Two ways to drive them: :meth:`Crowd.closed_loop` (everyone presses again at once:
throughput) and :meth:`Crowd.open_loop` (one press every 1/rate seconds, whoever is
free: latency at a fixed offered load, not saturated).
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field
from typing import Any

from .fake_api import JSON, FakeBotApi

RESTART = "Start over"
AVOIDED = frozenset(
    {
        "Why do we ask?",
        "Back",
        "I need urgent help now",
        "Review or change my answers",
        "Case note (file)",
        "Case note in French",
        "Case note in Dutch",
        "Erase my answers",
        "Quick exit",
        RESTART,
    }
)
STEP_TIMEOUT = 30.0
"""A step with no keyboard after this long counts as lost; the user starts again."""


@dataclass
class SimUser:
    """One person in a private chat (chat id = user id, as on Telegram)."""

    user_id: int
    rng: random.Random
    keyboard: JSON | None = None
    waiting: asyncio.Future[float] | None = None
    walks_done: int = 0
    sender: JSON = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.sender = {
            "id": self.user_id,
            "is_bot": False,
            "first_name": "U",
            "language_code": "en",
        }

    def observe(self, endpoint: str, message: JSON | None) -> None:
        """What the bot just did in this chat."""
        if message is None:
            return
        if "reply_markup" in message:
            self.keyboard = message
            if self.waiting is not None and not self.waiting.done():
                self.waiting.set_result(time.perf_counter())
        elif (
            endpoint.startswith("edit")
            and self.keyboard is not None
            and message["message_id"] == self.keyboard["message_id"]
        ):
            self.keyboard = None

    def next_update(self, api: FakeBotApi) -> JSON | None:
        """The update this user sends next; ``None`` after a result when not looping."""
        if self.keyboard is None:
            return {
                "message": {
                    "message_id": api.message_id(self.user_id),
                    "date": int(time.time()),
                    "chat": {"id": self.user_id, "type": "private", "first_name": "U"},
                    "from": self.sender,
                    "text": "/start",
                    "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
                }
            }
        buttons: list[Any] = [
            b for row in self.keyboard["reply_markup"]["inline_keyboard"] for b in row
        ]
        labels = {b["text"] for b in buttons}
        if RESTART in labels:
            self.walks_done += 1
            chosen = next(b for b in buttons if b["text"] == RESTART)
        else:
            offered = [b for b in buttons if b["text"] not in AVOIDED and "callback_data" in b]
            chosen = self.rng.choice(offered)
        return {
            "callback_query": {
                "id": f"{self.user_id}-{self.rng.getrandbits(32)}",
                "from": self.sender,
                "chat_instance": str(self.user_id),
                "data": chosen["callback_data"],
                "message": self.keyboard,
            }
        }


class Crowd:
    """The users of one trial, and when each of their steps was sent and answered."""

    def __init__(self, api: FakeBotApi, first_id: int, count: int, seed: int) -> None:
        self.api = api
        self.users = {
            first_id + i: SimUser(first_id + i, random.Random(seed * 1_000_003 + i))
            for i in range(count)
        }
        api.listener = self._observe
        self.recording = False  # only to count missed ticks of the open loop
        self.lost = 0
        self.missed = 0  # open loop: ticks with nobody free to press (load not offered)
        self.done: list[tuple[float, float]] = []  # (sent, reply) of every completed step
        self.stopping = asyncio.Event()

    def _observe(self, chat_id: int, endpoint: str, message: JSON | None) -> None:
        user = self.users.get(chat_id)
        if user is not None:
            user.observe(endpoint, message)

    async def step(self, user: SimUser) -> bool:
        """Send the user's next update and wait for the next keyboard; False when done."""
        update = user.next_update(self.api)
        if update is None:
            return False
        waiting: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        user.waiting = waiting
        sent = time.perf_counter()
        self.api.push(update)
        try:
            done = await asyncio.wait_for(waiting, STEP_TIMEOUT)
        except TimeoutError:
            self.lost += 1
            user.keyboard = None
            return True
        finally:
            user.waiting = None
        self.done.append((sent, done))
        return True

    async def walk_until_result(self, user: SimUser, max_steps: int = 200) -> None:
        """Walk one user from /start to the first result screen (for stored templates)."""
        for _ in range(max_steps):
            await self.step(user)
            labels = _labels(user.keyboard)
            if RESTART in labels:
                return
        raise RuntimeError("a simulated walk did not reach a result screen")

    async def closed_loop(self) -> None:
        """Every user presses again as soon as the next keyboard arrives, until stopping."""

        async def one(user: SimUser) -> None:
            while not self.stopping.is_set():
                await self.step(user)

        await asyncio.gather(*(one(u) for u in self.users.values()))

    async def open_loop(self, rate: float) -> None:
        """One press every ``1/rate`` seconds by a user who is free, until stopping."""
        free = list(self.users.values())
        running: set[asyncio.Task[None]] = set()

        async def one(user: SimUser) -> None:
            await self.step(user)
            free.append(user)

        start = time.perf_counter()
        tick = 0
        while not self.stopping.is_set():
            tick += 1
            delay = start + tick / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if free:
                task = asyncio.create_task(one(free.pop(0)))
                running.add(task)
                task.add_done_callback(running.discard)
            elif self.recording:
                self.missed += 1
        if running:
            await asyncio.wait(running, timeout=STEP_TIMEOUT)


def _labels(message: JSON | None) -> set[str]:
    if message is None:
        return set()
    return {b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row}
