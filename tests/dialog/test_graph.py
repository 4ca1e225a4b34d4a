"""The flow diagrams under docs/flows/ are generated from the data and never stale."""

from __future__ import annotations

from bot.dialog.graph import document, mermaid
from bot.dialog.runner import Runner
from bot.paths import DATA_ROOT


def test_committed_diagrams_match_the_flows(runner: Runner) -> None:
    """Editing a flow without running `refuge-guide graph` fails here."""
    for flow in runner.flows.values():
        path = DATA_ROOT / "docs" / "flows" / f"{flow.id}.md"
        assert path.is_file(), f"{path} is missing: run refuge-guide graph"
        assert path.read_text(encoding="utf-8") == document(flow), (
            f"{path} is stale: run refuge-guide graph"
        )


def test_diagram_shows_branches_and_skips(runner: Runner) -> None:
    """Options that lead elsewhere are labelled; conditional questions are dotted."""
    person = mermaid(runner.flows["person"])
    assert "detained -->|yes| urgent_now" in person
    assert "notice_kind -.->|skip or next| confirmed" in person
    assert mermaid(runner.flows["main"]).startswith("flowchart TD")
