"""Going back: one answer (back), all of them (start over), or out (erase, quick exit,
``/forget``).

These are the transitions that undo rather than answer. Erasing is decided here but done
by the channel (the view asks for it), because only the channel knows its store and its
messages.
"""

from __future__ import annotations

from bot.dialog.callback import Callback, Verb
from bot.dialog.conversation import Conversation
from bot.dialog.navigation import enter, moved_on, showing
from bot.dialog.review import review
from bot.dialog.screens import render, with_echo
from bot.dialog.state import SessionState
from bot.dialog.view import Paragraph, View
from bot.i18n import LANGUAGES, get_translator

Outcome = tuple[SessionState, View]


def restart(
    conv: Conversation, state: SessionState | None, lang: str, *, note: bool = False
) -> Outcome:
    """The first screen again, keeping only the language.

    With ``note``, say that an earlier session ended (it expired or the flows changed).
    """
    step = state.step + 1 if state is not None else 1
    fresh = conv.new_state(lang).model_copy(update={"step": step})
    preface: tuple[Paragraph, ...] = ()
    if note:
        t = get_translator(lang)
        # TRANSLATORS: a note above the first screen when a session expired or the questions
        # changed.
        text = t.gettext("Your earlier session has ended. We start again from the beginning.")
        preface = (Paragraph(text, "note"),)
    return fresh, render(conv, fresh, preface=preface)


def leave(conv: Conversation, lang: str, *, quick: bool) -> Outcome:
    """Erase (or quick-exit): the channel deletes the session; the state is not kept.

    A quick exit leaves one neutral word, so that the chat does not say what it was.
    """
    t = get_translator(lang)
    if quick:
        return conv.new_state(lang), View(
            # TRANSLATORS: a message: the one neutral word left in the chat after a quick exit
            # (everything else is deleted), so that the chat does not say what it was.
            (Paragraph(t.pgettext("the only line left after a quick exit", "Done.")),),
            quick_exit=True,
        )
    return conv.new_state(lang), View((Paragraph(t.gettext(conv.wording.erased)),), erase=True)


def erased_for_now(conv: Conversation, lang: str) -> View:
    """Said instead of "erased" while the store cannot yet overwrite the erased bytes
    (another program reads the database): deleted, not yet gone from the file."""
    return View((Paragraph(get_translator(lang).gettext(conv.wording.erased_for_now)),), erase=True)


def forget(conv: Conversation, lang: str) -> Outcome:
    """``/forget``: erase at once, from anywhere."""
    text = get_translator(lang).gettext(conv.wording.forgotten)
    return conv.new_state(lang), View((Paragraph(text),), erase=True)


def press_without_session(conv: Conversation, data: str, lang: str) -> Outcome:
    """A button pressed after the session was erased or expired.

    Erase and quick exit stay quiet (a redelivered quick exit must not post the welcome
    into a chat just wiped); a language button starts in that language.
    """
    callback = Callback.unpack(data)
    verb = callback.verb if callback else None
    if verb in (Verb.ERASE, Verb.QUICK_EXIT):
        return leave(conv, lang, quick=verb is Verb.QUICK_EXIT)
    if verb is Verb.LANGUAGE and callback is not None and callback.lang in LANGUAGES:
        chosen = conv.new_state(callback.lang)
        return chosen, render(conv, chosen)
    return restart(conv, None, lang, note=True)


def back(conv: Conversation, state: SessionState) -> Outcome:
    """Undo the last answer: the previous screen, with the answers it had.

    A question reached by "Change" from the review goes back to the review, not to the
    result under it: otherwise back would lead result -> question -> result.
    """
    if not state.history:
        return state, render(conv, state)
    last = state.history[-1]
    update = {
        "flow": last.flow,
        "node": last.node,
        "answers": last.answers,
        "history": state.history[:-1],
        "revising": False,
        "resume": None,
    }
    previous = enter(conv, moved_on(state, update))
    if _changed_from_review(conv, state):
        previous = showing(previous, "review")
        return previous, review(conv, previous)
    return previous, render(conv, previous)


def _changed_from_review(conv: Conversation, state: SessionState) -> bool:
    """Whether ``state`` is a question just reached by "Change" on the review.

    Only a change goes straight from the result to a question that records an answer
    (urgent help leaves the result for a notice, and a result has no other way out).
    """
    last = state.history[-1]
    came_from = conv.flows[last.flow].node(last.node)
    return came_from.type == "result" and conv.node(state).answered


# -- press handlers


def on_restart(conv: Conversation, state: SessionState, callback: Callback) -> Outcome:
    """ "Start over" on the result."""
    fresh, view = restart(conv, state, state.lang)
    # TRANSLATORS: a button label (at most 40 characters): also the echo of the pressed button, left
    # in the chat as the answer given.
    return fresh, with_echo(view, get_translator(state.lang).gettext("Start over"), state.lang)


def on_back(conv: Conversation, state: SessionState, callback: Callback) -> Outcome | None:
    """The Back button (the ``/back`` command is :func:`back` without the echo)."""
    if not state.history:
        return None
    previous, view = back(conv, state)
    # TRANSLATORS: a button label (at most 40 characters): also the echo of the pressed button, left
    # in the chat as the answer given.
    return previous, with_echo(view, get_translator(state.lang).gettext("Back"), state.lang)


def on_erase(conv: Conversation, state: SessionState, callback: Callback) -> Outcome:
    """Erase my answers."""
    return leave(conv, state.lang, quick=False)


def on_quick_exit(conv: Conversation, state: SessionState, callback: Callback) -> Outcome:
    """Quick exit: erase, and ask the channel to remove its messages."""
    return leave(conv, state.lang, quick=True)
