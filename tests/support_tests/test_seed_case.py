"""The seed case's facts live in one fixture: the knowledge scenario, named in one place
(``tests/support/seed_case.py``, whose ``SEED_FACTS`` are read from it)."""

from __future__ import annotations

from pathlib import Path

from tests.support.seed_case import SEED_SCENARIO

TESTS = Path(__file__).parent.parent


def test_only_the_seed_case_module_names_the_scenario_file() -> None:
    """Every test reaches the seed scenario through SEED_SCENARIO, not a path of its own,
    so a walk test and the scenario test cannot check two different seed cases."""
    naming = sorted(
        str(path.relative_to(TESTS))
        for path in TESTS.rglob("*.py")
        if SEED_SCENARIO.stem in path.read_text(encoding="utf-8") and path != Path(__file__)
    )
    assert naming == ["support/seed_case.py"]
