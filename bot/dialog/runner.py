"""The pure dialog runner: ``(SessionState, Event) -> (SessionState, View)``.

No I/O happens here: no Telegram, no SQLite, no terminal. That is what lets the terminal
chat and the bot share one conversation, and what lets most tests run without either.

This module only chooses: given an event, which transition runs. What a button does is
in :mod:`bot.dialog.transitions`, going back and leaving in :mod:`bot.dialog.rewind`,
where a session may go in :mod:`bot.dialog.navigation`, what a screen shows in
:mod:`bot.dialog.screens`, and the review and case note in :mod:`bot.dialog.review`. A
stored session at a node the flows have since replaced is first moved to its successor
(:mod:`bot.dialog.retired`).

Every screen's buttons carry the session's step counter. A press is accepted only if the
current screen offers exactly that button (:mod:`bot.dialog.offers`); anything else, an
earlier screen's button or a forged one, changes nothing. Quick exit and Erase are the
exception: they work from any message, so that a person can always get out.

``handle()`` is the runner's only public method. To show the current screen again with no
change (after a replayed update) a caller sends :class:`bot.dialog.events.Current`, which
also moves a session off a retired node; code that draws a screen of a known, live node
(the start-up checks) calls :func:`bot.dialog.screens.render` directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.dialog import rewind, screens, transitions
from bot.dialog.callback import Callback
from bot.dialog.conversation import Conversation
from bot.dialog.events import (
    Back,
    ChooseLanguage,
    Current,
    Event,
    Forget,
    Help,
    Press,
    QuickExit,
    Restart,
    Start,
    TextInput,
)
from bot.dialog.navigation import showing
from bot.dialog.offers import accepts
from bot.dialog.retired import moved_from_retired
from bot.dialog.state import SessionState
from bot.dialog.view import View
from bot.i18n import is_supported, negotiate


@dataclass(frozen=True)
class Runner(Conversation):
    """Walks a person through the flows; holds only immutable data."""

    def handle(
        self, state: SessionState | None, event: Event, client_lang: str | None = None
    ) -> tuple[SessionState, View]:
        """Apply one event; with no stored session, one is started in ``client_lang``."""
        if isinstance(event, Start):
            lang = state.lang if state is not None else negotiate(event.lang or client_lang)
            if event.chosen is not None and is_supported(event.chosen):
                lang = event.chosen
            return rewind.restart(self, state, lang)
        if isinstance(event, Forget):
            return rewind.forget(self, state.lang if state else negotiate(client_lang))
        if isinstance(event, QuickExit):
            return rewind.leave(self, state.lang if state else negotiate(client_lang), quick=True)
        if state is not None:
            state = moved_from_retired(self.flows, state)
            if not self.valid(state):
                state = None  # the flows changed under this session: start again, saying so
        if state is None:
            lang = negotiate(client_lang)
            if isinstance(event, Press):
                return rewind.press_without_session(self, event.data, lang)
            state = self.new_state(lang)
            if not isinstance(event, (Help, ChooseLanguage, TextInput)):
                return state, screens.render(self, state)
        if isinstance(event, Restart):
            return rewind.restart(self, state, state.lang)
        if isinstance(event, Back):
            return rewind.back(self, state)
        if isinstance(event, ChooseLanguage):
            shown = showing(state, "languages")
            return shown, screens.language_picker(shown)
        if isinstance(event, TextInput):
            return state, screens.typed_text(self, state)
        if isinstance(event, Help):
            shown = showing(state, "help")
            return shown, screens.help_screen(self, shown)
        if isinstance(event, Current):
            return state, screens.render(self, state)
        return self._press(state, event)

    def _press(self, state: SessionState, event: Press) -> tuple[SessionState, View]:
        """A button: decoded, accepted only if the current screen offers it, dispatched."""
        callback = Callback.unpack(event.data)
        if callback is None or not accepts(self, state, callback):
            return state, screens.stale(self, state)
        outcome = transitions.ON_PRESS[callback.verb](self, state, callback)
        return outcome if outcome is not None else (state, screens.stale(self, state))
