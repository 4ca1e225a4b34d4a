"""The case that started the project, as facts and as the advocate's walk to them.

A Kazakh refugee in Brussels whose home was searched on a Kazakh request, with that
state's agents present (``shared/domain/seed-article.txt``). Tests that walk a channel
through it compare what the channel shows with what the engine gives for these facts.
"""

from __future__ import annotations

SEED_FACTS = {
    "request_kinds": ["mla"],
    "protection_status": "refugee",
    "status_against_requesting_state": "yes",
    "requesting_state_is_origin": "yes",
    "targeted_profile": "yes",
    "mla_measures": ["search", "seizure_or_freeze"],
    "measure_already_executed": "yes",
    "foreign_officials_involved": "yes",
    "sensitive_material": "yes",
    "requesting_state_eu_member": "no",
}

ADVOCATE_SEED_WALK = (
    "Mutual legal assistance (letter rogatory)",
    "Refugee, recognised against the requesting state",
    "☐ Opponent, journalist",
    "Done",
    "☐ Search",
    "☐ Measure already executed",
    "☐ Requesting-state officials",
    "☐ Seized material",
    "Done",
    "Unknown",
)
"""The advocate's answers after the role, by the start of each button's label: the seed
facts, the legal basis unknown (a state outside the EU). "Seized material" implies the
seizure, so "Seizure or freezing" needs no tick of its own: ten taps in all."""
