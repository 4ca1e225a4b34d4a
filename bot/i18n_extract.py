"""A Babel extractor for the YAML files in ``dialogs/``.

Registered as the ``refuge_dialogs`` extraction method (entry point
``babel.extractors``) and named in ``babel.cfg``, so ``pybabel extract`` collects the
English source strings of flows and of the knowledge base like any ``gettext()`` call.
Only the values of :data:`TRANSLATABLE_KEYS` are user-facing text; ids and values are not.

Every string goes to the translator with a comment saying what it is and where it is
shown (:func:`describe`), then where it comes from (``person / origin / title``): the
same English word can be a button, a heading or a row label, and only the comment tells
which. Strings nobody reads are left out: a flow's own ``title`` names the flow in the
English diagrams of ``docs/flows/``; a notice's or a result's ``title`` labels its box
there too (only an answered question's title reaches a reader, as the row label of the
review screen); a directory entry with ``read: false`` is kept for the next review and
never shown. A glossary ``term`` carries the msgctxt :data:`bot.i18n.GLOSSARY_CONTEXT`, as
though read by ``pgettext``, because the same English may also be an answer's label.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from pathlib import PurePath
from typing import IO, Any

import yaml

from bot.dialog.model import ANSWERED_TYPES
from bot.i18n import GLOSSARY_CONTEXT, MAX_LABEL

TRANSLATABLE_KEYS: frozenset[str] = frozenset(
    {
        "title",
        "text",
        "console_text",
        "label",
        "why",
        "plain",
        "advocate",
        "advocate_title",
        "button",
        "advocate_button",
        "instrument",
        "short_name",
        "article",
        "summary",
        "term",
        "helps_with",
        "reach",
    }
)

NAMED_LISTS: frozenset[str] = frozenset({"intro"})
"""Lists whose name the translator's "where" keeps (``main / role / intro / text``): a
paragraph above the first question reads differently from the question itself."""

CITATION_STYLE = (
    "an article in a legal citation, shown after the instrument's name. Write it as a "
    "lawyer of your language cites it: fr/nl 'art. 4, § 2, 1°', ru 'ст. 4 § 2 п. 1'. "
    "Keep case names, judgment and resolution numbers as officially written."
)

_FLOW_KEYS: dict[str, str] = {
    "title": (
        "a question's short title: a heading, and the row label of 'title: answer' on the "
        "review screen, so it must make sense before any answer"
    ),
    "text": "a question or a notice, one message",
    "console_text": "a notice as the terminal chat shows it, one message",
    "label": f"a button label (at most {MAX_LABEL} characters, or a phone cuts it)",
    "why": "the answer to 'Why do we ask?' under a question, one or two short sentences",
}

_KEYS: dict[str, str] = {
    "title": (
        "a heading (a ground, a contact or a page of the result); a ground's title is also "
        f"its button under the result unless it has a short 'button' form: then at most "
        f"{MAX_LABEL} characters"
    ),
    "text": "what the person can do: a bullet of the result or of a checklist",
    "plain": "plain words for the person concerned (about B1 level)",
    "advocate": "precise wording for lawyers and advocates, with the legal terms",
    "advocate_title": (
        "a ground's heading as advocates read it (no 'you', 'your'); also its button under "
        f"the advocate's result unless it has an 'advocate_button': then at most {MAX_LABEL} "
        "characters"
    ),
    "button": (
        f"the short form of a title or term on its button (at most {MAX_LABEL} characters "
        "in all, or a phone cuts it); the full title is the heading of the page it opens"
    ),
    "advocate_button": (
        f"the short form of a ground's advocate title on its button (at most {MAX_LABEL} "
        "characters, or a phone cuts it); keep the legal terms"
    ),
    "instrument": "the name of a law, treaty or judgment, in a citation 'name, article [tag]'",
    "short_name": (
        "the short name of a law or treaty in an advocate's one-line citation ('ETS 30', "
        "'Law 9.12.2004'); use the abbreviation lawyers of your language use"
    ),
    "article": CITATION_STYLE,
    "summary": "a short summary line",
    "term": (
        f"a glossary term, also a button 'ⓘ term' (at most {MAX_LABEL} characters in all, "
        "unless the term has a short 'button' form)"
    ),
    "helps_with": "what an organisation or office helps with, one or two plain sentences",
    "reach": "how to reach a contact that has no phone or website",
    "why": "a short explanation for the person concerned",
    "label": f"a button label (at most {MAX_LABEL} characters, or a phone cuts it)",
    "console_text": "a notice as the terminal chat shows it",
}

Extracted = tuple[int, str | None, str | tuple[str, str], list[str]]


def describe(key: str, in_flow: bool) -> str:
    """What a value of ``key`` is and where it shows, for the translator."""
    return (_FLOW_KEYS if in_flow else _KEYS).get(key, "text shown to the reader")


def _scalars(node: yaml.MappingNode) -> dict[str, yaml.ScalarNode]:
    return {
        str(key.value): value
        for key, value in node.value
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)
    }


def _unread(scalars: dict[str, yaml.ScalarNode]) -> bool:
    """A directory entry with ``read: false``: kept for the next review, never shown."""
    read = scalars.get("read")
    return read is not None and read.tag.endswith(":bool") and read.value.lower() == "false"


def _unseen_title(scalars: dict[str, yaml.ScalarNode], keys: set[str], root: bool) -> bool:
    """A flow's title, or a title of a node that is not a question: only the diagrams of
    ``docs/flows/`` show it; a question's title is the review screen's row label."""
    if root and "nodes" in keys:
        return True
    kind = scalars.get("type")
    return kind is not None and kind.value not in ANSWERED_TYPES


def _walk(
    node: yaml.Node, trail: tuple[str, ...], in_flow: bool, root: bool
) -> Iterator[Extracted]:
    if isinstance(node, yaml.MappingNode):
        name = trail
        keys = {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
        scalars = _scalars(node)
        if _unread(scalars):
            return
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
            if in_flow and key.value == "title" and _unseen_title(scalars, keys, root):
                continue
            if key.value in TRANSLATABLE_KEYS and isinstance(value, yaml.ScalarNode):
                text = str(value.value)
                if text:
                    where = " / ".join((*name, str(key.value)))
                    comments = [describe(str(key.value), in_flow), where]
                    line = value.start_mark.line + 1
                    if key.value == "term":  # its own msgctxt, as if read by pgettext
                        yield line, "pgettext", (GLOSSARY_CONTEXT, text), comments
                    else:
                        yield line, None, text, comments
            elif (
                isinstance(value, yaml.MappingNode)
                and "id" not in {k.value for k, _ in value.value if isinstance(k, yaml.ScalarNode)}
            ) or key.value in NAMED_LISTS:
                yield from _walk(value, (*name, str(key.value)), in_flow, False)
            else:
                yield from _walk(value, name, in_flow, False)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item, trail, in_flow, False)


def extract_dialogs(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any] | Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Yield ``(line, function, message, comments)`` for every translatable YAML value."""
    del keywords, comment_tags, options  # the YAML has no function calls or comments to read
    in_flow = "flows" in PurePath(str(getattr(fileobj, "name", ""))).parts
    root = yaml.compose(fileobj.read().decode("utf-8"), Loader=yaml.SafeLoader)
    if root is not None:
        yield from _walk(root, (), in_flow, True)
