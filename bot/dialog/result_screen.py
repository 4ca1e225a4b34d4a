"""The result as pages: a short summary first, then whatever the person opens.

The result builder (``Conversation.result``) writes each page; this module puts it on a
screen. Every page carries the same keyboard: a button per ground (its title, or its short form),
all details, whom to contact, the summary, the review, the case note, start over, erase
and quick exit; a ground's page adds the legal terms it uses. Opening a page changes only
``state.page``, not the step: the answers and the review stay as they are, every page can
be drawn again from the state alone, and the buttons under an earlier page of the same
result keep working.
"""

from __future__ import annotations

from bot.dialog.buttons import Rows, button, privacy_row
from bot.dialog.callback import Verb
from bot.dialog.conversation import Conversation, ResultPage
from bot.dialog.state import SessionState
from bot.dialog.terms import term_notes, term_row
from bot.dialog.view import Button, Paragraph, View
from bot.i18n import Translator, get_translator

NOTE_LANGUAGES = ("fr", "nl")
"""Languages of Belgian lawyers and authorities, offered for a second copy of the note."""

SUMMARY, DETAILS, CONTACTS = "", "details", "contacts"


def ground_page(index: int) -> str:
    """The page of the ``index``-th ground the summary offers."""
    return f"ground:{index}"


def page_of(conv: Conversation, state: SessionState, t: Translator) -> ResultPage:
    """The page ``state`` shows (the summary if that page no longer exists)."""
    page = conv.result(state, t, state.page)
    if page is None:
        page = conv.result(state, t, SUMMARY)
    assert page is not None, "the result builder always makes a summary"
    return page


def result_screen(
    conv: Conversation, state: SessionState, preface: tuple[Paragraph, ...] = ()
) -> View:
    """The result page the session is on, with the result's keyboard."""
    t = get_translator(state.lang)
    page = page_of(conv, state, t)
    paragraphs: list[Paragraph] = []
    if state.page == SUMMARY:
        paragraphs.append(Paragraph(t.gettext(conv.node(state).text), "title"))
    paragraphs.extend(page.paragraphs)
    paragraphs.extend(term_notes(conv, state, page.sources, t))
    rows = term_row(conv, state, page.sources, t)
    rows.extend(_rows(conv, state, t))
    return View(tuple(paragraphs), tuple(rows), preface=preface, screenful=page.screenful)


def result_keyboard(conv: Conversation, state: SessionState) -> tuple[tuple[Button, ...], ...]:
    """The buttons of the page the session is on (what a press is checked against)."""
    t = get_translator(state.lang)
    page = page_of(conv, state, t)
    return (*term_row(conv, state, page.sources, t), *_rows(conv, state, t))


def _rows(conv: Conversation, state: SessionState, t: Translator) -> Rows:
    summary = conv.result(state, t, SUMMARY)
    grounds = summary.grounds if summary is not None else ()
    rows: Rows = [
        (button(state, label, Verb.GROUND, index=index),) for index, label in enumerate(grounds)
    ]
    rows.append(
        (
            # TRANSLATORS: a button label (at most 40 characters): under the result, opens every
            # ground with its explanation. Three buttons share this row.
            button(state, t.gettext("All details"), Verb.DETAILS),
            # TRANSLATORS: a button label (at most 40 characters): under the result, opens the
            # organisations to contact. Three buttons share this row.
            button(state, t.gettext("Who to contact"), Verb.CONTACTS),
            # TRANSLATORS: a button label (at most 40 characters): under the result, goes back to
            # its short first message. Three buttons share this row.
            button(state, t.gettext("Summary"), Verb.SUMMARY),
        )
    )
    # TRANSLATORS: a button label (at most 40 characters): under the result, opens the review
    # screen.
    rows.append((button(state, t.gettext("Review or change my answers"), Verb.REVIEW),))
    # TRANSLATORS: a button label (at most 40 characters): under the result, sends the case note as
    # a text file in the reader's language.
    rows.append((button(state, t.gettext("Case note (file)"), Verb.NOTE, lang=state.lang),))
    copy_labels = {
        # TRANSLATORS: a button label (at most 40 characters): under the result, sends the case
        # note in French (for a Belgian lawyer or authority).
        "fr": t.gettext("Case note in French"),
        # TRANSLATORS: a button label (at most 40 characters): under the result, sends the case
        # note in Dutch (for a Belgian lawyer or authority).
        "nl": t.gettext("Case note in Dutch"),
    }
    copies = tuple(
        button(state, copy_labels[lang], Verb.NOTE, lang=lang)
        for lang in NOTE_LANGUAGES
        if lang != state.lang
    )
    if copies:
        rows.append(copies)
    # TRANSLATORS: a button label (at most 40 characters): under the result; erases the answers and
    # starts again.
    rows.append((button(state, t.gettext("Start over"), Verb.RESTART),))
    rows.append(privacy_row(state, t))
    return rows
