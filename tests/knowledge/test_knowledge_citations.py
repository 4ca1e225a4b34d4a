"""The case note tells a lawyer where to open every text it relies on."""

from __future__ import annotations

from bot.dialog.runner import Runner
from bot.i18n import get_translator
from bot.knowledge import KnowledgeBase, assess, parse_facts
from bot.knowledge.citations import addresses_section
from tests.support.labels import (
    ADVOCATE,
    ADVOCATE_EXTRADITION,
    ADVOCATE_REFUGEE,
    CASE_NOTE,
    DONE,
    UNKNOWN,
)
from tests.support.runner_chat import RunnerChat
from tests.support.seed_case import SEED_FACTS


def test_every_ground_named_and_every_step_offered_comes_with_its_addresses(
    knowledge: KnowledgeBase,
) -> None:
    """Each ground of the assessment and each action offered is followed by its citations,
    each with the address of the official text."""
    assessment = assess(knowledge, parse_facts(knowledge, SEED_FACTS))
    text = "\n".join(addresses_section(assessment, get_translator("en")))
    for result in assessment.grounds:
        assert result.ground.title_for(advocate=True) in text, "listed for a lawyer"
        for source in result.ground.sources:
            assert all(url in text for url in source.urls), result.ground.id
    for action in assessment.actions:
        for source in action.sources:
            assert all(url in text for url in source.urls), action.id
    assert "Law of 9 December 2004" in text
    assert "https://www.ejustice.just.fgov.be/eli/loi/2004/12/09/2004009876/justel" in text


def test_the_case_note_file_ends_with_the_official_addresses(runner: Runner) -> None:
    """An advocate's case note for an extradition carries the Convention's address."""
    chat = RunnerChat(runner)
    chat.begin(ADVOCATE)
    chat.press_all(ADVOCATE_EXTRADITION, ADVOCATE_REFUGEE)
    while chat.state.node != "a_result":
        chat.press(DONE if DONE in chat.labels else UNKNOWN)
    view = chat.press(CASE_NOTE)
    assert view.document is not None
    note = view.document.content.decode("utf-8")
    addresses = note[note.index("Official texts cited") :]
    assert "treatynum=024" in addresses


def test_the_heading_is_in_the_readers_language(knowledge: KnowledgeBase) -> None:
    """The addresses stay as they are; the words around them are translated."""
    assessment = assess(knowledge, parse_facts(knowledge, SEED_FACTS))
    heading = addresses_section(assessment, get_translator("fr"))[0]
    assert heading.startswith("Textes officiels cités")
