"""Every word a user reads passes through here: gettext catalogs, language choice, formats.

Catalogs live as ``.po`` files under ``locales/<lang>/LC_MESSAGES/messages.po``. They are
compiled in memory when first used, so a fresh clone works with no ``pybabel compile`` step
(compiled ``.mo`` files, if a translator makes them, are ignored and never committed).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale, negotiate_locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from bot.paths import LOCALES_DIR

LANGUAGES: tuple[str, ...] = ("en", "fr", "nl", "ru")
DEFAULT_LANGUAGE = "en"
DOMAIN = "messages"
MAX_LABEL = 40
"""Characters of a button label, in every language: a phone shows about 35-40 characters
on a full-width button and cuts the rest. ``refuge-guide check`` and the tests hold every
label to it, and the translators read it in the comment of every label."""
GLOSSARY_CONTEXT = "glossary term"
"""The msgctxt of a glossary term: the official term, on its button and before its
explanation. The same English can be an answer's label ("Red Notice" is both), and a
language may word the two differently (a term in lower case, an answer as a phrase)."""


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (translated where shown)."""
    return message


# Punctuation and list marks belong to the language, not to the code: French puts a
# no-break space before ":" and ";". Renderers compose through the Translator methods
# below (bullet, row, join, numbered), never with their own f-strings.
# TRANSLATORS: one line of a bulleted list (answers, actions, grounds, contacts). Keep
# {item}; change the mark only if lists in your language use another.
BULLET = N_("• {item}")
# TRANSLATORS: a "title: answer" row: a question's title and its answer on the review
# screen, a contact and its phone ("BAJ Bruxelles: +32 …"), a glossary term and its
# explanation, a citation and its address. French: a no-break space before the colon.
ROW = N_("{title}: {answer}")
# TRANSLATORS: adds one more item to a list written on one line ("Search; Seizure").
# French: a no-break space before the semicolon.
LIST = N_("{items}; {item}")
# TRANSLATORS: adds one more number to a list of step numbers ("steps 1, 2, 3").
NUMBERS = N_("{numbers}, {number}")
# TRANSLATORS: one line of a numbered list of steps ("1. Ask for a lawyer").
NUMBERED = N_("{number}. {step}")


def negotiate(language_code: str | None) -> str:
    """Map a client's language tag (``ru-RU``, ``nl-BE``, ``fr-CA``) to a supported language."""
    if not language_code:
        return DEFAULT_LANGUAGE
    tag = language_code.replace("_", "-")
    found = negotiate_locale([tag, tag.split("-")[0]], list(LANGUAGES), sep="-")
    return found if found in LANGUAGES else DEFAULT_LANGUAGE


def is_supported(lang: str | None) -> bool:
    """Whether ``lang`` is one of the four languages the guide speaks."""
    return lang in LANGUAGES


def catalog_path(lang: str, locales_dir: Path = LOCALES_DIR) -> Path:
    """The ``.po`` file of one language."""
    return locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _load(lang: str, locales_dir: Path) -> NullTranslations:
    path = catalog_path(lang, locales_dir)
    if not path.is_file():
        return NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


@dataclass(frozen=True)
class Translator:
    """One language's gettext functions and formats, passed to whatever renders text."""

    lang: str
    _translations: NullTranslations

    def gettext(self, message: str) -> str:
        """Translate ``message``; an empty source string stays empty."""
        if not message:
            return message
        return self._translations.gettext(message)

    def pgettext(self, context: str, message: str) -> str:
        """Translate ``message`` in ``context`` (a msgctxt): for two strings that look
        alike but do different jobs: the line "Done." left after a quick exit is not the
        button "Done"."""
        return str(self._translations.pgettext(context, message))

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """Translate a message that depends on ``count`` (Russian has three forms)."""
        return self._translations.ngettext(singular, plural, count)

    def bullet(self, item: str) -> str:
        """``• item``: one line of a bulleted list."""
        return self.gettext(BULLET).format(item=item)

    def row(self, title: str, answer: str) -> str:
        """``title: answer`` with the language's spacing before the colon."""
        return self.gettext(ROW).format(title=title, answer=answer)

    def join(self, items: Iterable[str]) -> str:
        """``a; b; c`` with the language's spacing before the semicolon."""
        return _joined(self.gettext(LIST), ("items", "item"), items)

    def numbers(self, numbers: Iterable[int]) -> str:
        """``1, 2, 3``: step numbers in the language's digits and separators."""
        shown = map(self.format_number, numbers)
        return _joined(self.gettext(NUMBERS), ("numbers", "number"), shown)

    def numbered(self, number: int, step: str) -> str:
        """``1. step``: one line of a numbered list."""
        return self.gettext(NUMBERED).format(number=self.format_number(number), step=step)

    def format_date(self, value: dt.date) -> str:
        """A date in the long form of the language (``13 janvier 2022``, ``13 января
        2022 г.``): easier for the people concerned than an abbreviated month.

        French writes the first of the month as an ordinal (``1er décembre``), which the
        CLDR long format does not: a French reviewer read "le 1 décembre" as a mistake.
        """
        text = format_date(value, format="long", locale=Locale.parse(self.lang))
        if self.lang == "fr" and value.day == 1 and text.startswith("1 "):
            return "1er " + text[2:]
        return text

    def format_number(self, value: float) -> str:
        """A number with this language's separators."""
        return format_decimal(value, locale=Locale.parse(self.lang))

    @property
    def native_name(self) -> str:
        """The language's own name, capitalised (``Русский``), for the language picker."""
        name = Locale.parse(self.lang).get_display_name(self.lang) or self.lang
        return name[:1].upper() + name[1:]


def _joined(template: str, names: tuple[str, str], items: Iterable[str]) -> str:
    """The items joined one by one through ``template``, whose placeholders ``names`` are
    the list so far and the next item."""
    head, one = names
    joined: str | None = None
    for item in items:
        joined = item if joined is None else template.format(**{head: joined, one: item})
    return joined or ""


@lru_cache(maxsize=16)
def _cached(lang: str, locales_dir: Path) -> Translator:
    return Translator(lang, _load(lang, locales_dir))


def get_translator(lang: str | None, locales_dir: Path = LOCALES_DIR) -> Translator:
    """The translator for ``lang``; an unsupported language falls back to English."""
    chosen = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    return _cached(chosen, locales_dir)
