"""The words an assessment is told in: citations, ground types, the disclaimer, and JSON.

Every string shown passes through the translator: the English source strings of the
knowledge base (``title``, ``plain``, ``advocate``, ``text``, ``instrument``,
``article``) and the wording below, marked with ``N_`` or written inside ``gettext(...)``
so that pybabel extracts them. Ids, statuses and source tags stay untranslated.

:func:`assessment_to_json` is for programs (``refuge-guide assess``). What people read,
on the result screen, in the case note or from ``assess --format text``, is drawn by the
one renderer above both packages, :func:`bot.result.render_assessment`, from these parts.
"""

from __future__ import annotations

from typing import Literal

from bot.i18n import N_, Translator
from bot.knowledge.engine import Assessment
from bot.knowledge.models import Source

Audience = Literal["person", "advocate"]
"""``person``: plain explanations; ``advocate``: compact, with legal terms and source notes."""

# TRANSLATORS: a note at the end of every result and case note.
DISCLAIMER = N_(
    "This is legal information, not legal advice. Only Belgian authorities and courts decide."
)

GROUND_TYPES: dict[str, str] = {
    # TRANSLATORS: a legal term: the kind of a ground, in brackets after its title for advocates
    # ("{title} ({kind})").
    "mandatory": N_("mandatory refusal ground"),
    # TRANSLATORS: a legal term: the kind of a ground, in brackets after its title for advocates
    # ("{title} ({kind})").
    "optional": N_("optional refusal ground"),
    # TRANSLATORS: a legal term: the kind of a ground, in brackets after its title for advocates
    # ("{title} ({kind})").
    "condition": N_("condition on how the request is carried out"),
}

_TAG_NOTES: dict[str, str] = {
    # TRANSLATORS: a source note in a citation: "[C: confirmed]" (the team read the official text).
    # Lower case: it follows "C: ".
    "C": N_("confirmed"),
    # TRANSLATORS: a source note in a citation: "[P: …]" (the text was read in part or in a
    # secondary source). Lower case.
    "P": N_("partly confirmed: check the text"),
    # TRANSLATORS: a source note in a citation: "[U: …]" (the text was not read for the guide).
    # Lower case.
    "U": N_("not confirmed: check the text before relying on it"),
}


def cite(
    t: Translator,
    instrument: str,
    article: str | None,
    tag: str,
    *,
    with_note: bool = False,
) -> str:
    """``Instrument, Art. x [P]`` in the reader's language: the instrument and the article
    are catalog strings (a Russian lawyer reads "ст. 4 § 2 п. 1", a French one
    "art. 4, § 2, 1°"), and so are the patterns around them, so that a language can place
    its own spaces and punctuation (French writes "[C : confirmé]")."""
    name = t.gettext(instrument)
    if article:
        # TRANSLATORS: a legal citation: the instrument's name, then the article (both
        # translated). Change the order or the comma if your language cites otherwise.
        cited = t.gettext("{instrument}, {article}").format(
            instrument=name, article=t.gettext(article)
        )
    else:
        cited = name
    if with_note:
        # TRANSLATORS: a citation followed by its source tag (C, P or U: keep the letter)
        # and what the tag means, e.g. "…, Art. 4 [P: partly confirmed: check the text]".
        return t.gettext("{citation} [{tag}: {note}]").format(
            citation=cited, tag=tag, note=t.gettext(_TAG_NOTES[tag])
        )
    # TRANSLATORS: a citation followed by its source tag (C, P or U: keep the letter).
    return t.gettext("{citation} [{tag}]").format(citation=cited, tag=tag)


def citation(
    source: Source, translator: Translator, *, with_note: bool = False, short: bool = False
) -> str:
    """``Instrument, Art. x [P]`` for one source (see :func:`cite`); with ``short``, the
    instrument's short name where it has one (``ETS 30, Art. 4 [C]``), for a line that
    must stay on one line of a phone."""
    name = (source.short_name or source.instrument) if short else source.instrument
    return cite(translator, name, source.article, source.source_tag, with_note=with_note)


def _worded(advocate: str | None, plain: str, audience: Audience) -> str:
    """The advocate's wording where there is one and the reader is an advocate.

    Chosen outside any ``gettext(...)`` call: a string literal inside the call's argument
    (such as ``"advocate"``) would be extracted into the catalogs as if it were text.
    """
    return advocate if audience == "advocate" and advocate else plain


def assessment_to_json(
    assessment: Assessment, translator: Translator, *, audience: Audience = "person"
) -> dict[str, object]:
    """The assessment as a JSON-ready dict; ``explanation`` is worded for ``audience``."""
    t = translator
    grounds: list[dict[str, object]] = []
    for result in assessment.grounds:
        ground = result.ground
        explanation = ground.advocate if audience == "advocate" else ground.plain
        grounds.append(
            {
                "id": ground.id,
                "status": result.status.value,
                "type": ground.type,
                "title": t.gettext(ground.title_for(audience == "advocate")),
                "instrument": t.gettext(ground.instrument),
                "article": t.gettext(ground.article),
                "source_tag": ground.source_tag,
                "explanation": t.gettext(explanation),
                "further_sources": [
                    {
                        "instrument": t.gettext(source.instrument),
                        "article": t.gettext(source.article) if source.article else None,
                        "source_tag": source.source_tag,
                    }
                    for source in ground.further_sources
                ],
                "caveats": [
                    {
                        "id": caveat.id,
                        "text": t.gettext(_worded(caveat.advocate, caveat.plain, audience)),
                        "sources": [citation(source, t) for source in caveat.sources],
                    }
                    for caveat in result.caveats
                ],
            }
        )
    actions = [
        {"id": action.id, "text": t.gettext(_worded(action.advocate, action.text, audience))}
        for action in assessment.actions
    ]
    return {
        "grounds": grounds,
        "actions": actions,
        "knowledge_reviewed_on": assessment.reviewed_on.isoformat(),
        "disclaimer": t.gettext(DISCLAIMER),
    }
