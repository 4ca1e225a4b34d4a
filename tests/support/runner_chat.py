"""A conversation with the pure runner, no I/O, so dialog tests read like a chat."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.dialog.callback import Callback, Verb
from bot.dialog.events import Event, Press, Start
from bot.dialog.facts import session_facts
from bot.dialog.runner import Runner
from bot.dialog.state import SessionState
from bot.dialog.view import View
from bot.i18n import get_translator
from bot.knowledge import Ground, assess
from bot.summary import ranked
from tests.support.labels import (
    ADVOCATE,
    CONTINUE,
    CONTINUE_QUESTIONS,
    DONE,
    DONT_KNOW,
    NO,
    PERSON,
    START_OVER,
    URGENT_HELP,
)
from tests.support.seed_case import PersonCase

__all__ = ["ADVOCATE", "PERSON", "RunnerChat", "long_person_walk"]


@dataclass
class RunnerChat:
    """One person talking to the runner: ``chat.press(CONTINUE)``, ``chat.text``."""

    runner: Runner
    lang: str = "en"
    state: SessionState = field(init=False)
    view: View = field(init=False)
    taps: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.state, self.view = self.runner.handle(None, Start(self.lang))

    @property
    def text(self) -> str:
        """The current screen's text."""
        return self.view.plain_text()

    @property
    def labels(self) -> list[str]:
        """The current screen's button labels."""
        return [button.label for button in self.view.buttons]

    @property
    def ground_labels(self) -> list[str]:
        """The labels of the result's buttons that open one ground each."""
        return [
            button.label
            for button in self.view.buttons
            if (callback := Callback.unpack(button.data)) and callback.verb == Verb.GROUND
        ]

    def send(self, event: Event) -> View:
        """Deliver an event (a command) and keep the new state.

        A view without buttons (the case note) leaves the previous buttons usable, as
        they stay under their message in a chat.
        """
        self.state, view = self.runner.handle(self.state, event)
        self.view = (
            view
            if view.keyboard or not hasattr(self, "view")
            else View(view.paragraphs, self.view.keyboard, document=view.document)
        )
        return view

    def press(self, label: str) -> View:
        """Press the button labelled ``label`` (exactly, or an unambiguous start)."""
        buttons = [b for b in self.view.buttons if b.label == label] or [
            b for b in self.view.buttons if b.label.startswith(label)
        ]
        assert len(buttons) == 1, f"no single button {label!r}; have {self.labels}"
        self.taps += 1
        return self.send(Press(buttons[0].data))

    def press_all(self, *labels: str) -> View:
        """Press several buttons in turn."""
        for label in labels:
            self.press(label)
        return self.view

    def begin(self, role: str) -> View:
        """Choose the role on the first screen (which holds the welcome and the privacy
        notice: the choice is the consent)."""
        return self.press(role)


def long_person_walk(runner: Runner) -> SessionState:
    """The state of a person who answered every question asked ("No" or "I don't know",
    ticking nothing) and reached the result: the longest common walk."""
    chat = RunnerChat(runner)
    chat.begin(PERSON)
    for _ in range(60):
        if START_OVER in chat.labels:
            return chat.state
        for label in (NO, DONT_KNOW, DONE, CONTINUE):
            if label in chat.labels:
                chat.press(label)
                break
        else:
            chat.press(chat.labels[0])
    raise AssertionError("the walk did not reach the result")


def walk_case(runner: Runner, case: PersonCase, lang: str = "en") -> RunnerChat:
    """A person's walk of :mod:`tests.support.seed_case` to the result, in ``lang``."""
    t = get_translator(lang)
    chat = RunnerChat(runner, lang=lang)
    if case.urgent:
        chat.press_all(t.gettext(URGENT_HELP), t.gettext(CONTINUE_QUESTIONS))
    chat.press(t.gettext(PERSON))
    while chat.state.node != "result":
        answer = case.answer(chat.state.node)
        if isinstance(answer, tuple):
            chat.press_all(*(f"☐ {t.gettext(label)}" for label in answer), t.gettext(DONE))
        else:
            chat.press(t.gettext(answer))
    return chat


def ranked_grounds(runner: Runner, case: PersonCase) -> list[Ground]:
    """The grounds of ``case``'s result that apply or may apply, strongest first."""
    chat = walk_case(runner, case)
    facts = session_facts(runner.kb, chat.state.answers)
    return [result.ground for result in ranked(assess(runner.kb, facts))]
