"""Making buttons: each carries a typed callback stamped with the session's step.

Kept apart from the screens so that every module drawing a screen (questions, the result,
the review) makes its buttons the same way without importing the others.
"""

from __future__ import annotations

from functools import lru_cache

from bot.dialog.callback import Callback, Verb
from bot.dialog.state import SessionState
from bot.dialog.view import Button
from bot.i18n import Translator

Rows = list[tuple[Button, ...]]


def button(
    state: SessionState,
    label: str,
    verb: Verb,
    *,
    index: int | None = None,
    lang: str | None = None,
    tick: bool | None = None,
) -> Button:
    """A button of the current step."""
    return Button(label, _data(state.step, verb, index, lang, tick))


@lru_cache(maxsize=8192)
def _data(step: int, verb: Verb, index: int | None, lang: str | None, tick: bool | None) -> str:
    """A callback's wire form, kept: a screen's buttons are made again for every press
    (to check it, then to draw the next), with the same few step numbers for everyone."""
    return Callback(step, verb, index=index, lang=lang, tick=tick).pack()


def quick_exit_button(state: SessionState, t: Translator) -> Button:
    """Quick exit: under every screen, so that a person in danger is one tap from a
    wiped chat wherever they are (the press is honoured from any message, see
    :mod:`bot.dialog.offers`)."""
    # TRANSLATORS: a button label (at most 40 characters): under every screen; erases the answers
    # and clears the chat at once, for a person in danger.
    return button(state, t.gettext("Quick exit"), Verb.QUICK_EXIT)


def privacy_row(state: SessionState, t: Translator) -> tuple[Button, ...]:
    """Erase my answers, and quick exit: on the first screen (under the privacy notice) and
    under every result."""
    # TRANSLATORS: a button label (at most 40 characters): on the first screen (under the privacy
    # notice) and under the result; erases the answers after a question.
    return (button(state, t.gettext("Erase my answers"), Verb.ERASE), quick_exit_button(state, t))
