"""The bot stays easy to read: one job per module, none over 300 lines, a runner that only
dispatches."""

from __future__ import annotations

import ast
from pathlib import Path

import bot
import bot.dialog

BOT = Path(bot.__file__).parent
DIALOG = Path(bot.dialog.__file__).parent
MAX_LINES = 300


def test_no_module_in_bot_is_over_300_lines() -> None:
    """A module that grows past this holds more than one job; split it by job."""
    modules = list(BOT.rglob("*.py"))
    assert DIALOG / "runner.py" in modules
    assert BOT / "channels" / "telegram.py" in modules
    long = {
        str(path.relative_to(BOT)): lines
        for path in modules
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def _runner_functions() -> set[str]:
    tree = ast.parse((DIALOG / "runner.py").read_text(encoding="utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def test_the_runner_only_dispatches() -> None:
    """runner.py holds handle(), its only public method, and its press dispatch;
    transitions and screens live elsewhere (issue 9, point 1)."""
    assert _runner_functions() == {"handle", "_press"}
    assert {name for name in _runner_functions() if not name.startswith("_")} == {"handle"}
