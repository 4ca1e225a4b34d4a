"""Load the flows in ``dialogs/flows/`` and refuse a broken one before the bot starts.

Every error names the file, the node and the problem, so whoever edited the YAML can fix
it without reading Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.dialog.model import Flow, Node
from bot.paths import FLOWS_DIR


class FlowError(ValueError):
    """A flow file is broken; the message reads ``file: node 'x': problem``."""

    def __init__(self, path: Path, node: str | None, problem: str) -> None:
        where = f"node '{node}': " if node else ""
        super().__init__(f"{_display(path)}: {where}{problem}")
        self.path = path
        self.node = node
        self.problem = problem


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _node_name(raw: Any, loc: tuple[int | str, ...]) -> str | None:
    if len(loc) >= 2 and loc[0] == "nodes" and isinstance(loc[1], int):
        try:
            node = raw["nodes"][loc[1]]
        except (KeyError, IndexError, TypeError):
            return None
        node_id = node.get("id") if isinstance(node, dict) else None
        if isinstance(node_id, str):
            return node_id
        return f"#{loc[1] + 1}"
    return None


def parse_flow(path: Path) -> Flow:
    """Read and validate one flow file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise FlowError(path, None, f"cannot read YAML: {exc}") from None
    try:
        flow = Flow.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        node = _node_name(raw, loc)
        field = ".".join(str(p) for p in loc[2:] if not isinstance(p, int)) if node else ""
        place = field if node else ".".join(str(p) for p in loc)
        where = f"{place}: " if place else ""
        raise FlowError(path, node, f"{where}{first['msg']}") from None
    check_flow(path, flow)
    return flow


def _targets(node: Node) -> Iterable[str]:
    if node.next:
        yield node.next
    for option in node.options:
        if option.next:
            yield option.next


def check_flow(path: Path, flow: Flow) -> None:
    """Structural checks: unique ids, known targets, complete questions, reachability."""
    seen: set[str] = set()
    for node in flow.nodes:
        if node.id in seen:
            raise FlowError(path, node.id, "duplicate node id")
        seen.add(node.id)
    if flow.start not in seen:
        raise FlowError(path, None, f"start node '{flow.start}' does not exist")
    for node in flow.nodes:
        if node.type == "question":
            if not node.fact:
                raise FlowError(path, node.id, "a question must name the fact it sets")
            if not node.options:
                raise FlowError(path, node.id, "a question needs at least one option")
            values = [option.value for option in node.options]
            if len(set(values)) != len(values):
                raise FlowError(path, node.id, "two options store the same value")
            if node.next is None and any(option.next is None for option in node.options):
                raise FlowError(
                    path, node.id, "an option leads nowhere: give it or the node a next"
                )
        elif node.options:
            raise FlowError(path, node.id, f"a {node.type} node cannot have options")
        if node.type == "notice" and node.next is None:
            raise FlowError(path, node.id, "a notice needs a next node")
        if node.type == "result" and node.next is not None:
            raise FlowError(path, node.id, "a result node ends the flow and has no next")
        for target in _targets(node):
            if target not in seen:
                raise FlowError(path, node.id, f"next node '{target}' does not exist")
    reachable = _reachable(flow)
    for node in flow.nodes:
        if node.id not in reachable:
            raise FlowError(path, node.id, "cannot be reached from the start node")


def _reachable(flow: Flow) -> set[str]:
    seen: set[str] = set()
    todo = [flow.start]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo.extend(_targets(flow.node(current)))
    return seen


def load_flows(directory: Path = FLOWS_DIR) -> dict[str, Flow]:
    """Every ``*.yaml`` flow in ``directory``, by flow id."""
    flows: dict[str, Flow] = {}
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise FlowError(directory, None, "no flow files (*.yaml) found")
    for path in paths:
        flow = parse_flow(path)
        if flow.id in flows:
            raise FlowError(path, None, f"flow id '{flow.id}' is used by another file")
        flows[flow.id] = flow
    return flows
