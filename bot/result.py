"""The one renderer of an assessment: the result's details, the case note, ``assess`` as text.

All three tell an assessment the same way (:func:`render_assessment`): the same headings in
the same order, so that a person, their lawyer and a script reading the text see one
report. People concerned read the plain explanation of each ground; advocates read the
precise one and the kind of ground, under headings that address them as advocates
(:data:`HEADINGS`). Everyone sees the instrument, the article and the
source tag spelt out, then what to do, the date the legal content was reviewed and the
disclaimer. Nothing here promises an outcome.

It sits above ``bot.dialog`` and ``bot.knowledge`` because it needs both: the paragraphs
of a view, and the assessment. The result's pages (:mod:`bot.result_pages`) show it under
"All details", and the case note (:mod:`bot.case_note`) writes it into the file. A channel
draws the paragraphs (bold titles on Telegram); :func:`plain_text` writes them into a file.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.dialog.facts import session_facts
from bot.dialog.state import SessionState
from bot.dialog.view import Paragraph
from bot.i18n import N_, Translator
from bot.knowledge import Assessment, GroundResult, KnowledgeBase, Source, Status, assess
from bot.knowledge.report import DISCLAIMER, GROUND_TYPES, Audience, citation

ROLE = "role"
ADVOCATE = "advocate"

HEADINGS: dict[Audience, tuple[str, str, str]] = {
    "person": (
        # TRANSLATORS: a heading of the result for the person concerned.
        N_("Grounds your answers point to"),
        # TRANSLATORS: a heading of the result for the person concerned.
        N_("Grounds that may apply (check with a lawyer)"),
        # TRANSLATORS: a heading of the result for the person concerned, above the steps to take.
        N_("What you can do now"),
    ),
    # Advocates are addressed as advocates: no "check with a lawyer", no "your".
    "advocate": (
        # TRANSLATORS: a heading of the result for advocates.
        N_("Grounds the facts point to"),
        # TRANSLATORS: a heading of the result for advocates.
        N_("Grounds that may apply"),
        # TRANSLATORS: a heading of the result for advocates, above the actions with their
        # citations.
        N_("Actions and their legal basis"),
    ),
}
"""The three headings of an assessment, in order, by reader."""


def audience_of(state: SessionState) -> Audience:
    """Advocates (who chose "I help someone") get the precise wording; everyone else plain."""
    return "advocate" if state.answers.get(ROLE) == ADVOCATE else "person"


def assess_session(kb: KnowledgeBase, state: SessionState) -> Assessment:
    """The one engine, fed with the session's answers."""
    return assess(kb, session_facts(kb, state.answers))


def _cited(sources: tuple[Source, ...], t: Translator) -> str:
    return t.join(citation(source, t, with_note=True) for source in sources)


def _ground(result: GroundResult, t: Translator, audience: Audience) -> Paragraph:
    """Title (and, for advocates, the kind of ground), explanation, citations, caveats."""
    ground = result.ground
    advocate = audience == "advocate"
    title = t.gettext(ground.title_for(advocate))
    if advocate:
        # TRANSLATORS: an advocate's heading: a ground's title, then its kind ("mandatory
        # refusal ground"). Use your language's brackets and spacing.
        title = t.gettext("{title} ({kind})").format(
            title=title, kind=t.gettext(GROUND_TYPES[ground.type])
        )
    lines = [
        t.bullet(title),
        t.gettext(ground.advocate if advocate else ground.plain),
        _cited(ground.sources, t),
    ]
    for caveat in result.caveats:
        narrowed = t.gettext(caveat.advocate if advocate else caveat.plain)
        # TRANSLATORS: a caveat under a ground of the result and the case note: what narrows
        # the ground here, then its citations in brackets. Use your language's brackets.
        caveat_line = t.gettext("⚠ {caveat} ({citations})")
        lines.append(caveat_line.format(caveat=narrowed, citations=_cited(caveat.sources, t)))
    return Paragraph("\n".join(lines))


def render_assessment(
    assessment: Assessment, t: Translator, *, audience: Audience
) -> tuple[Paragraph, ...]:
    """The one way an assessment is told to people, on every channel and in every file.

    Grounds that apply, grounds that may apply, the rest counted in one line, what to do,
    then the review date and the disclaimer. ``audience`` picks the plain or the precise
    wording; the headings and their order are the same for everyone.
    """
    out: list[Paragraph] = []
    headings = HEADINGS[audience]
    applies = assessment.with_status(Status.APPLIES)
    may = assessment.with_status(Status.MAY_APPLY)
    if applies:
        out.append(Paragraph(t.gettext(headings[0]), "title"))
        out.extend(_ground(result, t, audience) for result in applies)
    if may:
        out.append(Paragraph(t.gettext(headings[1]), "title"))
        out.extend(_ground(result, t, audience) for result in may)
    others = len(assessment.grounds) - len(applies) - len(may)
    if others:
        out.append(Paragraph(_others(others, t, audience), "note"))
    if assessment.actions:
        out.append(Paragraph(t.gettext(headings[2]), "title"))
        # Numbered, because the case note's list of official texts names each action by its
        # number ("What you can do, step 2": bot.knowledge.citations).
        for number, action in enumerate(assessment.actions, start=1):
            wording = action.advocate if audience == "advocate" and action.advocate else action.text
            out.append(Paragraph(t.numbered(number, t.gettext(wording))))
    # TRANSLATORS: a note at the end of the result; {date} is a long date ("2 December 2026").
    reviewed = t.gettext("Legal content last reviewed on {date}.").format(
        date=t.format_date(assessment.reviewed_on)
    )
    out.append(Paragraph(f"{reviewed} {t.gettext(DISCLAIMER)}", "note"))
    return tuple(out)


def _others(count: int, t: Translator, audience: Audience) -> str:
    if audience == "advocate":
        # TRANSLATORS: a note of the result for advocates, counting the grounds not shown.
        line = t.ngettext(
            "{count} other ground not indicated or about another kind of request.",
            "{count} other grounds not indicated or about other kinds of request.",
            count,
        )
    else:
        # TRANSLATORS: a note of the result for the person concerned, counting the grounds
        # not shown.
        line = t.ngettext(
            "{count} other ground is not indicated by your answers or concerns another "
            "kind of request.",
            "{count} other grounds are not indicated by your answers or concern other "
            "kinds of request.",
            count,
        )
    return line.format(count=t.format_number(count))


def plain_text(paragraphs: Iterable[Paragraph]) -> str:
    """Paragraphs as a plain-text file: titles underlined, a blank line between blocks."""
    blocks = [
        f"{p.text}\n{'-' * len(p.text)}" if p.style == "title" else p.text for p in paragraphs
    ]
    return "\n\n".join(blocks) + "\n"


def assessment_text(assessment: Assessment, t: Translator, *, audience: Audience) -> str:
    """:func:`render_assessment` as plain text (``assess --format text``, the case note)."""
    return plain_text(render_assessment(assessment, t, audience=audience))
