"""Every button fits a phone in every language: at most 40 characters, the width of one
full-width button on a phone, or the phone cuts the end off.

The walks below press their way through the real keyboards: the result with each
ground's page (where the ground's short button form stands in for a long title) and the
legal terms those pages offer, and the review screen ("✎ {question}" per answer).
``refuge-guide check`` holds every other label, in every language, to the same budget.
"""

from __future__ import annotations

import pytest

from bot.dialog.events import Press
from bot.dialog.runner import Runner
from bot.dialog.screens import render
from bot.i18n import LANGUAGES, MAX_LABEL, get_translator
from bot.result import ADVOCATE, ROLE
from tests.support.labels import REVIEW, SUMMARY
from tests.support.runner_chat import RunnerChat, walk_case
from tests.support.seed_case import PERSON_CASES


def _every_result_button(chat: RunnerChat) -> set[str]:
    """The labels of the result, of each ground's page (with its terms) and of the
    review, as ``chat`` meets them."""
    t = get_translator(chat.lang)
    seen = set(chat.labels)
    for index in range(len(chat.ground_labels)):
        chat.press(chat.ground_labels[index])
        seen.update(chat.labels)
        for term in [label for label in chat.labels if label.startswith("ⓘ ")]:
            chat.press(term)
            seen.update(chat.labels)
        chat.press(t.gettext(SUMMARY))
    chat.press(t.gettext(REVIEW))
    seen.update(chat.labels)
    return seen


def _as_advocate(chat: RunnerChat) -> RunnerChat:
    """The same answers given by an advocate: the result with the advocate's buttons."""
    answers = {**chat.state.answers, ROLE: ADVOCATE}
    chat.state = chat.state.model_copy(update={"answers": answers})
    chat.view = render(chat.runner, chat.state)
    return chat


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_button_of_the_results_and_reviews_fits_a_phone(runner: Runner, lang: str) -> None:
    too_long: set[str] = set()
    grounds = 0
    for case in PERSON_CASES:
        for chat in (walk_case(runner, case, lang), _as_advocate(walk_case(runner, case, lang))):
            grounds += len(chat.ground_labels)
            labels = _every_result_button(chat)
            too_long |= {label for label in labels if len(label) > MAX_LABEL}
            assert any(label.startswith("✎ ") for label in labels), "the review was reached"
    assert grounds >= 8, "the walks meet many grounds"
    assert not too_long, sorted(too_long)


def test_a_long_ground_title_is_on_its_button_in_short(runner: Runner) -> None:
    """A title too long for a button ("No return to the state you fled
    (non-refoulement)") shows its short form on the button and in full on the page."""
    chat = walk_case(runner, PERSON_CASES[0], "ru")
    t = get_translator("ru")
    long_titles = {
        t.gettext(g.button_for(advocate=False)): t.gettext(g.title)
        for g in runner.kb.grounds
        if g.button is not None
    }
    short = next(label for label in chat.ground_labels if label in long_titles)
    view = chat.send(Press(next(b.data for b in chat.view.buttons if b.label == short)))
    assert view.paragraphs[0].text == long_titles[short]
    assert len(long_titles[short]) > len(short)
