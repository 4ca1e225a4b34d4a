"""The case that started the project, as facts and as the advocate's walk to them; and
the person's walks every channel is tested on (issue 11, point 10).

A Kazakh refugee in Brussels whose home was searched on a Kazakh request, with that
state's agents present (``shared/domain/seed-article.txt``). Tests that walk a channel
through it compare what the channel shows with what the engine gives for these facts.

The facts live in one place, the knowledge scenario :data:`SEED_SCENARIO` (which also
holds the statuses the engine must give); :data:`SEED_FACTS` is the part of it the
advocate's walk sets, read from that file, so the two cannot disagree.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.dialog.runner import Runner
from bot.i18n import get_translator
from tests.support.labels import (
    ADVOCATE_MLA,
    ADVOCATE_REFUGEE,
    DONE,
    DONT_KNOW,
    EXTRADITION,
    FLED_STATE,
    FOREIGN_OFFICIALS,
    INTERPOL,
    MLA,
    NO,
    REFUGEE,
    SEARCH,
    SEIZED_MATERIAL,
    TARGETED_PROFILE,
    UNKNOWN,
    YES,
)

SEED_SCENARIO = (
    Path(__file__).parent.parent
    / "knowledge"
    / "scenarios"
    / "01_seed_case_refugee_search_with_kazakh_officials.json"
)
"""The seed case as a knowledge scenario: its facts and the statuses they must give."""

SEED_CASE_FACTS: dict[str, object] = json.loads(SEED_SCENARIO.read_text(encoding="utf-8"))["facts"]
"""Every fact of the seed case (some no walk asks, such as the treaty cited)."""

ADVOCATE_WALK_SETS = (
    "request_kinds",
    "protection_status",
    "status_against_requesting_state",
    "requesting_state_is_origin",
    "targeted_profile",
    "mla_measures",
    "measure_already_executed",
    "foreign_officials_involved",
    "sensitive_material",
    "requesting_state_eu_member",
)
"""The facts :data:`ADVOCATE_SEED_WALK` answers; it leaves the others unknown."""

SEED_FACTS = {fact: SEED_CASE_FACTS[fact] for fact in ADVOCATE_WALK_SETS}
"""The seed case's facts as the advocate's walk gives them (from :data:`SEED_SCENARIO`)."""

ADVOCATE_SEED_WALK = (
    ADVOCATE_MLA,
    ADVOCATE_REFUGEE,
    TARGETED_PROFILE,
    DONE,
    SEARCH,
    FOREIGN_OFFICIALS,
    SEIZED_MATERIAL,
    DONE,
    UNKNOWN,
)
"""The advocate's answers after the role, by the start of each button's label: the seed
facts, the legal basis unknown (a state outside the EU). "Seized material" implies an
executed seizure, so neither "Seizure or freezing" nor "Measure already executed" needs
a tick of its own: nine taps, ten with the role on the first screen."""


# ---------------------------------------------------------------------------------------
# The person's walks that issue 11 (point 10) asks every channel to be tested on. Each
# channel's test walks them through its own driver and checks the same things: the first
# result message's length, the taps, the contacts shown, and that nothing is repeated.

FIRST_MESSAGE = 600
"""Characters of a person's first result message, in every language (issue 11, point 1)."""

Answer = str | tuple[str, ...]
"""An option's English label, or the labels to tick (then Done) on a multiple choice."""


@dataclass(frozen=True)
class PersonCase:
    """One person's walk: answers by question id (English labels, "I don't know" for any
    question not listed), and what the result must show."""

    name: str
    answers: Mapping[str, Answer]
    #: Names of the directory entries "Who to contact" must list for an English reader.
    contacts: tuple[str, ...]
    #: At most this many taps from the first screen to the result, the role, ticks and
    #: Done included (the walk as it is in December 2026, since the welcome and the
    #: privacy notice became part of the first screen: a longer one is a regression).
    taps: int
    #: Press "I need urgent help now" on the first screen first.
    urgent: bool = False
    #: A phrase the first message must hold (the step that matters most here).
    first_says: str = ""

    def answer(self, node: str) -> Answer:
        """The answer to the question ``node``."""
        return self.answers.get(node, DONT_KNOW)


SEED_PERSON = PersonCase(
    name="seed",
    answers={
        "detained": NO,
        "kinds": MLA,
        "origin": FLED_STATE,
        "status": REFUGEE,
        "against": YES,
        "profile": YES,
        "eu": NO,
        "measures": ("Search a home or an office", "Take papers or data, or block money"),
        "executed": YES,
        "officials": YES,
        "sensitive": YES,
    },
    # A search already done: a criminal lawyer (a bar's finder) and a human-rights body
    # after the legal aid office; the state she fled: a refugee-law service.
    contacts=(
        "Bureau voor Juridische Bijstand Brussel",
        "Barreau de Bruxelles — Trouver un avocat",
        "Ligue des droits humains (LDH)",
        "NANSEN — Belgian Refugee Council",
    ),
    taps=25,
    first_says="ask to see the file and to lift the measure",
)

INTERPOL_TRAVEL = PersonCase(
    name="interpol-and-travel",
    answers={
        "detained": NO,
        "kinds": INTERPOL,
        "origin": FLED_STATE,
        "status": REFUGEE,
        "against": YES,
        "notice_kind": "A Red Notice",
        "confirmed": NO,
        "travel": YES,
    },
    contacts=("Commission for the Control of INTERPOL's Files (CCF)", "Fair Trials"),
    taps=15,
    first_says="another country can arrest you on the notice and start an extradition",
)

URGENT_STEP = "Ask for a lawyer before you answer any question."
"""The first line of the checklist at the door: shown once, never again in the walk."""

URGENT = PersonCase(
    name="urgent",
    answers={"kinds": EXTRADITION},
    contacts=(
        "Lawyer on duty at police questioning",
        "Bureau voor Juridische Bijstand Brussel",
        "Bureau d'aide juridique de Bruxelles",
    ),
    taps=22,
    urgent=True,
    first_says="Get a lawyer today",
)

ALL_UNKNOWN = PersonCase(
    name="all-unknown",
    answers={"detained": NO},
    contacts=("Bureau voor Juridische Bijstand Brussel", "Ligue des droits humains (LDH)"),
    taps=30,
)

PERSON_CASES = (SEED_PERSON, INTERPOL_TRAVEL, URGENT, ALL_UNKNOWN)


def questions(runner: Runner, lang: str) -> dict[str, str]:
    """The person's questions by their text as shown in ``lang`` (spaces normalised), so
    that a channel test can tell which question is on screen."""
    t = get_translator(lang)
    return {
        " ".join(t.gettext(node.text).split()): node.id
        for node in runner.flows["person"].nodes
        if node.answered
    }
