"""Telegram on a bad day, for the emulator: injected faults and enforced flood limits.

Install a :class:`Gate` on a :class:`~tests.support.telegram_emulator.BotApiEmulator`
(``emulator.gate = Gate(...)``); every Bot API call then passes it before the emulator
does anything. In order:

1. **Blocked users** (``blocked``): a call naming the chat of a user who blocked the bot
   gets 403 ``Forbidden: bot was blocked by the user``.
2. **Scripted 429s**: :meth:`Gate.hold_chat` refuses the next calls in one chat,
   :meth:`Gate.global_flood` refuses every message call for a while (Telegram's overall
   limit); both with ``retry_after``.
3. **Random faults** (:class:`FaultPlan`): a share of calls fails, each kind by weight:
   429 with ``retry_after``; 502 (nothing done); ``lost_response`` (done, then the
   connection closes without an answer); ``slow_response`` (done, then the answer waits
   past the client's timeout, up to ``slow_seconds`` or until the client gives up).
   ``getUpdates`` only ever gets 502 or a lost response (a slow long poll is just a poll).
4. **Flood limits** (:class:`FloodLimits`, optional): about 1 message a second per
   private chat after a burst, 30 a second overall; a call over them gets 429 with the
   ``retry_after`` that makes it conform, and is recorded as a rejection, since a bot
   that exceeds Telegram's limits is at fault. A chat in its ``retry_after`` is refused
   again with the time left.

Faults are not rejections: the bot did nothing wrong. Every verdict is counted in
:attr:`Gate.tally` (by kind) and :attr:`Gate.events` (time, chat, kind), so tests can tell
which chats a fault touched.

:class:`Pacing` is the other side: the emulator feeds it every call, so the chat driver
knows when a well-behaved bot may still be holding a message back to pace a chat.
:class:`Retries` does the same for the bot's retries: after a 502 the bot tries the same
request again after a backoff (:mod:`bot.channels.telegram_retry`), so the chat is not
done while that retry is owed, however quiet it is meanwhile.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import pytest

from bot.channels import telegram_limiter
from bot.channels.telegram_limiter import CHAT_BURST, CHAT_RATE, Cell
from bot.channels.telegram_retry import ATTEMPTS, MAX_DELAY

if TYPE_CHECKING:
    from tests.support.telegram_emulator import BotApiEmulator

__all__ = [
    "FaultPlan",
    "FloodLimits",
    "Gate",
    "Pacing",
    "Refusal",
    "Retries",
    "Verdict",
    "fail_once",
    "widen_chat_burst",
]

FaultKind = Literal["too_many_requests", "bad_gateway", "lost_response", "slow_response"]
BLOCKED = "Forbidden: bot was blocked by the user"
UNCOUNTED = frozenset({"answercallbackquery", "getupdates", "getme", "getfile"})
"""Calls that name no chat, or are not messages: never paced, never flood-limited."""
DELETIONS = frozenset({"deletemessage", "deletemessages"})


def _chat_paced(method: str) -> bool:
    """Whether a call counts towards one chat's limit (sends and edits; not deletions)."""
    name = method.lower()
    return name not in UNCOUNTED and name not in DELETIONS


@dataclass(frozen=True)
class Refusal:
    """An error answer instead of doing the call."""

    status: int
    description: str
    retry_after: int | None = None
    #: True when the bot broke a rule (flood limits), so it counts as a rejection.
    violation: bool = False


Verdict = Refusal | Literal["bad_gateway", "lost_response", "slow_response"] | None


@dataclass
class FaultPlan:
    """Random faults: ``rate`` of the calls of ``methods`` fail, by kind in ``weights``."""

    rate: float = 0.10
    weights: dict[FaultKind, float] = field(
        default_factory=lambda: {
            "too_many_requests": 0.3,
            "bad_gateway": 0.3,
            "lost_response": 0.2,
            "slow_response": 0.2,
        }
    )
    #: Lowercase method names that may fail; None: every method.
    methods: frozenset[str] | None = None
    retry_after: tuple[int, int] = (1, 2)
    seed: int = 13

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def draw(self, method: str) -> FaultKind | None:
        """The fault for one call of ``method``, if it fails."""
        name = method.lower()
        if self.methods is not None and name not in self.methods:
            return None
        if self._random.random() >= self.rate:
            return None
        kinds = list(self.weights)
        if name == "getupdates":
            kinds = [k for k in kinds if k in ("bad_gateway", "lost_response")]
            if not kinds:
                return None
        return self._random.choices(kinds, [self.weights[k] for k in kinds])[0]

    def wait(self) -> int:
        return self._random.randint(*self.retry_after)


