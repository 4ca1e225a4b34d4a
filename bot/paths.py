"""Where the project's data files live, installed or in a checkout.

A wheel carries ``dialogs/`` and ``locales/`` inside the package as ``bot/_data``;
an editable install or a plain checkout reads them from the repository root.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_root() -> Path:
    bundled = _PACKAGE / "_data"
    if (bundled / "dialogs").is_dir():
        return bundled
    return _PACKAGE.parent


DATA_ROOT = _data_root()
DIALOGS_DIR = DATA_ROOT / "dialogs"
LOCALES_DIR = DATA_ROOT / "locales"
KNOWLEDGE_DIR = DIALOGS_DIR / "knowledge"
FLOWS_DIR = DIALOGS_DIR / "flows"
