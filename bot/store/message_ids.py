"""The message ids a session remembers for a quick exit: merged, bounded, stored compactly.

A Telegram bot has one message counter for all its private chats, so the ids of one
person's chat are scattered among everyone else's: a quick exit cannot delete "from the
first message on" without deleting (or trying) thousands of other ids. It deletes the
ids it knows instead, and these have to fit in a small row (issue 14: a finished walk in
at most 512 bytes). Stored, they are a JSON array, sorted and delta-encoded, with runs of
consecutive ids (a quiet bot numbers a whole walk in one run) folded into one number::

    [1000, 1001, 1002, 1003, 1010, 1400]  ->  "[1000,-3,7,390]"

The first number is an id; after it a positive ``n`` is the next id, ``n`` above the one
before, and a negative ``-k`` stands for the ``k`` ids right after the one before.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

MAX_KNOWN_IDS = 150
"""How many ids a session keeps: the newest.

A whole walk through either flow, with review, help, the case note and some typed
messages, leaves well under a hundred; 150 leaves room for someone who types a lot or
goes back often while keeping the row small on a busy bot, where ids do not run on
(about six bytes each). What falls off first is the oldest, which Telegram stops
letting the bot delete after 48 hours anyway; a quick exit still deletes the rest.
"""


def merge(known: Iterable[int], new: Iterable[int], bound: int = MAX_KNOWN_IDS) -> tuple[int, ...]:
    """``known`` and ``new`` as one sorted tuple without repeats, the newest ``bound`` kept."""
    ids = sorted({i for i in (*known, *new) if i > 0})
    return tuple(ids[-bound:]) if bound > 0 else ()


def encode(ids: Iterable[int]) -> str:
    """Sorted ids as the compact JSON array described in the module docstring."""
    out: list[int] = []
    previous: int | None = None
    for current in sorted(set(ids)):
        if previous is None:
            out.append(current)
        elif current == previous + 1 and len(out) > 1 and out[-1] < 0:
            out[-1] -= 1
        elif current == previous + 1:
            out.append(-1)
        else:
            out.append(current - previous)
        previous = current
    return json.dumps(out, separators=(",", ":"))


def decode(text: str | None) -> tuple[int, ...]:
    """The ids :func:`encode` wrote; ``None`` (a row from before ids were kept) is none.

    Anything else raises ``ValueError``: the row is then read as unreadable.
    """
    if text is None:
        return ()
    numbers = json.loads(text)
    if not isinstance(numbers, list) or not all(type(n) is int for n in numbers):
        raise ValueError("stored message ids are not a list of integers")
    ids: list[int] = []
    for n in numbers:
        if len(ids) + max(1, -n) > MAX_KNOWN_IDS:
            raise ValueError("more stored message ids than a session keeps")
        if not ids and n <= 0:
            raise ValueError("the first stored message id is not positive")
        if not ids:
            ids.append(n)
        elif n > 0:
            ids.append(ids[-1] + n)
        elif n < 0:
            ids.extend(range(ids[-1] + 1, ids[-1] + 1 - n))
        else:
            raise ValueError("a stored message id repeats")
    return tuple(ids)
