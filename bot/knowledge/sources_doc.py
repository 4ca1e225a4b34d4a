"""The reviewers' view of the legal content: ``docs/legal-sources.md``, made from the data.

A lawyer reviewing the guide should not have to read YAML. This renders every ground and
every action with what a reviewer checks: the type and request kinds, each source with its
tag, the addresses of the official text and what was actually read there, both texts
(the person's and the advocate's), caveats, and the rules in words. The file is generated,
never edited; a test regenerates it and fails when the committed copy is stale.

Usage::

    python -m bot.knowledge.sources_doc            # rewrite docs/legal-sources.md
    python -m bot.knowledge.sources_doc --check    # exit 1 if the file is stale
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from bot.knowledge.conditions import AllOf, AnyOf, Condition, FactContains, FactIn, Not
from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import Action, Caveat, Ground, KnowledgeBase, Source
from bot.paths import DATA_ROOT

DOC_PATH = DATA_ROOT / "docs" / "legal-sources.md"
COMMAND = "python -m bot.knowledge.sources_doc"

_TAGS = {
    "C": "confirmed: the text was read (the note says what and where)",
    "P": "partly confirmed: cut text, a secondary source, or an older version",
    "U": "unconfirmed: nobody on the project has read it; check before relying on it",
}


def in_words(condition: Condition) -> str:
    """A rule as a reviewer reads it: ``a = x and (b = y or not c = z)``."""
    if isinstance(condition, AllOf | AnyOf):
        joiner = " and " if isinstance(condition, AllOf) else " or "
        parts = [_grouped(part) for part in condition.parts]
        return joiner.join(parts)
    if isinstance(condition, Not):
        return f"not {_grouped(condition.part)}"
    if isinstance(condition, FactIn):
        return f"{condition.fact} in {{{', '.join(condition.values)}}}"
    if isinstance(condition, FactContains):
        return f"{condition.fact} includes {condition.value}"
    return f"{condition.fact} = {condition.value}"


def _grouped(condition: Condition) -> str:
    words = in_words(condition)
    return f"({words})" if isinstance(condition, AllOf | AnyOf) else words


def _code(text: str) -> str:
    return f"`{text}`"


def _source_lines(sources: Iterable[Source]) -> list[str]:
    lines: list[str] = []
    for number, source in enumerate(sources, start=1):
        cited = f"{source.instrument}, {source.article}" if source.article else source.instrument
        lines.append(f"{number}. {cited} **[{source.source_tag}]**")
        lines.extend(f"   - <{url}>" for url in source.urls)
        if source.read:
            lines.append(f"   - Read: {source.read}")
    return lines


def _rule_lines(ground: Ground) -> list[str]:
    if ground.applies_when is None:
        applies = "never (the facts collected cannot settle it)"
    else:
        applies = _code(in_words(ground.applies_when))
    lines = [f"- **Applies when:** {applies}"]
    if ground.may_apply_when is not None:
        lines.append(f"- **Otherwise may apply when:** {_code(in_words(ground.may_apply_when))}")
    lines.append('- An unknown fact never rules a ground out: it makes it "may apply".')
    return lines


def _caveat_lines(caveat: Caveat) -> list[str]:
    return [
        f"- **Caveat `{caveat.id}`**, shown beside the ground when {_code(in_words(caveat.when))}",
        f"  - Person: {caveat.plain}",
        f"  - Advocate: {caveat.advocate}",
        *(f"  {line}" for line in _source_lines(caveat.sources)),
    ]


def _ground_section(ground: Ground) -> list[str]:
    lines = [
        f"### `{ground.id}`: {ground.title}",
        "",
        f"- **Type:** {ground.type} · **Kinds:** {', '.join(ground.kinds)} · "
        f"**Primary tag:** [{ground.source_tag}]",
        f"- **Person:** {ground.plain}",
        *([f"- **Advocate's title:** {ground.advocate_title}"] if ground.advocate_title else []),
        f"- **Advocate:** {ground.advocate}",
        *_rule_lines(ground),
    ]
    for caveat in ground.caveats:
        lines.extend(_caveat_lines(caveat))
    lines += ["", "Sources:", "", *_source_lines(ground.sources), ""]
    return lines


def _action_section(action: Action) -> list[str]:
    when = _code(in_words(action.when)) if action.when is not None else "always"
    lines = [
        f"### `{action.id}`",
        "",
        f"- **Person:** {action.text}",
    ]
    if action.advocate:
        lines.append(f"- **Advocate:** {action.advocate}")
    lines.append(f"- **Offered when:** {when}")
    if action.unless is not None:
        lines.append(f"- **Withdrawn when:** {_code(in_words(action.unless))}")
    lines += ["", "Sources:", "", *_source_lines(action.sources), ""]
    return lines


def render(kb: KnowledgeBase) -> str:
    """The whole document, deterministic so that a stale copy can be detected."""
    lines = [
        "# Legal sources of refuge-guide",
        "",
        f"Generated from `dialogs/knowledge/` by `{COMMAND}`:",
        "do not edit by hand (a test fails when this file is stale). English source texts;",
        "the guide shows them translated into French, Dutch and Russian.",
        "",
        f"- **Legal content last reviewed:** {kb.reviewed_on.isoformat()}",
        f"- **Reviewed by:** {kb.reviewed_by.strip()}",
        "- **Addresses** are those of the official text only (Justel/ELI, the Council of",
        "  Europe treaty office, the UN treaty collection, EUR-Lex, INTERPOL, the courts'",
        "  databases: `bot/knowledge/addresses.py`); where a text was read in a reproduction,",
        "  the note says which.",
        "",
        "Tags:",
        "",
        *(f"- **[{tag}]** {meaning}" for tag, meaning in _TAGS.items()),
        "",
        "## Summary",
        "",
        "| Ground | Type | Kinds | Primary source | Tag |",
        "|---|---|---|---|---|",
    ]
    for ground in kb.grounds:
        lines.append(
            f"| `{ground.id}` | {ground.type} | {', '.join(ground.kinds)} | "
            f"{ground.instrument}, {ground.article} | [{ground.source_tag}] |"
        )
    lines += ["", "## Grounds", ""]
    for ground in kb.grounds:
        lines.extend(_ground_section(ground))
    lines += ["## Actions", ""]
    for action in kb.actions:
        lines.extend(_action_section(action))
    lines += ["## Facts the rules read", ""]
    for fact in kb.facts.values():
        values = ", ".join(fact.allowed)
        lines.append(f"- `{fact.id}` ({fact.kind}): {values}")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the document, or with ``--check`` say whether the committed one is stale."""
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    parser.add_argument("--output", type=Path, default=DOC_PATH, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    text = render(load_knowledge())
    path: Path = args.output
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path} is stale: run {COMMAND}", file=sys.stderr)
            return 1
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
