"""The result as a person and an advocate meet it: a short first message, a page per
ground, all details, whom to contact, and legal terms explained on request."""

from __future__ import annotations

import pytest

from bot.channels.render_html import split_messages
from bot.dialog.callback import Callback, Verb
from bot.dialog.events import Press
from bot.dialog.facts import session_facts
from bot.dialog.runner import Runner
from bot.dialog.view import PHONE_SCREEN, View
from bot.i18n import LANGUAGES, get_translator
from bot.knowledge import assess
from bot.summary import ranked
from tests.support.labels import (
    ADVOCATE,
    ADVOCATE_MLA,
    ADVOCATE_REFUGEE,
    ALL_DETAILS,
    ALREADY_EXECUTED,
    CONTINUE_QUESTIONS,
    DONE,
    DONT_KNOW,
    FOREIGN_OFFICIALS,
    MORE_GROUNDS,
    MORE_GROUNDS_PREFIX,
    NO,
    PERSON,
    PREVIOUS_GROUNDS,
    SEARCH,
    SEIZED_MATERIAL,
    SEIZURE,
    SUMMARY,
    TARGETED_PROFILE,
    UNKNOWN,
    URGENT_HELP,
    WHO_TO_CONTACT,
)
from tests.support.runner_chat import RunnerChat, walk_case
from tests.support.seed_case import (
    ADVOCATE_SEED_WALK,
    ALL_UNKNOWN,
    FIRST_MESSAGE,
    PERSON_CASES,
    SEED_PERSON,
    PersonCase,
)


def seed_as_person(runner: Runner, lang: str = "en") -> RunnerChat:
    """The seed case (a refugee's home searched on a request of the state she fled, its
    officials present, material seized) through the person's questions."""
    return walk_case(runner, SEED_PERSON, lang)


def messages(view: View) -> list[str]:
    """The messages a channel sends for ``view`` (HTML, as Telegram gets them)."""
    limit = PHONE_SCREEN if view.screenful else 4000
    return split_messages((*view.preface, *view.paragraphs), limit)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_persons_first_result_message_is_short(runner: Runner, lang: str) -> None:
    """At most about 600 characters: how many grounds, the strongest two, what to do now
    with whom to contact, and that each ground's button says why it may help."""
    chat = seed_as_person(runner, lang)
    t = get_translator(lang)
    first = chat.view
    text = first.plain_text()
    assert len(text) <= FIRST_MESSAGE, text
    assert len(messages(first)) == 1
    assert t.gettext("What to do now:") in text
    assert "→ " in text, "a thing to do names whom to contact"
    assert t.gettext("Only Belgian authorities and courts decide.") in text
    assert t.gettext("Choose a ground below to see why it may help.") in text
    assert chat.ground_labels, "the buttons the line speaks of"
    assert text.count("\n") <= 20


def test_every_page_of_the_seed_result_fits_one_phone_screen_per_message(runner: Runner) -> None:
    """The summary, each ground, all details and the contacts: no message longer than
    one phone screen, or than about 25 lines."""
    chat = seed_as_person(runner)
    pages = [chat.view]
    grounds = chat.ground_labels
    assert 2 <= len(grounds) <= 6
    for label in grounds:
        pages.append(chat.press(label))
    pages.append(chat.press(ALL_DETAILS))
    pages.append(chat.press(WHO_TO_CONTACT))
    for view in pages:
        assert view.screenful
        for html in messages(view):
            assert len(html) <= PHONE_SCREEN + 200, "HTML tags aside, one phone screen"
            assert html.count("\n") <= 25


