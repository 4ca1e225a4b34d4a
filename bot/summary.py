"""The first message of a result: short for the person concerned, citations for advocates.

A person who has just answered twenty questions reads the first lines and acts on them.
So their result opens with one short message: how many grounds point to a refusal, the
strongest one or two by name, and the one to three things to do now, each with whom to
contact. Everything else (why each ground may help, the full list, the contacts' details)
is one button away.

An advocate wants the citations at a glance: one line per ground (status, short title,
the instrument's short name and article, source tag), then the actions with their legal
basis. The
explanations are one button away for them too.

Both never promise an outcome: only Belgian authorities and courts decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.dialog.view import Paragraph
from bot.i18n import N_, Translator
from bot.knowledge import Assessment, GroundResult, Status
from bot.knowledge.report import citation

MAX_STEPS = 3
"""Things to do named in the first message: more would not be read."""

STRONGEST = 2
"""Grounds named in the first message."""

_TYPE_RANK = {"mandatory": 0, "optional": 1, "condition": 2}
_STATUS_RANK = {Status.APPLIES: 0, Status.MAY_APPLY: 1}

MARKS: dict[Status, str] = {Status.APPLIES: "●", Status.MAY_APPLY: "◐"}
"""How an advocate's line shows the status (the legend says what the marks mean)."""

# TRANSLATORS: a note at the end of the short first message of the result.
FOOTER = N_("Only Belgian authorities and courts decide.")

# TRANSLATORS: a line of the result's first message, above the buttons that each open one
# ground; keep it short, it counts against the message's 600 characters.
GROUNDS_HINT = N_("Choose a ground below to see why it may help.")
"""Each ground opens on its own button, labelled only with the ground's title (40
characters leave no room for more), so the message says what those buttons are for."""

BUDGET = 560
"""Characters of the first message after its title: the issue asks for about 600 in every
language, so the least important lines go first when a language runs longer."""


@dataclass(frozen=True)
class NextStep:
    """One thing to do now, in the reader's language, and whom to contact for it."""

    text: str
    contact: str | None = None


def ranked(assessment: Assessment) -> tuple[GroundResult, ...]:
    """Grounds that apply, then those that may, mandatory before optional before conditions;
    knowledge-base order otherwise."""
    shown = assessment.with_status(Status.APPLIES, Status.MAY_APPLY)
    order = {result.ground.id: index for index, result in enumerate(assessment.grounds)}
    return tuple(
        sorted(
            shown,
            key=lambda r: (
                _STATUS_RANK[r.status],
                _TYPE_RANK[r.ground.type],
                order[r.ground.id],
            ),
        )
    )


def _count_line(assessment: Assessment, t: Translator) -> str:
    applies = len(assessment.with_status(Status.APPLIES))
    may = len(assessment.with_status(Status.MAY_APPLY))
    if applies:
        # TRANSLATORS: the first line of the result's short first message; {count} is a number.
        line = t.ngettext(
            "Your answers point to {count} ground for refusing the request.",
            "Your answers point to {count} grounds for refusing the request.",
            applies,
        ).format(count=t.format_number(applies))
        if may:
            # TRANSLATORS: follows "Your answers point to {count} grounds…" on the same line;
            # {count} is a number.
            more = t.ngettext("{count} more may apply.", "{count} more may apply.", may).format(
                count=t.format_number(may)
            )
            line = f"{line} {more}"
        return line
    if may:
        # TRANSLATORS: the first line of the result's short first message; {count} is a number.
        return t.ngettext(
            "No ground clearly points to a refusal yet; {count} may apply.",
            "No ground clearly points to a refusal yet; {count} may apply.",
            may,
        ).format(count=t.format_number(may))
    # TRANSLATORS: the first line of the result's short first message when no ground applies.
    return t.gettext(
        "Your answers do not point to a ground for refusal. A lawyer can still check your case."
    )


def person_summary(
    assessment: Assessment, steps: Sequence[NextStep], t: Translator, budget: int = BUDGET
) -> tuple[Paragraph, ...]:
    """The short first message: count, the strongest grounds, what to do now, the footer.

    It names up to two grounds and three steps; when that runs over ``budget`` characters,
    the third step goes first, then the second ground, then the second step.
    """
    for grounds, shown in ((STRONGEST, MAX_STEPS), (STRONGEST, 2), (1, 2), (1, 1)):
        paragraphs = _summary(assessment, steps[:shown], t, grounds)
        if sum(len(p.text) + 2 for p in paragraphs) <= budget:
            break
    return paragraphs


