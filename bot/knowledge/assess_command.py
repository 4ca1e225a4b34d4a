"""``refuge-guide assess FACTS.json``: the engine on a file of facts, for people and scripts.

The CLI (``bot/cli.py``) parses arguments and calls :func:`run_assess`, which owns the
behaviour: exit code 0 with the report on ``out``; exit code 2 with one translated line on
``err`` when the input is at fault (unreadable, not JSON, not an object, a fact that is
unknown or has a value that is not allowed); exit code 1 when the knowledge base itself
is broken, which is the operator's problem rather than the user's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, TextIO

from bot.i18n import Translator, get_translator
from bot.knowledge.engine import assess
from bot.knowledge.errors import FactError, KnowledgeError
from bot.knowledge.facts import parse_facts
from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.report import assessment_to_json, assessment_to_text, fact_error_message

EXIT_OK = 0
EXIT_BROKEN_KNOWLEDGE = 1
EXIT_BAD_INPUT = 2


def run_assess(
    facts_path: Path,
    lang: str,
    fmt: Literal["json", "text"],
    out: TextIO,
    err: TextIO,
    *,
    kb: KnowledgeBase | None = None,
) -> int:
    """Assess the JSON object of facts in ``facts_path`` and print it as JSON or text."""
    t = get_translator(lang)
    raw = _read_facts(facts_path, t, err)
    if raw is None:
        return EXIT_BAD_INPUT
    if kb is None:
        try:
            kb = load_knowledge()
        except KnowledgeError as error:
            print(
                t.gettext("The knowledge base is broken: {reason}").format(reason=error), file=err
            )
            return EXIT_BROKEN_KNOWLEDGE
    try:
        facts = parse_facts(kb, raw)
    except FactError as error:
        print(fact_error_message(error, t), file=err)
        return EXIT_BAD_INPUT
    assessment = assess(kb, facts)
    if fmt == "json":
        report = assessment_to_json(assessment, t)
        out.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    else:
        out.write(assessment_to_text(assessment, t))
    return EXIT_OK


def _read_facts(path: Path, t: Translator, err: TextIO) -> dict[str, object] | None:
    """The JSON object in ``path``, or None after printing one line saying what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        print(t.gettext("Cannot read the facts file {path}.").format(path=path), file=err)
        return None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        message = t.gettext(
            "The facts file {path} is not valid JSON (line {line}, column {column})."
        )
        print(message.format(path=path, line=error.lineno, column=error.colno), file=err)
        return None
    if not isinstance(raw, dict):
        message = t.gettext("The facts file {path} must hold one JSON object of facts.")
        print(message.format(path=path), file=err)
        return None
    return raw