def open_every_ground(chat: RunnerChat) -> list[str]:
    """Press each ground button on screen, then "More grounds", until there is no more;
    the titles of the grounds opened, in order."""
    more_grounds = get_translator(chat.lang).gettext(MORE_GROUNDS)
    opened: list[str] = []
    while True:
        for label in chat.ground_labels:
            view = chat.press(label)
            opened.append(view.paragraphs[0].text)
        more = [label for label in chat.labels if label.startswith(more_grounds.split("{")[0])]
        if not more:
            return opened
        chat.press(more[0])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_ground_of_an_all_unknown_result_opens_on_its_own_button(
    runner: Runner, lang: str
) -> None:
    """Twenty-eight grounds may apply when every answer is "I don't know": each one opens
    under its own button, the strongest six under the summary and the rest six at a time
    behind "More grounds (N)", so the first keyboard stays short."""
    chat = walk_case(runner, ALL_UNKNOWN, lang)
    t = get_translator(lang)
    grounds = ranked(assess(runner.kb, session_facts(runner.kb, chat.state.answers)))
    assert len(grounds) > 20, "the case this test is about"
    first = chat.view
    assert len(chat.ground_labels) == 6
    assert len(first.keyboard) <= 13, "six grounds, one row to the others, then the usual rows"
    assert t.gettext(MORE_GROUNDS).format(count=len(grounds) - 6) in chat.labels
    opened = open_every_ground(chat)
    assert opened == [t.gettext(result.ground.title) for result in grounds]


def test_an_advocate_opens_every_ground_of_the_seed_case_on_its_own_button(
    runner: Runner,
) -> None:
    chat = RunnerChat(runner)
    chat.begin(ADVOCATE)
    chat.press_all(*ADVOCATE_SEED_WALK)
    grounds = ranked(assess(runner.kb, session_facts(runner.kb, chat.state.answers)))
    assert len(grounds) > 6
    assert len(chat.ground_labels) == 6
    opened = open_every_ground(chat)
    assert opened == [result.ground.title_for(advocate=True) for result in grounds]


def test_more_grounds_shows_the_next_few_and_a_way_back(runner: Runner) -> None:
    """The second few grounds come on a short page of their own; a ground opened from it
    keeps them under it; "Previous grounds" and "Summary" lead back; a ground button
    under the summary's message still opens its ground."""
    chat = walk_case(runner, ALL_UNKNOWN)
    strongest = chat.ground_labels
    view = chat.press(MORE_GROUNDS_PREFIX)
    assert view.plain_text().startswith("Grounds 7 to 12 of ")
    assert "Choose a ground below to see why it may help." in view.plain_text()
    second = chat.ground_labels
    assert len(second) == 6
    assert not set(second) & set(strongest)
    assert PREVIOUS_GROUNDS in chat.labels
    chat.press(second[3])
    assert chat.ground_labels == second, "the ground's page keeps the few it came from"
    chat.press(PREVIOUS_GROUNDS)
    assert chat.view.plain_text().startswith("Grounds 1 to 6 of ")
    assert chat.ground_labels == strongest
    assert PREVIOUS_GROUNDS not in chat.labels
    chat.press(SUMMARY)
    assert chat.text.startswith("Your result")
    summary = chat.view
    chat.press(MORE_GROUNDS_PREFIX)
    strongest_button = summary.buttons[[b.label for b in summary.buttons].index(strongest[0])]
    view = chat.send(Press(strongest_button.data))
    assert view.echo == f"» {strongest[0]}", "pressed under the summary's message, above"
    assert chat.state.page == "ground:0"


def test_a_grounds_button_opens_the_ground_and_changes_no_answer(runner: Runner) -> None:
    """The first ground's button (its short form where the title is long) opens the ground
    under its full title: why it may help, with its citations."""
    chat = seed_as_person(runner)
    before = chat.state
    label = chat.ground_labels[0]
    view = chat.press(label)
    ground = next(g for g in runner.kb.grounds if label == g.button_for(advocate=False))
    assert view.paragraphs[0].text == ground.title
    assert "Your answers point to this ground." in view.plain_text()
    assert "[C: confirmed]" in view.plain_text() or "[P: " in view.plain_text()
    assert view.echo == f"» {label}", "the chat shows which button was pressed"
    assert chat.state.answers == before.answers
    assert chat.state.step == before.step
    chat.press(SUMMARY)
    assert chat.text.startswith("Your result")


def test_contacts_page_shows_the_situations_contacts_and_other_cities(runner: Runner) -> None:
    chat = seed_as_person(runner)
    text = chat.press(WHO_TO_CONTACT).plain_text()
    assert "BJB Brussel" not in text or "+32 2 519 84 68" in text
    assert "NANSEN" in text, "the request comes from the state she fled"
    assert "Ligue des droits humains" in text, "her home was searched"
    assert "Legal aid offices in other cities:" in text
    assert "BJB Antwerpen: +32 3 260 72 80" in text


