"""A full disk for tests: a small filesystem of its own, and a file that fills it.

Filling the disk the data directory happens to be on would hurt everything else on the
machine, so a test mounts a tmpfs (as root, where the machine allows it; skipped with the
reason otherwise) and fills that.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def small_filesystem(path: Path, size: str = "1m") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``path``, so that the test can fill it up."""
    path.mkdir(parents=True, exist_ok=True)
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mount.returncode != 0:
        pytest.skip(
            "a full disk needs a small filesystem of its own, and this machine does not "
            f"let the tests mount one ({mount.stderr.strip() or mount.returncode}); the "
            "disk the data directory is on is not filled instead"
        )
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(directory: Path) -> Path:
    """Write a file in ``directory`` until its filesystem has no byte left; returns it
    (delete it to free the space)."""
    filler = directory / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for chunk in (b"\0" * 65536, b"\0"):  # large writes, then the last bytes
            with pytest.raises(OSError) as full:
                _write_forever(descriptor, chunk)
            assert full.value.errno == errno.ENOSPC, full.value
    finally:
        os.close(descriptor)
    return filler


def _write_forever(descriptor: int, chunk: bytes) -> None:
    while True:
        os.write(descriptor, chunk)
