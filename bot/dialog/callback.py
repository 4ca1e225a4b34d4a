"""Callback data: short, versioned by the step counter, and checked when it comes back.

Format ``<step>:<verb>[:<arg>]``. Telegram allows 1-64 bytes; :func:`pack` refuses more,
and :func:`unpack` returns ``None`` for anything malformed, since clients can forge it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Verb = Literal["o", "c", "t", "d", "w", "b", "r", "v", "e", "s", "n", "u", "x", "q", "l"]
"""option, continue, toggle, done, why, back, restart, review, edit, show, note (case
note), urgent, erase, quick exit, language."""
_VERBS: frozenset[str] = frozenset("octdwbrvesnuxql")
_PATTERN = re.compile(r"^(\d{1,9}):([a-z])(?::([a-z0-9_]{1,32}))?$")
MAX_BYTES = 64


@dataclass(frozen=True)
class Callback:
    """A decoded button press."""

    step: int
    verb: Verb
    arg: str | None = None

    def pack(self) -> str:
        """Encode; raises ``ValueError`` if Telegram would refuse it."""
        data = f"{self.step}:{self.verb}" + (f":{self.arg}" if self.arg is not None else "")
        if not 1 <= len(data.encode()) <= MAX_BYTES or unpack(data) != self:
            raise ValueError("callback data does not fit Telegram's 1-64 byte limit")
        return data


def unpack(data: str) -> Callback | None:
    """Decode, or ``None`` if the data is not something this program made."""
    match = _PATTERN.match(data)
    if match is None or match.group(2) not in _VERBS:
        return None
    verb: Verb = match.group(2)  # type: ignore[assignment]
    return Callback(int(match.group(1)), verb, match.group(3))
