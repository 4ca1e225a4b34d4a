"""A broken flow file stops start-up with the file, the node and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.dialog.loader import load_flows
from bot.dialog.runner import Runner
from bot.errors import FlowError
from bot.paths import FLOWS_DIR

GOOD = """
id: main
title: "T"
start: first
variables: [role]
not_asked: [REST]
nodes:
  - id: first
    type: question
    fact: protection_status
    text: "Status?"
    options:
      - {value: refugee, label: "Refugee"}
      - {value: unknown, label: "I don't know"}
    next: done
  - id: done
    type: result
    text: "Done"
"""


@pytest.fixture
def write(tmp_path: Path, runner: Runner):  # type: ignore[no-untyped-def]
    """Write one flow file (every other fact declared not asked) and load it."""
    others = sorted(set(runner.kb.facts) - {"protection_status"})

    def load(text: str) -> None:
        (tmp_path / "main.yaml").write_text(
            text.replace("REST", ", ".join(others)), encoding="utf-8"
        )
        load_flows(runner.kb, tmp_path)

    return load


def test_the_shipped_flows_load(runner: Runner) -> None:
    """The flows in dialogs/ are valid: a main flow and one per role."""
    assert set(load_flows(runner.kb, FLOWS_DIR)) == {"main", "person", "advocate"}


def test_a_valid_flow_loads(write) -> None:  # type: ignore[no-untyped-def]
    """A minimal valid flow is accepted."""
    write(GOOD)


@pytest.mark.parametrize(
    ("change", "node", "problem"),
    [
        (("next: done", "next: nowhere"), "first", "next node 'nowhere' does not exist"),
        (("type: question", "type: quiz"), "first", "type"),
        (("fact: protection_status", "fact: colour"), "first", "unknown fact 'colour'"),
        (("value: refugee", "value: pirate"), "first", "'pirate' is not allowed"),
        (("next: done", "next: done\n    colour: red"), "first", "colour"),
        (("value: refugee", "value: Refugee Status"), "first", "value"),
        (
            ("    next: done\n", "    when: {fact: nope, equals: x}\n    next: done\n"),
            "first",
            "unknown fact 'nope'",
        ),
    ],
)
def test_broken_flow_names_file_node_and_problem(
    write,
    change: tuple[str, str],
    node: str,
    problem: str,  # type: ignore[no-untyped-def]
) -> None:
    """Each kind of mistake is reported where it is, in words an editor understands."""
    with pytest.raises(FlowError) as caught:
        write(GOOD.replace(*change))
    message = str(caught.value)
    assert "main.yaml" in message
    assert f"node '{node}'" in message
    assert problem in message


def test_two_options_with_one_value_are_refused(write) -> None:  # type: ignore[no-untyped-def]
    """Options sharing a value would show as each other on the review and in the case note,
    even when they set different further facts."""
    shared = GOOD.replace(
        '      - {value: unknown, label: "I don\'t know"}\n',
        '      - {value: unknown, label: "I don\'t know"}\n'
        '      - {value: refugee, label: "Refugee elsewhere", also: {travel_planned: "no"}}\n',
    )
    assert shared != GOOD
    with pytest.raises(FlowError) as caught:
        write(shared)
    message = str(caught.value)
    assert "main.yaml" in message
    assert "node 'first'" in message
    assert "share the value 'refugee'" in message


def test_unreachable_node_is_reported(write) -> None:  # type: ignore[no-untyped-def]
    """A node nothing leads to is a mistake, not dead weight."""
    with pytest.raises(FlowError, match="node 'orphan': cannot be reached"):
        write(GOOD + '  - id: orphan\n    type: result\n    text: "x"\n')


def test_a_path_that_never_ends_is_reported(write) -> None:  # type: ignore[no-untyped-def]
    """A loop with no way to a result would trap the person; it is refused."""
    looped = GOOD.replace("    next: done\n", "    next: first\n").replace(
        '  - id: done\n    type: result\n    text: "Done"\n', ""
    )
    with pytest.raises(FlowError, match="no path from here ends at a result"):
        write(looped)


def test_a_fact_the_rules_need_must_be_asked_or_declared(write) -> None:  # type: ignore[no-untyped-def]
    """Forgetting to ask a fact the legal rules use is caught at load."""
    with pytest.raises(FlowError, match=r"never asked.*charges_political"):
        write(GOOD.replace("not_asked: [REST]", "not_asked: []"))


def test_invalid_yaml_is_reported_with_the_file(write) -> None:  # type: ignore[no-untyped-def]
    """A YAML syntax error names the file."""
    with pytest.raises(FlowError, match=r"main\.yaml: cannot read YAML"):
        write("id: [unclosed")


@pytest.mark.parametrize(
    ("retired", "problem"),
    [
        ("{first: done}", "node 'first': retired, but still a node"),
        ("{welcome: gone}", "retired 'welcome' is replaced by 'gone', which does not exist"),
    ],
)
def test_a_retired_node_must_be_gone_and_replaced_by_one_that_exists(  # type: ignore[no-untyped-def]
    write, retired: str, problem: str
) -> None:
    """A stored session at a retired node is moved to its replacement: the old id must no
    longer be a node (or the move would hide it) and the replacement must exist."""
    write(GOOD.replace("variables:", "retired: {welcome: first}\nvariables:"))
    with pytest.raises(FlowError, match=problem):
        write(GOOD.replace("variables:", f"retired: {retired}\nvariables:"))


def test_an_intro_belongs_to_a_question_or_a_notice(write) -> None:  # type: ignore[no-untyped-def]
    """Paragraphs above a node's text make sense where a text is shown and answered."""
    with pytest.raises(FlowError, match="node 'done': a result node cannot have an 'intro'"):
        write(GOOD + '    intro: [{text: "Welcome."}]\n')
