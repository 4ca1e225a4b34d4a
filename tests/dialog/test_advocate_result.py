"""The advocate's result as an advocate meets it (issue 11, point 2): the citations at a
glance, one short line per ground; addressed as an advocate, never as the person; and
what the guide could not read said as a caveat to the advocate, not as a note to itself."""

from __future__ import annotations

import re

import pytest

from bot.channels.render_html import split_messages
from bot.dialog.runner import Runner
from bot.directory.loader import load_directory
from bot.i18n import LANGUAGES, Translator, get_translator
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.paths import DATA_ROOT
from tests.support.labels import ADVOCATE, ALL_DETAILS, WHO_TO_CONTACT
from tests.support.runner_chat import RunnerChat
from tests.support.seed_case import ADVOCATE_SEED_WALK

CITATION_LINE = 100
"""Characters of one ground's line in the advocate's citation block: about one line of a
phone held sideways, or two upright."""

YOU = re.compile(r"\byou(?:rs?|rself)?\b", re.IGNORECASE)

NOTES_TO_OURSELVES = re.compile(
    r"not (?:re-?)?read|read (?:here|in part)|to be checked|unofficial copy|"
    r"not checked|was not found|\bhere\b",
    re.IGNORECASE,
)


def advocate_seed(runner: Runner, lang: str = "en") -> RunnerChat:
    """The advocate's seed walk in ``lang``: the English walk names its buttons, and the
    same buttons (by position) are pressed in the other language."""
    english = RunnerChat(runner)
    english.begin(ADVOCATE)
    positions = []
    for start in ADVOCATE_SEED_WALK:
        position = next(i for i, label in enumerate(english.labels) if label.startswith(start))
        positions.append(position)
        english.press(english.labels[position])
    chat = RunnerChat(runner, lang=lang)
    chat.begin(get_translator(lang).gettext(ADVOCATE))
    for position in positions:
        chat.press(chat.labels[position])
    assert chat.state.node == english.state.node
    return chat


def citation_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line[:2] in ("● ", "◐ ")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_ground_of_the_seed_case_is_one_short_citation_line(runner: Runner, lang: str) -> None:
    """Status, short title, the instrument's short name, article and tag: about one line
    each, and the whole block in one message; the full names stay on the ground's page."""
    chat = advocate_seed(runner, lang)
    t = get_translator(lang)
    lines = citation_lines(chat.text)
    assert len(lines) >= 10
    for line in lines:
        assert len(line) <= CITATION_LINE, line
        assert re.search(r"\[[CPU]\]$", line), line
    ets_30 = t.gettext("European Convention on Mutual Assistance in Criminal Matters (ETS 30)")
    law_2004 = t.gettext(
        "Law of 9 December 2004 on international mutual legal assistance in criminal matters"
    )
    assert ets_30 not in chat.text
    assert law_2004 not in chat.text
    assert f"— {t.gettext('ETS 30')}, " in chat.text
    assert f"— {t.gettext('Law 9.12.2004')}, " in chat.text
    block = next(p for p in chat.view.paragraphs if citation_lines(p.text))
    assert len(block.text) <= 2000, "compact: about a third of a Telegram message"
    legend = chat.view.paragraphs[chat.view.paragraphs.index(block) - 1]
    assert len(split_messages((legend, block), 4000)) == 1, "the block fits one message"
    first = chat.press(chat.ground_labels[0])
    assert ets_30 in first.plain_text(), "the ground's page cites the full name"


def _advocate_strings(kb: KnowledgeBase, t: Translator) -> list[tuple[str, str]]:
    """Every knowledge-base string an advocate reads, in ``t``'s language."""
    strings: list[tuple[str, str]] = []
    for ground in kb.grounds:
        for text in (ground.title_for(True), ground.button_for(True), ground.advocate):
            strings.append((ground.id, t.gettext(text)))
        strings += [(caveat.id, t.gettext(caveat.advocate)) for caveat in ground.caveats]
    strings += [(action.id, t.gettext(action.advocate or action.text)) for action in kb.actions]
    return strings


def test_no_advocate_facing_text_addresses_the_person_as_you(runner: Runner) -> None:
    """Titles, buttons, explanations, caveats and actions as advocates read them, and every
    page of the advocate's seed result (summary, each ground, all details, contacts)."""
    t = get_translator("en")
    strings = _advocate_strings(load_knowledge(), t)
    chat = advocate_seed(runner)
    pages = [("summary", chat.text)]
    for label in chat.ground_labels:
        pages.append((label, chat.press(label).plain_text()))
    pages.append(("all details", chat.press(ALL_DETAILS).plain_text()))
    pages.append(("contacts", chat.press(WHO_TO_CONTACT).plain_text()))
    for where, text in strings + pages:
        for line in text.splitlines():
            assert not YOU.search(line), f"{where}: {line}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_advocate_texts_say_caveats_not_notes_to_ourselves(lang: str) -> None:
    """What the guide could not read is a caveat addressed to the advocate ("Caveat: check
    …"); the facts about the reading stay in the sources' read notes. The asylum authority
    is CGRA/CGVS in every language, never "CGRS"."""
    t = get_translator(lang)
    strings = _advocate_strings(load_knowledge(), t)
    for where, text in strings:
        assert "CGRS" not in text, where
    if lang == "en":
        for where, text in strings:
            assert not NOTES_TO_OURSELVES.search(text), f"{where}: {text}"
    flow = (DATA_ROOT / "dialogs" / "flows" / "advocate.yaml").read_text(encoding="utf-8")
    for line in flow.splitlines():
        if not line.lstrip().startswith("#"):
            assert "CGRS" not in line, line


def test_every_contact_shown_speaks_of_the_person_not_to_them() -> None:
    """An advocate's contacts page and case note show the same directory entries as the
    person's: each says what it helps with in neutral words ("for people with a low
    income"), so that neither reader is addressed as someone else."""
    for contact in load_directory().shown:
        assert not YOU.search(contact.helps_with), contact.id
