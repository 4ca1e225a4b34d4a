"""The pure dialog runner: ``(SessionState, Event) -> (SessionState, View)``.

No I/O happens here: no Telegram, no SQLite, no terminal. That is what lets the terminal
chat and the bot share one conversation, and what lets most tests run without either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.dialog.callback import Callback, unpack
from bot.dialog.events import (
    Back,
    ChooseLanguage,
    Current,
    Event,
    Help,
    Press,
    Restart,
    Start,
    TextInput,
)
from bot.dialog.model import Flow, Node
from bot.dialog.state import HistoryEntry, SessionState
from bot.dialog.view import Button, Paragraph, View
from bot.i18n import LANGUAGES, Translator, get_translator, negotiate

ResultBuilder = Callable[[SessionState, Translator], tuple[Paragraph, ...]]
"""Turns the answers of a finished flow into the result text (the assessment)."""

MAIN_FLOW = "main"


@dataclass(frozen=True)
class Runner:
    """Walks a person through the flows; holds only immutable data."""

    flows: dict[str, Flow]
    result: ResultBuilder

    def new_state(self, lang: str) -> SessionState:
        """A session at the first screen of the main flow."""
        flow = self.flows[MAIN_FLOW]
        return SessionState(lang=lang, flow=flow.id, node=flow.start)

    def handle(
        self, state: SessionState | None, event: Event, client_lang: str | None = None
    ) -> tuple[SessionState, View]:
        """Apply one event; with no stored session, one is started in ``client_lang``."""
        if isinstance(event, Start):
            lang = state.lang if state is not None else negotiate(event.lang or client_lang)
            return self._restart(state, lang)
        if state is None:
            lang = negotiate(client_lang)
            if isinstance(event, Press):
                return self._restart(None, lang, note=True)
            state = self.new_state(lang)
            if not isinstance(event, (Help, ChooseLanguage, TextInput)):
                return state, self.render(state)
        if isinstance(event, Restart):
            return self._restart(state, state.lang)
        if isinstance(event, Back):
            return self._back(state)
        if isinstance(event, ChooseLanguage):
            return state, self._language_picker(state)
        if isinstance(event, TextInput):
            t = get_translator(state.lang)
            note = t.gettext("Please answer with the buttons. The guide does not read typed text.")
            return state, self.render(state, preface=(Paragraph(note, "note"),))
        if isinstance(event, Current):
            return state, self.render(state)
        if isinstance(event, Help):
            return state, self.render(state, preface=self.help(get_translator(state.lang)))
        return self._press(state, event)

    # -- rendering ---------------------------------------------------------------

    def render(self, state: SessionState, preface: tuple[Paragraph, ...] = ()) -> View:
        """The current screen of ``state``."""
        t = get_translator(state.lang)
        node = self._node(state)
        paragraphs: list[Paragraph] = [Paragraph(t.gettext(node.text))]
        rows: list[tuple[Button, ...]] = []
        if node.type == "notice":
            rows.append((self._button(state, t.gettext("Continue"), "c"),))
        elif node.type == "question":
            for index, option in enumerate(node.options):
                rows.append((self._button(state, t.gettext(option.label), "o", str(index)),))
        else:
            paragraphs = [*paragraphs, *self.result(state, t)]
        if node.why and state.why_shown:
            paragraphs.append(Paragraph(t.gettext(node.why), "note"))
        nav: list[Button] = []
        if node.why and not state.why_shown:
            nav.append(self._button(state, t.gettext("Why do we ask?"), "w"))
        if state.history:
            nav.append(self._button(state, t.gettext("Back"), "b"))
        if node.type == "result" or state.history:
            nav.append(self._button(state, t.gettext("Start over"), "r"))
        if nav:
            rows.append(tuple(nav))
        return View(tuple(paragraphs), tuple(rows), preface=preface)

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
    def _button(state: SessionState, label: str, verb: str, arg: str | None = None) -> Button:
        callback = Callback(state.step, verb, arg)  # type: ignore[arg-type]
        return Button(label, callback.pack())

    def _language_picker(self, state: SessionState) -> View:
        t = get_translator(state.lang)
        rows = tuple(
            (Button(get_translator(lang).native_name, Callback(0, "l", lang).pack()),)
            for lang in LANGUAGES
        )
        return View((Paragraph(t.gettext("Choose your language.")),), rows)

    # -- transitions ---------------------------------------------------------------

    def _node(self, state: SessionState) -> Node:
        return self.flows[state.flow].node(state.node)

    def _restart(
        self, state: SessionState | None, lang: str, *, note: bool = False
    ) -> tuple[SessionState, View]:
        step = state.step + 1 if state is not None else 1
        fresh = self.new_state(lang).model_copy(
            update={
                "step": step,
                "message_ids": state.message_ids if state is not None else (),
                "last_update_id": state.last_update_id if state is not None else None,
            }
        )
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
        previous = state.model_copy(
            update={
                "node": last.node,
                "answers": last.answers,
                "history": state.history[:-1],
                "step": state.step + 1,
                "why_shown": False,
            }
        )
        return previous, self.render(previous)

    def _advance(
        self, state: SessionState, answers: dict[str, object], target: str
    ) -> SessionState:
        entry = HistoryEntry(node=state.node, answers=state.answers)
        return state.model_copy(
            update={
                "node": target,
                "answers": answers,
                "history": (*state.history, entry),
                "step": state.step + 1,
                "why_shown": False,
            }
        )

    def _stale(self, state: SessionState, t: Translator) -> tuple[SessionState, View]:
        note = t.gettext("That button belongs to an earlier question. Here is where you are now.")
        return state, self.render(state, preface=(Paragraph(note, "note"),))

    def _press(self, state: SessionState, event: Press) -> tuple[SessionState, View]:
        t = get_translator(state.lang)
        callback = unpack(event.data)
        if callback is None:
            return self._stale(state, t)
        if callback.verb == "l":
            if callback.arg not in LANGUAGES:
                return self._stale(state, t)
            chosen = state.model_copy(update={"lang": callback.arg, "step": state.step + 1})
            label = get_translator(callback.arg).native_name
            return chosen, self._with_echo(self.render(chosen), label)
        if callback.step != state.step:
            return self._stale(state, t)
        node = self._node(state)
        if callback.verb == "r":
            fresh, view = self._restart(state, state.lang)
            return fresh, self._with_echo(view, t.gettext("Start over"))
        if callback.verb == "b" and state.history:
            previous, view = self._back(state)
            return previous, self._with_echo(view, t.gettext("Back"))
        if callback.verb == "w" and node.why and not state.why_shown:
            shown = state.model_copy(update={"why_shown": True})
            view = self.render(shown)
            return shown, View(view.paragraphs, view.keyboard, replace=True)
        if callback.verb == "c" and node.type == "notice" and node.next:
            moved = self._advance(state, dict(state.answers), node.next)
            return moved, self._with_echo(self.render(moved), t.gettext("Continue"))
        if callback.verb == "o" and node.type == "question" and node.fact and callback.arg:
            index = int(callback.arg) if callback.arg.isdigit() else -1
            if 0 <= index < len(node.options):
                option = node.options[index]
                answers: dict[str, object] = {**state.answers, node.fact: option.value}
                target = option.next or node.next
                if target is not None:
                    moved = self._advance(state, answers, target)
                    return moved, self._with_echo(self.render(moved), t.gettext(option.label))
        return self._stale(state, t)

    @staticmethod
    def _with_echo(view: View, echo: str) -> View:
        return View(view.paragraphs, view.keyboard, echo=echo, preface=view.preface)
