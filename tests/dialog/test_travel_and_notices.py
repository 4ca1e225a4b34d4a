"""Travel and INTERPOL notices (issue 11, point 6): someone who knows of a notice (who said
INTERPOL is used against them, whether or not they know if it is a Red Notice or a
diffusion) and plans to travel is told plainly what can happen abroad; "check whether there
is a notice" is said only to those who do not know of one."""

from __future__ import annotations

import pytest

from bot.dialog import model
from bot.dialog.runner import Runner
from bot.i18n import LANGUAGES, get_translator
from tests.support.labels import (
    ADVOCATE,
    ADVOCATE_EXTRADITION,
    ADVOCATE_REFUGEE,
    ALL_DETAILS,
    DONE,
    DONT_KNOW,
    EXTRADITION,
    FLED_STATE,
    INTERPOL,
    NO,
    PERSON,
    REFUGEE,
    UNKNOWN,
    YES,
)
from tests.support.runner_chat import RunnerChat

ARREST = "another country can arrest you on the notice and start an extradition"
CHECK = "checked whether there is an INTERPOL notice"
ADVOCATE_ARREST = "can provisionally arrest the person and open extradition proceedings"
ADVOCATE_CHECK = "until counsel has checked for notices and diffusions"
ADVOCATE_INTERPOL = "INTERPOL Red Notice or diffusion"  # the advocate's kind of request
TRAVEL = f"{model.UNTICKED} Travel abroad planned"  # the advocate's extradition, INTERPOL lists


def interpol_walk(
    runner: Runner, alert: str, travel: str, lang: str = "en", kind: str = INTERPOL
) -> RunnerChat:
    """A refugee sought by the state they fled (found through INTERPOL unless ``kind``
    says otherwise): the alert and the travel plans as given, "I don't know" to the rest."""
    t = get_translator(lang)
    answers = {
        "detained": NO,
        "kinds": kind,
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


def assert_told_the_arrest_risk_not_to_check(chat: RunnerChat) -> None:
    """The arrest risk in the first message and under All details; "check whether there is
    a notice" nowhere."""
    first = " ".join(chat.text.split())
    assert ARREST in first
    details = " ".join(all_details(chat).split())
    assert "another country can arrest you and then start an extradition" in details
    assert CHECK not in first + details


@pytest.mark.parametrize("alert", ["A Red Notice", "A message to some countries (diffusion)"])
def test_a_known_notice_and_travel_plans_are_told_the_arrest_risk_first(
    runner: Runner, alert: str
) -> None:
    """The first message says plainly that another country can arrest them and start an
    extradition; nowhere are they told to check whether there is a notice."""
    chat = interpol_walk(runner, alert, YES)
    assert_told_the_arrest_risk_not_to_check(chat)


@pytest.mark.parametrize("alert", ["A Red Notice", DONT_KNOW])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_arrest_risk_is_in_the_first_message_in_every_language(
    runner: Runner, lang: str, alert: str
) -> None:
    """However long a language runs, the warning is not the line dropped from the first
    message, whether or not the person knows which kind of alert it is."""
    t = get_translator(lang)
    chat = interpol_walk(runner, t.gettext(alert), t.gettext(YES), lang)
    warning = t.gettext(
        "Do not travel: another country can arrest you on the notice and start an extradition."
    )
    assert warning in chat.text


@pytest.mark.parametrize("travel", [YES, DONT_KNOW])
def test_someone_found_through_interpol_who_does_not_know_the_alert_kind_is_told_the_arrest_risk(
    runner: Runner, travel: str
) -> None:
    """Choosing "Find me through INTERPOL (a notice)" says there is a notice: not knowing
    whether it is a Red Notice or a diffusion, they still hear plainly in the first
    message what travel risks, and nowhere to check whether there is a notice."""
    chat = interpol_walk(runner, DONT_KNOW, travel)
    assert_told_the_arrest_risk_not_to_check(chat)


def test_someone_who_does_not_know_of_a_notice_is_told_to_have_it_checked(
    runner: Runner,
) -> None:
    """An extradition request and travel plans, INTERPOL not named: a notice may exist
    unseen, so they hear to wait until a lawyer has checked, not that there is one."""
    chat = interpol_walk(runner, DONT_KNOW, YES, kind=EXTRADITION)
    details = " ".join(all_details(chat).split())
    assert CHECK in details
    assert "another country can arrest you" not in details


def advocate_walk(runner: Runner, kind: str, travel: bool) -> RunnerChat:
    """An advocate for a refugee recognised against the requesting state: the kind of
    request as given, travel ticked if ``travel``, everything else unknown or unticked
    (the INTERPOL alert's kind too)."""
    chat = RunnerChat(runner)
    chat.begin(ADVOCATE)
    chat.press_all(kind, ADVOCATE_REFUGEE)
    while chat.state.node != "a_result":
        if travel and TRAVEL in chat.labels:
            chat.press(TRAVEL)
            travel = False
        chat.press(DONE if DONE in chat.labels else UNKNOWN)
    return chat


def actions_of(text: str) -> list[str]:
    """The advocate's actions, one per bullet, in the order shown."""
    actions = text.split("Actions and their legal basis", 1)[1]
    return [" ".join(item.split()) for item in actions.split("• ")[1:]]


@pytest.mark.parametrize("travel", [True, False], ids=["travel", "travel-unknown"])
def test_an_advocate_who_names_interpol_but_not_the_alert_kind_is_told_the_arrest_risk(
    runner: Runner, travel: bool
) -> None:
    """Kind "INTERPOL Red Notice or diffusion" with the alert "Unknown": the notice is
    known, so the first action on the result says a state can arrest the person on it,
    and nothing says to check for notices."""
    chat = advocate_walk(runner, ADVOCATE_INTERPOL, travel)
    result = chat.text
    assert ADVOCATE_ARREST in actions_of(result)[0]
    details = all_details(chat)
    assert ADVOCATE_CHECK not in " ".join((result + details).split())


def test_an_advocate_without_a_known_notice_is_told_to_have_it_checked(runner: Runner) -> None:
    """Extradition with travel planned, INTERPOL not named: counsel checks for notices."""
    chat = advocate_walk(runner, ADVOCATE_EXTRADITION, travel=True)
    actions = " ".join(actions_of(chat.text))
    assert ADVOCATE_CHECK in actions
    assert ADVOCATE_ARREST not in actions
