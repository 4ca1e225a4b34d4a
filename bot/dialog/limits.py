"""Check that every screen fits Telegram's limits in every language.

Telegram refuses a message over 4096 characters and callback data over 64 bytes; button
labels have no documented limit, but phones cut long ones, so the guide keeps them short.
Each node is rendered in each language exactly as a person would see it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bot.channels.render_html import MAX_MESSAGE, visible_length
from bot.dialog.callback import MAX_BYTES
from bot.dialog.runner import Runner
from bot.dialog.state import SessionState
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


def limit_problems(runner: Runner) -> Iterator[LimitProblem]:
    """Every limit broken by any node (with its why text shown) in any language."""
    for lang in LANGUAGES:
        t = get_translator(lang)
        for flow in runner.flows.values():
            for node in flow.nodes:
                if node.type in ("goto", "result"):
                    continue
                state = SessionState(lang=lang, flow=flow.id, node=node.id, why_shown=True)
                view = runner.render(state, preface=runner.help(t))
                text = view.plain_text()
                if visible_length(text) > MAX_MESSAGE:
                    yield LimitProblem(flow.id, node.id, lang, f"text of {len(text)} characters")
                for button in view.buttons:
                    if len(button.label) > MAX_LABEL:
                        yield LimitProblem(
                            flow.id, node.id, lang, f"button label too long: {button.label!r}"
                        )
                    if not 1 <= len(button.data.encode()) <= MAX_BYTES:
                        yield LimitProblem(flow.id, node.id, lang, "callback data over 64 bytes")
