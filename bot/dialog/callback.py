"""Callback data: what a button says when it is pressed, typed on the way out and checked
on the way back in.

In the spirit of aiogram's ``CallbackData``: a frozen record with a fixed wire layout,
``<step>:<verb>[:<field>...]``, where each verb declares the fields it carries (an option
or history index, a language, the tick a toggle sets). The step counter ties a button to
the screen that drew it. Telegram passes the data back verbatim from the client, and
clients can send anything, so :meth:`Callback.unpack` refuses whatever this program could
not have made: unknown verbs, missing or extra fields, fields out of range, non-canonical
spellings. :meth:`Callback.pack` refuses data Telegram would reject (over 64 bytes).

The wire values stay one letter to keep the data short; everywhere else the verbs are
named (``Verb.QUICK_EXIT``), so a reader never has to decode ``q``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

MAX_CALLBACK_DATA = 64
"""Bytes of callback data Telegram accepts per button (1-64).

The same number as ``telegram.constants.InlineKeyboardButtonLimit.MAX_CALLBACK_DATA``;
written here because nothing below the channel adapters may import telegram, and a test
checks that the two agree.
"""

MAX_STEP = 999_999_999
MAX_INDEX = 999_999
SEPARATOR = ":"


class Verb(StrEnum):
    """What a button does. The value is the one-letter form sent to Telegram."""

    OPTION = "o"  # choose an option of a question
    CONTINUE = "c"  # past a notice
    TOGGLE = "t"  # tick or untick a checklist item or a multi option
    DONE = "d"  # finish ticking
    WHY = "w"  # show why the question is asked
    BACK = "b"  # undo the last answer
    RESTART = "r"  # start over
    REVIEW = "v"  # show the answers given
    EDIT = "e"  # change one answer from the review
    SHOW = "s"  # keep the answers and show the result again
    NOTE = "n"  # make the case note in a language
    URGENT = "u"  # urgent help now
    ERASE = "x"  # erase the session
    QUICK_EXIT = "q"  # erase and remove the bot's messages
    LANGUAGE = "l"  # switch the conversation's language
    GROUND = "g"  # on the result: why one ground may help
    GROUNDS = "p"  # on the result: another screenful of ground buttons (more, or back)
    DETAILS = "a"  # on the result: every ground in full
    CONTACTS = "k"  # on the result: whom to contact, in full
    SUMMARY = "m"  # on the result: the short first message again
    TERM = "y"  # explain a legal term the screen uses


_FIELDS: dict[Verb, tuple[str, ...]] = {
    Verb.OPTION: ("index",),
    Verb.TOGGLE: ("index", "tick"),
    Verb.EDIT: ("index",),
    Verb.NOTE: ("lang",),
    Verb.LANGUAGE: ("lang",),
    Verb.GROUND: ("index",),
    Verb.GROUNDS: ("index",),
    Verb.TERM: ("index",),
}
"""The fields each verb carries, in wire order; a verb not listed carries none."""

_STEP = re.compile(r"0|[1-9][0-9]{0,8}")
_WIRE: dict[str, re.Pattern[str]] = {
    "index": re.compile(r"0|[1-9][0-9]{0,5}"),
    "lang": re.compile(r"[a-z]{2}"),
    "tick": re.compile(r"[01]"),
}


@dataclass(frozen=True)
class Callback:
    """One button's data; constructing it with fields its verb does not take fails.

    ``index`` is an option, item or history position; ``lang`` a language code; ``tick``
    the state a toggle *sets* (so pressing it twice sets it twice, never flips it back).
    """

    step: int
    verb: Verb
    index: int | None = None
    lang: str | None = None
    tick: bool | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.step <= MAX_STEP:
            raise ValueError(f"step out of range: {self.step}")
        wanted = _FIELDS.get(self.verb, ())
        for name in ("index", "lang", "tick"):
            value = getattr(self, name)
            if (value is None) == (name in wanted):
                raise ValueError(f"verb {self.verb.name} and field {name} do not fit")
        if self.index is not None and not 0 <= self.index <= MAX_INDEX:
            raise ValueError(f"index out of range: {self.index}")
        if self.lang is not None and not _WIRE["lang"].fullmatch(self.lang):
            raise ValueError("not a language code")

    def pack(self) -> str:
        """The wire form; raises ``ValueError`` if Telegram would refuse it."""
        parts = [str(self.step), self.verb.value]
        for name in _FIELDS.get(self.verb, ()):
            value = getattr(self, name)
            parts.append(str(int(value)) if isinstance(value, bool) else str(value))
        data = SEPARATOR.join(parts)
        if len(data.encode()) > MAX_CALLBACK_DATA:
            raise ValueError(f"callback data over Telegram's {MAX_CALLBACK_DATA} bytes")
        return data

    @classmethod
    def unpack(cls, data: str) -> Callback | None:
        """Decode, or ``None`` if the data is not exactly something this program makes."""
        if len(data.encode()) > MAX_CALLBACK_DATA:
            return None
        step, _, rest = data.partition(SEPARATOR)
        verb_value, _, rest = rest.partition(SEPARATOR)
        if not _STEP.fullmatch(step) or verb_value not in _VERBS:
            return None
        verb = Verb(verb_value)
        names = _FIELDS.get(verb, ())
        values = rest.split(SEPARATOR) if rest else []
        if len(values) != len(names):
            return None
        parsed = dict(zip(names, values, strict=True))
        if not all(_WIRE[name].fullmatch(value) for name, value in parsed.items()):
            return None
        index, tick = parsed.get("index"), parsed.get("tick")
        try:
            callback = cls(
                int(step),
                verb,
                index=int(index) if index is not None else None,
                lang=parsed.get("lang"),
                tick=tick == "1" if tick is not None else None,
            )
        except ValueError:
            return None
        return callback if callback.pack() == data else None


_VERBS = frozenset(verb.value for verb in Verb)
