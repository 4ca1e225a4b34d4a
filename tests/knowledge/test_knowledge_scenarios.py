"""The scenario suite: facts files with the expected status of every ground and the actions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.knowledge import KnowledgeBase, Status, assess, parse_facts
from bot.knowledge.ids import ACTION_IDS, GROUND_IDS

SCENARIOS_DIR = Path(__file__).parent / "scenarios"
SCENARIO_FILES = sorted(SCENARIOS_DIR.glob("*.json"))
SEED = SCENARIOS_DIR / "01_seed_case_refugee_search_with_kazakh_officials.json"


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda path: path.stem)
def test_scenario_gives_the_expected_statuses_and_actions(
    path: Path, knowledge: KnowledgeBase
) -> None:
    """Each scenario's facts produce exactly the statuses and actions reasoned out in its file."""
    scenario = _load(path)
    result = assess(knowledge, parse_facts(knowledge, scenario["facts"]))
    statuses = {item.ground.id: item.status.value for item in result.grounds}
    assert statuses == scenario["expected"]["grounds"], scenario["description"]
    assert [action.id for action in result.actions] == scenario["expected"]["actions"]


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda path: path.stem)
def test_scenario_file_is_complete_and_explained(path: Path) -> None:
    """A scenario has a one-line description and names every ground once with a known status."""
    scenario = _load(path)
    assert set(scenario) == {"description", "facts", "expected"}
    assert scenario["description"].strip()
    assert "\n" not in scenario["description"]
    assert list(scenario["expected"]["grounds"]) == list(GROUND_IDS)
    assert set(scenario["expected"]["grounds"].values()) <= {status.value for status in Status}
    assert set(scenario["expected"]["actions"]) <= set(ACTION_IDS)


def test_there_are_at_least_thirty_scenarios() -> None:
    """The suite is broad enough to pin the rules down (issue 3 asks for at least 30)."""
    assert len(SCENARIO_FILES) >= 30


def test_scenarios_cover_every_ground_both_ways_and_every_action() -> None:
    """Every ground is shown once as applies and once as not indicated or not relevant."""
    applies: set[str] = set()
    ruled_out: set[str] = set()
    actions: set[str] = set()
    for path in SCENARIO_FILES:
        expected = _load(path)["expected"]
        for ground_id, status in expected["grounds"].items():
            if status == "applies":
                applies.add(ground_id)
            elif status in ("not_indicated", "not_relevant"):
                ruled_out.add(ground_id)
        actions.update(expected["actions"])
    assert set(GROUND_IDS) - applies == set()
    assert set(GROUND_IDS) - ruled_out == set()
    assert set(ACTION_IDS) - actions == set()


def test_seed_case_points_to_the_ldh_grounds(knowledge: KnowledgeBase) -> None:
    """The seed case (refugee, executed search, Kazakh officials) points where the LDH did."""
    scenario = _load(SEED)
    facts = scenario["facts"]
    assert facts["protection_status"] == "refugee"
    assert facts["status_against_requesting_state"] == "yes"
    assert facts["measure_already_executed"] == "yes"
    assert facts["foreign_officials_involved"] == "yes"
    result = assess(knowledge, parse_facts(knowledge, facts))
    for ground_id in (
        "be_mla_sovereignty_public_order",
        "be_mla_discriminatory_motive",
        "mla_foreign_officials_presence",
        "mla_specialty_confidentiality",
    ):
        assert result.status_of(ground_id) is Status.APPLIES
    assert "act_execution_review" in [action.id for action in result.actions]
