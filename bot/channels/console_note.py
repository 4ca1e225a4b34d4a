"""The case note in the terminal: written to a file the person names, readable by them only.

Printing the note would leave it in the scrollback of a shared computer; a file is what
the person can take to a lawyer. It is created with mode 0600 and never overwrites an
existing file. The name typed is used for this file only; nothing is stored or logged.
"""

from __future__ import annotations

import os
from pathlib import Path

from bot.dialog.view import Document


def save_note(document: Document, typed: str) -> Path:
    """Write ``document`` to ``typed`` (empty: its own name, in the working directory).

    Raises :exc:`FileExistsError` if the file exists, another :exc:`OSError` if it cannot
    be written.
    """
    path = Path(typed or document.filename).expanduser().resolve()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(document.content)
    return path
