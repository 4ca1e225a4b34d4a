"""The labels tests press are labels the guide shows: a renamed button fails here, once."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from babel.messages.pofile import read_po

from bot.dialog.model import CHANGE_LABEL, UNTICKED
from bot.i18n import LANGUAGES, get_translator
from bot.paths import LOCALES_DIR
from tests.support import labels

TESTS = Path(__file__).resolve().parent.parent
LABELS = Path(labels.__file__).resolve()

BUTTONS = {
    name: value
    for name, value in vars(labels).items()
    if name.isupper()
    and isinstance(value, str)
    and value not in labels.LANGUAGE_NAMES.values()
    and not name.startswith("CHANGE_")
    and not name.endswith("_PREFIX")
}
"""The labels written as in the catalog; the review's "✎ {question}" buttons and the
prefixes pressed by their start are checked below."""


def test_every_button_label_is_an_english_string_of_the_guide() -> None:
    with (LOCALES_DIR / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="en")
    english = get_translator("en")
    missing = [
        f"{name} = {value!r}"
        for name, value in BUTTONS.items()
        if (text := value.removeprefix(f"{UNTICKED} ")) not in catalog
        or english.gettext(text) != text
    ]
    assert not missing, f"labels the English guide does not offer: {missing}"


def test_the_language_names_are_the_pickers() -> None:
    assert {lang: get_translator(lang).native_name for lang in LANGUAGES} == labels.LANGUAGE_NAMES


def test_the_change_buttons_are_the_reviews_for_their_questions() -> None:
    english = get_translator("en")
    change = english.gettext(CHANGE_LABEL)
    for question, label in (
        ("Kind of request", labels.CHANGE_KIND),
        ("Protection status", labels.CHANGE_STATUS),
        ("Urgent situation", labels.CHANGE_URGENT),
    ):
        assert change.format(question=english.gettext(question)) == label


def test_a_prefix_is_the_start_of_its_label() -> None:
    assert labels.MORE_GROUNDS.startswith(labels.MORE_GROUNDS_PREFIX)
    assert labels.MORE_GROUNDS_PREFIX.strip()


PRESSES = {"press", "press_all", "click", "choose", "begin"}
"""The drivers' ways of pressing a button by its label."""


def pressed_literals(source: str) -> list[str]:
    """The labels ``source`` presses as written-out strings rather than by name."""
    return [
        argument.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in PRESSES
        for argument in node.args
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str)
    ]


def test_the_press_scan_finds_what_it_is_for() -> None:
    source = 'chat.press("Yes")\nawait user.click(QUICK_EXIT)\nchat.press_all("A", NO, "B")\n'
    assert pressed_literals(source) == ["Yes", "A", "B"]


def test_no_pressed_label_is_written_twice() -> None:
    """A label pressed as a literal is one test's own (an option of one question): a label
    of labels.py, or one pressed in two files, is named here instead (issue 9, point 10)."""
    named = {
        value for name, value in vars(labels).items() if name.isupper() and isinstance(value, str)
    }
    files: dict[str, set[str]] = defaultdict(set)
    for path in sorted(TESTS.rglob("*.py")):
        if path != LABELS:
            for label in pressed_literals(path.read_text(encoding="utf-8")):
                files[label].add(str(path.relative_to(TESTS)))
    twice = {label: sorted(where) for label, where in files.items() if len(where) > 1}
    assert twice == {}, "pressed in several files: name them in tests/support/labels.py"
    assert sorted(set(files) & named) == [], "written out although labels.py names them"
