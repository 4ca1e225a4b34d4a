"""Shared fixtures: a private data directory per test, the runner, an open guide."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.app import GuideResources, build_runner
from bot.dialog.runner import Runner
from bot.guide import Guide
from bot.settings import Settings


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print what tests measured (their ``record_property("measured", ...)``): a number a
    test reports rather than asserts, because no fixed bound holds on a machine under
    arbitrary load (issue 13's latency target), shows in every run's output."""
    lines = [
        f"{report.nodeid}: {value}"
        for kind in ("passed", "failed")
        for report in terminalreporter.stats.get(kind, [])
        if report.when == "call"
        for name, value in report.user_properties
        if name == "measured"
    ]
    if lines:
        terminalreporter.write_sep("-", "measured")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own REFUGE_GUIDE_DATA_DIR; nothing touches the real home."""
    directory = tmp_path / "data"
    monkeypatch.setenv("REFUGE_GUIDE_DATA_DIR", str(directory))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("TELEGRAM_API_BASE_URL", raising=False)
    return directory


@pytest.fixture(scope="session")
def runner() -> Runner:
    """The runner over the real flows and knowledge base (loaded once)."""
    return build_runner()


@pytest.fixture
def settings(data_dir: Path) -> Settings:
    """Settings as the program would read them in this test's environment."""
    return Settings()


@pytest.fixture
async def guide(settings: Settings, runner: Runner) -> AsyncIterator[Guide]:
    """An open guide over a fresh database."""
    resources = GuideResources(settings, runner)
    opened = await resources.open()
    yield opened
    await resources.close()


from tests.support.fixtures import telegram_api  # noqa: E402, F401  (a fixture)
