"""Where to open the texts an assessment relies on: the addresses section of the case note.

The case note goes to a lawyer or an authority, who should not have to trust the guide's
summary of a rule: for every ground the note names and every step it suggests, this lists
each source with the address of its official text (see :mod:`bot.knowledge.addresses`).
Plain text, so that any channel can send it as a file.
"""

from __future__ import annotations

from bot.i18n import Translator
from bot.knowledge.engine import Assessment
from bot.knowledge.models import Source
from bot.knowledge.report import citation


def _source_lines(sources: tuple[Source, ...], t: Translator) -> list[str]:
    # Addresses are separated by " ; " in every language: a ";" right after an address
    # could be read as part of it.
    return [f"  {t.row(citation(source, t), ' ; '.join(source.urls))}" for source in sources]


def addresses_section(assessment: Assessment, t: Translator) -> list[str]:
    """Lines listing, per ground named and per action offered, its sources and addresses."""
    # TRANSLATORS: a heading of the case note, above each ground and step with the addresses of its
    # official texts.
    lines = [t.gettext("Official texts cited (open them to check what the guide says)")]
    for result in assessment.grounds:
        ground = result.ground
        lines.append(t.bullet(t.gettext(ground.title_for(advocate=True))))
        lines.extend(_source_lines(ground.sources, t))
        for caveat in result.caveats:
            lines.extend(_source_lines(caveat.sources, t))
    for number, action in enumerate(assessment.actions, start=1):
        # TRANSLATORS: a line of the case note that names one step of "what you can do"; its sources
        # follow.
        label = t.gettext("What you can do, step {number}").format(number=t.format_number(number))
        lines.append(t.bullet(label))
        lines.extend(_source_lines(action.sources, t))
    return lines
