"""Load the flows in ``dialogs/flows/`` and refuse a broken one before the bot starts.

Every error names the file, the node and the problem, so whoever edited the YAML can fix
it without reading Python. Checks cover the structure (known targets, complete questions
whose options each have their own value, every node reachable, every path ending at a
result) and the link to the knowledge base
(known facts and values, sound conditions, every fact the rules use asked somewhere or
listed under ``not_asked``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.dialog.model import Flow, Node
from bot.errors import FlowError
from bot.knowledge import KnowledgeBase, facts_used, validate_condition
from bot.knowledge.ids import UNKNOWN
from bot.paths import FLOWS_DIR
from bot.yaml_source import load_yaml_file

MAIN_FLOW = "main"


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
    """Read and validate one flow file, and check its own structure."""
    try:
        raw = load_yaml_file(path)
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
    _check_structure(path, flow)
    return flow


def local_targets(node: Node) -> Iterator[str]:
    """Nodes of the same flow that ``node`` can lead to."""
    if node.next:
        yield node.next
    for option in node.options:
        if option.next:
            yield option.next


def _check_structure(path: Path, flow: Flow) -> None:
    seen: set[str] = set()
    for node in flow.nodes:
        if node.id in seen:
            raise FlowError(path, node.id, "duplicate node id")
        seen.add(node.id)
    for name, target in (("start", flow.start), ("urgent", flow.urgent)):
        if target is not None and target not in seen:
            raise FlowError(path, None, f"{name} node '{target}' does not exist")
    for old, now in flow.retired.items():
        if old in seen:
            raise FlowError(path, old, "retired, but still a node: remove one of the two")
        if now not in seen:
            missing = f"retired '{old}' is replaced by '{now}', which does not exist"
            raise FlowError(path, None, missing)
    for node in flow.nodes:
        problem = _node_problem(node)
        if problem:
            raise FlowError(path, node.id, problem)
        for target in local_targets(node):
            if target not in seen:
                raise FlowError(path, node.id, f"next node '{target}' does not exist")


def _node_problem(node: Node) -> str | None:
    if node.type != "goto" and not node.text:
        return f"a {node.type} node needs a text"
    if node.type in ("question", "multi"):
        if not node.fact:
            return f"a {node.type} node must name the fact it sets"
        if not node.options:
            return f"a {node.type} node needs at least one option"
        values = [option.value for option in node.options]
        shared = next((value for value in values if values.count(value) > 1), None)
        if shared is not None:  # the review and the case note could not tell them apart
            return f"two options share the value '{shared}'; give each its own"
        if node.next is None and any(option.next is None for option in node.options):
            return "an option leads nowhere: give it or the node a next"
    elif node.options:
        return f"a {node.type} node cannot have options"
    if node.type == "checklist" and not node.items:
        return "a checklist needs at least one item"
    if node.type != "checklist" and node.items:
        return f"a {node.type} node cannot have items"
    if node.type in ("notice", "multi", "checklist") and node.next is None:
        return f"a {node.type} node needs a next node"
    if node.type not in ("notice", "question") and node.intro:
        return f"a {node.type} node cannot have an 'intro' (notices and questions only)"
    if node.type != "question" and node.consent:
        return f"a {node.type} node cannot have 'consent': choosing an answer is the consent"
    if node.type != "notice" and (node.sets or node.panel):
        return f"a {node.type} node cannot have 'sets' or a 'panel' (notices only)"
    if node.type == "goto" and not node.flow:
        return "a goto node must name the flow it continues in"
    if node.type == "result" and node.next is not None:
        return "a result node ends the flow and has no next"
    if node.when is not None and node.next is None:
        return "a node asked only 'when' something holds needs a next node to skip to"
    return None


@dataclass(frozen=True)
class _Located:
    path: Path
    flow: Flow


def _check_knowledge(item: _Located, flows: dict[str, _Located], kb: KnowledgeBase) -> None:
    path, flow = item.path, item.flow
    variables = set(flow.variables)
    for node in flow.nodes:
        if node.type == "goto" and node.flow not in flows:
            raise FlowError(path, node.id, f"flow '{node.flow}' does not exist")
        for problem in _value_problems(node, kb, variables):
            raise FlowError(path, node.id, problem)
        if node.when is not None:
            for problem in validate_condition(node.when, kb.facts):
                raise FlowError(path, node.id, f"when: {problem}")
        for action in node.actions:
            if action not in {a.id for a in kb.actions}:
                raise FlowError(path, node.id, f"unknown action '{action}'")
    for fact in flow.not_asked:
        if fact not in kb.facts:
            raise FlowError(path, None, f"not_asked names unknown fact '{fact}'")


def _allowed(kb: KnowledgeBase, fact: str) -> set[str]:
    definition = kb.facts[fact]
    if definition.kind in ("yes_no_unknown", "yes_no"):
        values = {"yes", "no"}
        return values | ({UNKNOWN} if definition.kind == "yes_no_unknown" else set())
    return {*definition.values, UNKNOWN}


def _value_problems(node: Node, kb: KnowledgeBase, variables: set[str]) -> Iterable[str]:
    pairs: list[tuple[str, str]] = []
    if node.fact and node.fact not in variables:
        pairs.extend((node.fact, option.value) for option in node.options)
    for option in node.options:
        pairs.extend(option.also.items())
    for item in node.items:
        pairs.append((item.fact, item.value))
        pairs.extend(item.also.items())
    pairs.extend(node.sets.items())
    for fact, value in pairs:
        if fact in variables:
            continue
        if fact not in kb.facts:
            yield f"unknown fact '{fact}' (not in the knowledge base nor a flow variable)"
        elif value not in _allowed(kb, fact):
            yield f"value '{value}' is not allowed for fact '{fact}'"
    if node.type == "multi" and node.fact in kb.facts and not kb.facts[node.fact].is_set:
        yield f"a multi node needs a set-valued fact; '{node.fact}' is not"


def _successors(flows: dict[str, Flow], flow: Flow, node: Node) -> Iterator[tuple[str, str]]:
    for target in local_targets(node):
        yield flow.id, target
    if node.type == "goto" and node.flow in flows:
        yield node.flow, flows[node.flow].start


def _graph(flows: dict[str, Flow]) -> dict[tuple[str, str], list[tuple[str, str]]]:
    graph: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for flow in flows.values():
        for node in flow.nodes:
            graph[(flow.id, node.id)] = list(_successors(flows, flow, node))
        if flow.urgent:
            graph.setdefault((flow.id, flow.start), []).append((flow.id, flow.urgent))
    return graph


def _closure(
    graph: dict[tuple[str, str], list[tuple[str, str]]], start: tuple[str, str]
) -> set[tuple[str, str]]:
    seen: set[tuple[str, str]] = set()
    todo = [start]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(graph.get(current, ()))
    return seen


def _check_paths(located: dict[str, _Located]) -> None:
    flows = {name: item.flow for name, item in located.items()}
    if MAIN_FLOW not in flows:
        first = next(iter(located.values()))
        raise FlowError(first.path.parent, None, f"no flow with id '{MAIN_FLOW}'")
    graph = _graph(flows)
    reachable = _closure(graph, (MAIN_FLOW, flows[MAIN_FLOW].start))
    results = {key for key in graph if flows[key[0]].node(key[1]).type == "result"}
    for key in graph:
        flow_id, node_id = key
        if key not in reachable:
            raise FlowError(located[flow_id].path, node_id, "cannot be reached from the start")
        if not _closure(graph, key) & results:
            raise FlowError(located[flow_id].path, node_id, "no path from here ends at a result")


def _check_facts_asked(located: dict[str, _Located], kb: KnowledgeBase) -> None:
    asked: set[str] = set()
    declared: set[str] = set()
    for item in located.values():
        declared.update(item.flow.not_asked)
        for node in item.flow.nodes:
            asked.update(node.facts_set)
    used: set[str] = set()
    for condition in kb.conditions():
        used.update(facts_used(condition))
    missing = sorted(used - asked - declared)
    if missing:
        main = located[MAIN_FLOW]
        raise FlowError(
            main.path,
            None,
            "facts used by the rules are never asked; ask them or list them under "
            f"not_asked: {', '.join(missing)}",
        )


def load_flows(kb: KnowledgeBase, directory: Path = FLOWS_DIR) -> dict[str, Flow]:
    """Every ``*.yaml`` flow in ``directory`` by id, checked against the knowledge base."""
    located: dict[str, _Located] = {}
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise FlowError(directory, None, "no flow files (*.yaml) found")
    for path in paths:
        flow = parse_flow(path)
        if flow.id in located:
            raise FlowError(path, None, f"flow id '{flow.id}' is used by another file")
        located[flow.id] = _Located(path, flow)
    for item in located.values():
        _check_knowledge(item, located, kb)
    _check_paths(located)
    _check_facts_asked(located, kb)
    return {name: item.flow for name, item in located.items()}
