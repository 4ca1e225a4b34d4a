"""What a person sees at a node: the text and the buttons of each kind of screen.

Drawing is kept apart from deciding what a press does, so that every screen is built in
one place: the same function draws a question after an answer, after back, after a
stale press and for ``refuge-guide check``. Buttons carry typed callbacks
(:mod:`bot.dialog.callback`) stamped with the session's step.
"""

from __future__ import annotations

import dataclasses

from bot.dialog.buttons import Rows, button, privacy_row, quick_exit_button
from bot.dialog.callback import Verb
from bot.dialog.conversation import Conversation
from bot.dialog.model import TICKED, UNTICKED, Node
from bot.dialog.result_screen import result_keyboard, result_screen
from bot.dialog.state import SessionState
from bot.dialog.terms import term_notes, term_row
from bot.dialog.view import Button, Paragraph, View
from bot.i18n import LANGUAGES, N_, Translator, get_translator
from bot.knowledge.ids import UNKNOWN

__all__ = ["button", "privacy_row"]  # drawn here, made in bot.dialog.buttons


def continue_label(node: Node) -> str:
    """The (source) label of a notice's button: its own, or "Continue"."""
    if node.label:
        return node.label
    # TRANSLATORS: a button label (at most 40 characters): under a notice (not a question).
    return N_("Continue")


def render(conv: Conversation, state: SessionState, preface: tuple[Paragraph, ...] = ()) -> View:
    """The current screen of ``state``."""
    t = get_translator(state.lang)
    node = conv.node(state)
    if node.type == "result":
        return result_screen(conv, state, preface)
    paragraphs = [Paragraph(t.gettext(conv.wording.node_text(part))) for part in node.intro]
    paragraphs.append(Paragraph(t.gettext(conv.wording.node_text(node))))
    if node.type == "notice":
        paragraphs.extend(
            Paragraph(t.bullet(t.gettext(conv.kb.action(action).text))) for action in node.actions
        )
        if node.panel is not None:
            paragraphs.extend(conv.panel(node.panel, state, t))
    if node.answered:  # a question offers the legal terms it uses (not its intro's)
        paragraphs.extend(term_notes(conv, state, _sources(node), t))
    if node.why and state.why_shown:
        paragraphs.append(Paragraph(t.gettext(node.why), "note"))
    return View(tuple(paragraphs), keyboard(conv, state), preface=preface)


def _sources(node: Node) -> list[str]:
    """The English source of what a question shows, where its legal terms are found."""
    return [node.text, *(o.label for o in node.options), *(i.label for i in node.items)]


def keyboard(conv: Conversation, state: SessionState) -> tuple[tuple[Button, ...], ...]:
    """The buttons of the current node's screen (without its text, which may be costly).

    Every screen ends with Quick exit: alone on a question's or a notice's last row, or
    beside "Erase my answers" on the first screen (which holds the privacy notice) and the
    result.
    """
    t = get_translator(state.lang)
    node = conv.node(state)
    if node.type == "result":
        return result_keyboard(conv, state)
    rows: Rows = []
    if node.type == "notice":
        rows.append((button(state, t.gettext(continue_label(node)), Verb.CONTINUE),))
    elif node.type == "question":
        for index, option in enumerate(node.options):
            rows.append((button(state, t.gettext(option.label), Verb.OPTION, index=index),))
    else:
        rows.extend(_ticks(state, node, t))
    if node.answered:
        rows.extend(term_row(conv, state, _sources(node), t))
    nav: list[Button] = []
    if node.why and not state.why_shown:
        # TRANSLATORS: a button label (at most 40 characters): under a question, shows why the guide
        # asks it. Shares its row with "Back".
        nav.append(button(state, t.gettext("Why do we ask?"), Verb.WHY))
    if state.history:
        # TRANSLATORS: a button label (at most 40 characters): under a question, goes back one
        # question (undoes the last answer). Shares its row with "Why do we ask?".
        nav.append(button(state, t.gettext("Back"), Verb.BACK))
    if nav:
        rows.append(tuple(nav))
    if node.urgent_button:
        rows.append((urgent_button(state),))
    if node.privacy:
        rows.append(privacy_row(state, t))
    else:  # alone on the last row: always in the same place, away from the answers
        rows.append((quick_exit_button(state, t),))
    return tuple(rows)


