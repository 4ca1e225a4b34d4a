"""The README's Performance section and the benchmark agree: every target of issue 14
that ``benchmarks/bot_bench.py`` checks is in the section's table with a verdict, and the
section gives the command that measured it (never the numbers: those belong to a run)."""

from __future__ import annotations

import re
import sys
from typing import Any

from bot.paths import DATA_ROOT

BENCHMARKS = DATA_ROOT / "benchmarks"
README = (DATA_ROOT / "README.md").read_text(encoding="utf-8")


def _section() -> str:
    found = re.search(r"^## Performance\n(.*?)(?=^## |\Z)", README, re.DOTALL | re.MULTILINE)
    assert found, "README.md has a '## Performance' section"
    return found.group(1)


def _targets() -> list[str]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import bot_bench
        from botbench import report
    finally:  # bot_bench puts its folder on the path too
        sys.path[:] = [entry for entry in sys.path if entry != str(BENCHMARKS)]
    settings: dict[str, Any] = bot_bench.FULL
    return [item["target"] for item in report.targets({"settings": settings})]


def test_the_section_lists_every_target_the_benchmark_checks_with_a_verdict() -> None:
    rows = [line for line in _section().splitlines() if line.startswith("|")]
    targets = _targets()
    assert len(targets) >= 9
    for target in targets:
        row = next((r for r in rows if r.startswith(f"| {target} |")), None)
        assert row is not None, f"the README's targets table has no row for {target!r}"
        assert re.search(r"\| (yes|\*\*no\*\*|not measured) \|", row), row


def test_the_section_says_how_it_was_measured() -> None:
    section = _section()
    assert "python benchmarks/bot_bench.py" in section
    for what in ("CPU", "load average", "python-telegram-bot"):
        assert what in section