def test_a_question_offers_the_legal_terms_it_uses(runner: Runner) -> None:
    """The person's question on the kind of request says "send me back (extradition)": a
    button explains extradition under the question, in place, and then goes."""
    chat = RunnerChat(runner)
    chat.begin(PERSON)
    chat.press(NO)
    assert "ⓘ extradition" in chat.labels
    view = chat.press("ⓘ extradition")
    assert view.replace
    assert "extradition: Handing a person over to another country" in chat.text
    assert "ⓘ extradition" not in chat.labels
    assert chat.state.node == "kinds", "nothing was answered"


def test_a_term_the_screen_does_not_offer_is_refused(runner: Runner) -> None:
    chat = RunnerChat(runner)
    chat.begin(PERSON)
    state = chat.state
    red_notice = runner.glossary.index(
        next(t for t in runner.glossary.terms if t.id == "red_notice")
    )
    view = chat.send(Press(Callback(state.step, Verb.TERM, index=red_notice).pack()))
    assert chat.state == state
    assert "belongs to an earlier question" in view.plain_text()


def test_an_advocate_reads_one_citation_line_per_ground_in_one_message(runner: Runner) -> None:
    chat = RunnerChat(runner)
    chat.begin(ADVOCATE)
    chat.press_all(ADVOCATE_MLA, ADVOCATE_REFUGEE)
    chat.press_all(TARGETED_PROFILE, DONE)
    chat.press_all(SEARCH, SEIZURE, ALREADY_EXECUTED)
    chat.press_all(FOREIGN_OFFICIALS, SEIZED_MATERIAL, DONE, UNKNOWN)
    view = chat.view
    lines = [line for line in view.plain_text().splitlines() if line[:2] in ("● ", "◐ ")]
    assert lines[0].startswith("● ")
    assert all(" — " in line and line.rstrip().endswith("]") for line in lines)
    citations = "\n\n".join(p.text for p in view.paragraphs[:3])
    assert len(citations) <= 4000, "the citation block fits one Telegram message"
    assert "check with a lawyer" not in view.plain_text().lower()
    assert "Actions and their legal basis" in view.plain_text()
    details = chat.press(chat.ground_labels[0])
    assert "Caveat:" in details.plain_text() or "[C: confirmed]" in details.plain_text()


def test_urgent_help_is_shown_once_and_its_question_is_not_asked_again(runner: Runner) -> None:
    """From the first screen: the checklist at the door with whom to call, then the
    questions, without the urgent question or its advice again."""
    chat = RunnerChat(runner)
    chat.press(URGENT_HELP)
    urgent = chat.text
    assert "Ask for a lawyer before you answer any question." in urgent
    assert "ask for an interpreter" in urgent
    assert "Do not sign anything you do not understand." in urgent
    assert "Show your protection decision" in urgent
    assert "ask for a copy" in urgent
    assert "BJB Brussel: +32 2 519 84 68" in urgent
    assert "Code of Criminal Procedure [P: " in urgent
    assert (
        "Choosing an answer below means you agree." in chat.press(CONTINUE_QUESTIONS).plain_text()
    )
    chat.press(PERSON)
    assert chat.text == "What does the foreign state ask Belgium to do?"
    seen = [chat.text]
    while chat.state.node != "result":
        chat.press(DONT_KNOW)
        seen.append(chat.text)
    assert not any("Ask for a lawyer before you answer" in text for text in seen)
    assert chat.state.answers["detained_or_imminent"] == "yes"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", PERSON_CASES, ids=lambda case: case.name)
def test_the_first_message_names_each_contact_once(
    runner: Runner, case: PersonCase, lang: str
) -> None:
    """Two things to do that the same office helps with do not name it twice: the second
    names the next contact that fits, or none (the person has just read it above)."""
    chat = walk_case(runner, case, lang)
    named = [line.split("→ ")[1] for line in chat.text.splitlines() if "→ " in line]
    assert named, "a thing to do names whom to contact"
    assert len(named) == len(set(named)), named
    assert not any(name.partition(": ")[0] == name.partition(": ")[2] for name in named), (
        "a finder's name is its address: said once"
    )
