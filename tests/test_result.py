"""One renderer: the result's details, the case note and ``assess --format text`` tell the
same assessment with the same headings, in the same order, in the reader's language."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.cli.assess import assess_file
from bot.dialog.runner import Runner
from bot.dialog.state import Answer, SessionState
from bot.dialog.view import Paragraph
from bot.i18n import get_translator
from bot.result import plain_text
from tests.support.seed_case import SEED_CASE_FACTS

HEADINGS = [
    "Grounds your answers point to",
    "Grounds that may apply (check with a lawyer)",
    "What you can do now",
]
ADVOCATE_HEADINGS = [
    "Grounds the facts point to",
    "Grounds that may apply",
    "Actions and their legal basis",
]
SOVEREIGNTY = "Art. 4 §2 1° [C: confirmed]"


def seed_state(lang: str, role: str) -> SessionState:
    """A finished conversation that gave the seed case's facts."""
    answers: dict[str, Answer] = {"role": role}
    for fact, value in SEED_CASE_FACTS.items():
        answers[fact] = tuple(value) if isinstance(value, list) else str(value)
    return SessionState(lang=lang, flow="main", node="result", answers=answers)


def three_renderings(
    runner: Runner, tmp_path: Path, lang: str, role: str
) -> tuple[tuple[Paragraph, ...], str, str]:
    """The result's "All details" page, the case note's text and ``assess --format text``."""
    t = get_translator(lang)
    state = seed_state(lang, role)
    details = runner.result(state, t, "details")
    assert details is not None
    screen = details.paragraphs
    note = runner.case_note(state, t, [("Who are you?", "I help someone")])
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(SEED_CASE_FACTS), encoding="utf-8")
    out = io.StringIO()
    assess_file(facts, lang, "text", out, kb=runner.kb)
    return screen, note.content.decode("utf-8"), out.getvalue()


def underlined_in_order(rendering: str, headings: list[str]) -> bool:
    """Whether a plain-text rendering has these headings, underlined, in this order."""
    positions = [rendering.find(f"{heading}\n{'-' * len(heading)}\n") for heading in headings]
    return -1 not in positions and positions == sorted(positions)


@pytest.mark.parametrize("lang", ["en", "fr", "ru"])
def test_the_three_renderings_share_their_headings_in_order(
    runner: Runner, tmp_path: Path, lang: str
) -> None:
    """Whoever reads the assessment, on screen, in the case note or from the command,
    finds the same sections in the same order; the note, written for a lawyer, and an
    advocate's screen head them as for advocates."""
    screen, note, text = three_renderings(runner, tmp_path, lang, role="person")
    advocate_screen, _, _ = three_renderings(runner, tmp_path, lang, role="advocate")
    headings = [p.text for p in screen if p.style == "title"]
    for_advocates = [p.text for p in advocate_screen if p.style == "title"]
    assert len(headings) == len(for_advocates) == len(HEADINGS)
    if lang == "en":
        assert headings == HEADINGS
        assert for_advocates == ADVOCATE_HEADINGS
    assert underlined_in_order(text, headings)
    assert underlined_in_order(note, for_advocates)


def test_advocates_are_addressed_as_advocates(runner: Runner, tmp_path: Path) -> None:
    """No "check with a lawyer" heading and no "your asylum file" for an advocate or in
    the note for a lawyer; the person concerned keeps the plain words."""
    advocate_screen, note, _ = three_renderings(runner, tmp_path, "en", role="advocate")
    person_screen, _, _ = three_renderings(runner, tmp_path, "en", role="person")
    advocate = "\n".join(p.text for p in advocate_screen)
    for text in (advocate, note):
        assert "check with a lawyer" not in text
        assert "your asylum file" not in text
        assert "Confidentiality of the asylum file" in text
        assert "can help you" not in text
    person = "\n".join(p.text for p in person_screen)
    assert "Confidentiality of your asylum file" in person


def test_every_rendering_cites_the_same_ground_with_its_tag_spelt_out(
    runner: Runner, tmp_path: Path
) -> None:
    """The instrument, article and source tag read the same everywhere."""
    screen, note, text = three_renderings(runner, tmp_path, "en", role="person")
    on_screen = "\n".join(p.text for p in screen)
    for rendering in (on_screen, note, text):
        assert "Law of 9 December 2004" in rendering
        assert SOVEREIGNTY in rendering
        assert "This is legal information, not legal advice. Only Belgian" in rendering


def test_advocates_read_the_kind_of_ground_people_concerned_do_not(
    runner: Runner, tmp_path: Path
) -> None:
    """The precise wording names a ground's kind; the plain one leaves it out."""
    advocate_screen, note, _ = three_renderings(runner, tmp_path, "en", role="advocate")
    person_screen, _, text = three_renderings(runner, tmp_path, "en", role="person")
    kinds = ("(mandatory refusal ground)", "(optional refusal ground)")
    advocate = "\n".join(p.text for p in advocate_screen)
    person = "\n".join(p.text for p in person_screen)
    assert any(kind in advocate for kind in kinds)
    assert any(kind in note for kind in kinds), "the case note is written for a lawyer"
    assert not any(kind in person or kind in text for kind in kinds)


def test_the_case_note_opens_with_the_answers_and_ends_with_the_official_texts(
    runner: Runner, tmp_path: Path
) -> None:
    """The case note puts the answers before the assessment and the addresses after it."""
    _, note, _ = three_renderings(runner, tmp_path, "en", role="advocate")
    answers = note.index("Answers given\n-------------\n\n- Who are you?\n  → I help someone")
    grounds = note.index("Grounds the facts point to")
    addresses = note.index("Official texts cited")
    assert answers < grounds < addresses


def test_plain_text_underlines_titles_and_keeps_other_paragraphs_as_written() -> None:
    """A file cannot be bold: a title is underlined to its length; blank lines separate."""
    text = plain_text(
        (Paragraph("Что делать", "title"), Paragraph("• one\n• two"), Paragraph("n.b.", "note"))
    )
    assert text == "Что делать\n----------\n\n• one\n• two\n\nn.b.\n"
