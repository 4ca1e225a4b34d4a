"""The result screen and the case note: the assessment of a finished conversation.

People concerned read the plain explanation of each ground; advocates read the precise
one. Both see the instrument, the article and the source tag, grouped by status, then
what to do, the date the legal content was reviewed and the disclaimer. Nothing here
promises an outcome.
"""

from __future__ import annotations

from bot.dialog.conversation import CaseNoteBuilder, ResultBuilder
from bot.dialog.facts import session_facts
from bot.dialog.state import SessionState
from bot.dialog.view import Document, Paragraph
from bot.i18n import Translator
from bot.knowledge import Assessment, GroundResult, KnowledgeBase, Status, assess
from bot.knowledge.citations import addresses_section
from bot.knowledge.report import DISCLAIMER, assessment_to_text, citation

ROLE = "role"
ADVOCATE = "advocate"


def is_advocate(state: SessionState) -> bool:
    """Whether the session chose the advocate path."""
    return state.answers.get(ROLE) == ADVOCATE


def assess_session(kb: KnowledgeBase, state: SessionState) -> Assessment:
    """The one engine, fed with the session's answers."""
    return assess(kb, session_facts(kb, state.answers))


def _ground(result: GroundResult, t: Translator, advocate: bool) -> Paragraph:
    ground = result.ground
    explanation = t.gettext(ground.advocate if advocate else ground.plain)
    cited = "; ".join(citation(source, t, with_note=True) for source in ground.sources)
    return Paragraph(f"• {t.gettext(ground.title)}\n{explanation}\n{cited}")


def render_assessment(
    assessment: Assessment, t: Translator, *, advocate: bool
) -> tuple[Paragraph, ...]:
    """Grounds that apply, grounds that may apply, the rest in one line, then actions."""
    out: list[Paragraph] = []
    applies = assessment.with_status(Status.APPLIES)
    may = assessment.with_status(Status.MAY_APPLY)
    if applies:
        out.append(Paragraph(t.gettext("Grounds your answers point to"), "title"))
        out.extend(_ground(result, t, advocate) for result in applies)
    if may:
        out.append(Paragraph(t.gettext("Grounds that may apply (check with a lawyer)"), "title"))
        out.extend(_ground(result, t, advocate) for result in may)
    others = len(assessment.grounds) - len(applies) - len(may)
    if others:
        text = t.ngettext(
            "{count} other ground is not indicated by your answers or concerns another "
            "kind of request.",
            "{count} other grounds are not indicated by your answers or concern other "
            "kinds of request.",
            others,
        ).format(count=t.format_number(others))
        out.append(Paragraph(text, "note"))
    if assessment.actions:
        out.append(Paragraph(t.gettext("What you can do now"), "title"))
        for action in assessment.actions:
            wording = action.advocate if advocate and action.advocate else action.text
            out.append(Paragraph(f"• {t.gettext(wording)}"))
    reviewed = t.gettext("Legal content last reviewed on {date}.").format(
        date=t.format_date(assessment.reviewed_on)
    )
    out.append(Paragraph(f"{reviewed} {t.gettext(DISCLAIMER)}", "note"))
    return tuple(out)


def result_builder(kb: KnowledgeBase) -> ResultBuilder:
    """The runner's result hook."""

    def build(state: SessionState, t: Translator) -> tuple[Paragraph, ...]:
        return render_assessment(assess_session(kb, state), t, advocate=is_advocate(state))

    return build


def case_note_builder(kb: KnowledgeBase) -> CaseNoteBuilder:
    """The runner's case-note hook: answers, grounds with citations, actions, disclaimer,
    then the addresses of the official texts of every ground and action it names."""

    def build(state: SessionState, t: Translator, answers: list[tuple[str, str]]) -> Document:
        lines = [
            t.gettext("refuge-guide: case note"),
            t.gettext("Made on request and not stored. Legal information, not legal advice."),
            "",
            t.gettext("Answers given"),
        ]
        lines.extend(f"- {question}: {answer}" for question, answer in answers)
        lines.append("")
        assessment = assess_session(kb, state)
        lines.append(assessment_to_text(assessment, t, audience="advocate"))
        lines.extend(addresses_section(assessment, t))
        stem = t.gettext("case-note")
        filename = f"{stem}-{t.lang}.txt"
        caption = t.gettext("Case note for a lawyer or an authority")
        return Document(filename, "\n".join(lines).encode("utf-8"), caption)

    return build
