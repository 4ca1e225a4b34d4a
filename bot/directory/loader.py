"""Load ``dialogs/directory.yaml`` or stop with the file, the entry and the reason.

The directory is read once at start-up, like the flows and the knowledge base, so a
malformed phone number or an entry that claims details it never read stops the program
before anyone is shown it.
"""

from __future__ import annotations

from pathlib import Path

from bot.directory.model import Directory
from bot.errors import DirectoryError
from bot.paths import DIALOGS_DIR
from bot.yaml_source import load_model

DIRECTORY_FILE = DIALOGS_DIR / "directory.yaml"


def load_directory(path: Path = DIRECTORY_FILE) -> Directory:
    """Read and validate the directory; raise :class:`DirectoryError` naming the entry."""
    return load_model(
        path, Directory, DirectoryError, items=("entries", "entry"), place=_show(path)
    )


def _show(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
