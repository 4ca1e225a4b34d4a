"""A translator sees, beside every string, what it is and where it is shown.

Every entry of the template carries an extracted comment (``#.``): for the YAML strings
the extractor writes it, for the code a ``# TRANSLATORS:`` comment above the call does. A
button's comment states its budget (40 characters), a Telegram command description's
Telegram's limit. The comment starts with the string's role (a button label, a heading, a
glossary term, ...): one msgid used in two roles is two entries, told apart by a msgctxt,
so that each can be translated for its place.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from telegram.constants import BotCommandLimit

from bot.channels.telegram_menu import COMMANDS
from bot.dialog.runner import Runner
from bot.dialog.screens import render
from bot.dialog.state import SessionState
from bot.directory.loader import load_directory
from bot.glossary import TERM_LABEL
from bot.i18n import GLOSSARY_CONTEXT, MAX_LABEL
from bot.i18n_catalogs import extract_to, occurrences
from bot.paths import DATA_ROOT

Key = tuple[str, str | None]
"""An entry of the catalogs: its msgid (the singular, for a plural) and its msgctxt."""

ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("glossary term", re.compile(r"a glossary term")),
    ("button", re.compile(r"a button")),
    ("command description", re.compile(r"a Telegram command description")),
    ("heading", re.compile(r"a heading|a question's short title")),
    ("file name", re.compile(r"the stem of the case note's file name|a file name")),
    ("operator's error", re.compile(r"an error message for the operator")),
    ("person's error", re.compile(r"an error message for the person")),
    ("citation", re.compile(r"an article in a legal citation|the name of a law|a source note")),
)
"""What a comment's first words say the string is; comments that start otherwise (a
message, a note, a line) are running text and clash with no role."""

BUDGET = f"{MAX_LABEL} characters"
COMMAND_BUDGET = f"at most {BotCommandLimit.MAX_DESCRIPTION} characters"


@dataclass(frozen=True)
class Use:
    """One place a string is extracted from, with the comment written for it there."""

    where: str
    comment: str

    @property
    def role(self) -> str | None:
        """The role the comment's first words name, if any."""
        start = self.comment.removeprefix("TRANSLATORS:").strip()
        for role, pattern in ROLES:
            if pattern.match(start):
                return role
        return None


def _key(message: str | tuple[str, ...], context: str | None) -> Key:
    return (message if isinstance(message, str) else message[0], context)


@pytest.fixture(scope="module")
def uses() -> dict[Key, list[Use]]:
    """Every string of the code and the dialogs, with each place it is extracted from."""
    found: dict[Key, list[Use]] = defaultdict(list)
    for where, message, comments, context in occurrences(DATA_ROOT):
        found[_key(message, context)].append(Use(where, " ".join(comments)))
    return found


def _button_calls() -> Iterator[Key]:
    """The entry of every ``button(state, t.gettext("..."), ...)`` in the code."""
    for path in sorted((DATA_ROOT / "bot").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "button"):
                continue
            label = node.args[1] if len(node.args) > 1 else None
            if isinstance(label, ast.Call) and label.args:
                literal = label.args[-1]
                if isinstance(literal, ast.Constant) and isinstance(literal.value, str):
                    yield literal.value, None


MARK = TERM_LABEL.format(term="")
"""What a glossary term's button shows before the term ("ⓘ ")."""


def _screen_buttons(runner: Runner) -> Iterator[Key]:
    """The entry of every button on every screen of the flows: an option or checklist
    item (after its box), or a glossary term (after its mark, in its own msgctxt)."""
    for flow in runner.flows.values():
        for node in flow.nodes:
            if node.type == "goto":
                continue
            state = SessionState(lang="en", flow=flow.id, node=node.id, why_shown=True)
            for button in render(runner, state).buttons:
                if button.label.startswith(MARK):
                    yield button.label.removeprefix(MARK), GLOSSARY_CONTEXT
                else:
                    yield re.sub(r"^[☐☑] ", "", button.label), None


def test_every_entry_says_where_it_appears_and_what_it_is(tmp_path: Path) -> None:
    """No entry of the template reaches a translator without a ``#.`` comment."""
    with extract_to(tmp_path / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    bare = [(m.id, m.context) for m in template if m.id and not m.auto_comments]
    assert bare == [], "add a '# TRANSLATORS:' comment above these strings' calls"


def test_a_button_label_states_its_budget(uses: dict[Key, list[Use]], runner: Runner) -> None:
    """Every string shown on a button, from the screens or from a ``button(...)`` call,
    has a comment that gives the 40-character budget."""
    labels = set(_button_calls()) | set(_screen_buttons(runner))
    entries = {key: found for key, found in uses.items() if key in labels}
    assert len(entries) > 100  # the flows' options, the result's and the review's buttons
    silent = [key for key, found in entries.items() if not any(BUDGET in u.comment for u in found)]
    assert silent == []


def test_a_command_description_states_telegrams_limit(uses: dict[Key, list[Use]]) -> None:
    """The menu's command descriptions are held to Telegram's limit, and say so."""
    for _, text in COMMANDS:
        assert any(COMMAND_BUDGET in use.comment for use in uses[(text, None)]), text


def test_one_string_in_two_roles_is_two_entries(uses: dict[Key, list[Use]]) -> None:
    """A msgid used as, say, a button and a heading carries a msgctxt in one of them, so
    the translator can word each for its place."""
    clashes = {
        key: sorted({f"{u.role} ({u.where})" for u in found if u.role})
        for key, found in uses.items()
        if len({u.role for u in found if u.role}) > 1
    }
    assert clashes == {}


def test_strings_nobody_reads_are_not_extracted(uses: dict[Key, list[Use]], runner: Runner) -> None:
    """A notice's or a result's title shows only in the diagrams of ``docs/flows/``; an
    unread directory entry is never shown. Neither reaches a translator (a question's
    title does: it is the review screen's row label)."""
    unseen = [
        f"{flow.id} / {node.id} / title"
        for flow in runner.flows.values()
        for node in flow.nodes
        if node.title and not node.answered
    ]
    unseen += [f"{entry.id} / " for entry in load_directory().entries if not entry.read]
    assert len(unseen) > 5
    extracted = [use.comment for found in uses.values() for use in found]
    assert [where for where in unseen if any(f" {where}" in c for c in extracted)] == []
    assert any(" person / kinds / title" in comment for comment in extracted)
