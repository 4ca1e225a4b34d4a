"""Punctuation and dates belong to the reader's language: a French reader sees a no-break
space before ":" and ";" as French typography wants, because the "title: answer" row, the
list separator and the bullet come from the catalog (``bot.i18n``: ``row``, ``join``,
``bullet``), not from the code; every date shown is Babel's long date of the language."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest
from babel.dates import format_date

from bot.dialog.runner import Runner
from bot.directory import contact_block, load_directory
from bot.i18n import LANGUAGES, get_translator
from tests.support.case_note import dated_runner, note_of
from tests.support.labels import ALL_DETAILS, REVIEW, WHO_TO_CONTACT
from tests.support.runner_chat import walk_case
from tests.support.seed_case import SEED_PERSON

NO_BREAK = "\u00a0"
BEFORE_COLON = re.compile(r"(\S):")  # a colon glued to the word before it


def _french_review(runner: Runner) -> str:
    chat = walk_case(runner, SEED_PERSON, "fr")
    return chat.press(get_translator("fr").gettext(REVIEW)).plain_text()


def test_a_french_review_row_has_a_no_break_space_before_the_colon(runner: Runner) -> None:
    """ "• Type de demande : Entraide judiciaire", with a no-break space; the English row
    keeps its colon against the title."""
    rows = [line for line in _french_review(runner).splitlines() if line.startswith("• ")]
    assert len(rows) >= 5
    assert all(f"{NO_BREAK}: " in row for row in rows), rows
    english = walk_case(runner, SEED_PERSON).press(REVIEW).plain_text()
    assert any(re.match(r"• \S.*\S: \S", line) for line in english.splitlines())


def test_a_french_list_of_ticked_answers_has_a_no_break_space_before_the_semicolon(
    runner: Runner,
) -> None:
    """The two measures she ticked read as one list, joined the French way."""
    t = get_translator("fr")
    search, seize = "Search a home or an office", "Take papers or data, or block money"
    expected = f"{t.gettext(search)}{NO_BREAK}; {t.gettext(seize)}"
    assert expected in _french_review(runner)


@pytest.fixture(scope="module")
def dated(runner: Runner) -> Runner:
    return dated_runner(runner)


def test_the_french_case_note_puts_a_no_break_space_before_every_colon(dated: Runner) -> None:
    """The rows of the note (a citation and its official address, a source line, a ground's
    explanation) follow French typography; the web addresses keep their "https:"."""
    note = note_of(walk_case(dated, SEED_PERSON, "fr"))
    assert f"{NO_BREAK}: https://" in note, "a citation and the address of its text"
    words = re.sub(r"https?://\S+", "", note)
    glued = [m.group(0) for m in BEFORE_COLON.finditer(words) if not m.group(1).isdigit()]
    assert glued == []
    english = note_of(walk_case(dated, SEED_PERSON))
    assert re.search(r"\S: https://", english)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_date_shown_is_the_long_date_of_the_language(runner: Runner, lang: str) -> None:
    """The day the legal content was reviewed (all details) and the day each contact was
    checked (who to contact), as Babel writes them at length: "2 décembre 2026"."""
    t = get_translator(lang)
    chat = walk_case(runner, SEED_PERSON, lang)
    details = chat.press(t.gettext(ALL_DETAILS)).plain_text()
    reviewed = runner.kb.reviewed_on
    assert format_date(reviewed, format="MMMM", locale=lang) in t.format_date(reviewed)
    assert t.format_date(reviewed) in details, "the month spelt out"
    assert reviewed.isoformat() not in details
    contacts = chat.press(t.gettext(WHO_TO_CONTACT)).plain_text()
    checked = {c.last_checked for c in load_directory().shown}
    shown = [day for day in checked if t.format_date(day) in contacts]
    assert shown, "each contact says when it was checked"
    assert not any(day.isoformat() in contacts for day in checked)


@pytest.mark.parametrize(
    ("lang", "languages"),
    [
        ("en", "Dutch and English"),
        ("fr", "néerlandais et anglais"),
        ("nl", "Nederlands en Engels"),
        ("ru", "нидерландский и английский"),
    ],
)
def test_a_websites_languages_are_listed_as_the_language_lists_them(
    lang: str, languages: str
) -> None:
    """The Dutch-speaking Brussels office's site is in Dutch and English: Babel joins the
    names with the reader's "and", not with a comma written in the code."""
    office = load_directory().entry("bjb_brussels_nl")
    assert languages in contact_block(office, get_translator(lang))


MARKERS = ("»", "→", "⚠", "•", "●", "◐")
"""Marks a language may write otherwise (a French "»" is a closing quote)."""


def _code_built_text(path: Path) -> list[str]:
    """The literal parts of the f-strings in one module that put a marker next to a
    value (what a reader sees, built in code rather than taken from the catalog)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.JoinedStr):
            literal = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
            if any(marker in literal for marker in MARKERS):
                found.append(f"{path.name}:{node.lineno}: {literal!r}")
    return found


def test_no_marker_a_reader_sees_is_glued_to_a_value_in_code() -> None:
    """The echo of a pressed button ("» Yes"), a step's contact ("→ BAJ …"), a caveat
    ("⚠ …"), bullets and the advocate's marks come from catalog templates, so each
    language decides how they look; f-strings in the package never build them."""
    package = Path(__file__).resolve().parents[2] / "bot"
    built = [hit for path in sorted(package.rglob("*.py")) for hit in _code_built_text(path)]
    assert built == []


@pytest.mark.parametrize(
    ("day", "written"), [(1, "1er décembre 2026"), (2, "2 décembre 2026"), (21, "21 décembre 2026")]
)
def test_french_writes_the_first_of_the_month_as_an_ordinal(day: int, written: str) -> None:
    """ "Le 1er décembre", as French writes it; every other day is a plain number."""
    assert get_translator("fr").format_date(dt.date(2026, 12, day)) == written
