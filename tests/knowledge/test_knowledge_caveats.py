"""A rule that narrows a ground is shown beside it, only where the facts make it bite."""

from __future__ import annotations

from bot.dialog.runner import Runner
from bot.i18n import get_translator
from bot.knowledge import KnowledgeBase, assess, parse_facts
from bot.knowledge.report import assessment_to_json
from bot.result import assessment_text
from tests.support.labels import ADVOCATE, ADVOCATE_EXTRADITION, DONE
from tests.support.runner_chat import RunnerChat

UNCAC_CORRUPTION = {
    "request_kinds": ["extradition"],
    "requesting_state_eu_member": "no",
    "treaty_cited": "un_convention",
    "charges_linked_to_politics": "yes",
    "charges_corruption": "yes",
}


def _political_offence_block(report: str, title: str) -> str:
    start = report.index(title)
    return report[start : report.index("•", start + 1)]


def test_uncac_art_44_4_is_shown_beside_the_political_offence_ground(
    knowledge: KnowledgeBase,
) -> None:
    """Corruption charges under UNCAC: the advocate reads Art. 44(4) right under the
    political-offence ground, with its [U] tag spelt out; the person reads the warning."""
    assessment = assess(knowledge, parse_facts(knowledge, UNCAC_CORRUPTION))
    t = get_translator("en")
    advocate = _political_offence_block(
        assessment_text(assessment, t, audience="advocate"), "Political offence (extradition)"
    )
    assert "⚠ UNCAC Art. 44(4)" in advocate
    assert "Art. 44(4) [U: not confirmed" in advocate
    person = _political_offence_block(
        assessment_text(assessment, t, audience="person"),
        "No extradition for political acts (political offence)",
    )
    assert "⚠ Careful: the request relies on the UN convention against corruption" in person
    report = assessment_to_json(assessment, t)
    ground = next(g for g in report["grounds"] if g["id"] == "ext_political_offence")  # type: ignore[index]
    assert [caveat["id"] for caveat in ground["caveats"]] == ["un_political_offence_exclusion"]


def test_no_caveat_without_the_facts_that_make_it_bite(knowledge: KnowledgeBase) -> None:
    """Another legal basis, or charges that are not corruption: the ground stands alone."""
    for change in ({"treaty_cited": "bilateral"}, {"charges_corruption": "no"}, {}):
        facts = dict(UNCAC_CORRUPTION, **change) if change else {"request_kinds": ["extradition"]}
        assessment = assess(knowledge, parse_facts(knowledge, facts))
        text = assessment_text(assessment, get_translator("en"), audience="advocate")
        assert "44(4)" not in text


def test_the_advocate_result_screen_shows_the_caveat_in_the_readers_language(
    runner: Runner,
) -> None:
    """On the advocate path, the result screen carries the warning under the ground."""
    chat = RunnerChat(runner)
    chat.begin(ADVOCATE)
    chat.press_all(ADVOCATE_EXTRADITION, "No protection status")
    chat.press_all("☐ Ordinary charges", "☐ Corruption", DONE)
    chat.press("Non-EU state, UN convention")
    chat.press(DONE)
    assert chat.state.node == "a_result"
    assert "⚠ UNCAC Art. 44(4)" in chat.text
