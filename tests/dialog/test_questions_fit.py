"""Questions that match the situation (issue 11, point 8): an either/or question is
answered by naming the choice, never Yes or No; a request can ask for several measures at
once; a question on files under secrecy feeds the professional-secrecy ground."""

from __future__ import annotations

from bot.dialog.facts import session_facts
from bot.dialog.runner import Runner
from bot.knowledge import Status, assess
from tests.support.labels import DONE, DONT_KNOW, FLED_STATE, NO, PERSON, REVIEW, YES
from tests.support.runner_chat import RunnerChat

SEARCH = "Help its case"


def walk_to(chat: RunnerChat, node: str, answers: dict[str, str]) -> None:
    """Answer the person's questions (as given, else "I don't know") until ``node``."""
    while chat.state.node != node:
        assert chat.state.node != "result", f"{node} was never asked"
        chat.press(answers.get(chat.state.node, DONT_KNOW))


def status_of(chat: RunnerChat, ground: str) -> Status:
    """What the engine says about ``ground`` for the answers given so far."""
    assessment = assess(chat.runner.kb, session_facts(chat.runner.kb, chat.state.answers))
    return next(r.status for r in assessment.grounds if r.ground.id == ground)


def test_the_requesting_state_is_chosen_by_name_not_yes_or_no(runner: Runner) -> None:
    """ "The country you fled, or the country you fear?" had Yes and No for answers; now
    each answer says which country, and the review repeats it."""
    chat = RunnerChat(runner)
    chat.begin(PERSON)
    chat.press_all(NO, SEARCH)
    assert chat.state.node == "origin"
    assert YES not in chat.labels
    assert NO not in chat.labels
    assert chat.labels[:3] == [
        FLED_STATE,
        "Another country",
        DONT_KNOW,
    ]
    chat.press(FLED_STATE)
    assert chat.state.answers["requesting_state_is_origin"] == "yes"
    walk_to(chat, "result", {})
    review = chat.press(REVIEW).plain_text()
    assert "Who asks (requesting state): The country I fled, or the one I fear" in review


def test_files_under_secrecy_are_asked_with_answers_that_say_which(runner: Runner) -> None:
    """The question on a lawyer's files or a journalist's sources is either/or too."""
    chat = RunnerChat(runner)
    chat.begin(PERSON)
    chat.press_all(NO, SEARCH)
    walk_to(chat, "measures", {})
    chat.press_all("☐ Search a home or an office", DONE)
    walk_to(chat, "lawyer_files", {})
    assert chat.labels[:5] == [
        "A lawyer's client files",
        "A journalist's notes or sources",
        "Both",
        "Neither",
        DONT_KNOW,
    ]


def test_a_search_and_a_seizure_are_ticked_together(runner: Runner) -> None:
    """A person can say the request asked for a search and a seizure at once."""
    chat = RunnerChat(runner)
    chat.begin(PERSON)
    chat.press_all(NO, SEARCH)
    walk_to(chat, "measures", {})
    chat.press_all("☐ Search a home or an office", "☐ Take papers or data, or block money")
    assert "☑ Search a home or an office" in chat.labels
    chat.press(DONE)
    assert chat.state.answers["mla_measures"] == ("search", "seizure_or_freeze")
    walk_to(chat, "result", {})
    review = chat.press(REVIEW).plain_text()
    assert "Search a home or an office" in review
    assert "Take papers or data, or block money" in review


def test_a_lawyers_client_files_seized_point_to_professional_secrecy(runner: Runner) -> None:
    """Files under professional secrecy in what was searched or taken: the ground points to
    a refusal, and the journalist question is not asked again."""
    chat = RunnerChat(runner)
    chat.begin(PERSON)
    chat.press_all(NO, SEARCH)
    walk_to(chat, "measures", {})
    chat.press_all("☐ Search a home or an office", "☐ Take papers or data, or block money", DONE)
    asked = []
    while chat.state.node != "result":
        asked.append(chat.state.node)
        chat.press("A lawyer's client files" if chat.state.node == "lawyer_files" else DONT_KNOW)
    assert "lawyer_files" in asked
    assert "journalist_files" not in asked, "answered by the question on files under secrecy"
    assert status_of(chat, "professional_secrecy") is Status.APPLIES
    assert status_of(chat, "journalist_sources") is Status.NOT_INDICATED
    assert "Lawyers' professional secrecy" in chat.labels[0], "the strongest ground first"


def test_a_hearing_alone_asks_about_a_journalists_sources_only(runner: Runner) -> None:
    """Nothing searched or taken: no question on seized files, but a hearing can still aim
    at a journalist's sources."""
    chat = RunnerChat(runner)
    chat.begin(PERSON)
    chat.press_all(NO, SEARCH)
    walk_to(chat, "measures", {})
    chat.press_all("☐ Question me or someone else", DONE)
    asked = []
    while chat.state.node != "result":
        asked.append(chat.state.node)
        chat.press(YES if chat.state.node == "journalist_files" else DONT_KNOW)
    assert "lawyer_files" not in asked
    assert "journalist_files" in asked
    assert status_of(chat, "journalist_sources") is Status.APPLIES
