"""Load ``dialogs/directory.yaml`` or stop with the file, the entry and the reason.

The directory is read once at start-up, like the flows and the knowledge base, so a
malformed phone number or an entry that claims details it never read stops the program
before anyone is shown it.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from bot.directory.model import Directory
from bot.errors import DirectoryError
from bot.paths import DIALOGS_DIR
from bot.yaml_source import load_yaml_file

DIRECTORY_FILE = DIALOGS_DIR / "directory.yaml"


def load_directory(path: Path = DIRECTORY_FILE) -> Directory:
    """Read and validate the directory; raise :class:`DirectoryError` naming the entry."""
    place = _show(path)
    try:
        raw = load_yaml_file(path)
    except FileNotFoundError:
        raise DirectoryError(f"{place}: file not found") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise DirectoryError(f"{place}: cannot be read: {first}") from None
    try:
        return Directory.model_validate(raw)
    except ValidationError as error:
        detail = error.errors(include_input=False, include_url=False)[0]
        raise DirectoryError(f"{place}: {_where(raw, detail['loc'])}{detail['msg']}") from None


def _where(raw: object, loc: tuple[str | int, ...]) -> str:
    """``entry 'id': field: `` for a problem inside an entry, else the field path."""
    if len(loc) >= 2 and loc[0] == "entries" and isinstance(loc[1], int):
        entries = raw.get("entries") if isinstance(raw, dict) else None
        label: object = f"#{loc[1] + 1}"
        if (
            isinstance(entries, list)
            and loc[1] < len(entries)
            and isinstance(entries[loc[1]], dict)
        ):
            label = entries[loc[1]].get("id", label)
        field = ".".join(str(part) for part in loc[2:])
        return f"entry {str(label)!r}: " + (f"{field}: " if field else "")
    field = ".".join(str(part) for part in loc)
    return f"{field}: " if field else ""


def _show(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
