"""Reading the project's YAML: safe, strict about duplicates, and with YAML 1.2 booleans.

PyYAML follows YAML 1.1, where ``yes``, ``no``, ``on`` and ``off`` become booleans. Our
facts take the answers ``yes`` and ``no`` as strings, so here only ``true``/``false`` are
booleans and ``equals: no`` means the string "no". A key written twice in one mapping would
silently hide the first rule, so it is an error. Every loader (flows, knowledge base, directory,
glossary, urgent help) reads YAML through this module, so that a value means the same in
every file; it sits beside ``bot.dialog`` and ``bot.knowledge`` and imports neither.

Parsing uses libyaml (PyYAML's C parser) where PyYAML was built with it: the same
documents, about ten times faster, which is most of the bot's start-up. Its error
messages are worded a little differently, so a file that fails is parsed again by the
pure-Python parser, whose message is the one reported: what a person editing a file
sees does not depend on how PyYAML was installed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

_BOOL_TAG = "tag:yaml.org,2002:bool"


class _Strict:
    """YAML 1.2 booleans and an error for a key repeated in a mapping (see the module)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Build a mapping, refusing a key that appears twice."""
        seen: set[object] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[attr-defined]
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} appears twice in one mapping", key_node.start_mark
                )
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)  # type: ignore[misc]
        return mapping


class StrictSafeLoader(_Strict, yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans and an error for a key repeated in a mapping."""


_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictSafeLoader.yaml_implicit_resolvers = _RESOLVERS
StrictSafeLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

_FastLoader: type[Any] = StrictSafeLoader
if getattr(yaml, "__with_libyaml__", False):

    class StrictCSafeLoader(_Strict, yaml.CSafeLoader):
        """The same loader on libyaml's parser: identical documents, much faster."""

    StrictCSafeLoader.yaml_implicit_resolvers = StrictSafeLoader.yaml_implicit_resolvers
    _FastLoader = StrictCSafeLoader


def load_yaml_text(text: str) -> object:
    """Parse one YAML document (never constructs objects); a failure is reported as
    :class:`StrictSafeLoader` words it."""
    try:
        return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError:
        if _FastLoader is StrictSafeLoader:
            raise
    return yaml.load(text, Loader=StrictSafeLoader)  # noqa: S506 - raises its own error


def load_yaml_file(path: Path) -> object:
    """Parse a UTF-8 YAML file with :class:`StrictSafeLoader`."""
    return load_yaml_text(path.read_text(encoding="utf-8"))


Model = TypeVar("Model", bound=BaseModel)


def load_model(
    path: Path,
    model: type[Model],
    error: type[Exception],
    *,
    items: tuple[str, str] | None = None,
    place: str | None = None,
) -> Model:
    """Read ``path`` and validate it as ``model``, or raise ``error`` in one line.

    Every data file (directory, glossary, urgent help, next steps) is edited by hand by
    someone who is not a developer, so its first problem is reported as ``file: where:
    what`` and nothing else (no traceback, no pydantic URL, no input echoed). ``items``
    names the list of entries and what one is called (``("terms", "term")``), so that a
    problem inside an entry names the entry by its ``id`` rather than by its position.
    """
    shown = place or path.name
    try:
        raw = load_yaml_file(path)
    except FileNotFoundError:
        raise error(f"{shown}: file not found") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as problem:
        first = str(problem).splitlines()[0] if str(problem) else type(problem).__name__
        raise error(f"{shown}: cannot be read: {first}") from None
    try:
        return model.model_validate(raw)
    except ValidationError as problem:
        detail = problem.errors(include_input=False, include_url=False)[0]
        raise error(f"{shown}: {_where(raw, detail['loc'], items)}{detail['msg']}") from None


def _where(raw: object, loc: tuple[str | int, ...], items: tuple[str, str] | None) -> str:
    """``term 'id': field: `` for a problem inside an entry, else ``field: ``."""
    if items and len(loc) >= 2 and loc[0] == items[0] and isinstance(loc[1], int):
        entries = raw.get(items[0]) if isinstance(raw, dict) else None
        label: object = f"#{loc[1] + 1}"
        if (
            isinstance(entries, list)
            and loc[1] < len(entries)
            and isinstance(entries[loc[1]], dict)
        ):
            label = entries[loc[1]].get("id", label)
        field = ".".join(str(part) for part in loc[2:])
        return f"{items[1]} {str(label)!r}: " + (f"{field}: " if field else "")
    field = ".".join(str(part) for part in loc)
    return f"{field}: " if field else ""
