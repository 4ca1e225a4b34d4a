"""The scenario suite: facts files with the expected status of every ground and the actions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.knowledge import KnowledgeBase, Status, assess, parse_facts
from bot.knowledge.ids import ACTION_IDS, GROUND_IDS
from tests.support.seed_case import SEED_SCENARIO

SCENARIOS_DIR = Path(__file__).parent / "scenarios"
SCENARIO_FILES = sorted(SCENARIOS_DIR.glob("*.json"))


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
    caveats = {
        item.ground.id: [caveat.id for caveat in item.caveats]
        for item in result.grounds
        if item.caveats
    }
    assert caveats == scenario["expected"].get("caveats", {})


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda path: path.stem)
def test_scenario_file_is_complete_and_explained(path: Path) -> None:
    """A scenario has a one-line description and names every ground once with a known status."""
    scenario = _load(path)
    assert set(scenario) == {"description", "facts", "expected"}
    assert scenario["description"].strip()
    assert "\n" not in scenario["description"]
    assert set(scenario["expected"]) <= {"grounds", "actions", "caveats"}
    assert list(scenario["expected"]["grounds"]) == list(GROUND_IDS)
    assert set(scenario["expected"]["grounds"].values()) <= {status.value for status in Status}
    assert set(scenario["expected"]["actions"]) <= set(ACTION_IDS)


def test_there_are_at_least_forty_five_scenarios() -> None:
    """The suite is broad enough to pin the rules down (issue 10 asks for at least 45)."""
    assert len(SCENARIO_FILES) >= 45


def test_scenarios_cover_every_ground_both_ways_and_every_action(
    knowledge: KnowledgeBase,
) -> None:
    """Every ground is shown once as applies (or, for a ground that can never apply, as may
    apply) and once as not indicated or not relevant; every action and caveat is shown."""
    shown: set[str] = set()
    ruled_out: set[str] = set()
    actions: set[str] = set()
    caveats: set[str] = set()
    for path in SCENARIO_FILES:
        expected = _load(path)["expected"]
        for ground_id, status in expected["grounds"].items():
            strongest = "applies" if knowledge.ground(ground_id).applies_when else "may_apply"
            if status == strongest:
                shown.add(ground_id)
            elif status in ("not_indicated", "not_relevant"):
                ruled_out.add(ground_id)
        actions.update(expected["actions"])
        caveats.update(c for ids in expected.get("caveats", {}).values() for c in ids)
    assert set(GROUND_IDS) - shown == set()
    assert set(GROUND_IDS) - ruled_out == set()
    assert set(ACTION_IDS) - actions == set()
    assert {c.id for g in knowledge.grounds for c in g.caveats} - caveats == set()


def test_scenarios_use_every_fact_and_every_value(knowledge: KnowledgeBase) -> None:
    """Each fact of the knowledge base, and each of its values, appears in some scenario."""
    seen: dict[str, set[str]] = {}
    for path in SCENARIO_FILES:
        for fact, value in _load(path)["facts"].items():
            values = value if isinstance(value, list) else [value]
            seen.setdefault(fact, set()).update(values)
    for fact_id, definition in knowledge.facts.items():
        assert fact_id in seen, fact_id
        assert definition.testable - seen[fact_id] == set(), fact_id


@pytest.mark.parametrize("status", ["refugee", "subsidiary", "applicant"])
@pytest.mark.parametrize("against", ["yes", "no"])
def test_each_protection_status_against_and_not_against_the_requester(
    status: str, against: str
) -> None:
    """Refugee status, subsidiary protection and a pending claim are each tried both
    against the requesting state and against another state (legal brief §0.2)."""
    assert any(
        facts.get("protection_status") == status
        and facts.get("status_against_requesting_state") == against
        for facts in (_load(path)["facts"] for path in SCENARIO_FILES)
    )


def test_seed_case_points_to_the_ldh_grounds(knowledge: KnowledgeBase) -> None:
    """The seed case (refugee, executed search, Kazakh officials) points where the LDH did."""
    scenario = _load(SEED_SCENARIO)
    facts = scenario["facts"]
    assert facts["protection_status"] == "refugee"
    assert facts["status_against_requesting_state"] == "yes"
    assert facts["measure_already_executed"] == "yes"
    assert facts["foreign_officials_involved"] == "yes"
    assert facts["treaty_cited"] == "none", "the LDH's reading: no treaty, the 2004 Law"
    result = assess(knowledge, parse_facts(knowledge, facts))
    for ground_id in (
        "be_mla_reciprocity",
        "be_mla_sovereignty_public_order",
        "be_mla_discriminatory_motive",
        "mla_foreign_officials_presence",
        "mla_specialty_confidentiality",
        "professional_secrecy",
        "echr_private_life",
    ):
        assert result.status_of(ground_id) is Status.APPLIES
    offered = [action.id for action in result.actions]
    assert "act_execution_review" in offered
    assert "act_ask_refusal" in offered, "refusal is still worth asking after a search"


def test_seed_case_with_the_basis_unknown_never_applies_the_belgian_grounds(
    knowledge: KnowledgeBase,
) -> None:
    """Legal brief §0.1: with the instrument unknown, Art. 4 §2 may apply, never applies."""
    facts = dict(_load(SEED_SCENARIO)["facts"], treaty_cited="unknown")
    result = assess(knowledge, parse_facts(knowledge, facts))
    for ground_id in ("be_mla_sovereignty_public_order", "be_mla_discriminatory_motive"):
        assert result.status_of(ground_id) is Status.MAY_APPLY
