"""The glossary: every official term of the legal brief explained, found in the texts that
use it, refused when broken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.dialog.runner import Runner
from bot.errors import GlossaryError
from bot.glossary import GLOSSARY_FILE, MAX_OFFERED, Glossary, load_glossary
from bot.i18n import GLOSSARY_CONTEXT, LANGUAGES, get_translator


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
        assert explained.startswith(term.shown(t))
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


BRACKETED = (
    ("person", "kinds", "Send me back to that state", "extradition"),
    ("person", "crime_here", "also be a crime in Belgium", "dual criminality"),
    ("ground", "refugee_non_refoulement", "No return to the state you fled", "non-refoulement"),
    ("ground", "ne_bis_in_idem", "Already judged for the same acts", "ne bis in idem"),
)
"""Person texts where the plain words stand for an official term the person will meet in
their papers: (where, which, the plain words, the official term)."""


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("where", "which", "plain", "term"), BRACKETED, ids=[entry[1] for entry in BRACKETED]
)
def test_a_persons_text_gives_the_official_term_in_brackets(
    runner: Runner, where: str, which: str, plain: str, term: str, lang: str
) -> None:
    """Plain words first, then the official term in brackets, in the reader's language
    (the term as the glossary's catalog gives it, before any gloss of its own)."""
    if where == "ground":
        texts = [runner.kb.ground(which).title]
    else:
        node = runner.flows[where].node(which)
        texts = [node.text, *(option.label for option in node.options)]
    english = next(text for text in texts if plain in text)
    assert f"({term})" in english
    t = get_translator(lang)
    official = t.pgettext(GLOSSARY_CONTEXT, term).split(" (")[0]
    assert f"({official}" in t.gettext(english), t.gettext(english)
