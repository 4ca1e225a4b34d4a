"""The urgent screen's checklist: what to do at the door, in plain words, with its sources.

Someone whose door the police are knocking on needs five short lines and a number, not a
legal analysis. The steps live in ``dialogs/urgent.yaml``; each one either rests on a legal
rule (instrument, article, source tag and the pages it was read on) or is practical advice,
and says which. The urgent screen shows the steps and the contacts for the lawyer on duty
and legal aid; the case note repeats the steps with their sources.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

from bot.dialog.conversation import PanelBuilder
from bot.dialog.state import SessionState
from bot.dialog.view import Paragraph
from bot.directory import Directory, Situation, contact_line, contacts_for
from bot.errors import UrgentError
from bot.i18n import N_, Translator
from bot.knowledge.models import SourceTag
from bot.knowledge.report import cite
from bot.paths import DIALOGS_DIR
from bot.yaml_source import load_model

URGENT_FILE = DIALOGS_DIR / "urgent.yaml"

_FROZEN = ConfigDict(extra="forbid", frozen=True)

_TAG_NOTES: dict[str, str] = {
    # TRANSLATORS: a source note in a citation: "[C: confirmed]" (the team read the official text).
    # Lower case: it follows "C: ".
    "C": N_("confirmed"),
    "P": N_("partly confirmed: check the text"),
    "U": N_("not confirmed: check the text before relying on it"),
}


class UrgentStep(BaseModel):
    """One thing to do at the door, and what it rests on."""

    model_config = _FROZEN

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    text: str = Field(min_length=1, max_length=300)
    basis: Literal["law", "practical"]
    instrument: str | None = Field(default=None, min_length=1, max_length=200)
    article: str | None = Field(default=None, min_length=1, max_length=100)
    source_tag: SourceTag | None = None
    sources: tuple[HttpUrl, ...] = ()

    @model_validator(mode="after")
    def _law_is_sourced(self) -> UrgentStep:
        cited = (self.instrument, self.article, self.source_tag)
        if self.basis == "law" and (None in cited or not self.sources):
            raise ValueError(
                "a step based on law needs instrument, article, source_tag and sources"
            )
        if self.basis == "practical" and (any(cited) or self.sources):
            raise ValueError("a practical step cites no law; make it 'basis: law' to cite one")
        return self

    def citation(self, t: Translator) -> str | None:
        """``Code of Criminal Procedure, Art. 47bis [P]`` in the reader's language."""
        if self.instrument is None or self.source_tag is None:
            return None
        return cite(t, self.instrument, self.article, self.source_tag)


class UrgentAdvice(BaseModel):
    """The checklist, in the order it is shown."""

    model_config = _FROZEN

    steps: tuple[UrgentStep, ...] = Field(min_length=1, max_length=8)

    def checklist(self, t: Translator) -> str:
        """The numbered steps, one per line."""
        return "\n".join(
            t.numbered(number, t.gettext(step.text))
            for number, step in enumerate(self.steps, start=1)
        )

    def sources_line(self, t: Translator) -> str:
        """One line saying which steps rest on which law (tag spelt out) and which are advice."""
        groups: dict[tuple[str, str], list[int]] = {}
        practical: list[int] = []
        for number, step in enumerate(self.steps, start=1):
            if step.instrument is None or step.source_tag is None:
                practical.append(number)
            else:
                key = (t.gettext(step.instrument), step.source_tag)
                groups.setdefault(key, []).append(number)
        parts = [
            # TRANSLATORS: which steps of the urgent checklist rest on which law, e.g. "steps
            # 1, 2, 3: Code of Criminal Procedure [P: partly confirmed: check the text]".
            t.gettext("steps {numbers}: {instrument} [{tag}: {note}]").format(
                numbers=t.numbers(numbers),
                instrument=instrument,
                tag=tag,
                note=t.gettext(_TAG_NOTES[tag]),
            )
            for (instrument, tag), numbers in groups.items()
        ]
        if practical:
            parts.append(
                # TRANSLATORS: part of the sources line of the urgent checklist: "steps 4, 5:
                # practical advice".
                t.gettext("steps {numbers}: practical advice").format(numbers=t.numbers(practical))
            )
        # TRANSLATORS: the line under the urgent checklist; {sources} is one or more "steps 1, 2: …"
        # parts separated by "; ".
        return t.gettext("Sources: {sources}.").format(sources=t.join(parts))

    def with_sources(self, t: Translator) -> str:
        """Each step with its citation and the pages it was read on (for the case note)."""
        lines: list[str] = []
        for number, step in enumerate(self.steps, start=1):
            lines.append(t.numbered(number, t.gettext(step.text)))
            citation = step.citation(t)
            if citation is None:
                # TRANSLATORS: a line of the case note under an urgent step that rests on no legal
                # text.
                lines.append("   " + t.gettext("Practical advice; no legal text was checked."))
                continue
            lines.append(f"   {citation}")
            lines.extend(f"   {source}" for source in step.sources)
        return "\n".join(lines)


def load_urgent(path: Path = URGENT_FILE) -> UrgentAdvice:
    """Read and validate the checklist; raise :class:`UrgentError` naming the step."""
    return load_model(path, UrgentAdvice, UrgentError, items=("steps", "step"))


def urgent_panel(advice: UrgentAdvice, directory: Directory) -> PanelBuilder:
    """The notices' ``panel: urgent``: the checklist, whom to call, and its sources."""

    def build(name: str, state: SessionState, t: Translator) -> tuple[Paragraph, ...]:
        if name != "urgent":  # the flow model allows no other panel
            return ()
        shown = contacts_for(directory, Situation(urgent=True), state.lang)
        lines = "\n".join(t.bullet(contact_line(contact, t)) for contact in shown)
        return (
            Paragraph(f"{advice.checklist(t)}\n{lines}"),
            Paragraph(advice.sources_line(t), "note"),
        )

    return build
