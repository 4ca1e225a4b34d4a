"""An assessment in words: JSON for programs, plain text for people, in their language.

Every string shown passes through the translator: the English source strings of the
knowledge base (``title``, ``plain``, ``advocate``, ``text``, ``instrument``) and the
report's own wording below, marked with ``N_`` or written inside ``gettext(...)`` so that
pybabel extracts them. Article numbers, ids, statuses and source tags stay untranslated.
Plain text only: no HTML, so any channel can show it as it is.
"""

from __future__ import annotations

from typing import Literal

from bot.i18n import N_, Translator
from bot.knowledge.engine import Assessment
from bot.knowledge.models import GroundResult, Source, Status

Audience = Literal["person", "advocate"]
"""``person``: plain explanations; ``advocate``: compact, with legal terms and source notes."""

DISCLAIMER = N_(
    "This is legal information, not legal advice. Only Belgian authorities and courts decide."
)

_HEADINGS: dict[Status, str] = {
    Status.APPLIES: N_("Your answers point to these grounds:"),
    Status.MAY_APPLY: N_("These grounds may apply (some answers point to them, or are not known):"),
}

_BRIEF_HEADINGS: dict[Status, str] = {
    Status.NOT_INDICATED: N_("Not indicated by your answers:"),
    Status.NOT_RELEVANT: N_("About other kinds of request:"),
}

_TYPES: dict[str, str] = {
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
            }
        )
    actions = [
        {
            "id": action.id,
            "text": t.gettext(
                action.advocate if audience == "advocate" and action.advocate else action.text
            ),
        }
        for action in assessment.actions
    ]
    return {
        "grounds": grounds,
        "actions": actions,
        "knowledge_reviewed_on": assessment.reviewed_on.isoformat(),
        "disclaimer": t.gettext(DISCLAIMER),
    }


def assessment_to_text(
    assessment: Assessment, translator: Translator, *, audience: Audience = "person"
) -> str:
    """A readable report: grounds that apply, then may apply, then the others in brief."""
    t = translator
    lines: list[str] = [t.gettext("Grounds that may help to refuse or limit the request"), ""]
    for status, heading in _HEADINGS.items():
        results = assessment.with_status(status)
        if results:
            lines.append(t.gettext(heading))
            for result in results:
                lines.extend(_ground_lines(result, t, audience))
            lines.append("")
    for status, heading in _BRIEF_HEADINGS.items():
        results = assessment.with_status(status)
        if results:
            titles = "; ".join(t.gettext(result.ground.title) for result in results)
            lines.extend([f"{t.gettext(heading)} {titles}.", ""])
    if assessment.actions:
        lines.append(t.gettext("What you can do:"))
        for number, action in enumerate(assessment.actions, start=1):
            wording = action.advocate if audience == "advocate" and action.advocate else action.text
            lines.append(f"{number}. {t.gettext(wording)}")
        lines.append("")
    if audience == "person":
        lines.append(
            t.gettext(
                "Source tags: [C] confirmed, [P] partly confirmed, [U] not confirmed "
                "(a lawyer should check these texts)."
            )
        )
    reviewed = t.format_date(assessment.reviewed_on)
    lines.append(t.gettext("Legal content last reviewed: {date}.").format(date=reviewed))
    lines.append(t.gettext(DISCLAIMER))
    return "\n".join(lines) + "\n"


def _ground_lines(result: GroundResult, t: Translator, audience: Audience) -> list[str]:
    ground = result.ground
    if audience == "advocate":
        kind = t.gettext(_TYPES[ground.type])
        cited = "; ".join(citation(source, t, with_note=True) for source in ground.sources)
        return [
            f"• {t.gettext(ground.title)} ({kind})",
            f"  {cited}",
            f"  {t.gettext(ground.advocate)}",
        ]
    cited = "; ".join(citation(source, t) for source in ground.sources)
    label = t.ngettext("Source:", "Sources:", len(ground.sources))
    return [
        f"• {t.gettext(ground.title)}",
        f"  {t.gettext(ground.plain)}",
        f"  {label} {cited}",
    ]
