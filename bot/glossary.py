"""The legal terms a screen uses, explained in plain words on request.

``dialogs/glossary.yaml`` holds each official term (English source, translated to the
official term of each language by the catalogs) with a plain explanation and patterns that
find it in the English source of a text. A term marked ``jargon`` is one a person cannot
be expected to know: person texts give plain words first and the term in brackets after
them (tests/test_glossary.py holds every person text to it). A screen whose text uses a
term offers the term on a button; pressing it shows the explanation. Matching the English
source rather than the translation is deliberate: the catalogs are tested to use the
official term wherever the English does, and Russian inflects its nouns beyond what a
pattern could follow.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.errors import GlossaryError
from bot.i18n import GLOSSARY_CONTEXT, MAX_LABEL, N_, Translator
from bot.paths import DIALOGS_DIR
from bot.yaml_source import load_model

GLOSSARY_FILE = DIALOGS_DIR / "glossary.yaml"
_KEPT = 4096
"""Texts whose terms a glossary remembers (the data files have a few hundred)."""

# TRANSLATORS: a button under a screen that uses a legal term: pressing it explains the
# term. {term} is the term (or its short form); the whole button fits 40 characters.
TERM_LABEL = N_("ⓘ {term}")
"""A glossary term's button: the mark reads as "explain", not as an answer."""

_FROZEN = ConfigDict(extra="forbid", frozen=True)


class Term(BaseModel):
    """One official term and what it means."""

    model_config = _FROZEN

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    term: str = Field(min_length=1, max_length=80)
    button: str | None = Field(default=None, min_length=1)
    jargon: bool = Field(strict=True)
    """A person is given plain words first and this term in brackets after them (true), or
    it is a name they know or must recognise as written (false). Required: every term
    is decided, and the decision's reason is written beside it in the data file."""
    plain: str = Field(min_length=1, max_length=500)
    match: tuple[str, ...] = Field(min_length=1)

    @field_validator("match")
    @classmethod
    def _patterns_compile(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(
                    f"pattern {pattern!r} is not a regular expression: {error}"
                ) from None
        return patterns

    @model_validator(mode="after")
    def _fits_its_button(self) -> Term:
        label = TERM_LABEL.format(term=self.button or self.term)
        if len(label) > MAX_LABEL:
            raise ValueError(
                f"the button {label!r} is over {MAX_LABEL} characters: give a short 'button'"
            )
        return self

    def label(self, t: Translator) -> str:
        """The term's button in the reader's language (its short form if it has one)."""
        short = t.gettext(self.button) if self.button else self.shown(t)
        return t.gettext(TERM_LABEL).format(term=short)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """All of ``match`` as one case-insensitive pattern."""
        return re.compile("|".join(f"(?:{p})" for p in self.match), re.IGNORECASE)

    def shown(self, t: Translator) -> str:
        """The official term in the reader's language (its own msgctxt: the same English
        may also be an answer's label)."""
        return t.pgettext(GLOSSARY_CONTEXT, self.term)

    def explain(self, t: Translator) -> str:
        """``term: explanation`` in the reader's language."""
        return t.row(self.shown(t), t.gettext(self.plain))


class Glossary(BaseModel):
    """Every term; among the terms one screen uses, this order settles ties."""

    model_config = _FROZEN

    terms: tuple[Term, ...] = Field(min_length=1)

    def terms_in(self, *sources: str) -> tuple[Term, ...]:
        """Every term the English ``sources`` use, the most needed first.

        Every one, because a screen whose text uses a term offers it (issue 11): a cap
        dropped the last terms of the longer ground pages.

        The first source is what the screen is about (a ground's title, a question's
        text): its jargon comes first, then its names, then the jargon of the rest, then
        the names of the rest; glossary order within each. So a title's "non-refoulement"
        is never crowded out by "refugee status" in the explanation below it, and a word a
        person cannot know goes before a name they already do.

        Sources are the English texts of the data files, so the same few hundred come back
        on every step; the answer to each is kept (matching every pattern against a
        screen's text was the largest cost of drawing it). Kept answers are bounded.
        """
        found = self._found.get(sources)
        if found is None:
            head, rest = (sources[0], "\n".join(sources[1:])) if sources else ("", "")

            def need(term: Term) -> int:
                in_head = bool(term.pattern.search(head))
                return (0 if in_head else 2) + (0 if term.jargon else 1)

            used = [t for t in self.terms if t.pattern.search(head) or t.pattern.search(rest)]
            found = tuple(sorted(used, key=need))  # stable: glossary order within a rank
            if len(self._found) >= _KEPT:
                self._found.clear()
            self._found[sources] = found
        return found

    def index(self, term: Term) -> int:
        """The position of ``term`` (what a button carries)."""
        position = self._positions.get(term.id)
        if position is None or self.terms[position] != term:
            return self.terms.index(term)  # raises ValueError for a term not in the glossary
        return position

    @cached_property
    def _found(self) -> dict[tuple[str, ...], tuple[Term, ...]]:
        return {}

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {term.id: position for position, term in enumerate(self.terms)}


def load_glossary(path: Path = GLOSSARY_FILE) -> Glossary:
    """Read and validate the glossary; raise :class:`GlossaryError` naming the term."""
    glossary = load_model(path, Glossary, GlossaryError, items=("terms", "term"))
    ids = [term.id for term in glossary.terms]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise GlossaryError(f"{path.name}: term {repeated[0]!r}: listed twice")
    return glossary
