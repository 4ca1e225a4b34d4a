"""The case note: what a lawyer needs to pick up the case, as a plain-text file.

Each answer under the question as it was asked (never "The requesting state: Yes"), the
day the note was made, the urgent checklist with its sources when the situation is
urgent, every ground with its citations and the actions (:func:`bot.result.render_assessment`,
the same report as on screen), the addresses of the official texts, and the contacts shown
with the pages their details were read on. Made on request in the language asked for and
never stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.dialog.conversation import CaseNoteBuilder
from bot.dialog.state import SessionState
from bot.dialog.view import Document, Paragraph
from bot.directory import contact_block
from bot.i18n import Translator
from bot.knowledge.citations import addresses_section
from bot.result import plain_text, render_assessment
from bot.result_pages import ResultData

Today = Callable[[], dt.date]
URGENT_FACT = "detained_or_imminent"


def _answer(question: str, answer: str, t: Translator) -> str:
    """One question of the case note as it was asked, with the answer under it."""
    # TRANSLATORS: a question of the case note as it was asked (a whole sentence, often
    # ending in "?"), and under it the answer given. Keep the line break.
    return t.gettext("- {question}\n  → {answer}").format(question=question, answer=answer)


def case_note_paragraphs(
    data: ResultData,
    state: SessionState,
    t: Translator,
    answers: list[tuple[str, str]],
    day: dt.date,
) -> tuple[Paragraph, ...]:
    """The note in the language of ``t``, as paragraphs."""
    # A note is read later, by someone else: the date spelt out ("2 décembre 2026").
    # TRANSLATORS: a line of the case note, under its title; {date} is a long date ("2 December
    # 2026").
    made = t.gettext("Made on {date}, on request, and not stored.").format(date=t.format_date(day))
    # TRANSLATORS: a sentence of the case note, right after "Made on {date}, on request, and not
    # stored."
    disclaimer = t.gettext("Legal information, not legal advice.")
    out = [
        # TRANSLATORS: a heading: the title at the top of the case note (a text file). Keep
        # "refuge-guide", the program's name.
        Paragraph(t.gettext("refuge-guide: case note"), "title"),
        Paragraph(f"{made} {disclaimer}"),
        # TRANSLATORS: a heading of the case note, above the list of each question and the answer
        # given.
        Paragraph(t.gettext("Answers given"), "title"),
        Paragraph("\n".join(_answer(question, answer, t) for question, answer in answers)),
    ]
    if state.answers.get(URGENT_FACT) == "yes":
        # TRANSLATORS: a heading of the case note, above what to do when the police are at the door.
        out.append(Paragraph(t.gettext("At the door (urgent situation)"), "title"))
        out.append(Paragraph(data.urgent.with_sources(t)))
    assessment = data.assessment(state)
    out.extend(render_assessment(assessment, t, audience="advocate"))
    out.append(Paragraph("\n".join(addresses_section(assessment, t))))
    # TRANSLATORS: a heading of the case note, above the organisations the guide showed the person.
    out.append(Paragraph(t.gettext("Contacts shown"), "title"))
    out.extend(Paragraph(contact_block(c, t, with_source=True)) for c in data.contacts(state))
    return tuple(out)


def case_note_builder(data: ResultData, today: Today = dt.date.today) -> CaseNoteBuilder:
    """The runner's case-note hook."""

    def build(state: SessionState, t: Translator, answers: list[tuple[str, str]]) -> Document:
        paragraphs = case_note_paragraphs(data, state, t, answers, today())
        # TRANSLATORS: the stem of the case note's file name ("case-note-fr.txt"): lower
        # case, dashes, and Latin letters only, so that every phone can open it.
        stem = t.gettext("case-note")
        filename = f"{stem}-{t.lang}.txt"
        # TRANSLATORS: a caption: the line Telegram shows under the case note file (at most 1024
        # characters).
        caption = t.gettext("Case note for a lawyer or an authority")
        return Document(filename, plain_text(paragraphs).encode("utf-8"), caption)

    return build
