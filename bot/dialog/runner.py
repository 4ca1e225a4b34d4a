"""The pure dialog runner: ``(SessionState, Event) -> (SessionState, View)``.

No I/O happens here: no Telegram, no SQLite, no terminal. That is what lets the terminal
chat and the bot share one conversation, and what lets most tests run without either.

Every screen's buttons carry the session's step counter; a press whose step is not the
current one belongs to an earlier screen and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.dialog.callback import Callback, Verb, unpack
from bot.dialog.events import (
    Back,
    ChooseLanguage,
    Current,
    Event,
    Forget,
    Help,
    Press,
    Restart,
    Start,
    TextInput,
)
from bot.dialog.facts import session_facts
from bot.dialog.loader import MAIN_FLOW
from bot.dialog.model import Flow, Item, Node
from bot.dialog.state import Answer, HistoryEntry, SessionState
from bot.dialog.view import Button, Document, Paragraph, View
from bot.i18n import LANGUAGES, N_, Translator, get_translator, negotiate
from bot.knowledge import KnowledgeBase, Truth, evaluate
from bot.knowledge.ids import UNKNOWN

ResultBuilder = Callable[[SessionState, Translator], tuple[Paragraph, ...]]
"""Turns the answers of a finished flow into the result text (the assessment)."""

CaseNoteBuilder = Callable[[SessionState, Translator, list[tuple[str, str]]], Document]
"""Makes the case note of a finished flow in one language, given the answers as text."""

TICKED, UNTICKED = "☑", "☐"
NOTE_LANGUAGES = ("fr", "nl")
"""Languages of Belgian lawyers and authorities, offered for a second copy of the note."""


@dataclass(frozen=True)
class Runner:
    """Walks a person through the flows; holds only immutable data."""

    flows: dict[str, Flow]
    kb: KnowledgeBase
    result: ResultBuilder
    case_note: CaseNoteBuilder

    def new_state(self, lang: str) -> SessionState:
        """A session at the first screen of the main flow."""
        flow = self.flows[MAIN_FLOW]
        return SessionState(lang=lang, flow=flow.id, node=flow.start)

    def node(self, state: SessionState) -> Node:
        """The node a session is at."""
        return self.flows[state.flow].node(state.node)

    def handle(
        self, state: SessionState | None, event: Event, client_lang: str | None = None
    ) -> tuple[SessionState, View]:
        """Apply one event; with no stored session, one is started in ``client_lang``."""
        if isinstance(event, Start):
            lang = state.lang if state is not None else negotiate(event.lang or client_lang)
            return self._restart(state, lang)
        if isinstance(event, Forget):
            lang = state.lang if state is not None else negotiate(client_lang)
            t = get_translator(lang)
            text = t.gettext(
                "Everything the guide stored about you is erased. Send /start to begin again."
            )
            return self.new_state(lang), View((Paragraph(text),), erase=True)
        if state is not None and not self._valid(state):
            state = None  # the flows changed under this session: start again, saying so
        if state is None:
            lang = negotiate(client_lang)
            if isinstance(event, Press):
                return self._press_without_session(event, lang)
            state = self.new_state(lang)
            if not isinstance(event, (Help, ChooseLanguage, TextInput)):
                return state, self.render(state)
        t = get_translator(state.lang)
        if isinstance(event, Restart):
            return self._restart(state, state.lang)
        if isinstance(event, Back):
            return self._back(state)
        if isinstance(event, ChooseLanguage):
            return state, self._language_picker(state)
        if isinstance(event, TextInput):
            note = t.gettext("Please answer with the buttons. The guide does not read typed text.")
            return state, self.render(state, preface=(Paragraph(note, "note"),))
        if isinstance(event, Help):
            view = self.render(state, preface=self.help(t))
            urgent = (self._button(state, t.gettext("I need urgent help now"), "u"),)
            return state, View(view.paragraphs, (urgent, *view.keyboard), preface=view.preface)
        if isinstance(event, Current):
            return state, self.render(state)
        return self._press(state, event, t)

    def _valid(self, state: SessionState) -> bool:
        """Whether every node a stored session refers to still exists in the flows."""
        places = [(state.flow, state.node), *((e.flow, e.node) for e in state.history)]
        if state.resume is not None:
            places.append(state.resume)
        return all(f in self.flows and n in self.flows[f].by_id for f, n in places)

    def _press_without_session(self, event: Press, lang: str) -> tuple[SessionState, View]:
        """A button pressed after the session was erased or expired.

        Erase and quick exit stay quiet (a redelivered quick exit must not post the
        welcome into a chat just wiped); a language button starts in that language.
        """
        callback = unpack(event.data)
        verb = callback.verb if callback else None
        if verb in ("x", "q"):
            return self._leave(lang, quick=verb == "q")
        if verb == "l" and callback is not None and callback.arg in LANGUAGES:
            chosen = self.new_state(callback.arg)
            return chosen, self.render(chosen)
        return self._restart(None, lang, note=True)

    # -- rendering ---------------------------------------------------------------

    def render(self, state: SessionState, preface: tuple[Paragraph, ...] = ()) -> View:
        """The current screen of ``state``."""
        t = get_translator(state.lang)
        node = self.node(state)
        paragraphs: list[Paragraph] = [Paragraph(t.gettext(node.text))]
        rows: list[tuple[Button, ...]] = []
        if node.type == "notice":
            paragraphs.extend(
                Paragraph(f"• {t.gettext(self.kb.action(action).text)}") for action in node.actions
            )
            label = _continue_label(node)
            rows.append((self._button(state, t.gettext(label), "c"),))
        elif node.type == "question":
            for index, option in enumerate(node.options):
                rows.append((self._button(state, t.gettext(option.label), "o", str(index)),))
        elif node.type in ("multi", "checklist"):
            rows.extend(self._ticks(state, node, t))
        else:
            paragraphs.extend(self.result(state, t))
            rows.extend(self._result_buttons(state, t))
        if node.why and state.why_shown:
            paragraphs.append(Paragraph(t.gettext(node.why), "note"))
        nav: list[Button] = []
        if node.why and not state.why_shown:
            nav.append(self._button(state, t.gettext("Why do we ask?"), "w"))
        if state.history and node.type != "result":
            nav.append(self._button(state, t.gettext("Back"), "b"))
        if nav:
            rows.append(tuple(nav))
        if node.urgent_button:
            rows.append((self._button(state, t.gettext("I need urgent help now"), "u"),))
        if node.privacy:
            rows.append(self._privacy_row(state, t))
        return View(tuple(paragraphs), tuple(rows), preface=preface)

    def _ticks(self, state: SessionState, node: Node, t: Translator) -> list[tuple[Button, ...]]:
        rows: list[tuple[Button, ...]] = []
        labels = [option.label for option in node.options] or [item.label for item in node.items]
        values = [option.value for option in node.options] or [str(i) for i in range(len(labels))]
        for index, (label, value) in enumerate(zip(labels, values, strict=True)):
            if value == UNKNOWN:
                rows.append((self._button(state, t.gettext(label), "o", str(index)),))
                continue
            mark = TICKED if value in state.pending else UNTICKED
            rows.append((self._button(state, f"{mark} {t.gettext(label)}", "t", str(index)),))
        rows.append((self._button(state, t.gettext("Done"), "d"),))
        return rows

    def _result_buttons(self, state: SessionState, t: Translator) -> list[tuple[Button, ...]]:
        rows: list[tuple[Button, ...]] = [
            (self._button(state, t.gettext("Review or change my answers"), "v"),),
            (self._button(state, t.gettext("Case note (file)"), "n", state.lang),),
        ]
        copy_labels = {
            "fr": t.gettext("Case note in French"),
            "nl": t.gettext("Case note in Dutch"),
        }
        copies = tuple(
            self._button(state, copy_labels[lang], "n", lang)
            for lang in NOTE_LANGUAGES
            if lang != state.lang
        )
        if copies:
            rows.append(copies)
        rows.append((self._button(state, t.gettext("Start over"), "r"),))
        rows.append(self._privacy_row(state, t))
        return rows

    def _privacy_row(self, state: SessionState, t: Translator) -> tuple[Button, ...]:
        return (
            self._button(state, t.gettext("Erase my answers"), "x"),
            self._button(state, t.gettext("Quick exit"), "q"),
        )

    @staticmethod
    def help(t: Translator) -> tuple[Paragraph, ...]:
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

    @staticmethod
    def _button(state: SessionState, label: str, verb: Verb, arg: str | None = None) -> Button:
        return Button(label, Callback(state.step, verb, arg).pack())

    def _language_picker(self, state: SessionState) -> View:
        t = get_translator(state.lang)
        rows = tuple(
            (Button(get_translator(lang).native_name, Callback(0, "l", lang).pack()),)
            for lang in LANGUAGES
        )
        return View((Paragraph(t.gettext("Choose your language.")),), rows)

    def answered(self, state: SessionState, t: Translator) -> list[tuple[int, str, str]]:
        """``(history index, question title, answer)`` for each question answered so far."""
        first: dict[tuple[str, str], int] = {}  # in the order the questions were first asked
        for index, entry in enumerate(state.history):
            if self.flows[entry.flow].node(entry.node).answered:
                first.setdefault((entry.flow, entry.node), index)
        found: list[tuple[int, str, str]] = []
        for (flow_id, node_id), index in first.items():
            node = self.flows[flow_id].node(node_id)
            if (flow_id, node_id) == (state.flow, state.node):
                continue
            if self._irrelevant(node, state.answers):
                continue
            if not self._still_answered(node, state.answers):
                continue
            title = t.gettext(node.title or node.text)
            found.append((index, title, self.answer_label(node, state.answers, t)))
        return found

    def review(self, state: SessionState) -> View:
        """The answers given so far, each with a button to change it."""
        t = get_translator(state.lang)
        lines: list[str] = []
        rows: list[tuple[Button, ...]] = []
        for index, title, answer in self.answered(state, t):
            lines.append(f"• {title}: {answer}")
            label = t.gettext("Change: {question}").format(question=title)
            rows.append((self._button(state, label, "e", str(index)),))
        rows.append((self._button(state, t.gettext("Keep these answers"), "s"),))
        heading = Paragraph(t.gettext("Your answers"), "title")
        body = Paragraph("\n".join(lines) or t.gettext("No answers yet."))
        return View((heading, body), tuple(rows))

    def answer_label(self, node: Node, answers: dict[str, Answer], t: Translator) -> str:
        """How an answer reads on the review screen and in the case note."""
        if node.type == "checklist":
            ticked = [t.gettext(i.label) for i in node.items if self._ticked(i, answers)]
            return "; ".join(ticked) or t.gettext("None of these")
        value = answers.get(node.fact or "")
        chosen = value if isinstance(value, tuple) else (value,) if value is not None else ()
        labels = [t.gettext(o.label) for o in node.options if o.value in chosen]
        if not labels:
            return t.gettext("I don't know")
        return "; ".join(labels)

    # -- transitions ---------------------------------------------------------------

    def _restart(
        self, state: SessionState | None, lang: str, *, note: bool = False
    ) -> tuple[SessionState, View]:
        step = state.step + 1 if state is not None else 1
        fresh = self.new_state(lang).model_copy(update={"step": step})
        preface: tuple[Paragraph, ...] = ()
        if note:
            t = get_translator(lang)
            text = t.gettext("Your earlier session has ended. We start again from the beginning.")
            preface = (Paragraph(text, "note"),)
        return fresh, self.render(fresh, preface=preface)

    def _back(self, state: SessionState) -> tuple[SessionState, View]:
        if not state.history:
            return state, self.render(state)
        last = state.history[-1]
        previous = self._enter(
            state.model_copy(
                update={
                    "flow": last.flow,
                    "node": last.node,
                    "answers": last.answers,
                    "history": state.history[:-1],
                    "step": state.step + 1,
                    "revising": False,
                    "resume": None,
                }
            )
        )
        return previous, self.render(previous)

    def _enter(self, state: SessionState) -> SessionState:
        """Arrive at a node: the why text is hidden and ticks start from the answers."""
        node = self.node(state)
        pending: tuple[str, ...] = ()
        if node.type == "multi" and node.fact:
            value = state.answers.get(node.fact)
            pending = value if isinstance(value, tuple) else ()
        elif node.type == "checklist":
            pending = tuple(
                str(i)
                for i, item in enumerate(node.items)
                if state.answers.get(item.fact) == item.value
            )
        return state.model_copy(update={"why_shown": False, "pending": pending})

    def _advance(
        self, state: SessionState, answers: dict[str, Answer], target: tuple[str, str]
    ) -> SessionState:
        """Record the answer, then move on, skipping what cannot matter now."""
        entry = HistoryEntry(flow=state.flow, node=state.node, answers=state.answers)
        visited = {(e.flow, e.node) for e in (*state.history, entry)}
        flow_id, node_id = target
        revising = state.revising
        answers = dict(answers)
        for _ in range(1000):  # flows are finite; this bounds a malformed loop of skips
            node = self.flows[flow_id].node(node_id)
            if node.type == "goto" and node.flow:
                flow_id, node_id = node.flow, self.flows[node.flow].start
                continue
            if self._irrelevant(node, answers):
                for fact in (*node.facts_set, _done_marker(node)):
                    answers.pop(fact, None)
                if node.next is None:
                    break
                node_id = node.next
                continue
            if revising and (flow_id, node_id) in visited and self._still_answered(node, answers):
                following = self._following(node, answers)
                if following is None:
                    break
                node_id = following
                continue
            break
        moved = state.model_copy(
            update={
                "flow": flow_id,
                "node": node_id,
                "answers": answers,
                "history": (*state.history, entry),
                "step": state.step + 1,
                "revising": revising and self.flows[flow_id].node(node_id).type != "result",
            }
        )
        return self._enter(moved)

    def _leave(self, lang: str, *, quick: bool) -> tuple[SessionState, View]:
        """Erase (or quick-exit): the channel deletes the session; the state is not kept.

        A quick exit leaves one neutral word, so that the chat does not say what it was.
        """
        t = get_translator(lang)
        if quick:
            return self.new_state(lang), View((Paragraph(t.gettext("Done.")),), quick_exit=True)
        text = t.gettext("Your answers are erased. Send /start to begin again.")
        return self.new_state(lang), View((Paragraph(text),), erase=True)

    def _irrelevant(self, node: Node, answers: dict[str, Answer]) -> bool:
        """A node whose ``when`` the answers so far make FALSE (unknown keeps it)."""
        if node.when is None:
            return False
        return evaluate(node.when, session_facts(self.kb, answers)) is Truth.FALSE

    @staticmethod
    def _still_answered(node: Node, answers: dict[str, Answer]) -> bool:
        """Whether a node passed before still has its answer (a skip may have dropped it)."""
        if node.type in ("question", "multi"):
            return node.fact in answers
        if node.type == "checklist":
            return _done_marker(node) in answers
        return node.type == "notice"

    @staticmethod
    def _following(node: Node, answers: dict[str, Answer]) -> str | None:
        """Where an answered node leads, by the option that was chosen."""
        if node.type == "question" and node.fact:
            for option in node.options:
                if option.value == answers.get(node.fact) and option.next:
                    return option.next
        return node.next

    def _stale(self, state: SessionState, t: Translator) -> tuple[SessionState, View]:
        note = t.gettext("That button belongs to an earlier question. Here is where you are now.")
        return state, self.render(state, preface=(Paragraph(note, "note"),))

    def _press(self, state: SessionState, event: Press, t: Translator) -> tuple[SessionState, View]:
        callback = unpack(event.data)
        if callback is None:
            return self._stale(state, t)
        if callback.verb == "l":
            return self._set_language(state, callback.arg, t)
        if callback.step != state.step:
            return self._stale(state, t)
        node = self.node(state)
        outcome = self._act(state, node, callback, t)
        return outcome if outcome is not None else self._stale(state, t)

    def _set_language(
        self, state: SessionState, lang: str | None, t: Translator
    ) -> tuple[SessionState, View]:
        if lang not in LANGUAGES:
            return self._stale(state, t)
        chosen = state.model_copy(update={"lang": lang, "step": state.step + 1})
        return chosen, self._with_echo(self.render(chosen), get_translator(lang).native_name)

    def _act(
        self, state: SessionState, node: Node, callback: Callback, t: Translator
    ) -> tuple[SessionState, View] | None:
        verb, arg = callback.verb, callback.arg
        if verb == "r":
            fresh, view = self._restart(state, state.lang)
            return fresh, self._with_echo(view, t.gettext("Start over"))
        if verb == "b" and state.history:
            previous, view = self._back(state)
            return previous, self._with_echo(view, t.gettext("Back"))
        if verb == "w" and node.why and not state.why_shown:
            shown = state.model_copy(update={"why_shown": True})
            view = self.render(shown)
            return shown, View(view.paragraphs, view.keyboard, replace=True)
        if verb in ("x", "q"):
            return self._leave(state.lang, quick=verb == "q")
        if verb == "u":
            return self._urgent(state, t)
        if verb == "s":
            return state, self.render(state)
        if verb == "v":
            return state, self.review(state)
        if verb == "e" and arg is not None and arg.isdigit():
            return self._change(state, int(arg), t)
        if verb == "n" and node.type == "result" and arg in LANGUAGES:
            return state, self._case_note(state, arg)
        if verb == "c" and node.type == "notice":
            return self._continue(state, node, t)
        if verb == "o" and arg is not None and arg.isdigit():
            return self._choose(state, node, int(arg))
        if verb == "t" and arg is not None and arg.isdigit():
            return self._toggle(state, node, int(arg))
        if verb == "d" and node.type in ("multi", "checklist") and node.next:
            return self._done(state, node, t)
        return None

    def _continue(
        self, state: SessionState, node: Node, t: Translator
    ) -> tuple[SessionState, View] | None:
        answers: dict[str, Answer] = dict(state.answers)
        consented = state.consented or node.consent
        resume = state.resume
        main = self.flows[MAIN_FLOW]
        if resume is not None and node.id == main.urgent and resume != (MAIN_FLOW, main.start):
            target, resume = resume, None
        elif node.next:
            target, resume = (state.flow, node.next), None
        else:
            return None
        moved = self._advance(
            state.model_copy(update={"consented": consented, "resume": resume}), answers, target
        )
        label = _continue_label(node)
        return moved, self._with_echo(self.render(moved), t.gettext(label))

    def _choose(
        self, state: SessionState, node: Node, index: int
    ) -> tuple[SessionState, View] | None:
        if node.type not in ("question", "multi") or not node.fact:
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
        moved = self._advance(state, answers, (state.flow, target))
        label = get_translator(state.lang).gettext(option.label)
        return moved, self._with_echo(self.render(moved), label)

    def _toggle(
        self, state: SessionState, node: Node, index: int
    ) -> tuple[SessionState, View] | None:
        size = len(node.options) if node.type == "multi" else len(node.items)
        if node.type not in ("multi", "checklist") or not 0 <= index < size:
            return None
        value = node.options[index].value if node.type == "multi" else str(index)
        if value == UNKNOWN:
            return None
        pending = tuple(v for v in state.pending if v != value)
        if value not in state.pending:
            pending = (*pending, value)
        toggled = state.model_copy(update={"pending": pending})
        view = self.render(toggled)
        return toggled, View(view.paragraphs, view.keyboard, replace=True)

    def _done(
        self, state: SessionState, node: Node, t: Translator
    ) -> tuple[SessionState, View] | None:
        answers: dict[str, Answer] = dict(state.answers)
        if node.type == "multi" and node.fact:
            order = [o.value for o in node.options]
            chosen = tuple(sorted(state.pending, key=order.index))
            answers[node.fact] = chosen if chosen else UNKNOWN
        else:
            answers[_done_marker(node)] = "done"
            for fact in dict.fromkeys(item.fact for item in node.items):
                ticked = tuple(
                    item.value
                    for index, item in enumerate(node.items)
                    if item.fact == fact and str(index) in state.pending
                )
                answers.pop(fact, None)
                if ticked and self._is_set(fact):
                    answers[fact] = ticked
                elif ticked:
                    answers[fact] = ticked[0]
        assert node.next is not None  # checked by the caller
        moved = self._advance(state, answers, (state.flow, node.next))
        return moved, self._with_echo(self.render(moved), self.answer_label(node, answers, t))

    def _is_set(self, fact: str) -> bool:
        definition = self.kb.facts.get(fact)
        return definition is not None and definition.is_set

    @staticmethod
    def _ticked(item: Item, answers: dict[str, Answer]) -> bool:
        value = answers.get(item.fact)
        return value == item.value or (isinstance(value, tuple) and item.value in value)

    def _urgent(self, state: SessionState, t: Translator) -> tuple[SessionState, View] | None:
        main = self.flows[MAIN_FLOW]
        if main.urgent is None or (state.flow, state.node) == (MAIN_FLOW, main.urgent):
            return None
        entry = HistoryEntry(flow=state.flow, node=state.node, answers=state.answers)
        moved = self._enter(
            state.model_copy(
                update={
                    "flow": MAIN_FLOW,
                    "node": main.urgent,
                    "history": (*state.history, entry),
                    "step": state.step + 1,
                    "resume": (state.flow, state.node),
                }
            )
        )
        return moved, self._with_echo(self.render(moved), t.gettext("I need urgent help now"))

    def _change(
        self, state: SessionState, index: int, t: Translator
    ) -> tuple[SessionState, View] | None:
        if not 0 <= index < len(state.history):
            return None
        target = state.history[index]
        if not self.flows[target.flow].node(target.node).answered:
            return None
        entry = HistoryEntry(flow=state.flow, node=state.node, answers=state.answers)
        moved = self._enter(
            state.model_copy(
                update={
                    "flow": target.flow,
                    "node": target.node,
                    "history": (*state.history, entry),
                    "step": state.step + 1,
                    "revising": True,
                    "resume": None,
                }
            )
        )
        return moved, self.render(moved)

    def _case_note(self, state: SessionState, lang: str) -> View:
        t = get_translator(lang)
        answers = [(title, answer) for _, title, answer in self.answered(state, t)]
        document = self.case_note(state, t, answers)
        text = get_translator(state.lang).gettext(
            "Here is your case note. It is made now and not stored."
        )
        return View((Paragraph(text, "note"),), document=document)

    @staticmethod
    def _with_echo(view: View, echo: str) -> View:
        return View(view.paragraphs, view.keyboard, echo=echo, preface=view.preface)


def _done_marker(node: Node) -> str:
    """The answer key recording that a checklist was completed (its ticks may all be off)."""
    return f"@{node.id}"


def _continue_label(node: Node) -> str:
    """The (source) label of a notice's button: its own, "I agree" for consent, or "Continue"."""
    return node.label or (N_("I agree") if node.consent else N_("Continue"))
