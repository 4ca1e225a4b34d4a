"""Every word the guide says exists in English, French, Dutch and Russian, and is right
in form: complete, same placeholders, balanced markup, official legal terms, within
Telegram's limits."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from bot.channels.telegram_menu import COMMANDS, DESCRIPTION, SHORT_DESCRIPTION
from bot.i18n import LANGUAGES, catalog_path, get_translator
from bot.i18n_catalogs import extract_to
from bot.paths import DATA_ROOT
from tests.i18n.glossary import FORBIDDEN, GLOSSARY

PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)[sd]")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)[^>]*>")


def load(lang: str) -> Catalog:
    """One language's catalog as Babel reads it."""
    with catalog_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


def entries(lang: str) -> list[Message]:
    """The catalog's messages, without the header."""
    return [message for message in load(lang) if message.id]


def forms(message: Message) -> tuple[str, ...]:
    """The translation's forms (one, or one per plural form)."""
    string = message.string
    return tuple(string) if isinstance(string, (tuple, list)) else (string,)


def source(message: Message) -> str:
    """The English source, singular and plural together."""
    return " ".join(message.id) if isinstance(message.id, (tuple, list)) else message.id


def test_catalogs_hold_every_string_of_the_code_and_dialogs(tmp_path: Path) -> None:
    """A string added to code or YAML without updating the catalogs fails here."""
    template = extract_to(tmp_path / "messages.pot")
    with template.open("rb") as handle:
        wanted = {(m.id, m.context) for m in read_po(handle) if m.id}
    for lang in LANGUAGES:
        have = {(m.id, m.context) for m in entries(lang)}
        assert wanted - have == set(), f"{lang}: run python -m bot.i18n_catalogs"
        assert have - wanted == set(), f"{lang}: obsolete entries"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_untranslated_or_fuzzy_entry(lang: str) -> None:
    """Nobody meets an English fallback in the middle of their language."""
    missing = [source(m) for m in entries(lang) if not all(forms(m)) or m.fuzzy]
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_header_names_the_version_and_the_last_review(lang: str) -> None:
    """A lawyer relying on a term can see which release it is and who last reviewed it
    (the record itself is docs/translations.md)."""
    catalog = load(lang)
    assert catalog.version not in {None, "", "VERSION"}
    assert "FULL NAME" not in (catalog.last_translator or "")
    if lang != "en":
        assert re.search(r"last review: .+, \d{4}-\d{2}-\d{2}", catalog.language_team or "")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_are_kept(lang: str) -> None:
    """A translation uses exactly the placeholders of its source, in every plural form."""
    wrong = []
    for message in entries(lang):
        expected = set(PLACEHOLDER.findall(source(message)))
        for form in forms(message):
            if set(PLACEHOLDER.findall(form)) != expected:
                wrong.append((source(message), form))
    assert wrong == []


def _balanced(text: str) -> bool:
    stack: list[str] = []
    for match in TAG.finditer(text):
        name = match.group(1).lower()
        if match.group(0).startswith("</"):
            if not stack or stack.pop() != name:
                return False
        else:
            stack.append(name)
    return not stack


@pytest.mark.parametrize("lang", LANGUAGES)
def test_markup_is_balanced(lang: str) -> None:
    """Any tag a translation holds is closed (the guide escapes text, but a note may not)."""
    assert [f for m in entries(lang) for f in forms(m) if not _balanced(f)] == []


@pytest.mark.parametrize("lang", ["fr", "nl", "ru"])
def test_glossary_terms_are_used(lang: str) -> None:
    """Where the English uses a legal term of the glossary, the translation uses the
    official term of that language."""
    misses = []
    for message in entries(lang):
        for english, by_language in GLOSSARY.items():
            if re.search(english, source(message), re.IGNORECASE):
                for form in forms(message):
                    if not re.search(by_language[lang], form, re.IGNORECASE):
                        misses.append((english, form[:80]))
    assert misses == []


@pytest.mark.parametrize("lang", ["fr", "nl", "ru"])
def test_no_term_the_glossary_rules_out(lang: str) -> None:
    """No *remise*/*overlevering* for extradition, no Dutch *Uitleveringswet*, no
    "CGRS"/"FPS" in Russian."""
    forbidden, unless = FORBIDDEN[lang]
    found = [
        form[:80]
        for message in entries(lang)
        if not re.search(unless, source(message), re.IGNORECASE)
        for form in forms(message)
        if re.search(forbidden, form, re.IGNORECASE)
    ]
    assert found == []


def test_russian_has_three_plural_forms() -> None:
    """1 основание, 2 основания, 5 оснований: every plural entry has three forms."""
    catalog = load("ru")
    assert catalog.num_plurals == 3
    for message in catalog:
        if message.id and message.pluralizable:
            assert len(forms(message)) == 3
            assert all(forms(message))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_telegram_metadata_fits(lang: str) -> None:
    """Command descriptions (3-256), description (512) and short description (120)."""
    t = get_translator(lang)
    for _, text in COMMANDS:
        assert 3 <= len(t.gettext(text)) <= 256
    assert len(t.gettext(DESCRIPTION)) <= 512
    assert len(t.gettext(SHORT_DESCRIPTION)) <= 120


@pytest.mark.parametrize("lang", ["fr", "nl", "ru"])
def test_translations_differ_from_english(lang: str) -> None:
    """A catalog is really translated: most entries differ from their English source."""
    catalog = entries(lang)
    same = [m for m in catalog if forms(m)[0] == source(m)]
    assert len(same) < len(catalog) * 0.1


def _literal_calls() -> list[tuple[str, str]]:
    """``(file, msgid)`` of every gettext/ngettext/N_ call with a literal in bot/."""
    found = []
    for path in sorted((DATA_ROOT / "bot").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
            if name in {"gettext", "ngettext", "N_"} and literal:
                found.append((path.name, str(first.value)))
            elif name == "pgettext" and len(node.args) > 1:
                second = node.args[1]
                if isinstance(second, ast.Constant) and isinstance(second.value, str):
                    found.append((path.name, str(second.value)))
    return found


def test_look_alike_strings_carry_a_context() -> None:
    """The button "Done" and the line "Done." differ by a dot: the line carries a
    msgctxt saying where it shows, so a translator sees which is which."""
    done = {m.id: m.context for m in entries("en") if m.id in {"Done", "Done."}}
    assert done["Done."] == "the only line left after a quick exit"
    assert done["Done"] != done["Done."]


def test_every_literal_in_the_code_is_in_the_catalogs() -> None:
    """Babel cannot see a gettext call inside an f-string; this test can."""
    known = {m.id[0] if isinstance(m.id, (tuple, list)) else m.id for m in entries("en")}
    missing = [(name, text) for name, text in _literal_calls() if text not in known]
    assert missing == []
