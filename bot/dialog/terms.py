"""Legal terms on tap: a screen offers the glossary terms its text uses, one button each;
a pressed term's plain explanation appears under the text, and its button goes.

Terms are found in the English source of what the screen shows (see :mod:`bot.glossary`),
so the same terms are offered in every language.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.dialog.buttons import Rows, button
from bot.dialog.callback import Verb
from bot.dialog.conversation import Conversation
from bot.dialog.state import SessionState
from bot.dialog.view import Paragraph
from bot.glossary import Term
from bot.i18n import Translator

PER_ROW = 3
"""Term buttons side by side: a term is a few words, and three short buttons to a row keep
a screen with many terms from burying its answer buttons under one row per term."""


def offered(conv: Conversation, sources: Iterable[str]) -> tuple[Term, ...]:
    """The terms the English ``sources`` use, as offered on the screen."""
    return conv.glossary.terms_in(*sources)


def term_notes(
    conv: Conversation, state: SessionState, sources: Iterable[str], t: Translator
) -> list[Paragraph]:
    """The explanations of the terms the person opened on this screen."""
    return [
        Paragraph(term.explain(t), "note")
        for term in offered(conv, sources)
        if conv.glossary.index(term) in state.terms
    ]


def term_row(
    conv: Conversation, state: SessionState, sources: Iterable[str], t: Translator
) -> Rows:
    """Buttons for the terms not yet opened, three to a row (none if there are none)."""
    buttons = tuple(
        button(state, term.label(t), Verb.TERM, index=conv.glossary.index(term))
        for term in offered(conv, sources)
        if conv.glossary.index(term) not in state.terms
    )
    return [buttons[i : i + PER_ROW] for i in range(0, len(buttons), PER_ROW)]
