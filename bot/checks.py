"""``refuge-guide check``: everything Telegram would show fits Telegram's limits, in every
language.

This module sits above ``bot.dialog`` and ``bot.channels`` because it needs both: the
runner renders each screen exactly as a person would see it, and the Telegram adapter
says what the bot publishes (its command menu and descriptions). So the dialog package
never imports a channel, and the limits are python-telegram-bot's constants, not numbers
typed in here.

Checked: each screen's text (a result is split into several messages by the channel, see
``bot.channels.render_html``, so only its buttons are checked), the first screen within
one phone screen on both channels (it is all a person reads before the first choice),
each button's label and
callback data, the case note's caption, each command's description, the description and
the short description. Button labels have no documented limit, but phones cut long ones:
every button, whether a translator writes its label (an option, a checklist item, a
notice's button) or the code composes it (a ground under the result, "✎ {question}" on
the review screen, "ⓘ {term}" for a legal term), keeps within :data:`bot.i18n.MAX_LABEL`
(40) in every language. The composed ones are checked for every ground, question and
term, not only those a screen happens to show.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

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
from bot.dialog.review import change_label
from bot.dialog.runner import Runner
from bot.dialog.screens import help_text, render
from bot.dialog.state import SessionState
from bot.dialog.view import PHONE_SCREEN, Button, View
from bot.dialog.wording import CONSOLE, TELEGRAM
from bot.i18n import LANGUAGES, MAX_LABEL, get_translator


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
            views.append((flow.id, node.id, render(runner, state, preface=help_text(runner, t))))
            if node.answered:  # its button on the review screen
                label = change_label(t.gettext(node.title or node.text), t)
                review = View((), ((Button(label, Callback(1, Verb.EDIT, index=0).pack()),),))
                views.append((flow.id, f"{node.id} (review)", review))
    start = runner.new_state(lang)
    views.append(("main", "language picker", runner.handle(start, ChooseLanguage())[1]))
    return views


def _too_long(where: str, lang: str, shown: str) -> Iterator[LimitProblem]:
    if len(shown) > MAX_LABEL:
        problem = f"label of {len(shown)} characters (at most {MAX_LABEL}): {shown!r}"
        yield LimitProblem(where, lang, problem)


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
            yield from _too_long(where, lang, button.label)
            size = len(button.data.encode())
            if (
                not InlineKeyboardButtonLimit.MIN_CALLBACK_DATA
                <= size
                <= (InlineKeyboardButtonLimit.MAX_CALLBACK_DATA)
            ):
                yield LimitProblem(where, lang, f"callback data of {size} bytes")


def first_screen_problems(runner: Runner, lang: str) -> Iterator[LimitProblem]:
    """The first screen (the welcome, the privacy notice and the role question) longer than
    :data:`PHONE_SCREEN` in ``lang``, on Telegram or in the terminal: a person should read
    it whole before the first choice, without scrolling (issue 11, point 3)."""
    for wording in (TELEGRAM, CONSOLE):
        speaking = replace(runner, wording=wording)
        size = visible_length(render(speaking, speaking.new_state(lang)).plain_text())
        if size > PHONE_SCREEN:
            problem = f"text of {size} characters (at most {PHONE_SCREEN}: one phone screen)"
            yield LimitProblem(f"the first screen ({wording.channel})", lang, problem)


def label_problems(runner: Runner, lang: str) -> Iterator[LimitProblem]:
    """Every button label that, in ``lang``, is longer than :data:`MAX_LABEL` (what a
    phone shows on one full-width button), as drawn: options, checklist items with their
    box, notice buttons, each question's review button, and the button of every ground
    (both audiences) and legal term, whether a screen shows it today or not."""
    t = get_translator(lang)
    for flow in runner.flows.values():
        for node in flow.nodes:
            for shown in node.button_labels(t.gettext):
                yield from _too_long(_at(flow.id, node.id), lang, shown)
    for ground in runner.kb.grounds:
        for advocate in (False, True):
            where = f"ground '{ground.id}' ({'advocate' if advocate else 'person'})"
            yield from _too_long(where, lang, t.gettext(ground.button_for(advocate)))
    for term in runner.glossary.terms:
        yield from _too_long(f"glossary term '{term.id}'", lang, term.label(t))


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
    state = runner.new_state(lang)
    caption = runner.case_note(state, t, []).caption
    if visible_length(caption) > MessageLimit.CAPTION_LENGTH:
        yield LimitProblem("the case note", lang, "caption too long")


def limit_problems(runner: Runner) -> Iterator[LimitProblem]:
    """Every limit broken by anything the bot shows, in any language, each named once."""
    for lang in LANGUAGES:
        found = (
            *screen_problems(runner, lang),
            *first_screen_problems(runner, lang),
            *label_problems(runner, lang),
            *published_problems(runner, lang),
        )
        yield from dict.fromkeys(found)  # a label drawn on a screen is also checked alone
