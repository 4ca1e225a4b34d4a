"""What a person sees at a node: the text and the buttons of each kind of screen.

Drawing is kept apart from deciding what a press does, so that every screen is built in
one place: the same function draws a question after an answer, after back, after a
stale press and for ``refuge-guide check``. Buttons carry typed callbacks
(:mod:`bot.dialog.callback`) stamped with the session's step.
"""

from __future__ import annotations

from bot.dialog.callback import Callback, Verb
from bot.dialog.conversation import Conversation
from bot.dialog.model import Node
from bot.dialog.state import SessionState
from bot.dialog.view import Button, Paragraph, View
from bot.i18n import LANGUAGES, N_, Translator, get_translator
from bot.knowledge.ids import UNKNOWN

TICKED, UNTICKED = "☑", "☐"
NOTE_LANGUAGES = ("fr", "nl")
"""Languages of Belgian lawyers and authorities, offered for a second copy of the note."""

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
    return Button(label, Callback(state.step, verb, index=index, lang=lang, tick=tick).pack())


def continue_label(node: Node) -> str:
    """The (source) label of a notice's button: its own, "I agree" for consent, or "Continue"."""
    return node.label or (N_("I agree") if node.consent else N_("Continue"))


def render(conv: Conversation, state: SessionState, preface: tuple[Paragraph, ...] = ()) -> View:
    """The current screen of ``state``."""
    t = get_translator(state.lang)
    node = conv.node(state)
    paragraphs: list[Paragraph] = [Paragraph(t.gettext(node.text))]
    if node.type == "notice":
        paragraphs.extend(
            Paragraph(f"• {t.gettext(conv.kb.action(action).text)}") for action in node.actions
        )
    elif node.type == "result":
        paragraphs.extend(conv.result(state, t))
    if node.why and state.why_shown:
        paragraphs.append(Paragraph(t.gettext(node.why), "note"))
    return View(tuple(paragraphs), keyboard(conv, state), preface=preface)


def keyboard(conv: Conversation, state: SessionState) -> tuple[tuple[Button, ...], ...]:
    """The buttons of the current node's screen (without its text, which may be costly)."""
    t = get_translator(state.lang)
    node = conv.node(state)
    rows: Rows = []
    if node.type == "notice":
        rows.append((button(state, t.gettext(continue_label(node)), Verb.CONTINUE),))
    elif node.type == "question":
        for index, option in enumerate(node.options):
            rows.append((button(state, t.gettext(option.label), Verb.OPTION, index=index),))
    elif node.type in ("multi", "checklist"):
        rows.extend(_ticks(state, node, t))
    else:
        rows.extend(_result_buttons(state, t))
    nav: list[Button] = []
    if node.why and not state.why_shown:
        nav.append(button(state, t.gettext("Why do we ask?"), Verb.WHY))
    if state.history and node.type != "result":
        nav.append(button(state, t.gettext("Back"), Verb.BACK))
    if nav:
        rows.append(tuple(nav))
    if node.urgent_button:
        rows.append((urgent_button(state),))
    if node.privacy:
        rows.append(_privacy_row(state, t))
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
    rows.append((button(state, t.gettext("Done"), Verb.DONE),))
    return rows


def _result_buttons(state: SessionState, t: Translator) -> Rows:
    rows: Rows = [
        (button(state, t.gettext("Review or change my answers"), Verb.REVIEW),),
        (button(state, t.gettext("Case note (file)"), Verb.NOTE, lang=state.lang),),
    ]
    copy_labels = {
        "fr": t.gettext("Case note in French"),
        "nl": t.gettext("Case note in Dutch"),
    }
    copies = tuple(
        button(state, copy_labels[lang], Verb.NOTE, lang=lang)
        for lang in NOTE_LANGUAGES
        if lang != state.lang
    )
    if copies:
        rows.append(copies)
    rows.append((button(state, t.gettext("Start over"), Verb.RESTART),))
    rows.append(_privacy_row(state, t))
    return rows


def _privacy_row(state: SessionState, t: Translator) -> tuple[Button, ...]:
    return (
        button(state, t.gettext("Erase my answers"), Verb.ERASE),
        button(state, t.gettext("Quick exit"), Verb.QUICK_EXIT),
    )


def urgent_button(state: SessionState) -> Button:
    """Urgent help now: on the welcome, and on every screen after ``/help``."""
    t = get_translator(state.lang)
    return button(state, t.gettext("I need urgent help now"), Verb.URGENT)


def help_text(t: Translator) -> tuple[Paragraph, ...]:
    """What the commands do, in the reader's language."""
    lines = "\n".join(
        (
            t.gettext("/start - begin again"),
            t.gettext("/back - undo the last answer"),
            t.gettext("/language - change the language"),
            t.gettext("/forget - erase everything the guide stored about you"),
            t.gettext("/help - this list"),
        )
    )
    return (Paragraph(t.gettext("How to use this guide"), "title"), Paragraph(lines))


def help_screen(conv: Conversation, state: SessionState) -> View:
    """The commands, then the current screen with urgent help offered on top."""
    view = render(conv, state, preface=help_text(get_translator(state.lang)))
    return View(view.paragraphs, ((urgent_button(state),), *view.keyboard), preface=view.preface)


def language_picker(state: SessionState) -> View:
    """Each language named in itself; its buttons work until the step moves on."""
    t = get_translator(state.lang)
    rows = tuple(
        (button(state, get_translator(lang).native_name, Verb.LANGUAGE, lang=lang),)
        for lang in LANGUAGES
    )
    return View((Paragraph(t.gettext("Choose your language.")),), rows)


def with_note(conv: Conversation, state: SessionState, note: str) -> View:
    """The current screen under a short note (a stale press, typed text)."""
    return render(conv, state, preface=(Paragraph(note, "note"),))


def typed_text(conv: Conversation, state: SessionState) -> View:
    """Typed text is never read: point to the buttons."""
    t = get_translator(state.lang)
    note = t.gettext("Please answer with the buttons. The guide does not read typed text.")
    return with_note(conv, state, note)


def stale(conv: Conversation, state: SessionState) -> View:
    """A press that does not belong to this screen: say so and show where the person is."""
    t = get_translator(state.lang)
    note = t.gettext("That button belongs to an earlier question. Here is where you are now.")
    return with_note(conv, state, note)


def with_echo(view: View, echo: str) -> View:
    """The view with the label of the answer just given, for the pressed message."""
    return View(view.paragraphs, view.keyboard, echo=echo, preface=view.preface)


def replacing(view: View) -> View:
    """The view redrawn in place of the pressed message (why, ticks)."""
    return View(view.paragraphs, view.keyboard, replace=True)
