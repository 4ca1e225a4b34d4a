"""The README's promises hold: its test command is CI's, its diagram is the real flow."""

from __future__ import annotations

import re

from bot.dialog.graph import mermaid
from bot.dialog.runner import Runner
from bot.paths import DATA_ROOT

README = (DATA_ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.DOTALL)


def test_ci_runs_the_readme_test_command() -> None:
    """`.ci/run` runs the README's test command exactly as written."""
    ci_lines = (DATA_ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    command = [line for line in ci_lines if line and not line.startswith(("#", "set ", "cd "))]
    assert command[-1] in [block.strip() for block in _blocks("sh")]
    assert "pytest" in command[-1]
    assert ".[test]" in command[-1]
    assert "ruff format --check ." in command[-1]  # formatting is checked, not only linted


def test_quick_start_installs_and_starts_the_chat() -> None:
    """The first command sets up a virtual environment and starts `refuge-guide chat`."""
    first = _blocks("sh")[0].strip()
    assert first.startswith("python3 -m venv .venv")
    assert first.endswith("refuge-guide chat")


def test_readme_diagram_is_the_main_flow(runner: Runner) -> None:
    """The picture in the README is generated from dialogs/flows/main.yaml."""
    assert _blocks("mermaid")[0] == mermaid(runner.flows["main"])


def test_readme_names_every_subcommand() -> None:
    """Every subcommand of the CLI is documented."""
    for command in ("chat", "run", "assess", "check", "graph", "purge"):
        assert f"refuge-guide {command}" in README
