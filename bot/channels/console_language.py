"""The terminal's first screen: choosing a language by its number or by its name.

Before a language is chosen there is no language to speak, so the heading says "Choose
your language" in all four, and each language is listed in its own name. People type
what they read or what they know: "2", "Français", "francais", "french", "FR",
"французский". Every name Babel knows for a language in any of the four (and its code)
is accepted, in any case and with or without accents.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale

from bot.i18n import LANGUAGES, get_translator


def _plain(text: str) -> str:
    """``text`` folded for comparison: no case, no accents, no surrounding blanks."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _names() -> dict[str, str]:
    names: dict[str, str] = {}
    for lang in LANGUAGES:
        spelled = {lang, get_translator(lang).native_name}
        for reader in LANGUAGES:
            spelled.add(Locale.parse(lang).get_display_name(reader) or lang)
        for name in spelled:
            names[_plain(name)] = lang
    return names


def heading() -> str:
    """ "Choose your language" in every language, the reader's own among them."""
    # TRANSLATORS: a heading: the language picker's question, shown in every language side by side
    # (the terminal chat drops the final dot).
    titles = (get_translator(lang).gettext("Choose your language.") for lang in LANGUAGES)
    return " · ".join(title.rstrip(".") for title in titles)


def choices() -> list[str]:
    """Each language named in itself, in the order of their numbers."""
    return [get_translator(lang).native_name for lang in LANGUAGES]


def language_named(answer: str) -> str | None:
    """The language ``answer`` means: its number, code or name; ``None`` if none."""
    plain = _plain(answer)
    if plain.isdigit() and 1 <= int(plain) <= len(LANGUAGES):
        return LANGUAGES[int(plain) - 1]
    return _names().get(plain)