@dataclass
class FloodLimits:
    """Telegram's limits as the emulator enforces them (a little above the bot's own
    pacing, since requests paced at the bot may arrive bunched)."""

    chat_rate: float = 1.0
    chat_burst: int = CHAT_BURST + 2
    overall_rate: float = 30.0
    overall_burst: int = 20

    def __post_init__(self) -> None:
        self._chats: dict[int, Cell] = {}
        self._overall = Cell.per_second(self.overall_rate, self.overall_burst)

    def admit(self, chat_id: int, method: str, now: float) -> Refusal | None:
        """Count one call; a refusal if it is over a limit."""
        checks = [self._overall]
        if _chat_paced(method) and chat_id > 0:
            cell = self._chats.setdefault(chat_id, Cell.per_second(self.chat_rate, self.chat_burst))
            checks.insert(0, cell)
        for cell in checks:
            allowed = max(cell.held_until, cell.tat - cell.tolerance)
            if now < allowed:
                wait = max(1, math.ceil(allowed - now))
                if cell is not self._overall:
                    cell.hold(now + wait)  # a call in the wait is refused again
                return Refusal(429, f"Too Many Requests: retry after {wait}", wait, True)
        for cell in checks:
            cell.tat = max(cell.tat, now) + cell.interval
        return None


class Pacing:
    """The bot's own per-chat pacing (:mod:`bot.channels.telegram_limiter`), mirrored
    from the calls as they arrive: :meth:`next_slot` is the earliest moment a bot that
    paces each chat could send there again. Arrival comes after the bot took its slot, so
    the mirror is never earlier than the bot: waiting for it never cuts a reply short."""

    def __init__(self, rate: float = CHAT_RATE, burst: int = CHAT_BURST) -> None:
        self._rate, self._burst = rate, burst
        self._cells: dict[int, Cell] = {}

    def _cell(self, chat_id: int) -> Cell:
        return self._cells.setdefault(chat_id, Cell.per_second(self._rate, self._burst))

    def called(self, chat_id: int, method: str, now: float) -> None:
        if _chat_paced(method):
            self._cell(chat_id).reserve(now)

    def refused(self, chat_id: int, until: float) -> None:
        self._cell(chat_id).hold(until)

    def next_slot(self, chat_id: int) -> float:
        cell = self._cells.get(chat_id)
        return 0.0 if cell is None else max(cell.held_until, cell.tat - cell.tolerance)


RETRY_WAIT = MAX_DELAY + 8.0
"""Seconds after a 502 by which the bot's retry is expected at the latest: its backoff
(at most ``MAX_DELAY``) and room for a loaded machine. Only a bot that never retries
waits it out; a retry that comes ends the wait at once."""


class Retries:
    """The bot's retry of a request Telegram answered 502 (nothing was done, so
    :class:`~bot.channels.telegram_retry.RetryingRequest` sends it again after a capped
    backoff, up to ``ATTEMPTS`` tries), mirrored from the calls as they arrive.

    The backoff is longer than the driver's settle time, so without this a chat looks
    done while the bot is about to try again: an action then finds the screen before
    the reply. A request is known by its method and parameters (a retry sends the very
    same); a retry that arrives pays its debt, the last try owes nothing."""

    def __init__(self, attempts: int = ATTEMPTS, wait: float = RETRY_WAIT) -> None:
        self._attempts, self._wait = attempts, wait
        self._tries: dict[tuple[int, str], int] = {}  # 502s in a row of one request
        self._owed: dict[int, dict[str, float]] = {}  # chat -> request -> due by

    def called(self, chat_id: int, request: str) -> None:
        """A call begins: the retry owed for it, if any, has come; if none was owed, it is
        a new request and its count of tries starts again."""
        if self._owed.get(chat_id, {}).pop(request, None) is None:
            self._tries.pop((chat_id, request), None)

    def failed(self, chat_id: int, request: str, now: float) -> None:
        """Telegram answered the call 502: the bot owes a retry unless that was its last try."""
        tries = self._tries.get((chat_id, request), 0) + 1
        if tries >= self._attempts:
            self._tries.pop((chat_id, request), None)
            return
        self._tries[(chat_id, request)] = tries
        self._owed.setdefault(chat_id, {})[request] = now + self._wait

    def due(self, chat_id: int) -> float:
        """Until when the chat waits for an owed retry (0.0: none is owed)."""
        return max(self._owed.get(chat_id, {}).values(), default=0.0)


