"""Check that every screen fits Telegram's limits in every language.

Telegram refuses a message over 4096 characters and callback data over 64 bytes; button
labels have no documented limit, but phones cut long ones, so the guide keeps them short.
Each screen is rendered in each language exactly as a person would see it. A result is
split into several messages by the channel (see ``bot.channels.render_html``), so only its
buttons are checked here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bot.channels.render_html import MAX_MESSAGE, visible_length
from bot.dialog.callback import MAX_CALLBACK_DATA, Callback, Verb
from bot.dialog.events import ChooseLanguage
from bot.dialog.runner import Runner
from bot.dialog.screens import help_text
from bot.dialog.state import SessionState
from bot.dialog.view import Button, View
from bot.i18n import LANGUAGES, get_translator

MAX_LABEL = 100
"""Characters of a button label before a phone would cut it badly."""


@dataclass(frozen=True)
class LimitProblem:
    """One screen, in one language, that breaks a limit."""

    flow: str
    node: str
    lang: str
    problem: str

    def __str__(self) -> str:
        return f"flow '{self.flow}', node '{self.node}', language {self.lang}: {self.problem}"


def _views(runner: Runner, lang: str) -> list[tuple[str, str, View]]:
    """Every kind of screen in one language: each node (why shown, help before it), each
    question's button on the review screen, the language picker."""
    t = get_translator(lang)
    views: list[tuple[str, str, View]] = []
    for flow in runner.flows.values():
        for node in flow.nodes:
            if node.type == "goto":
                continue
            state = SessionState(lang=lang, flow=flow.id, node=node.id, why_shown=True)
            views.append((flow.id, node.id, runner.render(state, preface=help_text(t))))
            if node.answered:  # its button on the review screen
                title = t.gettext(node.title or node.text)
                label = t.gettext("Change: {question}").format(question=title)
                review = View((), ((Button(label, Callback(1, Verb.EDIT, index=0).pack()),),))
                views.append((flow.id, f"{node.id} (review)", review))
    start = runner.new_state(lang)
    views.append(("main", "language picker", runner.handle(start, ChooseLanguage())[1]))
    return views


def limit_problems(runner: Runner) -> Iterator[LimitProblem]:
    """Every limit broken by any screen in any language."""
    for lang in LANGUAGES:
        for flow, node, view in _views(runner, lang):
            text = view.plain_text()
            is_result = runner.flows[flow].by_id.get(node) is not None and (
                runner.flows[flow].node(node).type == "result"
            )
            if not is_result and visible_length(text) > MAX_MESSAGE:
                yield LimitProblem(flow, node, lang, f"text of {len(text)} characters")
            for button in view.buttons:
                if len(button.label) > MAX_LABEL:
                    yield LimitProblem(flow, node, lang, f"button label too long: {button.label!r}")
                if not 1 <= len(button.data.encode()) <= MAX_CALLBACK_DATA:
                    yield LimitProblem(flow, node, lang, "callback data over 64 bytes")
