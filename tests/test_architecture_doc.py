"""docs/architecture.md stays a true map: every ``file:function`` it names exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
REFERENCE = re.compile(r"`(bot/[\w/]+\.py):([\w.]+)`")


def _defined(path: Path) -> set[str]:
    """Top-level functions and classes, and ``Class.method`` for each method."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names.add(node.name)
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    names.add(f"{node.name}.{item.name}")
    return names


def test_every_named_function_exists() -> None:
    """A reader who follows the path of a button press finds each step where the map says."""
    references = REFERENCE.findall(DOC.read_text(encoding="utf-8"))
    assert len(references) >= 8, "the map names the steps of one button press"
    missing = [
        f"{file}:{name}"
        for file, name in references
        if not (ROOT / file).is_file() or name not in _defined(ROOT / file)
    ]
    assert missing == [], f"docs/architecture.md names what no longer exists: {missing}"


def test_every_named_file_exists() -> None:
    """Every module or folder the map mentions is in the tree."""
    paths = set(re.findall(r"`(bot/[\w/]*(?:\.py)?)", DOC.read_text(encoding="utf-8")))
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert missing == [], f"docs/architecture.md names missing paths: {missing}"
