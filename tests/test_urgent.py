"""The checklist at the door: the five things the issue asks for, each step either sourced
in law or marked as practical advice, in every language."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.errors import UrgentError
from bot.i18n import LANGUAGES, get_translator
from bot.urgent import URGENT_FILE, load_urgent


def test_the_checklist_holds_what_helps_at_the_door() -> None:
    """Lawyer before questioning, interpreter, do not sign, protection decision, a copy of
    the order, and whom to call."""
    steps = [step.id for step in load_urgent().steps]
    assert steps == [
        "lawyer_first",
        "interpreter",
        "do_not_sign",
        "show_protection",
        "copy_of_order",
        "call_lawyer",
    ]


def test_law_steps_name_their_source_and_practical_steps_say_so() -> None:
    advice = load_urgent()
    note = advice.with_sources(get_translator("en"))
    for step in advice.steps:
        if step.basis == "law":
            assert step.sources
            assert all(str(url) in note for url in step.sources)
    assert "Practical advice; no legal text was checked." in note


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_checklist_is_short_and_translated(lang: str) -> None:
    """Six numbered lines and one sources line; short enough to read at the door."""
    t = get_translator(lang)
    advice = load_urgent()
    text = advice.checklist(t)
    assert text.count("\n") == len(advice.steps) - 1
    assert len(text) < 700
    if lang != "en":
        assert text != advice.checklist(get_translator("en"))
    assert "47bis" not in text, "citations go to the sources line and the case note"
    assert "[P" in advice.sources_line(t)


def test_a_law_step_without_sources_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "urgent.yaml"
    shutil.copy(URGENT_FILE, copy)
    text = copy.read_text(encoding="utf-8")
    cut = text.index("    sources:\n      - https://actualitesdroitbelge")
    end = text.index("\n\n", cut)
    copy.write_text(text[:cut] + text[end + 1 :], encoding="utf-8")
    with pytest.raises(UrgentError, match=r"urgent.yaml: step 'do_not_sign': .*sources"):
        load_urgent(copy)
