"""The answers as a person reads them back: the review screen and the case note.

Both list the same answers with the same labels, so what a person checked on the review
is what their lawyer reads in the note. An answer that a later change made irrelevant, or
that a skip dropped, is left out of both rather than shown as "I don't know".
"""

from __future__ import annotations

from bot.dialog.callback import Verb
from bot.dialog.conversation import Conversation
from bot.dialog.model import CHANGE_LABEL, Node
from bot.dialog.navigation import irrelevant, item_ticked, still_answered
from bot.dialog.screens import button
from bot.dialog.state import Answer, SessionState
from bot.dialog.view import Button, Paragraph, View
from bot.i18n import Translator, get_translator


def answer_label(node: Node, answers: dict[str, Answer], t: Translator) -> str:
    """How an answer reads on the review screen and in the case note."""
    if node.type == "checklist":
        ticked = [t.gettext(i.label) for i in node.items if item_ticked(i, answers)]
        # TRANSLATORS: review screen and case note, the answer to an advocate's checklist
        # where nothing was ticked: it means "not known", not "all denied".
        return t.join(ticked) or t.gettext("Nothing ticked (unknown)")
    value = answers.get(node.fact or "")
    chosen = value if isinstance(value, tuple) else (value,) if value is not None else ()
    labels = [t.gettext(o.label) for o in node.options if o.value in chosen]
    if not labels:
        # TRANSLATORS: a button label (at most 40 characters): the same words as the answer button
        # "I don't know"; here the answer shown on the review screen and in the case note when none
        # was chosen.
        return t.gettext("I don't know")
    return t.join(labels)


def answered(
    conv: Conversation, state: SessionState, t: Translator, *, as_asked: bool = False
) -> list[tuple[int, str, str]]:
    """``(history index, question title, answer)`` for each question answered so far.

    With ``as_asked``, the question is given as it was asked (its text), not by its short
    title: a lawyer reading the case note must see what the person answered "yes" to.
    """
    first: dict[tuple[str, str], int] = {}  # in the order the questions were first asked
    for index, entry in enumerate(state.history):
        if conv.flows[entry.flow].node(entry.node).answered:
            first.setdefault((entry.flow, entry.node), index)
    found: list[tuple[int, str, str]] = []
    for (flow_id, node_id), index in first.items():
        node = conv.flows[flow_id].node(node_id)
        if (flow_id, node_id) == (state.flow, state.node):
            continue
        if irrelevant(conv, node, state.answers):
            continue
        if not still_answered(node, state.answers):
            continue
        title = t.gettext(node.text if as_asked else node.title or node.text)
        found.append((index, title, answer_label(node, state.answers, t)))
    return found


def change_label(title: str, t: Translator) -> str:
    """The review button that changes the answer to the question titled ``title`` (already
    in the reader's language)."""
    return t.gettext(CHANGE_LABEL).format(question=title)


def review(conv: Conversation, state: SessionState) -> View:
    """The answers given so far, each with a button to change it."""
    t = get_translator(state.lang)
    lines: list[str] = []
    rows: list[tuple[Button, ...]] = []
    for index, title, answer in answered(conv, state, t):
        lines.append(t.bullet(t.row(title, answer)))
        rows.append((button(state, change_label(title, t), Verb.EDIT, index=index),))
    # TRANSLATORS: a button label (at most 40 characters): on the review screen, back to the result
    # without changing anything.
    rows.append((button(state, t.gettext("Keep these answers"), Verb.SHOW),))
    # TRANSLATORS: a heading of the review screen, above the "title: answer" rows.
    heading = Paragraph(t.gettext("Your answers"), "title")
    # TRANSLATORS: a message: the review screen when nothing was answered yet.
    body = Paragraph("\n".join(lines) or t.gettext("No answers yet."))
    if not lines:
        return View((heading, body), tuple(rows))
    # TRANSLATORS: under the answers on the review screen; ✎ is the mark on the buttons
    # below (one per question) that change an answer.
    hint = Paragraph(t.gettext("To change an answer, press its ✎ button below."), "note")
    return View((heading, body, hint), tuple(rows))


def case_note(conv: Conversation, state: SessionState, lang: str) -> View:
    """The case note in ``lang``, made now and not stored, under a line saying so."""
    t = get_translator(lang)
    answers = [(asked, answer) for _, asked, answer in answered(conv, state, t, as_asked=True)]
    document = conv.case_note(state, t, answers)
    # TRANSLATORS: a message sent just above the case note file.
    text = get_translator(state.lang).gettext(
        "Here is your case note. It is made now and not stored."
    )
    return View((Paragraph(text, "note"),), document=document)
