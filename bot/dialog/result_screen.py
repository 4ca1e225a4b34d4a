"""The result as pages: a short summary first, then whatever the person opens.

The result builder (``Conversation.result``) writes each page; this module puts it on a
screen. Every page carries the same keyboard: a button per ground (its title, or its short
form), all details, whom to contact, the summary, the review, the case note, start over,
erase and quick exit; a ground's page adds the legal terms it uses.

Every ground that applies or may apply opens on its own button, but an all-"I don't know"
walk has 28 of them: one button each would bury the rest of the keyboard under a
frightened person's thumb. So the grounds come :data:`GROUND_BUTTONS` at a time, strongest
first: the summary offers the strongest, "More grounds (N)" shows the next few on a short
page of their own (``grounds:<n>``), and "Previous grounds" goes back. A ground's page
keeps the buttons of the few it was opened from.

Opening a page changes only ``state.page``, not the step: the answers and the review stay
as they are, every page can be drawn again from the state alone, and the buttons under an
earlier page of the same result keep working (:func:`result_presses`), whichever grounds
they offered.
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

GROUND_BUTTONS = 6
"""Ground buttons on one screen of the result; "More grounds (N)" offers the next ones."""


def ground_page(index: int) -> str:
    """The page of the ``index``-th ground the summary offers."""
    return f"ground:{index}"


def grounds_page(batch: int) -> str:
    """The short page that offers the ``batch``-th few grounds (0: the strongest)."""
    return f"grounds:{batch}"


def find_page(
    conv: Conversation, state: SessionState, t: Translator, page: str
) -> ResultPage | None:
    """Page ``page`` of the result, or ``None`` if this result has no such page."""
    kind, _, number = page.partition(":")
    if kind != "grounds":
        return conv.result(state, t, page)
    summary = conv.result(state, t, SUMMARY)
    grounds = summary.grounds if summary is not None else ()
    first = int(number) * GROUND_BUTTONS if number.isdigit() else -1
    if not 0 <= first < len(grounds):
        return None
    last = min(first + GROUND_BUTTONS, len(grounds))
    # TRANSLATORS: the heading of a short page of the result that offers a few of its grounds,
    # one button each; {first}, {last} and {total} are numbers: "Grounds 7 to 12 of 28,
    # strongest first".
    title = t.gettext("Grounds {first} to {last} of {total}, strongest first")
    # TRANSLATORS: a line of the result, above the buttons that each open one ground.
    hint = t.gettext("Choose a ground below to see why it may help.")
    fmt = t.format_number
    heading = title.format(first=fmt(first + 1), last=fmt(last), total=fmt(len(grounds)))
    return ResultPage((Paragraph(heading, "title"), Paragraph(hint)), screenful=True)


def page_of(conv: Conversation, state: SessionState, t: Translator) -> ResultPage:
    """The page ``state`` shows (the summary if that page no longer exists)."""
    page = find_page(conv, state, t, state.page)
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


def _grounds(conv: Conversation, state: SessionState, t: Translator) -> tuple[str, ...]:
    """The labels of the result's ground buttons, strongest first (index = page number)."""
    summary = conv.result(state, t, SUMMARY)
    return summary.grounds if summary is not None else ()


def _batch(state: SessionState, total: int) -> int:
    """Which few grounds the page offers: those the ground on screen is among, those asked
    for with "More grounds", or the strongest."""
    kind, _, number = state.page.partition(":")
    batch = int(number) if number.isdigit() else 0
    if kind == "ground":
        batch //= GROUND_BUTTONS
    elif kind != "grounds":
        batch = 0
    return min(batch, max(total - 1, 0) // GROUND_BUTTONS)


def _ground_rows(state: SessionState, grounds: tuple[str, ...], batch: int, t: Translator) -> Rows:
    """The ``batch``-th few ground buttons, one a row, and the way to the others."""
    first = batch * GROUND_BUTTONS
    shown = grounds[first : first + GROUND_BUTTONS]
    rows: Rows = [
        (button(state, label, Verb.GROUND, index=first + offset),)
        for offset, label in enumerate(shown)
    ]
    turns: list[Button] = []
    if batch > 0:
        # TRANSLATORS: a button label (at most 40 characters): under the result, shows again the
        # few stronger grounds offered before "More grounds" was pressed. It may share a row
        # with "More grounds".
        label = t.gettext("‹ Previous grounds")
        turns.append(button(state, label, Verb.GROUNDS, index=batch - 1))
    rest = len(grounds) - first - len(shown)
    if rest > 0:
        # TRANSLATORS: a button label (at most 40 characters): under the result, offers the next
        # few grounds, one button each; {count} is how many grounds are not offered yet.
        label = t.gettext("More grounds ({count}) ›").format(count=t.format_number(rest))
        turns.append(button(state, label, Verb.GROUNDS, index=batch + 1))
    if turns:
        rows.append(tuple(turns))
    return rows


def result_presses(conv: Conversation, state: SessionState) -> list[Button]:
    """Every ground button and every "More"/"Previous" of this result, whichever few a page
    offers: pages of a result share its step, so a button under an earlier page of the
    same result is not stale and must keep working."""
    t = get_translator(state.lang)
    grounds = _grounds(conv, state, t)
    batches = range((len(grounds) + GROUND_BUTTONS - 1) // GROUND_BUTTONS)
    return [button for b in batches for row in _ground_rows(state, grounds, b, t) for button in row]


def _rows(conv: Conversation, state: SessionState, t: Translator) -> Rows:
    grounds = _grounds(conv, state, t)
    rows = _ground_rows(state, grounds, _batch(state, len(grounds)), t)
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
