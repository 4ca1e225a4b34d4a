"""Flood control for the Bot API that holds up one chat, never the whole bot.

Telegram's published limits ("My bot is hitting limits", Bot FAQ; the numbers are read
from ``telegram.constants.FloodLimit``): about one message a second in one chat, with
short bursts allowed; about 30 messages a second in all; 20 a minute in one group. A
request over a limit is refused with 429 and ``retry_after``.

Why not python-telegram-bot's ``AIORateLimiter`` (read in its 22.x source): a 429 for any
one request halts *every* request of the bot for ``retry_after`` + 0.1 s (its docs: "A
RetryAfter exception will halt all requests"), so one person's chat over its limit stalls
everybody's replies; and it paces groups and the overall rate only, not private chats,
which is where this guide talks. :class:`ChatRateLimiter` is the small limiter that can.

The policy:

* **Paced, not dropped.** A request that names a chat waits for a slot: per private chat
  1 a second after a burst of :data:`CHAT_BURST` (a result split into several messages,
  or an edit plus a send, goes out at once), per group 20 a minute, and overall 30 a
  second after a burst of :data:`OVERALL_BURST` (so never more than 40 in any second).
  Deleting messages counts towards the overall rate only: a quick exit must wipe fast.
  Requests that name no chat (answering a button press, menus, ``getMe``) are not paced;
  ``getUpdates`` never reaches a rate limiter.
* **Slots are reserved in arrival order** (virtual scheduling, GCRA), the chat's slot
  first and the overall one only when the chat's slot is due, so a chat waiting for its
  own turn does not take the overall capacity other chats need.
* **A 429 holds what it is about, for exactly** ``retry_after``. Telegram does not say
  which limit a 429 concerns. One chat's 429 holds that chat (and, after the hold, lets
  it send one a second without a burst); the request is then made again. When, within
  :data:`GLOBAL_WINDOW` seconds, 429s came for at least :data:`GLOBAL_CHATS` different
  chats *and* were at least half of all answers, the bot as a whole is over the limit:
  every request waits until ``retry_after`` has passed. A 429 on a request naming no chat
  (answering a button press, the menus) holds that request only: it waits and tries
  again, and one person's press is never answered later because of another's. A wait
  longer than :data:`MAX_WAIT` is not waited out: the request fails (the hold stays).
* **403 stops sending to that chat**, without an error storm: the person has blocked the
  bot, so any later request naming the chat fails at once, without a call, until an update
  from that chat arrives (a blocked bot gets none; unblocking sends /start) and the
  channel calls :meth:`ChatRateLimiter.readmit`.

Transient faults (timeouts, network errors, 5xx) are retried below this layer, by
:mod:`bot.channels.telegram_retry`, inside the slot the request already holds.
Nothing here logs a chat id.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict, deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.constants import FloodLimit
from telegram.error import Forbidden, RetryAfter
from telegram.ext import BaseRateLimiter, ContextTypes, TypeHandler

log = logging.getLogger(__name__)

Result = bool | dict[str, Any] | list[dict[str, Any]]

# Telegram's limits come from python-telegram-bot's FloodLimit; the bursts are this bot's.
OVERALL_RATE = float(FloodLimit.MESSAGES_PER_SECOND)
"""Messages a second, all chats together."""
OVERALL_BURST = 10
CHAT_RATE = float(FloodLimit.MESSAGES_PER_SECOND_PER_CHAT)
"""Messages a second in one private chat, sustained."""
CHAT_BURST = 20
GROUP_RATE = FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP / 60
GROUP_BURST = 3
UNPACED_PER_CHAT = frozenset({"deleteMessage", "deleteMessages"})
"""Methods that name a chat but count towards the overall rate only."""
GLOBAL_WINDOW = 2.0
GLOBAL_CHATS = 3
MAX_WAIT = 60.0
"""The longest ``retry_after`` a request waits for; beyond it, the request fails."""
MAX_ATTEMPTS = 5
"""Tries of one request that keeps being refused with 429."""
MAX_CHATS = 4096
"""Chats whose pacing is remembered before idle ones are forgotten (all are equivalent)."""
MAX_BLOCKED = 10_000
BLOCKED = "Forbidden: the person has blocked the bot; not retried until they write again"


@dataclass
class Cell:
    """One limit as virtual scheduling (GCRA): a theoretical arrival time ``tat``.

    A request may go at ``tat - tolerance``; ``tolerance`` is ``(burst - 1) * interval``,
    so ``burst`` requests go at once after a quiet spell, then one per ``interval``.
    """

    interval: float
    tolerance: float
    tat: float = 0.0
    held_until: float = 0.0

    @classmethod
    def per_second(cls, rate: float, burst: int) -> Cell:
        return cls(interval=1 / rate, tolerance=(burst - 1) / rate)

    def reserve(self, now: float) -> float:
        """Take the next slot; return when it is due (``now`` if at once)."""
        due = max(now, self.held_until, self.tat - self.tolerance)
        self.tat = max(self.tat, due) + self.interval
        return due

    def hold(self, until: float) -> None:
        """Nothing before ``until``, then one per interval without a burst."""
        self.held_until = max(self.held_until, until)
        self.tat = max(self.tat, until + self.tolerance)

    def idle(self, now: float) -> bool:
        """True when forgetting this cell changes nothing (a fresh one is the same)."""
        return self.tat <= now and self.held_until <= now


def chat_of(data: dict[str, Any]) -> int | str | None:
    """The chat a request names, as Telegram identifies it (an id or an @username)."""
    chat = data.get("chat_id")
    if chat is None or isinstance(chat, int):
        return chat
    try:
        return int(chat)
    except (TypeError, ValueError):
        return str(chat)


def retry_seconds(error: RetryAfter) -> float:
    """The wait a 429 asks for, in seconds."""
    # The public ``retry_after`` warns of its change of type in every 22.x release; the
    # timedelta behind it is what python-telegram-bot's own limiter reads.
    return error._retry_after.total_seconds()


class ChatRateLimiter(BaseRateLimiter[None]):
    """Per-chat and overall pacing; a 429 holds its chat only (see the module docstring)."""

    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        self._clock = clock
        self._overall = Cell.per_second(OVERALL_RATE, OVERALL_BURST)
        self._chats: OrderedDict[int | str, Cell] = OrderedDict()
        self._global_hold = 0.0
        self._answers: deque[tuple[float, int | str, bool]] = deque()
        self._blocked: OrderedDict[int | str, None] = OrderedDict()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    def now(self) -> float:
        return self._clock() if self._clock else asyncio.get_running_loop().time()

    def readmit(self, chat: int | str) -> None:
        """The person wrote again (so the bot is not blocked): send to them again."""
        self._blocked.pop(chat, None)

    def blocked(self, chat: int | str) -> bool:
        return chat in self._blocked

    def held_until(self) -> float:
        """When the hold on every request ends (in the past if there is none)."""
        return self._global_hold

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Result:
        chat = chat_of(data)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            if chat is not None and chat in self._blocked:
                raise Forbidden(BLOCKED)
            await self._turn(chat, endpoint)
            try:
                result = await callback(*args, **kwargs)
            except RetryAfter as exc:
                seconds = retry_seconds(exc)
                self._refused(chat, endpoint, seconds)
                if seconds > MAX_WAIT or attempt == MAX_ATTEMPTS:
                    raise
                if chat is None:  # nothing else to hold: this request waits for itself
                    await asyncio.sleep(seconds)
            except Forbidden:
                if chat is not None:
                    self._block(chat)
                raise
            else:
                if chat is not None:
                    self._note(chat, limited=False)
                return result
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _turn(self, chat: int | str | None, endpoint: str) -> None:
        """Wait for this request's slots: the chat's, then the overall one, then any hold.

        A hold that began while the request waited voids its slots: it takes fresh ones
        after the hold, so the requests held back do not all go at once when it ends.
        """
        while True:
            if chat is not None:
                if endpoint not in UNPACED_PER_CHAT:
                    await self._until(self._cell(chat).reserve(self.now()))
                await self._until(self._overall.reserve(self.now()))
            hold = max(
                self._global_hold,
                self._chats[chat].held_until if chat is not None and chat in self._chats else 0.0,
            )
            if hold <= self.now():
                return
            await self._until(hold)

    async def _until(self, moment: float) -> None:
        delay = moment - self.now()
        if delay > 0:
            await asyncio.sleep(delay)

    def _cell(self, chat: int | str) -> Cell:
        cell = self._chats.get(chat)
        if cell is None:
            if len(self._chats) >= MAX_CHATS:
                self._forget_idle()
            private = isinstance(chat, int) and chat > 0
            cell = (
                Cell.per_second(CHAT_RATE, CHAT_BURST)
                if private
                else Cell.per_second(GROUP_RATE, GROUP_BURST)
            )
            self._chats[chat] = cell
        else:
            self._chats.move_to_end(chat)
        return cell

    def _forget_idle(self) -> None:
        now = self.now()
        for chat in [c for c, cell in self._chats.items() if cell.idle(now)]:
            del self._chats[chat]
        while len(self._chats) >= MAX_CHATS:  # all busy: forget the least recent
            self._chats.popitem(last=False)

    def _refused(self, chat: int | str | None, endpoint: str, seconds: float) -> None:
        now = self.now()
        until = now + seconds
        if chat is None:
            log.info("Telegram asked to wait %.0f s before calling %s again", seconds, endpoint)
            return
        self._cell(chat).hold(until)
        self._note(chat, limited=True)
        if self._over_all() and until > self._global_hold:
            self._global_hold = until
            self._overall.hold(until)
            log.warning("Telegram's overall flood limit: every request waits %.0f s", seconds)
        else:
            log.info("Telegram asked to wait %.0f s before writing to one chat", seconds)

    def _note(self, chat: int | str, *, limited: bool) -> None:
        now = self.now()
        self._answers.append((now, chat, limited))
        while self._answers and self._answers[0][0] < now - GLOBAL_WINDOW:
            self._answers.popleft()

    def _over_all(self) -> bool:
        """Whether recent 429s mean the whole bot, not one chat, is over a limit."""
        limited = {chat for _, chat, refused in self._answers if refused}
        refusals = sum(1 for _, _, refused in self._answers if refused)
        return len(limited) >= GLOBAL_CHATS and 2 * refusals >= len(self._answers)

    def _block(self, chat: int | str) -> None:
        if chat not in self._blocked:
            log.info("a person has blocked the bot; nothing is sent to them until they write")
        self._blocked[chat] = None
        while len(self._blocked) > MAX_BLOCKED:
            self._blocked.popitem(last=False)


async def _readmit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat = update.effective_chat
    limiter = context.bot.rate_limiter
    if chat is not None and isinstance(limiter, ChatRateLimiter):
        limiter.readmit(chat.id)


def readmission() -> TypeHandler[Update, ContextTypes.DEFAULT_TYPE, None]:
    """A handler, for a group before the others, that lets every update from a chat lift
    that chat's block (see :meth:`ChatRateLimiter.readmit`)."""
    return TypeHandler(Update, _readmit)
