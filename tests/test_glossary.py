"""The glossary: every official term of the legal brief explained, found in the texts that
use it, refused when broken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.errors import GlossaryError
from bot.glossary import GLOSSARY_FILE, MAX_OFFERED, Glossary, load_glossary
from bot.i18n import LANGUAGES, get_translator


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


BRIEF_TERMS = (
    "mutual legal assistance",
    "letter rogatory",
    "requesting state",
    "central authority",
    "extradition",
    "Red Notice",
    "diffusion",
    "Commission for the Control of INTERPOL's Files (CCF)",
    "refugee status",
    "subsidiary protection",
    "applicant for international protection",
    "political offence",
    "ordre public",
    "dual criminality",
    "specialty rule",
    "search and seizure",
    "investigating judge",
    "chambre des mises en accusation",
    "FPS Justice",
    "CGRA / CGVS",
    "non-refoulement",
    "death penalty assurances",
    "flagrant denial of justice",
    "persecution",
)


def test_every_term_of_the_brief_is_explained(glossary: Glossary) -> None:
    assert set(BRIEF_TERMS) <= {term.term for term in glossary.terms}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_explanation_reads_in_the_readers_language(glossary: Glossary, lang: str) -> None:
    """The term and its explanation are translated (the catalog tests check the wording)."""
    t = get_translator(lang)
    for term in glossary.terms:
        explained = term.explain(t)
        assert explained.startswith(t.gettext(term.term))
        if lang != "en":
            assert t.gettext(term.plain) != term.plain, term.id


def test_a_text_offers_the_terms_it_uses_in_glossary_order(glossary: Glossary) -> None:
    found = glossary.terms_in("Mutual legal assistance (letter rogatory)", "Red Notice")
    assert [term.id for term in found] == [
        "mutual_legal_assistance",
        "letter_rogatory",
        "red_notice",
    ]


def test_a_plain_question_offers_the_official_term(glossary: Glossary) -> None:
    """The person's question says "Send me back to that state"; the term is extradition."""
    found = glossary.terms_in("Send me back to that state (extradition)")
    assert [term.id for term in found] == ["extradition"]


def test_no_more_terms_than_fit_under_a_question(glossary: Glossary) -> None:
    text = " ".join(glossary_term.term for glossary_term in glossary.terms)
    assert len(glossary.terms_in(text)) == MAX_OFFERED


def test_a_text_without_terms_offers_none(glossary: Glossary) -> None:
    assert glossary.terms_in("Who are you?") == ()


def test_a_broken_pattern_names_the_term(tmp_path: Path) -> None:
    copy = tmp_path / "glossary.yaml"
    shutil.copy(GLOSSARY_FILE, copy)
    text = copy.read_text(encoding="utf-8")
    copy.write_text(
        text.replace("match: ['red notice']", "match: ['red (notice']"), encoding="utf-8"
    )
    with pytest.raises(
        GlossaryError, match=r"glossary.yaml: term 'red_notice': match: .*red \(notice"
    ):
        load_glossary(copy)
