"""Resume codes: how a person finds a kept terminal session again, and nobody else can.

All terminal chats under one operating-system account used to share one session, so the
next person at a shared laptop landed inside the previous person's answers. Now a chat
keeps nothing unless started with ``--keep``, which prints a code; only ``--resume CODE``
finds that session again. The code is the session's "user id": the store sees only its
HMAC (:class:`bot.pseudonym.Pseudonymiser`), never the code itself.

Twelve symbols of Crockford's base 32 (no I, L, O or U, so nothing reads as another
symbol; typed in any case, with or without the dashes) carry 60 random bits: far too
many to guess by typing, and slow to find even for someone holding both the database and
the secret. A code works once: resuming moves the session to a new code.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12
GROUP = 4
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


def new_code() -> str:
    """A fresh random code, grouped for reading aloud: ``7K3Q-XM9D-2RPB``."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def normalise(typed: str) -> str | None:
    """The code as the pseudonymiser takes it (upper case, no dashes), or ``None`` if
    ``typed`` cannot be a code."""
    raw = typed.strip().upper().translate(_READ_AS)
    if len(raw) != LENGTH or any(symbol not in ALPHABET for symbol in raw):
        return None
    return raw
