"""Fixtures for the command line: ``refuge-guide`` run in this process, output captured."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from bot.cli import main


@dataclass(frozen=True)
class Outcome:
    """What a person at the terminal sees: the exit code, stdout and stderr."""

    code: int
    out: str
    err: str


Cli = Callable[..., Outcome]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """``refuge-guide ARGS`` in this process (faster than a subprocess, same code path).

    Logging stays as pytest set it up: the command's own set-up would replace pytest's
    handlers with one bound to a captured stream that later tests would find closed; and
    pytest's own hooks for uncaught errors stay in place.
    """
    monkeypatch.setattr("bot.logs.configure_logging", lambda level=0: None)
    monkeypatch.setattr("bot.logs.guard_tracebacks", lambda: None)

    def run(*args: str) -> Outcome:
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return Outcome(code, out, err)

    return run
