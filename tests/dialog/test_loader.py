"""A broken flow file stops start-up with the file, the node and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.dialog.loader import FlowError, load_flows
from bot.paths import FLOWS_DIR

GOOD = """
id: main
title: "T"
start: first
nodes:
  - id: first
    type: question
    fact: role
    text: "Who?"
    options:
      - {value: a, label: "A"}
    next: done
  - id: done
    type: result
    text: "Done"
"""


def write(tmp_path: Path, text: str) -> Path:
    """Put one flow file in an empty directory."""
    (tmp_path / "main.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_shipped_flows_load() -> None:
    """The flows in dialogs/ are valid, with a main flow."""
    assert "main" in load_flows(FLOWS_DIR)


def test_a_valid_flow_loads(tmp_path: Path) -> None:
    """A minimal valid flow is accepted."""
    assert load_flows(write(tmp_path, GOOD))["main"].start == "first"


@pytest.mark.parametrize(
    ("change", "node", "problem"),
    [
        (("next: done", "next: nowhere"), "first", "next node 'nowhere' does not exist"),
        (("type: question", "type: quiz"), "first", "type"),
        (('    options:\n      - {value: a, label: "A"}\n', ""), "first", "at least one option"),
        (("fact: role", "fact: role\n    colour: red"), "first", "colour"),
        (('{value: a, label: "A"}', '{value: A B, label: "A"}'), "first", "value"),
    ],
)
def test_broken_flow_names_file_node_and_problem(
    tmp_path: Path, change: tuple[str, str], node: str, problem: str
) -> None:
    """Each kind of mistake is reported where it is, in words an editor understands."""
    directory = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(FlowError) as caught:
        load_flows(directory)
    message = str(caught.value)
    assert "main.yaml" in message
    assert f"node '{node}'" in message
    assert problem in message


def test_unreachable_node_is_reported(tmp_path: Path) -> None:
    """A node nothing leads to is a mistake, not dead weight."""
    text = GOOD + '  - id: orphan\n    type: result\n    text: "x"\n'
    with pytest.raises(FlowError, match="node 'orphan': cannot be reached"):
        load_flows(write(tmp_path, text))


def test_invalid_yaml_is_reported_with_the_file(tmp_path: Path) -> None:
    """A YAML syntax error names the file."""
    with pytest.raises(FlowError, match=r"main\.yaml: cannot read YAML"):
        load_flows(write(tmp_path, "id: [unclosed"))
