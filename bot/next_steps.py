"""The things to do now, as the first message of a person's result names them.

The knowledge base words each action in full, with its legal basis; the first message has
room for a few words per action and whom to contact for it. ``dialogs/next_steps.yaml``
holds that short wording and the kinds of contact that help with each action; the
contact itself is chosen from the directory for the person's situation and language.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from bot.directory import Contact, Directory, contact_line
from bot.directory.choose import closest
from bot.directory.model import Kind
from bot.errors import NextStepsError
from bot.i18n import Translator
from bot.knowledge import Action, KnowledgeBase
from bot.paths import DIALOGS_DIR
from bot.summary import NextStep
from bot.yaml_source import load_model

NEXT_STEPS_FILE = DIALOGS_DIR / "next_steps.yaml"

_FROZEN = ConfigDict(extra="forbid", frozen=True)


class StepWording(BaseModel):
    """How one action reads in the first message, and which contacts help with it."""

    model_config = _FROZEN

    text: str = Field(min_length=1, max_length=120)
    contacts: tuple[Kind, ...] = ()


class NextSteps(BaseModel):
    """The short wording of the actions, by action id."""

    model_config = _FROZEN

    steps: dict[str, StepWording]

    def for_actions(
        self,
        actions: Sequence[Action],
        shown: Sequence[Contact],
        directory: Directory,
        t: Translator,
    ) -> tuple[NextStep, ...]:
        """Each action in a few words, with the first fitting contact: one of those shown
        for the situation if one fits, else the directory's closest in the reader's language.

        A contact is named once: a later step that only the same contact fits names none
        (the person has just read it above), so a short message never repeats itself."""
        steps: list[NextStep] = []
        named: set[str] = set()
        for action in actions:
            wording = self.steps.get(action.id)
            if wording is None:
                steps.append(NextStep(t.gettext(action.text)))
                continue
            contact = _contact(wording.contacts, shown, directory, t.lang, named)
            line = None
            if contact is not None:
                named.add(contact.id)
                line = contact_line(contact, t)
            steps.append(NextStep(t.gettext(wording.text), line))
        return tuple(steps)


def _contact(
    kinds: Sequence[Kind],
    shown: Sequence[Contact],
    directory: Directory,
    lang: str,
    named: set[str],
) -> Contact | None:
    """The first contact of ``kinds`` not named yet: among those shown, then any."""
    for kind in kinds:
        for contact in shown:
            if kind in contact.kinds and contact.id not in named:
                return contact
    for kind in kinds:
        found = [c for c in closest(directory.shown, kind, lang) if c.id not in named]
        if found:
            return found[0]
    return None


def load_next_steps(kb: KnowledgeBase, path: Path = NEXT_STEPS_FILE) -> NextSteps:
    """Read the short wording; raise :class:`NextStepsError` for an unknown action or field."""
    steps = load_model(path, NextSteps, NextStepsError)
    known = {action.id for action in kb.actions}
    for action_id in steps.steps:
        if action_id not in known:
            raise NextStepsError(
                f"{path.name}: steps.{action_id}: not an action of the knowledge base"
            )
    return steps
