"""Run the installed ``refuge-guide`` command as a separate process, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

COMMAND = [sys.executable, "-m", "bot.cli"]


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    """The current environment with this test's data directory and ``extra`` settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "REFUGE_"))}
    env["REFUGE_GUIDE_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


def refuge_guide(
    *args: str,
    data_dir: Path,
    stdin: str = "",
    timeout: float = 60,
    cwd: Path | None = None,
    **extra: str,
) -> subprocess.CompletedProcess[str]:
    """Run ``refuge-guide ARGS`` to completion (in ``cwd``), feeding ``stdin`` through a pipe."""
    return subprocess.run(
        [*COMMAND, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=environment(data_dir, **extra),
        check=False,
        cwd=cwd,
    )
