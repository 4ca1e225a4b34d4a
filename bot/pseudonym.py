"""Session keys that cannot be turned back into a Telegram id without a secret.

The key is HMAC-SHA256(secret, channel + ":" + user id). The secret lives in a file of
its own (mode 0600), or in the environment (``REFUGE_GUIDE_SECRET``, hex or base64), never
in the database: a leaked database alone reveals no one, and losing the secret unlinks
every stored session from the person it belonged to.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import os
import re
import secrets
import stat
from pathlib import Path

from bot.errors import SecretError

log = logging.getLogger(__name__)

SECRET_BYTES = 32
_HEX = re.compile(r"[0-9a-fA-F]+")


def decode_secret(text: str) -> bytes:
    """Decode a secret given as text: hex (64 or more digits) or base64 (standard or URL-safe).

    The error message never repeats the value.
    """
    value = text.strip()
    if len(value) % 2 == 0 and _HEX.fullmatch(value):
        decoded = bytes.fromhex(value)
    else:
        normal = value.replace("-", "+").replace("_", "/")
        try:
            decoded = base64.b64decode(normal + "=" * (-len(normal) % 4), validate=True)
        except (binascii.Error, ValueError):
            raise SecretError(
                "is neither hex nor base64; make one with: openssl rand -hex 32"
            ) from None
    if len(decoded) < SECRET_BYTES:
        raise SecretError(
            f"must hold at least {SECRET_BYTES} bytes (64 hex digits or 44 base64 "
            "characters); make one with: openssl rand -hex 32"
        )
    return decoded


def load_or_create_secret(path: Path, *, create: bool = True) -> bytes:
    """Read the secret, creating 32 random bytes with mode 0600 on first start.

    With ``create=False`` (a secret file the operator named) a missing file is an error:
    quietly making a new secret there would unlink every stored session.
    """
    if not create and not path.exists():
        raise SecretError(
            f"{path}: the session secret file named by REFUGE_GUIDE_SECRET_FILE does not "
            "exist; mount it there, or unset the variable to use one in the data directory"
        )
    try:
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
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError as exc:
        raise SecretError(
            f"{path}: the session secret cannot be read or created ({exc.strerror}); "
            "check the path and its permissions"
        ) from None
    if mode & 0o077:
        log.warning("the session secret file is readable by others; run: chmod 600 on it")
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
