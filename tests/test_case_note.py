"""The case note a lawyer can use (issue 11, point 9): each answer under its question, the
day it was made spelt out in the reader's language, every ground with its citations and
the addresses of the official texts, and the contacts the result showed."""

from __future__ import annotations

import re

import pytest

from bot.dialog.facts import session_facts
from bot.dialog.runner import Runner
from bot.i18n import get_translator
from bot.knowledge import GroundResult, Status, assess
from tests.support.case_note import dated_runner, note_of
from tests.support.labels import WHO_TO_CONTACT
from tests.support.runner_chat import RunnerChat, walk_case
from tests.support.seed_case import SEED_PERSON, URGENT, URGENT_STEP


@pytest.fixture(scope="module")
def dated(runner: Runner) -> Runner:
    """The runner, with notes made on 2 December 2026."""
    return dated_runner(runner)


def test_each_answer_stands_under_the_question_as_it_was_asked(dated: Runner) -> None:
    """A lawyer reads what the person answered to what, never "The requesting state: Yes"."""
    note = note_of(walk_case(dated, SEED_PERSON))
    assert "- Which country sends the request?\n  → The country I fled, or the one I fear" in note
    assert (
        "- What did the foreign state ask the Belgian police or judge to do? Tick all that "
        "apply, then Done.\n  → Search a home or an office; Take papers or data, or block money"
    ) in note
    assert "Who asks (requesting state):" not in note


@pytest.mark.parametrize(
    ("lang", "day"),
    [
        ("en", "December 2, 2026"),
        ("fr", "2 décembre 2026"),
        ("nl", "2 december 2026"),
        ("ru", "2 декабря 2026\u202fг."),
    ],
)
def test_the_day_it_was_made_is_spelt_out_in_the_readers_language(
    dated: Runner, lang: str, day: str
) -> None:
    """Read weeks later, by someone else: the date in full, as the language writes it."""
    note = note_of(walk_case(dated, SEED_PERSON, lang))
    made = get_translator(lang).gettext("Made on {date}, on request, and not stored.")
    assert made.format(date=day) in note


def test_every_ground_comes_with_its_citation_and_the_official_address(dated: Runner) -> None:
    """Each ground the result names is in the note with its instrument and article, and the
    note ends with the addresses of the official texts it cites."""
    chat = walk_case(dated, SEED_PERSON)
    note = note_of(chat)
    addresses = note[note.index("Official texts cited") :]
    for result in _shown(dated, chat):
        ground = result.ground
        assert ground.title_for(advocate=True) in note, "the note is written for a lawyer"
        assert ground.sources[0].article is None or ground.sources[0].article in note
        assert ground.sources[0].urls[0] in addresses, ground.id


def test_each_step_the_addresses_name_is_a_numbered_step_of_the_note(dated: Runner) -> None:
    """The official texts are listed per step ("What you can do, step 2"), so the note
    numbers its steps: a lawyer finds step 2 above, not a bullet among bullets."""
    note = note_of(walk_case(dated, SEED_PERSON))
    body, addresses = note.split("Official texts cited")
    named = re.findall(r"What you can do, step (\d+)", addresses)
    assert named, "the seed case suggests steps"
    for number in named:
        assert re.search(rf"^{number}\. \S", body, re.MULTILINE), f"step {number}"


def test_the_contacts_the_result_showed_are_in_the_note_with_their_source(
    dated: Runner,
) -> None:
    """The note lists the contacts "Who to contact" showed, each with the page its details
    were read on."""
    chat = walk_case(dated, SEED_PERSON)
    shown = [
        line[2:]
        for line in chat.press(WHO_TO_CONTACT).plain_text().splitlines()
        if line.startswith("• ")
    ]
    note = note_of(chat)
    contacts = note[note.index("Contacts shown") :]
    assert shown
    for name in shown:
        assert f"• {name}" in contacts, name
    assert contacts.count("https://") >= len(shown), "each contact names its source page"


def test_an_urgent_situation_puts_the_checklist_at_the_door_in_the_note(dated: Runner) -> None:
    """The lawyer sees what the person was told to do at the door, with its sources."""
    note = note_of(walk_case(dated, URGENT))
    assert "At the door (urgent situation)" in note
    assert URGENT_STEP in note


def _shown(runner: Runner, chat: RunnerChat) -> tuple[GroundResult, ...]:
    """The grounds the result names: those that apply or may apply."""
    assessment = assess(runner.kb, session_facts(runner.kb, chat.state.answers))
    return assessment.with_status(Status.APPLIES, Status.MAY_APPLY)
