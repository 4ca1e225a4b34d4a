"""One exception tree: every error class of the package is defined in bot/errors.py, under
RefugeGuideError, so a caller (the CLI, a channel) has one place to learn what to catch."""

from __future__ import annotations

import ast
from pathlib import Path

from bot import errors

BOT = Path(__file__).resolve().parent.parent / "bot"

INTERNAL = {"RuleTooComplexError"}
"""Raised and caught inside one package (the knowledge loader turns it into KnowledgeError)."""


def error_classes_outside_the_tree(root: Path) -> list[str]:
    """``file:line: Name`` for every exception class defined elsewhere than bot/errors.py."""
    found: list[str] = []
    for path in sorted(root.rglob("*.py")):
        if path == root / "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef) or node.name in INTERNAL:
                continue
            bases = [ast.unparse(base) for base in node.bases]
            if node.name.endswith(("Error", "Exception")) or any(
                base.endswith(("Error", "Exception")) for base in bases
            ):
                found.append(f"{path.relative_to(root.parent)}:{node.lineno}: {node.name}")
    return found


def test_every_error_class_lives_in_the_tree() -> None:
    """No module defines its own error class beside the tree."""
    assert error_classes_outside_the_tree(BOT) == []


def test_a_stray_error_class_is_named(tmp_path: Path) -> None:
    """The check finds an error class a loader defines for itself."""
    root = tmp_path / "bot"
    root.mkdir()
    (root / "errors.py").write_text("class RefugeGuideError(Exception): ...\n")
    (root / "directory.py").write_text("\n\nclass DirectoryError(ValueError):\n    pass\n")
    assert error_classes_outside_the_tree(root) == ["bot/directory.py:3: DirectoryError"]


def test_the_docstring_draws_every_class_of_the_tree() -> None:
    """The drawing at the top of bot/errors.py names each class that exists, and no other."""
    drawn = {
        word
        for line in (errors.__doc__ or "").splitlines()
        for word in line.replace("+--", " ").replace("|", " ").split()[:1]
        if word.endswith("Error")
    }
    defined = {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, errors.RefugeGuideError)
    }
    assert drawn == defined
