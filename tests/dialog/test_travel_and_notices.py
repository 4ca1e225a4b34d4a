"""Travel and INTERPOL notices (issue 11, point 6): someone who knows of a Red Notice or a
diffusion and plans to travel is told plainly what can happen abroad; "check whether there
is a notice" is said only to those who do not know."""

from __future__ import annotations

import pytest

from bot.dialog.runner import Runner
from bot.i18n import LANGUAGES, get_translator
from tests.support.labels import (
    ALL_DETAILS,
    DONT_KNOW,
    FLED_STATE,
    INTERPOL,
    NO,
    PERSON,
    REFUGEE,
    YES,
)
from tests.support.runner_chat import RunnerChat

ARREST = "another country can arrest you on the notice and start an extradition"
CHECK = "checked whether there is an INTERPOL notice"


def interpol_walk(runner: Runner, alert: str, travel: str, lang: str = "en") -> RunnerChat:
    """A refugee found through INTERPOL by the state they fled: the alert and the travel
    plans as given, "I don't know" to the rest."""
    t = get_translator(lang)
    answers = {
        "detained": NO,
        "kinds": INTERPOL,
        "origin": FLED_STATE,
        "status": REFUGEE,
        "against": YES,
        "notice_kind": alert,
        "travel": travel,
    }
    chat = RunnerChat(runner, lang=lang)
    chat.press(t.gettext(PERSON))
    while chat.state.node != "result":
        chat.press(t.gettext(answers.get(chat.state.node, DONT_KNOW)))
    return chat


def all_details(chat: RunnerChat) -> str:
    t = get_translator(chat.lang)
    return chat.press(t.gettext(ALL_DETAILS)).plain_text()


@pytest.mark.parametrize("alert", ["A Red Notice", "A message to some countries (diffusion)"])
def test_a_known_notice_and_travel_plans_are_told_the_arrest_risk_first(
    runner: Runner, alert: str
) -> None:
    """The first message says plainly that another country can arrest them and start an
    extradition; nowhere are they told to check whether there is a notice."""
    chat = interpol_walk(runner, alert, YES)
    first = " ".join(chat.text.split())
    assert ARREST in first
    details = " ".join(all_details(chat).split())
    assert "another country can arrest you and then start an extradition" in details
    assert CHECK not in first + details


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_arrest_risk_is_in_the_first_message_in_every_language(
    runner: Runner, lang: str
) -> None:
    """However long a language runs, the warning is not the line dropped from the first
    message."""
    t = get_translator(lang)
    chat = interpol_walk(runner, t.gettext("A Red Notice"), t.gettext(YES), lang)
    warning = t.gettext(
        "Do not travel: another country can arrest you on the notice and start an extradition."
    )
    assert warning in chat.text


def test_someone_who_does_not_know_of_a_notice_is_told_to_have_it_checked(
    runner: Runner,
) -> None:
    """Not knowing what INTERPOL holds, they hear to wait until a lawyer has checked."""
    chat = interpol_walk(runner, DONT_KNOW, YES)
    details = " ".join(all_details(chat).split())
    assert CHECK in details
    assert "another country can arrest you" not in details
