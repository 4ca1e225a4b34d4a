"""``refuge-guide assess FACTS.json``: the engine on a file of facts, for people and scripts.

The facts go through the same gate (:func:`bot.knowledge.parse_facts`) and the same engine
as a conversation's answers. JSON is for programs; text is what a person reads at the end
of a conversation, drawn by the same renderer (:func:`bot.result.render_assessment`).
Input at fault raises a :class:`bot.errors.UserInputError` (a facts file or a fact), a
broken knowledge base a :class:`bot.errors.KnowledgeError`; :func:`bot.cli.main` turns
them into one line and an exit code, as for every other command.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, TextIO

from bot.errors import FactsFileError
from bot.i18n import get_translator
from bot.knowledge.engine import assess
from bot.knowledge.facts import parse_facts
from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.report import assessment_to_json
from bot.result import assessment_text

Format = Literal["json", "text"]


def assess_file(
    facts_path: Path, lang: str, fmt: Format, out: TextIO, *, kb: KnowledgeBase | None = None
) -> None:
    """Assess the JSON object of facts in ``facts_path`` and write it to ``out``."""
    t = get_translator(lang)
    raw = read_facts(facts_path)
    knowledge = kb if kb is not None else load_knowledge()
    assessment = assess(knowledge, parse_facts(knowledge, raw))
    if fmt == "json":
        report = assessment_to_json(assessment, t)
        out.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    else:
        out.write(assessment_text(assessment, t, audience="person"))


def read_facts(path: Path) -> dict[str, object]:
    """The JSON object in ``path``, or a :class:`FactsFileError` saying what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise FactsFileError(path, "unreadable") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise FactsFileError(path, "not_json", line=error.lineno, column=error.colno) from None
    if not isinstance(raw, dict):
        raise FactsFileError(path, "not_an_object")
    return raw
