"""Loading ``dialogs/knowledge/`` into a :class:`KnowledgeBase`, or failing with the place.

Four files make the knowledge base: ``meta.yaml`` (review date and reviewer), ``facts.yaml``,
``grounds.yaml`` (addresses, readings and indicators shared by YAML anchors, then the
grounds in display order) and ``actions.yaml``. Every problem found stops loading with one
:class:`KnowledgeError` whose message reads ``<file>: <entry kind> '<id>': <reason>``,
because the person who can fix it is editing that file and looking for that entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.errors import KnowledgeError
from bot.knowledge.addresses import OfficialAddress
from bot.knowledge.conditions import Condition, validate_condition
from bot.knowledge.facts import FactDefinition
from bot.knowledge.ids import ACTION_IDS, GROUND_IDS, REQUEST_KINDS_FACT
from bot.knowledge.models import Action, Ground, KnowledgeBase
from bot.knowledge.plan import RuleSet, RuleTooComplexError
from bot.paths import KNOWLEDGE_DIR
from bot.yaml_source import load_yaml_file

_FROZEN = ConfigDict(extra="forbid", frozen=True)


class _MetaFile(BaseModel):
    model_config = _FROZEN
    reviewed_on: dt.date
    reviewed_by: str = Field(min_length=1, max_length=300)


class _FactsFile(BaseModel):
    model_config = _FROZEN
    facts: tuple[FactDefinition, ...]


class _GroundsFile(BaseModel):
    model_config = _FROZEN
    addresses: dict[str, tuple[OfficialAddress, ...]] = {}
    readings: dict[str, str] = {}
    indicators: dict[str, Condition] = {}
    grounds: tuple[Ground, ...]


class _ActionsFile(BaseModel):
    model_config = _FROZEN
    actions: tuple[Action, ...]


_File = TypeVar("_File", bound=BaseModel)

_ENTRY_KINDS = {
    "facts": "fact",
    "grounds": "ground",
    "actions": "action",
    "indicators": "indicator",
    "addresses": "address list",
}


def load_knowledge(directory: Path = KNOWLEDGE_DIR) -> KnowledgeBase:
    """Load and cross-check the knowledge base in ``directory``; raise KnowledgeError if bad."""
    meta = _read(directory / "meta.yaml", _MetaFile)
    facts_path = directory / "facts.yaml"
    facts = _read(facts_path, _FactsFile).facts
    definitions = _index_facts(facts_path, facts)
    grounds_path = directory / "grounds.yaml"
    grounds_file = _read(grounds_path, _GroundsFile)
    actions_path = directory / "actions.yaml"
    actions = _read(actions_path, _ActionsFile).actions

    place = _show(grounds_path)
    for name, indicator in grounds_file.indicators.items():
        _check_rules(f"{place}: indicator {name!r}", [indicator], definitions)
    _check_ids(grounds_path, "ground", [g.id for g in grounds_file.grounds], GROUND_IDS)
    kinds = definitions[REQUEST_KINDS_FACT].testable
    for ground in grounds_file.grounds:
        where = f"{place}: ground {ground.id!r}"
        unknown_kinds = sorted(set(ground.kinds) - kinds)
        if unknown_kinds:
            raise KnowledgeError(
                f"{where}: unknown request kind {unknown_kinds[0]!r} "
                f"(allowed: {', '.join(sorted(kinds))})"
            )
        _check_rules(where, [ground.applies_when, ground.may_apply_when], definitions)
        for caveat in ground.caveats:
            _check_rules(f"{where}: caveat {caveat.id!r}", [caveat.when], definitions)

    _check_ids(actions_path, "action", [a.id for a in actions], ACTION_IDS)
    for action in actions:
        where = f"{_show(actions_path)}: action {action.id!r}"
        _check_rules(where, [action.when, action.unless], definitions)

    kb = KnowledgeBase(
        reviewed_on=meta.reviewed_on,
        reviewed_by=meta.reviewed_by,
        facts=definitions,
        grounds=grounds_file.grounds,
        actions=actions,
    )
    _ = kb.term_plan  # compile now, so the first assessment is as fast as the others
    return kb


def _read(path: Path, model: type[_File]) -> _File:
    """Parse one YAML file into its file model, turning every failure into KnowledgeError."""
    place = _show(path)
    try:
        raw = load_yaml_file(path)
    except FileNotFoundError:
        raise KnowledgeError(f"{place}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise KnowledgeError(f"{place}: cannot be read ({error})") from None
    except yaml.YAMLError as error:
        where = ""
        mark = getattr(error, "problem_mark", None)
        if mark is not None:
            where = f"line {mark.line + 1}: "
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise KnowledgeError(f"{place}: {where}invalid YAML: {problem}") from None
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{place}: the file must hold a mapping at the top level")
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        raise KnowledgeError(_describe_validation(place, raw, error)) from None


def _describe_validation(place: str, raw: dict[str, object], error: ValidationError) -> str:
    """``<file>: <kind> '<id>': <field path>: <reason>``, for up to three problems."""
    problems = [
        _describe_problem(raw, detail["loc"], detail["msg"])
        for detail in error.errors(include_input=False, include_url=False)[:3]
    ]
    more = error.error_count() - len(problems)
    suffix = f" (and {more} more)" if more > 0 else ""
    return f"{place}: " + "; ".join(problems) + suffix


def _describe_problem(raw: dict[str, object], location: tuple[str | int, ...], msg: str) -> str:
    loc: list[str | int] = []
    for part in location:
        if not loc or loc[-1] != part:  # a tagged union repeats its tag as the field name
            loc.append(part)
    entry = ""
    if len(loc) >= 2 and isinstance(loc[0], str) and loc[0] in _ENTRY_KINDS:
        section, key = loc[0], loc[1]
        container = raw.get(section)
        label: object = key
        if isinstance(key, int) and isinstance(container, list) and key < len(container):
            item = container[key]
            label = item.get("id", f"#{key + 1}") if isinstance(item, dict) else f"#{key + 1}"
        entry = f"{_ENTRY_KINDS[section]} {str(label)!r}: "
        loc = loc[2:]
    field = ".".join(str(part) for part in loc)
    return f"{entry}{field + ': ' if field else ''}{msg}"


def _index_facts(path: Path, facts: Sequence[FactDefinition]) -> dict[str, FactDefinition]:
    place = _show(path)
    definitions: dict[str, FactDefinition] = {}
    for fact in facts:
        if fact.id in definitions:
            raise KnowledgeError(f"{place}: fact {fact.id!r}: defined twice")
        definitions[fact.id] = fact
    request_kinds = definitions.get(REQUEST_KINDS_FACT)
    if request_kinds is None or not request_kinds.is_set:
        raise KnowledgeError(
            f"{place}: fact {REQUEST_KINDS_FACT!r}: must be defined as a set fact "
            "(grounds are filed under its values)"
        )
    return definitions


def _check_ids(path: Path, kind: str, ids: Sequence[str], expected: Iterable[str]) -> None:
    """Ids must be exactly the brief's, in display order: none unknown, repeated or missing."""
    place = _show(path)
    known = tuple(expected)
    seen: set[str] = set()
    for entry_id in ids:
        if entry_id not in known:
            raise KnowledgeError(
                f"{place}: {kind} {entry_id!r}: unknown {kind} id (the brief's ids are in "
                "bot/knowledge/ids.py)"
            )
        if entry_id in seen:
            raise KnowledgeError(f"{place}: {kind} {entry_id!r}: listed twice")
        seen.add(entry_id)
    missing = [entry_id for entry_id in known if entry_id not in seen]
    if missing:
        raise KnowledgeError(f"{place}: {kind} {missing[0]!r}: missing from the file")
    for entry_id, expected_id in zip(ids, known, strict=True):
        if entry_id != expected_id:
            raise KnowledgeError(
                f"{place}: {kind} {entry_id!r}: out of order (the file lists them in the "
                f"display order of bot/knowledge/ids.py, where {expected_id!r} comes here)"
            )


def _check_rules(
    where: str, rules: Iterable[Condition | None], definitions: dict[str, FactDefinition]
) -> None:
    for rule in rules:
        if rule is None:
            continue
        problems = validate_condition(rule, definitions)
        if problems:
            raise KnowledgeError(f"{where}: {problems[0]}")
        try:
            RuleSet(definitions).add(rule)
        except RuleTooComplexError as error:
            raise KnowledgeError(f"{where}: {error}") from None


def _show(path: Path) -> str:
    """The path as the person editing it would type it: relative to the working directory."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
