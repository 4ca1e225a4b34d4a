"""Resume codes: hard to guess, easy to type back."""

from __future__ import annotations

import math

from bot.channels.resume_code import ALPHABET, LENGTH, new_code, normalise


def test_a_code_carries_sixty_random_bits() -> None:
    """Twelve symbols of a 32-symbol alphabet, drawn afresh each time."""
    assert LENGTH * math.log2(len(ALPHABET)) == 60
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 14
        assert code[4] == code[9] == "-"
        assert normalise(code) == code.replace("-", "")


def test_a_code_is_read_back_however_it_is_typed() -> None:
    """Any case, with or without dashes or spaces; O, I and L read as 0, 1 and 1."""
    assert normalise(" 7k3q-xm9d-2rpb ") == "7K3QXM9D2RPB"
    assert normalise("7K3Q XM9D 2RPB") == "7K3QXM9D2RPB"
    assert normalise("O1IL-0000-0000") == "0111" + "0" * 8


def test_what_cannot_be_a_code_is_refused() -> None:
    """Too short, too long, or a symbol the alphabet does not have (U)."""
    for typed in ("", "7K3Q-XM9D-2RP", "7K3Q-XM9D-2RPBB", "UUUU-UUUU-UUUU", "hello-world"):
        assert normalise(typed) is None, typed
