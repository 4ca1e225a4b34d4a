"""The pages of a result: what the runner's result hook draws for each ``state.page``.

- the summary: for a person, the short first message (:func:`bot.summary.person_summary`);
  for an advocate, the citations at a glance and the actions with their legal basis;
- ``ground:<n>``: why the n-th ground the summary offers (every ground that applies or
  may apply, strongest first) may help, with its citations (and,
  for advocates, what the source tag means for the reader: a caveat);
- ``details``: every ground in full, then the actions (:func:`bot.result.render_assessment`);
- ``contacts``: the two to four contacts that fit the situation, in full, and the legal aid
  offices of the other cities.

People's pages are cut into messages of one phone screen; advocates' are not (their
citation block is meant to be read as one message).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.dialog.conversation import ResultBuilder, ResultPage
from bot.dialog.facts import session_facts
from bot.dialog.state import SessionState
from bot.dialog.view import Paragraph
from bot.directory import Contact, Directory, Situation, contact_block, contact_line, contacts_for
from bot.i18n import N_, Translator
from bot.knowledge import Assessment, GroundResult, KnowledgeBase, Source, Status, assess
from bot.knowledge.report import citation
from bot.next_steps import NextSteps
from bot.result import audience_of, render_assessment
from bot.summary import advocate_actions, advocate_citations, person_summary, ranked
from bot.urgent import UrgentAdvice

_STATUS_LINES = {
    # TRANSLATORS: a line under a ground's heading, on its own page of the result.
    Status.APPLIES: N_("Your answers point to this ground."),
    # TRANSLATORS: a line under a ground's heading, on its own page of the result.
    Status.MAY_APPLY: N_("This ground may apply: some answers point to it, or are not known."),
}

_ADVOCATE_STATUS_LINES = {
    # TRANSLATORS: a line under a ground's heading, on its own page of the advocate's result
    # (an advocate gave the facts of someone else's case).
    Status.APPLIES: N_("The facts given point to this ground."),
    # TRANSLATORS: a line under a ground's heading, on its own page of the advocate's result.
    Status.MAY_APPLY: N_("This ground may apply: some facts point to it, or are not known."),
}
"""An advocate answered about someone else's case: "your answers" would address them as
the person concerned."""

_CAVEATS = {
    # TRANSLATORS: a note for advocates under a ground's citations; {address} is the official text's
    # web address.
    "P": N_(
        "Caveat: this text was read only in part, or in a secondary source. Check the "
        "official text before relying on it: {address}"
    ),
    # TRANSLATORS: a note for advocates under a ground's citations; {address} is the official text's
    # web address.
    "U": N_(
        "Caveat: this text has not been read for the guide. Check the official text "
        "before relying on it: {address}"
    ),
}


@dataclass(frozen=True)
class ResultData:
    """What the result pages are made from, loaded once at start-up."""

    kb: KnowledgeBase
    directory: Directory
    next_steps: NextSteps
    urgent: UrgentAdvice

    def assessment(self, state: SessionState) -> Assessment:
        """The one engine, fed with the session's answers."""
        return assess(self.kb, session_facts(self.kb, state.answers))

    def contacts(self, state: SessionState) -> tuple[Contact, ...]:
        """The two to four contacts that fit the session's situation."""
        situation = Situation.from_facts(session_facts(self.kb, state.answers))
        return contacts_for(self.directory, situation, state.lang)


def offered(assessment: Assessment) -> tuple[GroundResult, ...]:
    """The grounds that get a button of their own: every one that applies or may apply,
    strongest first (the screen shows them a few at a time, see
    :mod:`bot.dialog.result_screen`)."""
    return ranked(assessment)


def _summary(data: ResultData, state: SessionState, t: Translator) -> ResultPage:
    assessment = data.assessment(state)
    grounds = offered(assessment)
    advocate = audience_of(state) == "advocate"
    labels = tuple(t.gettext(r.ground.button_for(advocate)) for r in grounds)
    if advocate:
        paragraphs = advocate_citations(assessment, t) + advocate_actions(assessment, t)
        return ResultPage(paragraphs, grounds=labels)
    shown = data.contacts(state)
    steps = data.next_steps.for_actions(assessment.actions, shown, data.directory, t)
    return ResultPage(person_summary(assessment, steps, t), grounds=labels, screenful=True)


def _caveat(source: Source, t: Translator) -> str | None:
    template = _CAVEATS.get(source.source_tag)
    return t.gettext(template).format(address=source.urls[0]) if template else None


def _ground(data: ResultData, state: SessionState, t: Translator, index: int) -> ResultPage | None:
    grounds = offered(data.assessment(state))
    if not 0 <= index < len(grounds):
        return None
    result = grounds[index]
    ground = result.ground
    advocate = audience_of(state) == "advocate"
    explanation = ground.advocate if advocate else ground.plain
    status_lines = _ADVOCATE_STATUS_LINES if advocate else _STATUS_LINES
    out = [
        Paragraph(t.gettext(ground.title_for(advocate)), "title"),
        Paragraph(f"{t.gettext(status_lines[result.status])}\n{t.gettext(explanation)}"),
    ]
    for caveat in result.caveats:
        out.append(Paragraph(t.gettext(caveat.advocate if advocate else caveat.plain), "note"))
    cited = "\n".join(citation(source, t, with_note=True) for source in ground.sources)
    out.append(Paragraph(cited))
    if advocate:
        notes = [note for source in ground.sources if (note := _caveat(source, t))]
        out.extend(Paragraph(note, "note") for note in dict.fromkeys(notes))
    sources = (ground.title_for(advocate), explanation, *(c.plain for c in result.caveats))
    return ResultPage(tuple(out), sources=sources, screenful=not advocate)


def _contacts(data: ResultData, state: SessionState, t: Translator) -> ResultPage:
    shown = data.contacts(state)
    # TRANSLATORS: a heading of the result's contacts page (the button that opens it is
    # another entry).
    title = t.pgettext("heading of the contacts page", "Who to contact")
    out = [Paragraph(title, "title")]
    out.extend(Paragraph(contact_block(contact, t)) for contact in shown)
    others = [
        contact_line(contact, t)
        for contact in data.directory.shown
        if "legal_aid" in contact.kinds and contact not in shown
    ]
    if others:
        # TRANSLATORS: a heading of the result's contacts page, above one line per legal aid office.
        heading = t.gettext("Legal aid offices in other cities:")
        out.append(Paragraph("\n".join((heading, *others))))
    out.append(
        Paragraph(
            # TRANSLATORS: a note at the end of the result's contacts page.
            t.gettext(
                "Details were read on each organisation's own page on the date shown. "
                "Check them there before relying on them."
            ),
            "note",
        )
    )
    return ResultPage(tuple(out), screenful=audience_of(state) == "person")


def result_builder(data: ResultData) -> ResultBuilder:
    """The runner's result hook: one page of the result for a session."""

    def build(state: SessionState, t: Translator, page: str) -> ResultPage | None:
        if page == "":
            return _summary(data, state, t)
        if page == "details":
            audience = audience_of(state)
            paragraphs = render_assessment(data.assessment(state), t, audience=audience)
            return ResultPage(paragraphs, screenful=audience == "person")
        if page == "contacts":
            return _contacts(data, state, t)
        kind, _, number = page.partition(":")
        if kind == "ground" and number.isdigit():
            return _ground(data, state, t, int(number))
        return None

    return build
