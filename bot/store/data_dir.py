"""The data directory and the database file in it: private from the start, or one clear line.

The directory holds the session database and, by default, the session secret: whoever
can list or read it learns who used the guide (with the secret, a Telegram id can be
tested against every key). So it is created 0700 and the files in it 0600 before SQLite
or anyone else writes there, and a directory an operator made earlier with a wider mode
is tightened (one log line says so) instead of being used as it is.

A directory that cannot be used (the path names a file, its parent is not writable) is
an operator error: one line naming the path and the fix, and exit code 2, not a
traceback from deep inside SQLite.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from bot.errors import DataDirError, StoreError

log = logging.getLogger(__name__)

PRIVATE_DIRECTORY = 0o700
PRIVATE_FILE = 0o600


def prepare_data_dir(directory: Path) -> None:
    """Make ``directory`` (0700) with its parents if missing; tighten it if wider."""
    if directory.exists() and not directory.is_dir():
        raise DataDirError(
            f"{directory}: the data directory is a file; point REFUGE_GUIDE_DATA_DIR at a "
            "directory (it is created if missing)"
        )
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIRECTORY)
        mode = stat.S_IMODE(directory.stat().st_mode)
        if mode & 0o077:
            directory.chmod(PRIVATE_DIRECTORY)
            log.warning(
                "the data directory %s was open to others (mode %04o); it is now 0700",
                directory,
                mode,
            )
    except OSError as exc:
        raise DataDirError(
            f"{directory}: the data directory cannot be created or made private "
            f"({exc.strerror}); check REFUGE_GUIDE_DATA_DIR and that its parent is writable"
        ) from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise DataDirError(
            f"{directory}: the data directory is not writable; check REFUGE_GUIDE_DATA_DIR "
            "and its owner"
        )


def prepare_database_file(path: Path) -> None:
    """The data directory, then an empty database file (0600) before SQLite opens it.

    The WAL and shared-memory files SQLite makes next to it copy the file's mode.
    """
    prepare_data_dir(path.parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
    except OSError as exc:
        raise StoreError(
            f"{path}: cannot create the session database ({exc.strerror}); "
            "check REFUGE_GUIDE_DATA_DIR and its permissions"
        ) from None


def owner_only(path: Path) -> None:
    """The database and its WAL and shared-memory files readable by the owner only."""
    for companion in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if companion.exists():
            companion.chmod(PRIVATE_FILE)
