"""Which of a chat's messages a quick exit deletes, and the ids not yet stored.

A Telegram bot numbers its messages with one counter for all its private chats, so on
a busy bot one person's ten-minute walk is scattered among thousands of other people's
ids. A quick exit therefore deletes the ids it knows (:class:`bot.store.ChannelData`
keeps them), plus the ids it can only guess at: short gaps between known ids and a
stretch after the newest one, where a reply whose confirmation was lost, or an apology,
most likely sits. ``deleteMessages`` skips ids that belong to other chats, so a guess
never touches anyone else's messages; it only costs calls, hence the bounds.

Nothing here talks to Telegram (only its documented limit is read); the adapter
(:mod:`bot.channels.telegram_quick_exit`) does.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from itertools import pairwise

from telegram.constants import BulkRequestLimit

from bot.store.message_ids import MAX_KNOWN_IDS

DELETE_BATCH: int = BulkRequestLimit.MAX_LIMIT  # ids per deleteMessages call (100)
GAP = 30
"""A gap of at most this many ids between two known ids is deleted too.

On a quiet bot nothing but this chat's messages lies between them: a reply whose
response was lost, an apology. On a busy bot gaps are longer and belong to others.
"""
TAIL = 300
"""How many ids after the newest known one are deleted, up to the neutral line.

The last step's replies are among them even when their confirmation was lost; on a
busy bot the rest are other chats' ids, which Telegram skips.
"""
LEGACY_SPAN = 3_000
"""For a session stored before exact ids were kept: how far below its first exact id
the old "every id from the first message on" still reaches (that release's bound)."""
MAX_GUESSED = 3_000
"""At most this many guessed ids (30 calls), the newest; known ids are always deleted."""
MAX_UNSAVED_SESSIONS = 10_000
"""How many sessions' unsaved ids are kept in memory; the least recently used go first.

A session whose person never comes back would otherwise keep a few ids here forever.
"""


def deletion_batches(
    known: Sequence[int],
    neutral: int | None,
    *,
    legacy_first: int | None = None,
    maybe: Iterable[int] = (),
) -> list[list[int]]:
    """The deleteMessages calls of a quick exit, at most :data:`DELETE_BATCH` ids each.

    ``known``: the ids known to be this chat's; ``neutral``: the id of the neutral line
    that ends the quick exit (``None`` if sending it failed), which is never deleted;
    ``legacy_first``: :attr:`bot.store.ChannelData.first_message_id`, if any; ``maybe``:
    more ids to guess at (where sends whose answer was lost may sit).

    When everything fits in one call, it is one call. Otherwise the known ids go first,
    newest first, so what the person can see goes in the first calls; then the guessed
    ones: gaps of at most :data:`GAP` ids between known ids, the :data:`TAIL` ids after
    the newest, and for an old session the ids from its first message on; at most
    :data:`MAX_GUESSED`, newest first.
    """
    certain = sorted({i for i in (*known, *_opt(legacy_first)) if neutral is None or i < neutral})
    guessed: set[int] = {i for i in maybe if i > 0 and (neutral is None or i < neutral)}
    if not certain:
        return _newest_first(sorted(guessed)[-MAX_GUESSED:])
    for low, high in pairwise(certain):
        if high - low - 1 <= GAP or low == legacy_first:
            guessed.update(range(max(low + 1, high - LEGACY_SPAN), high))
    top = certain[-1]
    tail_end = top + 1 + TAIL if neutral is None else min(neutral, top + 1 + TAIL)
    guessed.update(range(top + 1, tail_end))
    guesses = sorted(guessed.difference(certain))[-MAX_GUESSED:]
    if len(certain) + len(guesses) <= DELETE_BATCH:  # a quiet bot's walk: one call
        return [sorted((*certain, *guesses))]
    return _newest_first(certain) + _newest_first(guesses)


def _opt(value: int | None) -> tuple[int, ...]:
    return () if value is None else (value,)


def _newest_first(ids: list[int]) -> list[list[int]]:
    """Sorted ``ids`` cut into batches from the top: the newest batch first."""
    stops = range(len(ids), 0, -DELETE_BATCH)
    return [ids[max(0, stop - DELETE_BATCH) : stop] for stop in stops]


class UnsavedIds:
    """Ids of messages sent in a session's chat since the session was last written.

    A step is written before its reply is sent, so the reply's ids are known only
    afterwards; rather than a second write per step, they wait here, per session key,
    and go into the next step's write (or are used by a quick exit in this process).
    Lost on a restart: a quick exit then deletes them only as guesses (see
    ``docs/privacy.md``).
    """

    def __init__(self, max_sessions: int = MAX_UNSAVED_SESSIONS) -> None:
        self._ids: OrderedDict[str, set[int]] = OrderedDict()
        self._max = max_sessions

    def add(self, key: str, message_id: int) -> None:
        """Remember that a message ``message_id`` was sent in the chat of ``key``."""
        ids = self._ids.setdefault(key, set())
        ids.add(message_id)
        if len(ids) > MAX_KNOWN_IDS:  # the session keeps no more than that either
            ids.remove(min(ids))
        self._ids.move_to_end(key)
        while len(self._ids) > self._max:
            self._ids.popitem(last=False)

    def pending(self, key: str) -> tuple[int, ...]:
        """The ids of ``key`` not yet written, oldest first."""
        return tuple(sorted(self._ids.get(key, ())))

    def saved(self, key: str, ids: Iterable[int]) -> None:
        """``ids`` are now in the stored session (others may have come meanwhile)."""
        left = self._ids.get(key)
        if left is None:
            return
        left.difference_update(ids)
        if not left:
            del self._ids[key]

    def forget(self, key: str) -> None:
        """The session is erased: nothing is kept about its chat."""
        self._ids.pop(key, None)
