"""Which presses the current screen accepts: exactly the buttons it offers.

Clients can send any callback data. Checking the step counter alone let a forged verb
from another screen through (a language, urgent help or erase on a plain question), so
a press is accepted only if its callback is one the person was shown at this step: the
node's own buttons plus those of the overlays drawn over it since (help offers urgent
help, the picker its languages, the review its changes); on the result, the buttons of
every ground, whichever few the page on screen offers (its pages share one step).

A toggle is accepted with either tick: it *sets* the tick it carries, so a press repeated
after a lost reply sets the same tick again instead of flipping it back.

The ways out are the exception (:data:`WAYS_OUT`): Quick exit and Erase are honoured from
any message, whatever its step or screen. A person in danger presses the Quick exit
they see, which may be under a message several answers back; refusing it as stale would
leave the chat on the screen. They carry no answer, so an old one cannot apply a stale
step, and a forged one can only erase the sender's own session, as ``/forget`` does.
"""

from __future__ import annotations

from dataclasses import replace

from bot.dialog.callback import Callback, Verb
from bot.dialog.conversation import Conversation
from bot.dialog.result_screen import result_presses
from bot.dialog.review import review
from bot.dialog.screens import keyboard, language_picker, urgent_button
from bot.dialog.state import SessionState
from bot.dialog.view import Button


def shown(conv: Conversation, state: SessionState) -> list[Button]:
    """Every button the session was shown at this step (module docstring), screen first."""
    buttons = [button for row in keyboard(conv, state) for button in row]
    if conv.node(state).type == "result":
        buttons.extend(result_presses(conv, state))
    if "help" in state.overlays:
        buttons.append(urgent_button(state))
    if "languages" in state.overlays:
        buttons.extend(language_picker(state).buttons)
    if "review" in state.overlays:
        buttons.extend(review(conv, state).buttons)
    return buttons


WAYS_OUT = frozenset({Verb.QUICK_EXIT, Verb.ERASE})
"""Verbs accepted from any message (module docstring)."""


def accepts(conv: Conversation, state: SessionState, callback: Callback) -> bool:
    """Whether a press carrying ``callback`` may act now: a way out, or a button offered.

    The same answer as ``callback in offered(conv, state)``, compared on the wire form
    (one callback's is unique, see :mod:`bot.dialog.callback`) rather than by decoding
    every button offered: this check runs on every press.
    """
    if callback.verb in WAYS_OUT:
        return True
    wanted = {callback.pack()}
    if callback.verb is Verb.TOGGLE:
        wanted.add(replace(callback, tick=not callback.tick).pack())
    return any(button.data in wanted for button in shown(conv, state))


def offered(conv: Conversation, state: SessionState) -> set[Callback]:
    """Every callback a press may carry at this point of the conversation."""
    accepted: set[Callback] = set()
    for button in shown(conv, state):
        callback = Callback.unpack(button.data)
        if callback is None:  # pragma: no cover - the screens only make valid data
            continue
        accepted.add(callback)
        if callback.verb is Verb.TOGGLE:
            accepted.add(replace(callback, tick=not callback.tick))
    return accepted
