"""``refuge-guide check``: everything Telegram would show fits Telegram's limits, in every
language.

This module sits above ``bot.dialog`` and ``bot.channels`` because it needs both: the
runner renders each screen exactly as a person would see it, and the Telegram adapter
says what the bot publishes (its command menu and descriptions). So the dialog package
never imports a channel, and the limits are python-telegram-bot's constants, not numbers
typed in here.

Checked: each screen's text (a result is split into several messages by the channel, see
``bot.channels.render_html``, so only its buttons are checked), each button's label and
callback data, the case note's caption, each command's description, the description and
the short description. Button labels have no documented limit, but phones cut long ones:
every label a translator writes (an option, a checklist item, a notice's button) keeps
within :data:`bot.i18n.MAX_LABEL` (40) in every language. Buttons the code composes
("Change: {question}", "Why this may help: {ground}", a glossary term) are held only to
:data:`MAX_BUTTON` for now: their titles are not yet short enough for 40.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from telegram.constants import (
    BotCommandLimit,
    BotDescriptionLimit,
    InlineKeyboardButtonLimit,
    MessageLimit,
)

from bot.channels.render_html import visible_length
from bot.channels.telegram_menu import COMMANDS, DESCRIPTION, SHORT_DESCRIPTION
from bot.dialog.callback import Callback, Verb
from bot.dialog.events import ChooseLanguage
from bot.dialog.runner import Runner
from bot.dialog.screens import help_text
from bot.dialog.state import SessionState
from bot.dialog.view import Button, View
from bot.i18n import LANGUAGES, MAX_LABEL, get_translator

MAX_BUTTON = 100
"""Characters of a composed button (a fixed prefix and a title): a stopgap above
:data:`MAX_LABEL` until short titles exist for every ground and question."""


@dataclass(frozen=True)
class LimitProblem:
    """One screen or text, in one language, that breaks a limit."""

    where: str
    lang: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}, language {self.lang}: {self.problem}"


def _at(flow: str, node: str) -> str:
    return f"flow '{flow}', node '{node}'"


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
            views.append((flow.id, node.id, runner.render(state, preface=help_text(runner, t))))
            if node.answered:  # its button on the review screen
                title = t.gettext(node.title or node.text)
                label = t.gettext("Change: {question}").format(question=title)
                review = View((), ((Button(label, Callback(1, Verb.EDIT, index=0).pack()),),))
                views.append((flow.id, f"{node.id} (review)", review))
    start = runner.new_state(lang)
    views.append(("main", "language picker", runner.handle(start, ChooseLanguage())[1]))
    return views


def screen_problems(runner: Runner, lang: str) -> Iterator[LimitProblem]:
    """Every limit broken by a screen in ``lang``: text, button labels, callback data."""
    for flow, node, view in _views(runner, lang):
        where = _at(flow, node)
        text = view.plain_text()
        is_result = runner.flows[flow].by_id.get(node) is not None and (
            runner.flows[flow].node(node).type == "result"
        )
        if not is_result and visible_length(text) > MessageLimit.MAX_TEXT_LENGTH:
            yield LimitProblem(where, lang, f"text of {visible_length(text)} characters")
        for button in view.buttons:
            if len(button.label) > MAX_BUTTON:
                yield LimitProblem(where, lang, f"button label too long: {button.label!r}")
            size = len(button.data.encode())
            if (
                not InlineKeyboardButtonLimit.MIN_CALLBACK_DATA
                <= size
                <= (InlineKeyboardButtonLimit.MAX_CALLBACK_DATA)
            ):
                yield LimitProblem(where, lang, f"callback data of {size} bytes")


def label_problems(runner: Runner, lang: str) -> Iterator[LimitProblem]:
    """Every option, checklist item or notice button whose label, in ``lang``, is longer
    than :data:`MAX_LABEL`: what a phone shows on one full-width button."""
    t = get_translator(lang)
    for flow in runner.flows.values():
        for node in flow.nodes:
            labels = [option.label for option in node.options]
            labels += [item.label for item in node.items]
            labels += [node.label] if node.label else []
            for label in labels:
                shown = t.gettext(label)
                if len(shown) > MAX_LABEL:
                    problem = f"label of {len(shown)} characters (at most {MAX_LABEL}): {shown!r}"
                    yield LimitProblem(_at(flow.id, node.id), lang, problem)


def published_problems(runner: Runner, lang: str) -> Iterator[LimitProblem]:
    """Every limit broken in ``lang`` by what the bot publishes or attaches: the command
    menu, the descriptions, the case note's caption."""
    t = get_translator(lang)
    for command, text in COMMANDS:
        if not 1 <= len(t.gettext(text)) <= BotCommandLimit.MAX_DESCRIPTION:
            yield LimitProblem(f"command /{command}", lang, "description empty or too long")
    if len(t.gettext(DESCRIPTION)) > BotDescriptionLimit.MAX_DESCRIPTION_LENGTH:
        yield LimitProblem("the bot's description", lang, "too long")
    if len(t.gettext(SHORT_DESCRIPTION)) > BotDescriptionLimit.MAX_SHORT_DESCRIPTION_LENGTH:
        yield LimitProblem("the bot's short description", lang, "too long")
    state = SessionState(lang=lang, flow="main", node="welcome")
    caption = runner.case_note(state, t, []).caption
    if visible_length(caption) > MessageLimit.CAPTION_LENGTH:
        yield LimitProblem("the case note", lang, "caption too long")


def limit_problems(runner: Runner) -> Iterator[LimitProblem]:
    """Every limit broken by anything the bot shows, in any language."""
    for lang in LANGUAGES:
        yield from screen_problems(runner, lang)
        yield from label_problems(runner, lang)
        yield from published_problems(runner, lang)
