"""docs/architecture.md stays a true map: every ``file:function`` it names exists, and its
table of what each package may import is what the code imports."""

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


ROW = re.compile(r"^\| (`bot/.*?) \| .*? \| (.*) \|$", re.MULTILINE)
"""A row of the table "What each package may import": its packages, then what they may."""


def _as_module(path: str) -> str:
    return path.removesuffix("/").removesuffix(".py").replace("/", ".")


def _bot_imports(path: Path) -> set[str]:
    """Every ``bot`` module a file imports (inside functions and TYPE_CHECKING too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {name for name in found if name == "bot" or name.startswith("bot.")}


def _within(name: str, prefixes: set[str]) -> bool:
    return any(name == prefix or name.startswith(f"{prefix}.") for prefix in prefixes)


def test_the_import_table_is_what_the_code_imports() -> None:
    """Each row's "may import" cell is an allow-list the code keeps: a package imports only
    itself, the rows it shares, and the ``bot`` modules its cell names ("everything" rows
    are the composition root and the channels, which may import anything below them)."""
    rows = ROW.findall(DOC.read_text(encoding="utf-8"))
    assert len(rows) >= 8, "the table names the packages"
    stray: list[str] = []
    for packages, allowed_cell in rows:
        if allowed_cell.startswith("everything"):
            continue
        own = {_as_module(path) for path in re.findall(r"`(bot/[\w/.]*)`", packages)}
        allowed = own | set(re.findall(r"`(bot(?:\.\w+)*)`", allowed_cell))
        for module in sorted(own):
            path = ROOT / module.replace(".", "/")
            files = sorted(path.rglob("*.py")) if path.is_dir() else [path.with_suffix(".py")]
            for file in files:
                for name in sorted(_bot_imports(file)):
                    # `bot` alone (its version) allows only itself, not every bot module.
                    if (name == "bot" and "bot" in allowed) or _within(name, allowed - {"bot"}):
                        continue
                    stray.append(f"{file.relative_to(ROOT)} imports {name}")
    assert stray == [], f"imports docs/architecture.md's table does not allow: {stray}"
