"""A Babel extractor for the YAML files in ``dialogs/``.

Registered as the ``refuge_dialogs`` extraction method (entry point
``babel.extractors``) and named in ``babel.cfg``, so ``pybabel extract`` collects the
English source strings of flows and of the knowledge base like any ``gettext()`` call.
Only the values of :data:`TRANSLATABLE_KEYS` are user-facing text; ids and values are not.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

import yaml

TRANSLATABLE_KEYS: frozenset[str] = frozenset(
    {
        "title",
        "text",
        "console_text",
        "label",
        "why",
        "plain",
        "advocate",
        "instrument",
        "summary",
        "term",
        "helps_with",
        "reach",
    }
)

Extracted = tuple[int, str | None, str, list[str]]


def _walk(node: yaml.Node, trail: tuple[str, ...]) -> Iterator[Extracted]:
    if isinstance(node, yaml.MappingNode):
        name = trail
        for key, value in node.value:
            if (
                isinstance(key, yaml.ScalarNode)
                and key.value == "id"
                and isinstance(value, yaml.ScalarNode)
            ):
                name = (*trail, str(value.value))
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            if key.value in TRANSLATABLE_KEYS and isinstance(value, yaml.ScalarNode):
                text = str(value.value)
                if text:
                    where = " / ".join((*name, str(key.value)))
                    yield value.start_mark.line + 1, None, text, [where]
            else:
                yield from _walk(value, name)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item, trail)


def extract_dialogs(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any] | Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Yield ``(line, function, message, comments)`` for every translatable YAML value."""
    del keywords, comment_tags, options  # the YAML has no function calls or comments to read
    root = yaml.compose(fileobj.read().decode("utf-8"), Loader=yaml.SafeLoader)
    if root is not None:
        yield from _walk(root, ())
