"""What people read: no promises, no markup, no invented contact details, short plain text."""

from __future__ import annotations

import re

import pytest

from bot.knowledge import KnowledgeBase, load_knowledge

KB = load_knowledge()


def _user_strings(knowledge: KnowledgeBase) -> list[tuple[str, str]]:
    strings: list[tuple[str, str]] = []
    for ground in knowledge.grounds:
        strings += [(ground.id, text) for text in (ground.title, ground.plain, ground.advocate)]
        strings += [(ground.id, source.instrument) for source in ground.sources]
    for action in knowledge.actions:
        strings += [(action.id, text) for text in (action.text, action.advocate) if text]
    return strings


USER_STRINGS = _user_strings(KB)

PROMISES = re.compile(
    r"you are safe|will be refused|will not be (extradited|sent|handed)|guarantee|"
    r"certainly|cannot be extradited",
    re.IGNORECASE,
)
CONTACT_DETAILS = re.compile(r"https?://|www\.|@|\+?\d[\d ()-]{7,}\d")


@pytest.mark.parametrize(("entry", "text"), USER_STRINGS)
def test_text_promises_no_outcome(entry: str, text: str) -> None:
    """Only Belgian authorities and courts decide, so no text says how it will end."""
    assert not PROMISES.search(text), entry


@pytest.mark.parametrize(("entry", "text"), USER_STRINGS)
def test_text_has_no_markup_placeholders_or_contact_details(entry: str, text: str) -> None:
    """Plain text for every channel and catalog; contact details live in a reviewed file only."""
    assert not re.search(r"[<>{}]", text), entry
    assert not CONTACT_DETAILS.search(text), entry


@pytest.mark.parametrize("ground", KB.grounds, ids=lambda ground: ground.id)
def test_plain_explanation_is_one_to_three_short_sentences(ground: object) -> None:
    """People concerned get B1-level text: at most three sentences of moderate length."""
    plain: str = ground.plain  # type: ignore[attr-defined]
    sentences = [part for part in re.split(r"(?<=[.!?])\s+", plain.strip()) if part]
    assert 1 <= len(sentences) <= 3
    assert all(len(sentence.split()) <= 30 for sentence in sentences)