def _summary(
    assessment: Assessment, steps: Sequence[NextStep], t: Translator, grounds: int
) -> tuple[Paragraph, ...]:
    lines = [_count_line(assessment, t)]
    strongest = ranked(assessment)[:grounds]
    if strongest:
        titles = t.join(t.gettext(result.ground.title) for result in strongest)
        # TRANSLATORS: a line of the result's first message; {titles} is one or two ground titles
        # separated by "; ".
        lines.append(t.gettext("The strongest: {titles}.").format(titles=titles))
    out = [Paragraph("\n".join(lines))]
    if steps:
        # TRANSLATORS: a heading line of the result's first message, above numbered steps.
        numbered = [t.gettext("What to do now:")]
        # TRANSLATORS: a thing to do in the result's first message ({step}), then whom to
        # contact for it ({contact}); change the arrow or the spacing if your language
        # writes otherwise.
        with_contact = t.gettext("{step} → {contact}")
        for number, step in enumerate(steps, start=1):
            text = with_contact.format(step=step.text, contact=step.contact)
            numbered.append(t.numbered(number, text if step.contact else step.text))
        out.append(Paragraph("\n".join(numbered)))
    footer = t.gettext(FOOTER)
    if strongest:
        footer = f"{t.gettext(GROUNDS_HINT)}\n{footer}"
    out.append(Paragraph(footer, "note"))
    return tuple(out)


def citation_line(result: GroundResult, t: Translator) -> str:
    """``● Title — Instrument, Art. x [C]``: one ground at a glance, then under it each
    rule that narrows it in this situation (a caveat must never be missed).

    The line uses the ground's short advocate title (its button) and the instrument's
    short name ("ETS 30"), so that it stays within about one line of a phone: the full
    title and name head the ground's own page, all details and the case note."""
    cited = citation(result.ground.sources[0], t, short=True)
    title = t.gettext(result.ground.button_for(advocate=True))
    # TRANSLATORS: an advocate's line per ground: its mark (● or ◐, keep it), its title,
    # then its citation. Change the dash or the spacing if your language writes otherwise.
    line = t.gettext("{mark} {title} — {citation}")
    lines = [line.format(mark=MARKS[result.status], title=title, citation=cited)]
    # TRANSLATORS: a caveat under a ground in the advocate's result: the warning sign, then
    # a rule that narrows the ground in this situation; keep the sign.
    warning = t.gettext("⚠ {caveat}")
    lines.extend(f"   {warning.format(caveat=t.gettext(c.advocate))}" for c in result.caveats)
    return "\n".join(lines)


def advocate_citations(assessment: Assessment, t: Translator) -> tuple[Paragraph, ...]:
    """One line per ground that applies or may apply, with a legend; the rest in one line."""
    shown = ranked(assessment)
    # TRANSLATORS: a heading of the advocate's result, also the legend of the two marks ● and ◐
    # (keep them).
    legend = t.gettext("Grounds (● the facts point to it, ◐ it may apply)")
    out = [Paragraph(legend, "title")]
    if shown:
        out.append(Paragraph("\n".join(citation_line(result, t) for result in shown)))
    else:
        # TRANSLATORS: a line of the advocate's result under "Grounds (● …)" when no ground applies.
        out.append(Paragraph(t.gettext("None indicated by the facts given.")))
    others = len(assessment.grounds) - len(shown)
    if others:
        out.append(
            Paragraph(
                # TRANSLATORS: a note of the advocate's result, counting the grounds not shown.
                t.ngettext(
                    "{count} other ground not indicated or about another kind of request.",
                    "{count} other grounds not indicated or about other kinds of request.",
                    others,
                ).format(count=t.format_number(others)),
                "note",
            )
        )
    return tuple(out)


def advocate_actions(assessment: Assessment, t: Translator) -> tuple[Paragraph, ...]:
    """Each action offered, worded for advocates, with its primary legal basis."""
    if not assessment.actions:
        return ()
    lines = []
    for action in assessment.actions:
        wording = t.gettext(action.advocate or action.text)
        # TRANSLATORS: an action for advocates, then its legal basis (a citation) in
        # brackets. Use your language's brackets.
        based = t.gettext("{action} ({citation})")
        lines.append(
            t.bullet(
                based.format(action=wording, citation=citation(action.sources[0], t, short=True))
            )
        )
    return (
        # TRANSLATORS: a heading of the result for advocates, above the actions with their
        # citations.
        Paragraph(t.gettext("Actions and their legal basis"), "title"),
        Paragraph("\n".join(lines)),
    )
