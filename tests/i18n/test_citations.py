"""Citations read in the reader's language: a Russian lawyer sees "ст. 4 § 2 п. 1", a
French or Dutch one "art. 4, § 2, 1°"; case names and resolution numbers stay as
officially written, and no English word is left in a citation outside English."""

from __future__ import annotations

import re

import pytest

from bot.i18n import get_translator
from bot.knowledge.loader import load_knowledge
from bot.knowledge.report import citation, cite
from bot.urgent import load_urgent

ENGLISH = re.compile(
    r"\bArt\.|\band\b|\bof\b|\bthe\b|\bLaw\b|\bdeclarations\b|\bRule\b"
    r"|\bTitle\b|\bReservation\b|\bGeneral Assembly\b|\bconfirmed\b|\bcheck\b|\blegal aid\b"
)
DUTCH_OR = re.compile(ENGLISH.pattern.replace(r"|\bof\b", ""))
"""Dutch "of" means "or" (the torture convention's official title: "... onmenselijke of
onterende behandeling of bestraffing"), so it is not an English word in nl."""
CASE_NAME = re.compile(r"[A-Z][\w() ]*? v\. (the )?[A-Z][\w ]*")
"""A judgment's official name (Soering v. the United Kingdom) may stay as written."""


def every_citation(lang: str) -> list[str]:
    t = get_translator(lang)
    kb = load_knowledge()
    sources = [s for g in kb.grounds for s in g.sources]
    sources += [s for g in kb.grounds for c in g.caveats for s in c.sources]
    sources += [s for a in kb.actions for s in a.sources]
    cited = [citation(s, t, with_note=True) for s in sources]
    for step in load_urgent().steps:
        if step.instrument and step.source_tag:
            cited.append(cite(t, step.instrument, step.article, step.source_tag))
    return cited


@pytest.mark.parametrize("lang", ["fr", "nl", "ru"])
def test_no_english_word_in_a_citation(lang: str) -> None:
    english = DUTCH_OR if lang == "nl" else ENGLISH
    left = [c for c in every_citation(lang) if english.search(CASE_NAME.sub("", c))]
    assert left == []


def test_each_language_cites_articles_its_own_way() -> None:
    """The Belgian law on legal assistance, Art. 4 §2 1°, as each reader's lawyers write it."""
    expected = {
        "en": "Art. 4 §2 1° [C]",
        "fr": "art. 4, §\u00a02, 1° [C]",
        "nl": "art. 4, § 2, 1° [C]",
        "ru": "ст. 4 § 2 п. 1 [C]",
    }
    for lang, article in expected.items():
        assert any(c.endswith(article) for c in map(_short, every_citation(lang))), lang


def test_resolution_numbers_stay_as_written() -> None:
    for lang in ("fr", "nl", "ru"):
        assert any("GA-2017-86-RES-09" in c for c in every_citation(lang))


def _short(with_note: str) -> str:
    """``…, Art. 4 [C: confirmed]`` -> ``…, Art. 4 [C]``."""
    return re.sub(r"\[([CPU])\s?:[^\]]*\]", r"[\1]", with_note)
