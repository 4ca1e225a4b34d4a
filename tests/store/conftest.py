"""The ``backend`` fixture: each contract test runs once per store implementation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.store.backends import BACKENDS, Backend


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """A fresh, empty place for sessions in one backend."""
    name: str = request.param
    return BACKENDS[name](tmp_path / name)