def _ticks(state: SessionState, node: Node, t: Translator) -> Rows:
    """One button per option or item, showing its box; a toggle carries the tick it sets."""
    rows: Rows = []
    labels = [option.label for option in node.options] or [item.label for item in node.items]
    values = [option.value for option in node.options] or [str(i) for i in range(len(labels))]
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        if value == UNKNOWN:
            rows.append((button(state, t.gettext(label), Verb.OPTION, index=index),))
            continue
        ticked = value in state.pending
        text = f"{TICKED if ticked else UNTICKED} {t.gettext(label)}"
        rows.append((button(state, text, Verb.TOGGLE, index=index, tick=not ticked),))
    # TRANSLATORS: a button label (at most 40 characters): under a checklist (tick any number of
    # boxes), confirms the ticks. Not the line "Done." after a quick exit.
    rows.append((button(state, t.gettext("Done"), Verb.DONE),))
    return rows


def urgent_button(state: SessionState) -> Button:
    """Urgent help now: on the first screen, and on every screen after ``/help``."""
    t = get_translator(state.lang)
    # TRANSLATORS: a button label (at most 40 characters): on the first screen and after /help;
    # opens what to do when the police are at the door.
    return button(state, t.gettext("I need urgent help now"), Verb.URGENT)


def help_text(conv: Conversation, t: Translator) -> tuple[Paragraph, ...]:
    """What the channel's commands (or keys) do, in the reader's language."""
    lines = "\n".join(t.gettext(line) for line in conv.wording.help)
    # TRANSLATORS: a heading of the help screen (/help), above the list of commands (the
    # /help command's description in the menu is another entry).
    title = t.pgettext("heading of the help screen", "How to use this guide")
    return (Paragraph(title, "title"), Paragraph(lines))


def help_screen(conv: Conversation, state: SessionState) -> View:
    """The commands, then the current screen with urgent help offered on top (once: the
    first screen offers it already)."""
    view = render(conv, state, preface=help_text(conv, get_translator(state.lang)))
    urgent = urgent_button(state)
    if urgent in view.buttons:
        return view
    return View(view.paragraphs, ((urgent,), *view.keyboard), preface=view.preface)


def language_picker(state: SessionState) -> View:
    """Each language named in itself; its buttons work until the step moves on."""
    t = get_translator(state.lang)
    rows = tuple(
        (button(state, get_translator(lang).native_name, Verb.LANGUAGE, lang=lang),)
        for lang in LANGUAGES
    )
    return View(
        # TRANSLATORS: a heading: the language picker's question (one short sentence; the buttons
        # name the languages).
        (Paragraph(t.gettext("Choose your language.")),),
        (*rows, (quick_exit_button(state, t),)),
    )


def with_note(conv: Conversation, state: SessionState, note: str) -> View:
    """The current screen under a short note (a stale press, typed text)."""
    return render(conv, state, preface=(Paragraph(note, "note"),))


def typed_text(conv: Conversation, state: SessionState) -> View:
    """Typed text is never read: point to the buttons."""
    t = get_translator(state.lang)
    return with_note(conv, state, t.gettext(conv.wording.typed_text))


def stale(conv: Conversation, state: SessionState) -> View:
    """A press that does not belong to this screen: say so and show where the person is."""
    t = get_translator(state.lang)
    # TRANSLATORS: a note above the current screen, after a press on an old message's button.
    note = t.gettext("That button belongs to an earlier question. Here is where you are now.")
    return with_note(conv, state, note)


def with_echo(view: View, label: str, lang: str) -> View:
    """The view with the line that echoes the answer just given, for the pressed message.

    The line comes from a catalog template, not from code: its marker ("»") is a closing
    quotation mark in French, so each language decides how an echoed answer looks."""
    # TRANSLATORS: the first line of the message after a button press, repeating the
    # button's label ({answer}) so the chat keeps a record of the answers. "»" marks it
    # as an echo; use another marker if "»" reads as a quotation mark in your language.
    line = get_translator(lang).gettext("» {answer}").format(answer=label)
    return dataclasses.replace(view, echo=line)


def replacing(view: View) -> View:
    """The view redrawn in place of the pressed message (why, ticks)."""
    return dataclasses.replace(view, replace=True, preface=())
