"""The bot stays easy to read: one job per module, none over 300 lines, a runner that only
dispatches."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import bot
import bot.dialog

BOT = Path(bot.__file__).parent
DIALOG = Path(bot.dialog.__file__).parent
ARCHITECTURE = BOT.parent / "docs" / "architecture.md"
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
    """runner.py holds handle() and its press dispatch; transitions live elsewhere."""
    assert _runner_functions() == {"handle", "_press", "render"}


def test_whatever_else_the_runner_offers_says_why_it_is_the_runners() -> None:
    """A public method beside handle() is named, with its reason, in the runner's docstring
    and in docs/architecture.md, so a newcomer is not left guessing why it sits there."""
    extra = {name for name in _runner_functions() if not name.startswith("_")} - {"handle"}
    docstring = ast.get_docstring(ast.parse((DIALOG / "runner.py").read_text(encoding="utf-8")))
    architecture = ARCHITECTURE.read_text(encoding="utf-8")
    for name in extra:
        assert re.search(rf"``{name}\(\)``", docstring or ""), name
        assert f"`bot/dialog/runner.py:Runner.{name}`" in architecture, name
