"""The side-by-side benchmark still runs: its quick mode goes through every stage with
every bot, so a change to the bot's entry points or store breaks this test, not the
next person who wants numbers. It checks that each stage measured real steps, never
how fast they were."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUBJECTS = ("refuge-guide", "ptb-pickle-60", "ptb-pickle-1", "ptb-floor")


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, object], str]:
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bot_bench.py"), "--quick", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(out.read_text()), done.stdout


@pytest.mark.timeout(600)
def test_every_bot_answers_every_press_in_every_stage(
    quick_run: tuple[dict[str, object], str],
) -> None:
    """Each trial's simulated people got a reply to every press, with no error logged."""
    results, _ = quick_run
    trials: list[dict[str, float]] = []
    for subject in SUBJECTS:
        sizes = results["throughput"][subject]  # type: ignore[index]
        assert sizes, subject
        trials.extend(sizes.values())
        trials.append(results["latency"][subject])  # type: ignore[index]
    trials.append(results["as_built"]["refuge-guide"])  # type: ignore[index]
    for trial in trials:
        assert "failed" not in trial, trial
        assert trial["answered_in_all"] > 0
        assert trial["lost_steps"] == 0
        assert trial["errors"] == 0


@pytest.mark.timeout(600)
def test_cold_start_storage_and_assessment_are_measured(
    quick_run: tuple[dict[str, object], str],
) -> None:
    """A fresh process replied to its first /start; stored bytes and assess rates exist."""
    results, _ = quick_run
    for bot in ("refuge-guide", "ptb-pickle"):
        for cell in results["cold_start"][bot].values():  # type: ignore[index]
            assert "failed" not in cell, cell
            assert 0 < cell["cold_start_s"] < 60
            assert cell["peak_rss_mb"] > 10
        assert results["bytes_per_session"][bot] > 0  # type: ignore[index]
    assert results["assess"]["random_per_s"] > 0  # type: ignore[index]


@pytest.mark.timeout(600)
def test_prints_the_table_and_the_targets_of_issue_14(
    quick_run: tuple[dict[str, object], str],
) -> None:
    """The table names all four bots; every target has a measured figure and a verdict."""
    results, stdout = quick_run
    for label in ("refuge-guide", "update_interval=60", "update_interval=1", "no persistence"):
        assert label in stdout
    targets = results["targets"]
    assert isinstance(targets, list)
    assert len(targets) >= 9
    for target in targets:
        assert target["met"] in (True, False), target
        assert target["target"] in stdout
