"""Callback data stays within Telegram's limit and anything the guide did not make is refused."""

from __future__ import annotations

import pytest
from telegram.constants import InlineKeyboardButtonLimit

from bot.dialog import callback as callback_module
from bot.dialog.callback import MAX_CALLBACK_DATA, Callback, Verb
from bot.dialog.transitions import ON_PRESS

OPT, CONT, TOG, NOTE, LANG, EXIT = (
    verb.value
    for verb in (Verb.OPTION, Verb.CONTINUE, Verb.TOGGLE, Verb.NOTE, Verb.LANGUAGE, Verb.QUICK_EXIT)
)
"""Wire letters for the forgeries below, taken from the enum rather than spelt out."""

EXAMPLES = [
    Callback(12, Verb.OPTION, index=3),
    Callback(12, Verb.CONTINUE),
    Callback(12, Verb.TOGGLE, index=0, tick=True),
    Callback(12, Verb.TOGGLE, index=9, tick=False),
    Callback(12, Verb.DONE),
    Callback(12, Verb.WHY),
    Callback(12, Verb.BACK),
    Callback(12, Verb.RESTART),
    Callback(12, Verb.REVIEW),
    Callback(12, Verb.EDIT, index=41),
    Callback(12, Verb.SHOW),
    Callback(12, Verb.NOTE, lang="fr"),
    Callback(12, Verb.URGENT),
    Callback(12, Verb.ERASE),
    Callback(12, Verb.QUICK_EXIT),
    Callback(0, Verb.LANGUAGE, lang="ru"),
    Callback(12, Verb.GROUND, index=2),
    Callback(12, Verb.GROUNDS, index=1),
    Callback(12, Verb.DETAILS),
    Callback(12, Verb.CONTACTS),
    Callback(12, Verb.SUMMARY),
    Callback(12, Verb.TERM, index=24),
]


def test_the_limit_is_telegrams() -> None:
    """The one number in bot/dialog is the one python-telegram-bot documents."""
    assert MAX_CALLBACK_DATA == InlineKeyboardButtonLimit.MAX_CALLBACK_DATA


def test_every_verb_has_an_example_and_a_handler() -> None:
    """No verb is left without a round-trip check here or a transition in the runner."""
    assert {example.verb for example in EXAMPLES} == set(Verb)
    assert set(ON_PRESS) == set(Verb)


@pytest.mark.parametrize("callback", EXAMPLES, ids=lambda c: c.verb.name)
def test_round_trip(callback: Callback) -> None:
    """What the runner packs, it reads back as the same typed callback."""
    assert Callback.unpack(callback.pack()) == callback


def test_a_toggle_says_which_tick_it_sets() -> None:
    """Ticking and unticking the same box are different buttons."""
    tick = Callback(5, Verb.TOGGLE, index=2, tick=True).pack()
    untick = Callback(5, Verb.TOGGLE, index=2, tick=False).pack()
    assert tick != untick


def test_the_largest_callback_fits() -> None:
    """The longest data the guide can make stays well inside Telegram's limit."""
    longest = Callback(999_999_999, Verb.TOGGLE, index=999_999, tick=True).pack()
    assert len(longest.encode()) <= MAX_CALLBACK_DATA


def test_too_long_is_refused_when_packing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Data over the limit fails before it is sent, not when Telegram refuses the message."""
    monkeypatch.setattr(callback_module, "MAX_CALLBACK_DATA", 8)
    assert Callback(1, Verb.OPTION, index=3).pack() == f"1:{OPT}:3"
    with pytest.raises(ValueError, match="8 bytes"):
        Callback(123_456_789, Verb.OPTION, index=3).pack()


@pytest.mark.parametrize(
    ("verb", "fields"),
    [
        (Verb.OPTION, {}),
        (Verb.CONTINUE, {"index": 1}),
        (Verb.TOGGLE, {"index": 1}),
        (Verb.NOTE, {"lang": "French"}),
        (Verb.LANGUAGE, {"index": 0}),
    ],
)
def test_a_callback_with_fields_its_verb_does_not_take_cannot_be_made(
    verb: Verb, fields: dict[str, object]
) -> None:
    """The type refuses a button the runner could not act on."""
    with pytest.raises(ValueError):
        Callback(1, verb, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "forged",
    [
        "",
        "abc",
        "1:z",
        f"1:{OPT}",  # an option without its index
        f"1:{CONT}:3",  # continue with a field it does not take
        f"1:{OPT}:../../x",
        f"-1:{OPT}:1",
        f"01:{OPT}:1",  # not how the guide spells a step
        f"1:{OPT}:01",
        f"1:{OPT}:٣",  # a digit, but not an ASCII one
        f"1:{OPT}:" + "1" * 40,
        f"1:{TOG}:3",  # a toggle that does not say which tick
        f"1:{TOG}:3:2",
        f"1:{NOTE}:FR",
        f"1:{LANG}:english",
        f"1:{EXIT}:",
        f"1234567890:{CONT}",
        "é" * 40,
    ],
)
def test_forged_data_is_not_understood(forged: str) -> None:
    """Data a client made up decodes to nothing instead of to an action."""
    assert Callback.unpack(forged) is None
