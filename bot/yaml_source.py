"""Reading the project's YAML: safe, strict about duplicates, and with YAML 1.2 booleans.

PyYAML follows YAML 1.1, where ``yes``, ``no``, ``on`` and ``off`` become booleans. Our
facts take the answers ``yes`` and ``no`` as strings, so here only ``true``/``false`` are
booleans and ``equals: no`` means the string "no". A key written twice in one mapping would
silently hide the first rule, so it is an error. Every loader (flows, knowledge base, directory,
glossary, urgent help) reads YAML through this module, so that a value means the same in
every file; it sits beside ``bot.dialog`` and ``bot.knowledge`` and imports neither.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

_BOOL_TAG = "tag:yaml.org,2002:bool"


class StrictSafeLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans and an error for a key repeated in a mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Build a mapping, refusing a key that appears twice."""
        seen: set[object] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} appears twice in one mapping", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


StrictSafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictSafeLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_yaml_text(text: str) -> object:
    """Parse one YAML document with :class:`StrictSafeLoader` (never constructs objects)."""
    return yaml.load(text, Loader=StrictSafeLoader)  # noqa: S506 - a SafeLoader subclass


def load_yaml_file(path: Path) -> object:
    """Parse a UTF-8 YAML file with :class:`StrictSafeLoader`."""
    return load_yaml_text(path.read_text(encoding="utf-8"))
