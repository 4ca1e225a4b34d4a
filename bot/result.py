"""The result screen: the assessment of a finished conversation, as chat paragraphs.

People concerned read the plain explanation of each ground; advocates read the precise
one. Both see the instrument, the article and the source tag, grouped by status, then
what to do, the date the legal content was reviewed and the disclaimer. Nothing here
promises an outcome.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.dialog.runner import ResultBuilder
from bot.dialog.state import Answer, SessionState
from bot.dialog.view import Paragraph
from bot.i18n import N_, Translator
from bot.knowledge import Assessment, KnowledgeBase, Status, assess, load_knowledge, parse_facts
from bot.knowledge.models import Ground

ROLE = "role"
ADVOCATE = "advocate"

TAG_NAMES: Mapping[str, str] = {
    "C": N_("confirmed"),
    "P": N_("partly confirmed"),
    "U": N_("unconfirmed, to be checked"),
}

DISCLAIMER = N_(
    "This is legal information, not legal advice. Only Belgian authorities and courts "
    "decide. Show this to a lawyer."
)


def facts_from_answers(kb: KnowledgeBase, answers: Mapping[str, Answer]) -> dict[str, object]:
    """The raw facts in a session's answers (flow variables such as the role are left out)."""
    raw: dict[str, object] = {}
    for fact, value in answers.items():
        definition = kb.facts.get(fact)
        if definition is None:
            continue
        if definition.kind == "set":
            raw[fact] = (
                list(value) if isinstance(value, tuple) else ([] if value == "unknown" else [value])
            )
        else:
            raw[fact] = value
    return raw


def citation(ground: Ground, t: Translator) -> str:
    """``Instrument, article [C: confirmed]`` plus any further sources."""
    cited = []
    for source in ground.sources:
        where = (
            f"{t.gettext(source.instrument)}, {source.article}"
            if source.article
            else (t.gettext(source.instrument))
        )
        cited.append(f"{where} [{source.source_tag}: {t.gettext(TAG_NAMES[source.source_tag])}]")
    return "; ".join(cited)


def _ground_paragraph(ground: Ground, t: Translator, advocate: bool) -> Paragraph:
    explanation = t.gettext(ground.advocate if advocate else ground.plain)
    return Paragraph(f"• {t.gettext(ground.title)}\n{explanation}\n{citation(ground, t)}")


def render_assessment(
    assessment: Assessment, t: Translator, *, advocate: bool
) -> tuple[Paragraph, ...]:
    """Grounds that apply, grounds that may apply, the rest in one line, then actions."""
    out: list[Paragraph] = []
    applies = assessment.with_status(Status.APPLIES)
    may = assessment.with_status(Status.MAY_APPLY)
    if applies:
        out.append(Paragraph(t.gettext("Grounds your answers point to"), "title"))
        out.extend(_ground_paragraph(r.ground, t, advocate) for r in applies)
    if may:
        out.append(Paragraph(t.gettext("Grounds that may apply (check with a lawyer)"), "title"))
        out.extend(_ground_paragraph(r.ground, t, advocate) for r in may)
    others = len(assessment.grounds) - len(applies) - len(may)
    if others:
        text = t.ngettext(
            "%(count)d other ground is not indicated by your answers or concerns another "
            "kind of request.",
            "%(count)d other grounds are not indicated by your answers or concern other "
            "kinds of request.",
            others,
        ) % {"count": others}
        out.append(Paragraph(text, "note"))
    if assessment.actions:
        out.append(Paragraph(t.gettext("What you can do now"), "title"))
        for action in assessment.actions:
            wording = action.advocate if advocate and action.advocate else action.text
            out.append(Paragraph(f"• {t.gettext(wording)}"))
    reviewed = t.gettext("Legal content last reviewed on %(date)s.") % {
        "date": t.format_date(assessment.reviewed_on)
    }
    out.append(Paragraph(f"{reviewed} {t.gettext(DISCLAIMER)}", "note"))
    return tuple(out)


def result_builder(kb: KnowledgeBase | None = None) -> ResultBuilder:
    """The runner's result hook, over the knowledge base (loaded once)."""
    knowledge = kb if kb is not None else load_knowledge()

    def build(state: SessionState, t: Translator) -> tuple[Paragraph, ...]:
        facts = parse_facts(knowledge, facts_from_answers(knowledge, state.answers))
        advocate = state.answers.get(ROLE) == ADVOCATE
        return render_assessment(assess(knowledge, facts), t, advocate=advocate)

    return build
