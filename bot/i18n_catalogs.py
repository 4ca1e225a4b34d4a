"""Keep the catalogs in step with the source: ``python -m bot.i18n_catalogs``.

It runs what a translator would run by hand (``pybabel extract`` then ``pybabel update``
with no fuzzy matching, so a changed English text shows up as untranslated instead of as
a wrong guess), then fills the English catalog, whose translations are its source strings.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import CommandLineInterface, parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from bot.i18n import DOMAIN, LANGUAGES, catalog_path
from bot.paths import DATA_ROOT, LOCALES_DIR

TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"
COMMENT_TAG = "TRANSLATORS:"
"""What starts a code comment meant for translators (``# TRANSLATORS: a heading of ...``)."""

Occurrence = tuple[str, str | tuple[str, ...], list[str], str | None]
"""``(file:line, message, comments, context)`` of one place a string is extracted from."""


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])  # type: ignore[no-untyped-call]


def extract_to(template: Path, root: Path = DATA_ROOT) -> Path:
    """Extract every translatable string of the code and the dialogs into ``template``."""
    template.parent.mkdir(parents=True, exist_ok=True)
    options = [
        "-F",
        str(root / "babel.cfg"),
        "-k",
        "N_",
        "--add-comments",
        COMMENT_TAG,
        "--no-location",
        "--sort-output",
        "--no-wrap",
    ]
    project = ("--project", "refuge-guide", "--version", version("refuge-guide"))
    _pybabel("extract", *options, *project, "-o", str(template), str(root))
    return template


def occurrences(root: Path = DATA_ROOT) -> Iterator[Occurrence]:
    """Every place a string is extracted from, with the comment written for it there: the
    template merges the places of one string, the tests need to see each."""
    with (root / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)  # type: ignore[no-untyped-call]
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    found = extract_from_dir(
        str(root), method_map, options_map, keywords=keywords, comment_tags=(COMMENT_TAG,)
    )
    for filename, line, message, comments, context in found:
        yield f"{filename}:{line}", message, list(comments), context


def extract() -> None:
    """Write ``locales/messages.pot`` from the code and the dialogs."""
    extract_to(TEMPLATE)


def update() -> None:
    """Merge the template into every language's catalog (creating missing ones)."""
    for lang in LANGUAGES:
        path = catalog_path(lang)
        if not path.exists():
            _pybabel("init", "-i", str(TEMPLATE), "-d", str(LOCALES_DIR), "-l", lang)
        _pybabel(
            "update",
            "-i",
            str(TEMPLATE),
            "-d",
            str(LOCALES_DIR),
            "-l",
            lang,
            "--no-fuzzy-matching",
            "--no-wrap",
            "--ignore-obsolete",
        )
    _fill_english()
    _stamp_version()


def _stamp_version() -> None:
    """Name the project's real version in every header (``pybabel update`` keeps the old
    one, and ``init`` writes ``VERSION``); the reviewer fields stay as the reviewer left
    them (docs/translations.md)."""
    for lang in LANGUAGES:
        path = catalog_path(lang)
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        if catalog.version == version("refuge-guide"):
            continue
        catalog.version = version("refuge-guide")
        with path.open("wb") as handle:
            write_po(handle, catalog, width=0, sort_output=True)


def _fill_english() -> None:
    path = catalog_path("en")
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            message.string = tuple(message.id)
        else:
            message.string = message.id
        message.flags.discard("fuzzy")
    catalog.last_translator = "none: the English source itself (bot.i18n_catalogs)"
    catalog.language_team = "English source; reviewed with every other catalog"
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, sort_output=True)


def main() -> int:
    """Extract, then update every catalog."""
    extract()
    update()
    print(f"catalogs updated: {', '.join(LANGUAGES)} (template {TEMPLATE.name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
