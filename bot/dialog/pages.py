"""What the result's own buttons do, and the glossary buttons of any screen.

Opening a page of the result (one ground, the next few grounds, all details, whom to
contact, the summary)
changes nothing but ``state.page``: no answer, no step. Opening a term adds it to
``state.terms`` and redraws the screen in place with its explanation. The runner accepts a
press only if the current screen offers it (:mod:`bot.dialog.offers`), so a term or a
ground the screen does not show is refused like any stale button.
"""

from __future__ import annotations

from bot.dialog.callback import Callback
from bot.dialog.conversation import Conversation
from bot.dialog.offers import shown
from bot.dialog.result_screen import (
    CONTACTS,
    DETAILS,
    SUMMARY,
    find_page,
    ground_page,
    grounds_page,
    result_screen,
)
from bot.dialog.rewind import Outcome
from bot.dialog.screens import render, replacing, with_echo
from bot.dialog.state import SessionState
from bot.i18n import get_translator


def _offered(conv: Conversation, state: SessionState, callback: Callback) -> str | None:
    """The label of the button shown for ``callback`` (the same buttons the runner
    accepted the press from, :func:`bot.dialog.offers.shown`), or None if there is none."""
    wanted = callback.pack()
    return next((button.label for button in shown(conv, state) if button.data == wanted), None)


def _open(conv: Conversation, state: SessionState, callback: Callback, page: str) -> Outcome | None:
    if conv.node(state).type != "result":
        return None
    label = _offered(conv, state, callback)
    if label is None or find_page(conv, state, get_translator(state.lang), page) is None:
        return None
    opened = state.model_copy(update={"page": page, "terms": ()})
    return opened, with_echo(result_screen(conv, opened), label, state.lang)


def on_ground(conv: Conversation, state: SessionState, callback: Callback) -> Outcome | None:
    """Why one ground may help: its explanation, citations and terms."""
    if callback.index is None:
        return None
    return _open(conv, state, callback, ground_page(callback.index))


def on_grounds(conv: Conversation, state: SessionState, callback: Callback) -> Outcome | None:
    """The next (or previous) few grounds, one button each."""
    if callback.index is None:
        return None
    return _open(conv, state, callback, grounds_page(callback.index))


def on_details(conv: Conversation, state: SessionState, callback: Callback) -> Outcome | None:
    """Every ground in full, then the actions."""
    return _open(conv, state, callback, DETAILS)


def on_contacts(conv: Conversation, state: SessionState, callback: Callback) -> Outcome | None:
    """Whom to contact, each with what was read about it."""
    return _open(conv, state, callback, CONTACTS)


def on_summary(conv: Conversation, state: SessionState, callback: Callback) -> Outcome | None:
    """The short first message again."""
    return _open(conv, state, callback, SUMMARY)


def on_term(conv: Conversation, state: SessionState, callback: Callback) -> Outcome | None:
    """A legal term's plain explanation, under the text that uses it."""
    if callback.index is None or _offered(conv, state, callback) is None:
        return None
    opened = state.model_copy(update={"terms": (*state.terms, callback.index)})
    return opened, replacing(render(conv, opened))
