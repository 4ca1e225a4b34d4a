"""The words an assessment is told in: citations, ground types, the disclaimer, and JSON.

Every string shown passes through the translator: the English source strings of the
knowledge base (``title``, ``plain``, ``advocate``, ``text``, ``instrument``) and the
wording below, marked with ``N_`` or written inside ``gettext(...)`` so that pybabel
extracts them. Article numbers, ids, statuses and source tags stay untranslated.

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

DISCLAIMER = N_(
    "This is legal information, not legal advice. Only Belgian authorities and courts decide."
)

GROUND_TYPES: dict[str, str] = {
    "mandatory": N_("mandatory refusal ground"),
    "optional": N_("optional refusal ground"),
    "condition": N_("condition on how the request is carried out"),
}

_TAG_NOTES: dict[str, str] = {
    "C": N_("confirmed"),
    "P": N_("partly confirmed: check the text"),
    "U": N_("not confirmed: check the text before relying on it"),
}


def citation(source: Source, translator: Translator, *, with_note: bool = False) -> str:
    """``Instrument, Art. x [P]``, the instrument translated; optionally with the tag spelt out."""
    instrument = translator.gettext(source.instrument)
    cited = f"{instrument}, {source.article}" if source.article else instrument
    if with_note:
        note = translator.gettext(_TAG_NOTES[source.source_tag])
        return f"{cited} [{source.source_tag}: {note}]"
    return f"{cited} [{source.source_tag}]"


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
                "title": t.gettext(ground.title),
                "instrument": t.gettext(ground.instrument),
                "article": ground.article,
                "source_tag": ground.source_tag,
                "explanation": t.gettext(explanation),
                "further_sources": [
                    {
                        "instrument": t.gettext(source.instrument),
                        "article": source.article,
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
