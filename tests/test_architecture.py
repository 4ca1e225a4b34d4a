"""No arrow runs back up the pipe: each package imports only what sits below it.

channel adapter -> guide -> pure runner (bot.dialog) -> knowledge base (bot.knowledge),
with the store beside the guide; the composition root (bot.app, bot.serve, bot.cli,
bot.checks) sits above all of them. So the runner and the rules never learn about
Telegram, SQLite or the terminal, and a channel never reaches up into the process that
runs it. Every import counts, including those inside functions and ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"

ROOT = ("bot.app", "bot.serve", "bot.cli", "bot.checks")
CHANNELS = ("bot.channels", "telegram")
STORAGE = ("bot.store", "aiosqlite", "asyncpg")

FORBIDDEN: dict[str, tuple[str, ...]] = {
    "bot.knowledge": (*ROOT, *CHANNELS, *STORAGE, "bot.guide", "bot.result", "bot.dialog"),
    "bot.dialog": (*ROOT, *CHANNELS, *STORAGE, "bot.guide", "bot.result"),
    "bot.yaml_source": (*ROOT, *CHANNELS, *STORAGE, "bot.dialog", "bot.knowledge"),
    "bot.errors": (*ROOT, *CHANNELS, *STORAGE, "bot.dialog", "bot.knowledge"),
    "bot.glossary": (*ROOT, *CHANNELS, *STORAGE, "bot.guide", "bot.dialog", "bot.knowledge"),
    "bot.directory": (*ROOT, *CHANNELS, *STORAGE, "bot.guide", "bot.dialog"),
    "bot.result": (*ROOT, *CHANNELS, *STORAGE, "bot.guide"),
    "bot.store": (*ROOT, *CHANNELS, "bot.guide"),
    "bot.guide": (*ROOT, *CHANNELS),
    "bot.retention": (*ROOT, *CHANNELS),
    "bot.channels": ROOT,
    "bot.health": (*ROOT, *CHANNELS, *STORAGE, "bot.guide"),
}
"""Per package (or module): what it must never import."""

TELEGRAM_USERS = ("bot.channels", *ROOT)
"""Nothing below the channel adapters imports python-telegram-bot."""


def _module(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(f"{prefix}.")


def upward_imports(root: Path) -> list[str]:
    """``file:line: module imports name`` for every import :data:`FORBIDDEN` rules out."""
    found: list[str] = []
    for path in sorted(root.rglob("*.py")):
        module = _module(path, root)
        banned = [b for owner, rule in FORBIDDEN.items() if _within(module, owner) for b in rule]
        if not any(_within(module, user) for user in TELEGRAM_USERS):
            banned.append("telegram")
        for line, name in _imports(path):
            if any(_within(name, prefix) for prefix in banned):
                where = path.relative_to(root.parent)
                found.append(f"{where}:{line}: {module} imports {name}")
    return found


def test_no_package_imports_what_sits_above_it() -> None:
    """Dialog and knowledge never import a channel, Telegram or the store; channels never
    import the composition root."""
    assert upward_imports(BOT) == []


@pytest.mark.parametrize(
    ("where", "line"),
    [
        ("dialog/screens.py", "from bot.channels.render_html import split_messages"),
        ("knowledge/engine.py", "import telegram.constants"),
        ("dialog/review.py", "    from bot.store import SessionStore  # inside a function"),
        ("channels/console.py", "from bot.app import GuideResources"),
        ("logs.py", "from telegram.error import TelegramError"),
    ],
)
def test_an_upward_import_is_named_with_file_and_line(
    tmp_path: Path, where: str, line: str
) -> None:
    """The check catches an arrow running up, wherever it is written."""
    root = tmp_path / "bot"
    target = root / where
    target.parent.mkdir(parents=True)
    body = f"def f() -> None:\n{line}\n" if line.startswith("    ") else f"{line}\n"
    target.write_text(body, encoding="utf-8")
    (root / "dialog" / "view.py").parent.mkdir(exist_ok=True)
    (root / "dialog" / "view.py").write_text("from bot.knowledge import Status\n")
    problems = upward_imports(root)
    assert len(problems) == 1
    assert problems[0].startswith(f"bot/{where}:")
