"""The dialog package stays easy to read: one job per module, none over 300 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import bot.dialog

DIALOG = Path(bot.dialog.__file__).parent
MAX_LINES = 300


def test_no_dialog_module_is_over_300_lines() -> None:
    """A module that grows past this holds more than one job; split it by job."""
    long = {
        path.name: lines
        for path in DIALOG.glob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_runner_only_dispatches() -> None:
    """runner.py holds handle() and its press dispatch; transitions live elsewhere."""
    tree = ast.parse((DIALOG / "runner.py").read_text(encoding="utf-8"))
    functions = {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    assert functions == {"handle", "_press", "render"}
