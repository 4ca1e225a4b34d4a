"""What each button does to a session: one function per verb, and the table of them.

Every press handler has the same shape, ``(conversation, state, callback) -> outcome``,
and returns ``None`` when the press makes no sense where the session is (the runner then
answers that the button is stale). A handler that moves the person on counts a step, so
the buttons of the screen they leave stop working.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.dialog import pages
from bot.dialog.callback import Callback, Verb
from bot.dialog.conversation import Conversation
from bot.dialog.loader import MAIN_FLOW
from bot.dialog.model import Node
from bot.dialog.navigation import advance, done_marker, enter, moved_on, showing
from bot.dialog.review import answer_label, case_note, review
from bot.dialog.rewind import Outcome, on_back, on_erase, on_quick_exit, on_restart
from bot.dialog.screens import continue_label, render, replacing, with_echo
from bot.dialog.state import Answer, HistoryEntry, SessionState
from bot.i18n import LANGUAGES, get_translator
from bot.knowledge.ids import UNKNOWN

PressHandler = Callable[[Conversation, SessionState, Callback], Outcome | None]


def on_why(conv: Conversation, state: SessionState, callback: Callback) -> Outcome | None:
    """Show why the question is asked, in place; the button then goes."""
    if not conv.node(state).why or state.why_shown:
        return None
    shown = state.model_copy(update={"why_shown": True})
    return shown, replacing(render(conv, shown))


def on_show(conv: Conversation, state: SessionState, callback: Callback) -> Outcome:
    """ "Keep these answers": the current screen again."""
    return state, render(conv, state)


def on_review(conv: Conversation, state: SessionState, callback: Callback) -> Outcome:
    """The answers so far, each with a button to change it (the result's stay usable)."""
    shown = showing(state, "review")
    return shown, review(conv, shown)


def on_note(conv: Conversation, state: SessionState, callback: Callback) -> Outcome | None:
    """The case note in the language asked for; nothing is stored."""
    if conv.node(state).type != "result" or callback.lang not in LANGUAGES:
        return None
    return state, case_note(conv, state, callback.lang)


def on_language(conv: Conversation, state: SessionState, callback: Callback) -> Outcome | None:
    """A language from the picker: the same screen in that language."""
    if callback.lang not in LANGUAGES:
        return None
    chosen = moved_on(state, {"lang": callback.lang})
    return chosen, with_echo(
        render(conv, chosen), get_translator(callback.lang).native_name, callback.lang
    )


def on_continue(conv: Conversation, state: SessionState, callback: Callback) -> Outcome | None:
    """Past a notice; after urgent help, back to where the person was."""
    node = conv.node(state)
    if node.type != "notice":
        return None
    resume = state.resume
    main = conv.flows[MAIN_FLOW]
    if resume is not None and node.id == main.urgent and resume != (MAIN_FLOW, main.start):
        target, resume = resume, None
    elif node.next:
        target, resume = (state.flow, node.next), None
    else:
        return None
    moved = advance(conv, state.model_copy(update={"resume": resume}), dict(state.answers), target)
    label = get_translator(state.lang).gettext(continue_label(node))
    return moved, with_echo(render(conv, moved), label, state.lang)


def on_option(conv: Conversation, state: SessionState, callback: Callback) -> Outcome | None:
    """An option of a question (or the "I don't know" of a multi): answer and move on.

    On the first screen, which holds the privacy notice, the answer is also the consent.
    """
    node, index = conv.node(state), callback.index
    if node.type not in ("question", "multi") or not node.fact or index is None:
        return None
    if not 0 <= index < len(node.options):
        return None
    option = node.options[index]
    if node.type == "multi" and option.value != UNKNOWN:
        return None
    answers: dict[str, Answer] = {**state.answers, node.fact: option.value, **option.also}
    target = option.next or node.next
    if target is None:
        return None
    if node.consent:
        state = state.model_copy(update={"consented": True})
    moved = advance(conv, state, answers, (state.flow, target))
    label = get_translator(state.lang).gettext(option.label)
    return moved, with_echo(render(conv, moved), label, state.lang)


def on_toggle(conv: Conversation, state: SessionState, callback: Callback) -> Outcome | None:
    """Tick or untick one box, redrawn in place; the press sets the tick it carries."""
    node, index = conv.node(state), callback.index
    size = len(node.options) if node.type == "multi" else len(node.items)
    if node.type not in ("multi", "checklist") or index is None or not 0 <= index < size:
        return None
    value = node.options[index].value if node.type == "multi" else str(index)
    if value == UNKNOWN:
        return None
    pending = tuple(v for v in state.pending if v != value)
    if callback.tick:
        pending = (*pending, value)
    toggled = state.model_copy(update={"pending": pending})
    return toggled, replacing(render(conv, toggled))


def on_done(conv: Conversation, state: SessionState, callback: Callback) -> Outcome | None:
    """Finish ticking: the ticks become answers (an unticked box stays unknown)."""
    node = conv.node(state)
    if node.type not in ("multi", "checklist") or node.next is None:
        return None
    answers: dict[str, Answer] = dict(state.answers)
    if node.type == "multi" and node.fact:
        order = [o.value for o in node.options]
        chosen = tuple(sorted(state.pending, key=order.index))
        answers[node.fact] = chosen if chosen else UNKNOWN
    else:
        answers[done_marker(node)] = "done"
        ticks = _ticks(node, state.pending)
        for fact in dict.fromkeys(item.fact for item in node.items):
            answers.pop(fact, None)  # unticked: unknown again
        for fact in dict.fromkeys(fact for fact, _value in ticks):
            ticked = tuple(dict.fromkeys(value for f, value in ticks if f == fact))
            if _is_set(conv, fact):
                values = conv.kb.facts[fact].values
                answers[fact] = tuple(sorted(ticked, key=values.index))
            else:
                answers[fact] = ticked[0]
    moved = advance(conv, state, answers, (state.flow, node.next))
    label = answer_label(node, answers, get_translator(state.lang))
    return moved, with_echo(render(conv, moved), label, state.lang)


def _ticks(node: Node, pending: tuple[str, ...]) -> list[tuple[str, str]]:
    """``(fact, value)`` of each ticked item, then of what the ticked items imply."""
    ticked = [item for index, item in enumerate(node.items) if str(index) in pending]
    return [
        *((item.fact, item.value) for item in ticked),
        *(pair for item in ticked for pair in item.also.items()),
    ]


def _is_set(conv: Conversation, fact: str) -> bool:
    definition = conv.kb.facts.get(fact)
    return definition is not None and definition.is_set


def on_urgent(conv: Conversation, state: SessionState, callback: Callback) -> Outcome | None:
    """Urgent help now; its Continue comes back here."""
    main = conv.flows[MAIN_FLOW]
    if main.urgent is None or (state.flow, state.node) == (MAIN_FLOW, main.urgent):
        return None
    entry = HistoryEntry(flow=state.flow, node=state.node, answers=state.answers)
    update = {
        "flow": MAIN_FLOW,
        "node": main.urgent,
        "history": (*state.history, entry),
        "resume": (state.flow, state.node),
    }
    moved = enter(conv, moved_on(state, update))
    # TRANSLATORS: a button label (at most 40 characters): also the echo of the pressed button, left
    # in the chat as the answer given.
    label = get_translator(state.lang).gettext("I need urgent help now")
    return moved, with_echo(render(conv, moved), label, state.lang)


def on_edit(conv: Conversation, state: SessionState, callback: Callback) -> Outcome | None:
    """Change one answer from the review: that question again, in revising mode."""
    index = callback.index
    if index is None or not 0 <= index < len(state.history):
        return None
    target = state.history[index]
    if not conv.flows[target.flow].node(target.node).answered:
        return None
    entry = HistoryEntry(flow=state.flow, node=state.node, answers=state.answers)
    update = {
        "flow": target.flow,
        "node": target.node,
        "history": (*state.history, entry),
        "revising": True,
        "resume": None,
    }
    moved = enter(conv, moved_on(state, update))
    return moved, render(conv, moved)


ON_PRESS: dict[Verb, PressHandler] = {
    Verb.OPTION: on_option,
    Verb.CONTINUE: on_continue,
    Verb.TOGGLE: on_toggle,
    Verb.DONE: on_done,
    Verb.WHY: on_why,
    Verb.BACK: on_back,
    Verb.RESTART: on_restart,
    Verb.REVIEW: on_review,
    Verb.EDIT: on_edit,
    Verb.SHOW: on_show,
    Verb.NOTE: on_note,
    Verb.URGENT: on_urgent,
    Verb.ERASE: on_erase,
    Verb.QUICK_EXIT: on_quick_exit,
    Verb.LANGUAGE: on_language,
    Verb.GROUND: pages.on_ground,
    Verb.GROUNDS: pages.on_grounds,
    Verb.DETAILS: pages.on_details,
    Verb.CONTACTS: pages.on_contacts,
    Verb.SUMMARY: pages.on_summary,
    Verb.TERM: pages.on_term,
}
"""Every verb's handler; a test checks that no verb is missing."""
