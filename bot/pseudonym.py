"""Session keys that cannot be turned back into a Telegram id without a secret.

The key is HMAC-SHA256(secret, channel + ":" + user id). The secret lives in a file of
its own (mode 0600), never in the database: a leaked database alone reveals no one, and
losing the secret unlinks every stored session from the person it belonged to.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

SECRET_BYTES = 32


class SecretError(RuntimeError):
    """The secret file is unusable; the message says which file and why."""


def load_or_create_secret(path: Path) -> bytes:
    """Read the secret, creating 32 random bytes with mode 0600 on first start."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(SECRET_BYTES))
            handle.flush()
            os.fsync(handle.fileno())
    secret = path.read_bytes()
    if len(secret) < SECRET_BYTES:
        raise SecretError(
            f"{path}: the session secret must hold at least {SECRET_BYTES} bytes; "
            "restore it from backup, or delete it to start afresh (every session is lost)"
        )
    return secret


class Pseudonymiser:
    """Turns (channel, user id) into the only key the store ever sees."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < SECRET_BYTES:
            raise SecretError(f"the session secret must hold at least {SECRET_BYTES} bytes")
        self._secret = secret

    def key(self, channel: str, user_id: int | str) -> str:
        """A hex HMAC; the same person on the same channel always gets the same key."""
        message = f"{channel}:{user_id}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def __repr__(self) -> str:
        return "Pseudonymiser(secret=**********)"
