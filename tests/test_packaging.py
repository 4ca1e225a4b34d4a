"""An installed wheel carries the flows, the knowledge base and the catalogs."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from bot.paths import DATA_ROOT


def test_wheel_contains_the_data_files(tmp_path: Path) -> None:
    """`pip install .` (as in the Dockerfile) gets dialogs/ and locales/ inside the package."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(DATA_ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    [wheel] = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for flow in (DATA_ROOT / "dialogs").rglob("*.yaml"):
        assert f"bot/_data/dialogs/{flow.relative_to(DATA_ROOT / 'dialogs')}" in names
    for lang in ("en", "fr", "nl", "ru"):
        assert f"bot/_data/locales/{lang}/LC_MESSAGES/messages.po" in names
