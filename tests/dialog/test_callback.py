"""Callback data stays within Telegram's 1-64 bytes and forged data is refused."""

from __future__ import annotations

import pytest

from bot.dialog.callback import Callback, unpack


def test_round_trip() -> None:
    """What the runner packs, it can read back."""
    callback = Callback(12, "o", "3")
    assert unpack(callback.pack()) == callback


def test_too_long_is_refused_when_packing() -> None:
    """An argument that would break Telegram's 64-byte limit fails before sending."""
    with pytest.raises(ValueError, match="64"):
        Callback(123456789, "o", "x" * 60).pack()


@pytest.mark.parametrize("forged", ["", "abc", "1:z", "1:o:../../x", "-1:o:1", "1:o:" + "a" * 40])
def test_forged_data_is_not_understood(forged: str) -> None:
    """Data a client made up decodes to nothing instead of to an action."""
    assert unpack(forged) is None