@dataclass
class _Hold:
    refusals: int
    retry_after: int


class Gate:
    """What Telegram does to a call before doing it (see the module docstring)."""

    def __init__(
        self,
        faults: FaultPlan | None = None,
        flood: FloodLimits | None = None,
        blocked: frozenset[int] = frozenset(),
        slow_seconds: float = 8.0,
    ) -> None:
        self.faults = faults
        self.flood = flood
        self.blocked = set(blocked)
        #: How long a slow response waits, at most, before the answer goes out anyway.
        self.slow_seconds = slow_seconds
        self.tally: Counter[str] = Counter()
        #: (monotonic time, chat id or None, verdict kind) of every fault and refusal.
        self.events: list[tuple[float, int | None, str]] = []
        self._holds: dict[int, _Hold] = {}
        self._flood_until = 0.0
        self._flood_wait = 0
        self._lock = threading.Lock()

    def hold_chat(self, chat_id: int, retry_after: int, refusals: int = 1) -> None:
        """Refuse the next ``refusals`` message calls in one chat with 429."""
        with self._lock:
            self._holds[chat_id] = _Hold(refusals, retry_after)

    def global_flood(self, seconds: float) -> None:
        """Refuse every message call, in any chat, for ``seconds`` (an overall limit)."""
        with self._lock:
            self._flood_until = time.monotonic() + seconds
            self._flood_wait = max(1, math.ceil(seconds))

    def faulted_chats(self) -> set[int]:
        """Chats at least one fault or refusal touched."""
        with self._lock:
            return {chat for _, chat, _ in self.events if chat is not None}

    def admit(self, method: str, chat_id: int | None) -> Verdict:
        """The verdict on one call (called by the emulator, on its own threads)."""
        now = time.monotonic()
        name = method.lower()
        counted = chat_id is not None and name not in UNCOUNTED
        with self._lock:
            verdict = self._decide(name, chat_id, counted, now)
            if verdict is not None:
                kind = verdict if isinstance(verdict, str) else str(verdict.status)
                if isinstance(verdict, Refusal) and verdict.violation:
                    kind = "flood"
                self.tally[kind] += 1
                self.events.append((now, chat_id, kind))
            return verdict

    def _decide(self, name: str, chat_id: int | None, counted: bool, now: float) -> Verdict:
        if counted and chat_id in self.blocked:
            return Refusal(403, BLOCKED)
        if counted and now < self._flood_until:
            wait = max(1, math.ceil(self._flood_until - now))
            return Refusal(429, f"Too Many Requests: retry after {wait}", wait)
        hold = self._holds.get(chat_id) if counted and chat_id is not None else None
        if hold is not None and _chat_paced(name):
            hold.refusals -= 1
            if hold.refusals <= 0:
                del self._holds[chat_id]  # type: ignore[arg-type]
            wait = hold.retry_after
            return Refusal(429, f"Too Many Requests: retry after {wait}", wait)
        fault = self.faults.draw(name) if self.faults is not None else None
        if fault == "too_many_requests":
            wait = self.faults.wait() if self.faults is not None else 1
            return Refusal(429, f"Too Many Requests: retry after {wait}", wait)
        if fault == "bad_gateway":
            return "bad_gateway"
        if self.flood is not None and counted and chat_id is not None:
            refusal = self.flood.admit(chat_id, name, now)
            if refusal is not None:
                return refusal
        return fault


def widen_chat_burst(monkeypatch: pytest.MonkeyPatch, api: BotApiEmulator, burst: int) -> None:
    """Let the in-process bot send ``burst`` messages in one chat before pacing it, and
    the driver expect as much: for a test about something else than pacing whose chat
    sends far more, far faster, than a person reading would (a minute of pacing saved)."""
    monkeypatch.setattr(telegram_limiter, "CHAT_BURST", burst)
    api.pacing = Pacing(burst=burst)


def fail_once(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> None:
    """A failure inside the bot, not Telegram's: the coroutine function ``owner.name``
    raises on its next call only, then works again."""
    original = getattr(owner, name)
    calls = {"n": 0}

    async def failing_once(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("a failure inside the bot")
        return await original(*args, **kwargs)

    monkeypatch.setattr(owner, name, failing_once)
