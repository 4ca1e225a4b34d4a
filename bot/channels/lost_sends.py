"""Sends whose answer was lost: where on the bot's id counter their message may sit.

A send whose answer never came (a timeout, a dropped connection) may still have put a
message into the chat, and the bot never learnt its id. A quick exit must delete it all
the same. Telegram numbers a bot's messages with one counter for all its private chats
(incoming and outgoing alike), so every id the bot learns, in any chat, is a point on
that counter: the lost message lies above the highest id the bot knew when the send
began, and below the first id returned to a send begun after the failure was seen. On a
busy bot that bracket holds only the few ids handed out meanwhile (other people's
messages, which ``deleteMessages`` skips), where :mod:`bot.channels.chat_ids`' short
gaps and tail miss it.

Kept in memory, like :class:`bot.channels.chat_ids.UnsavedIds`: brackets are rare, and
storing them would cost a column for a guess. A restart loses them; the quick exit then
falls back on the gaps and the tail (``docs/privacy.md`` says what that can miss). A
send Telegram answers only after the bot stopped waiting may in principle get an id
above the bracket; the tail after the newest known id still covers a quiet bot.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

MAX_BRACKET = 1_000
"""At most this many ids of one bracket are deleted, the lowest (the lost message was
numbered when Telegram took it, right after the bracket's lower end)."""
MAX_BRACKETS = 20
"""Brackets kept per session, the newest; more lost sends than that in one walk means
Telegram is failing badly, and the tail still covers the last ones."""
MAX_SESSIONS = 10_000
"""Sessions with brackets kept in memory; the least recently touched go first."""


@dataclass(frozen=True)
class Ticket:
    """Taken when a send begins: its place in the order of sends, and the highest id known."""

    number: int
    low: int


class LostSends:
    """The bot's id counter as far as it has seen it, and each session's open brackets."""

    def __init__(self, max_sessions: int = MAX_SESSIONS) -> None:
        self._high = 0
        self._tickets = 0
        self._open: OrderedDict[str, list[tuple[int, int]]] = OrderedDict()
        self._closed: OrderedDict[str, list[tuple[int, int]]] = OrderedDict()
        self._max = max_sessions

    def seen(self, message_id: int) -> None:
        """An id learnt some other way (an incoming message): a lower bound from now on."""
        self._high = max(self._high, message_id)

    def begin(self) -> Ticket:
        """A send begins."""
        self._tickets += 1
        return Ticket(self._tickets, self._high)

    def learnt(self, ticket: Ticket, message_id: int) -> None:
        """The send begun with ``ticket`` came back with ``message_id``: it closes every
        bracket opened before that send began."""
        self.seen(message_id)
        for key in list(self._open):
            brackets = self._open[key]
            closing = [b for b in brackets if b[1] < ticket.number and b[0] < message_id]
            if not closing:
                continue
            for low, _ in closing:
                self._keep(self._closed, key, (low, message_id))
            left = [b for b in brackets if b not in closing]
            if left:
                self._open[key] = left
            else:
                del self._open[key]

    def lost(self, key: str, ticket: Ticket) -> None:
        """The send begun with ``ticket`` into ``key``'s chat failed after it may have
        arrived: its message is somewhere above ``ticket.low``."""
        self._keep(self._open, key, (ticket.low, self._tickets))

    def candidates(self, key: str) -> set[int]:
        """The ids where ``key``'s lost messages may sit: inside each closed bracket, and
        the :data:`MAX_BRACKET` ids above each one still open (no send began and came back
        since; a quick exit's neutral line closes them, unless it failed too)."""
        ids: set[int] = set()
        brackets = [*self._closed.get(key, ()), *((low, 0) for low, _ in self._open.get(key, ()))]
        for low, high in brackets:
            if low > 0:
                top = low + 1 + MAX_BRACKET
                ids.update(range(low + 1, min(high, top) if high > low else top))
            elif high > 0:  # nothing was known below it: the ids just under the upper end
                ids.update(range(max(1, high - MAX_BRACKET), high))
        return ids

    def forget(self, key: str) -> None:
        """The session is erased: nothing is kept about its chat."""
        self._open.pop(key, None)
        self._closed.pop(key, None)

    def _keep(
        self, table: OrderedDict[str, list[tuple[int, int]]], key: str, bracket: tuple[int, int]
    ) -> None:
        brackets = table.setdefault(key, [])
        brackets.append(bracket)
        del brackets[:-MAX_BRACKETS]
        table.move_to_end(key)
        while len(table) > self._max:
            table.popitem(last=False)
